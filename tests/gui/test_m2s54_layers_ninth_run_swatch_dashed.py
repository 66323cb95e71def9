"""The Layers dock named each run by a square of its colour: past the eighth run the colours come round (the
viewer draws the ninth's box dashed, the ranking table its swatch in bars), so the first and the ninth runs had one
square. Each run's swatch is drawn in its line style (``tracking.style``), as the ranking table's."""
from __future__ import annotations

from workbench.gui.layers_dock import SWATCH_SIDE
from workbench.gui.painted_icons import swatch_icon


def _picture(item):
    return item.icon().pixmap(16, 16).toImage()


def test_ninth_run_swatch_in_the_layers_dock_is_dashed(window):
    from workbench.gui.runner import LiveRun

    w = window
    assert w.open_demo()
    names = [f"r{k}" for k in range(9)]
    for k, name in enumerate(names):
        run = LiveRun(name, w.sequence.name, w.n_frames, 0)
        run.boxes[:] = [10 + 3 * k, 20, 15, 30]
        w.tracking.live[name] = run
    w.tracking.update_layers()
    lst = w.layers.runs
    rows = {lst.item(i).text(): lst.item(i) for i in range(lst.count())}
    assert set(rows) == set(names)
    assert w.tracking.style("r8") == (w.tracking.color("r0"), "--")  # the colour came round, dashed
    first, ninth = _picture(rows["r0"]), _picture(rows["r8"])
    assert not first.isNull() and first.size() == ninth.size()
    assert first != ninth  # told apart by the pattern (was the same square)
    assert ninth == swatch_icon(w.tracking.color("r8"), SWATCH_SIDE, "--").pixmap(16, 16).toImage()
    assert first == swatch_icon(w.tracking.color("r0"), SWATCH_SIDE).pixmap(16, 16).toImage()  # solid: a square
    colours = {ninth.pixelColor(x, y).name() for x in range(ninth.width()) for y in range(ninth.height())}
    assert w.tracking.color("r8").lower() in colours


def test_a_plain_colour_still_takes_a_square(qtbot):
    from workbench.gui.layers_dock import LayersDock

    dock = LayersDock()
    qtbot.addWidget(dock)
    dock.set_runs({"a": "#ff0000", "b": ("#ff0000", ":")}, {})
    a, b = _picture(dock.runs.item(0)), _picture(dock.runs.item(1))
    assert a == swatch_icon("#ff0000", SWATCH_SIDE).pixmap(16, 16).toImage() and a != b
    dock.set_runs({"a": "#ff0000", "b": ("#ff0000", "-")}, {})  # its look changed: its swatch follows
    assert _picture(dock.runs.item(1)) == a
