"""The pruning inspector in a 1600x1000 window, where it is a tab beside the Timeline (~600 px) and its
before / after table keeps its whole width: the two columns of histograms had ~120 px each, their titles
("conv1: 64 kept / 32 pruned") and axis label ("HRank rank (mean feature-map rank)") cut at the plot's
edge. Where two do not fit side by side the histograms stand in one column (the area scrolls)."""
from __future__ import annotations

import pytest

pytest.importorskip("torch")


@pytest.fixture
def window(qtbot, registry, messages):
    from tests.gui.conftest import shown_window

    yield from shown_window(qtbot, registry, size=(1600, 1000))


def _fits(p) -> list[str]:
    """The texts of histogram ``p`` wider than the plot (its title, its bottom axis label)."""
    item = p.getPlotItem()
    cut = []
    title = item.titleLabel
    if title.item.boundingRect().width() > p.width() - 8:
        cut.append(title.text)
    axis = item.getAxis("bottom")
    if axis.label.isVisible() and axis.label.boundingRect().width() > p.width() - 8:
        cut.append(axis.labelText)
    return cut


def test_histogram_texts_whole_beside_the_timeline(window, registry, qtbot, small_model, monkeypatch):
    from workbench_siamfcpp_prune import figures

    monkeypatch.setattr(figures, "default_model_and_ranks", lambda: (*small_model, "test model"))
    dock = window.open_inspector(registry.get("ps_siamfcpp"), "Pruning inspector")
    qtbot.waitUntil(lambda: dock.model is not None and not dock.loading and not dock._pending_plots
                    and len(dock.plots) == 7, timeout=20000)
    assert dock.width() < 800  # the layout this is about: beside the Timeline, not the whole window's width
    qtbot.waitUntil(lambda: all(not _fits(p) for p in dock.plots if p.isVisible()), timeout=3000)
    shown = [p for p in dock.plots if p.isVisible()]
    assert shown and all(p.width() >= 200 for p in shown), [p.width() for p in shown]
    # the table keeps its whole width beside them
    cols = sum(dock.table.columnWidth(c) for c in range(dock.table.columnCount()))
    assert dock.table.width() >= cols
