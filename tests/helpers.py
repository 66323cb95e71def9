"""Where the real data lives, and skipping cleanly when it is absent (used by every test folder)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("WORKBENCH_SHARED_DATA", REPO.parent / "shared" / "data"))


def shared(rel: str) -> Path:
    """Path of a real dataset under ../shared/data, or skip the test saying what is missing."""
    p = SHARED_DATA / rel
    if not p.exists():
        pytest.skip(f"real data {rel} not present under {SHARED_DATA} (CI has it; tests fall back to generated data)")
    return p
