"""Shared test helpers: where the real data lives, and skipping cleanly when it is absent."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

# every test runs Qt offscreen, also when started as plain `pytest tests/plugins/...` without the
# README's QT_QPA_PLATFORM=offscreen (pytest-qt creates the QApplication before any test body runs)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("WORKBENCH_SHARED_DATA", REPO.parent / "shared" / "data"))


def shared(rel: str) -> Path:
    """Path of a real dataset under ../shared/data, or skip the test saying what is missing."""
    p = SHARED_DATA / rel
    if not p.exists():
        pytest.skip(f"real data {rel} not present under {SHARED_DATA} (CI has it; tests fall back to generated data)")
    return p


@pytest.fixture
def shared_data():
    return shared


@pytest.fixture(autouse=True)
def _gc_on_gui_thread(request):
    """For tests that use Qt: cyclic garbage collected on the GUI thread only, as in the app
    (workbench/gui/maingc.py); a worker thread's automatic collection once deadlocked a GUI test."""
    if not {"qtbot", "qapp"} & set(request.fixturenames):
        yield None
        return
    request.getfixturevalue("qapp")
    from workbench.gui.maingc import MainThreadGC

    guard = MainThreadGC(interval_ms=200)
    try:
        yield guard
    finally:
        guard.stop()
