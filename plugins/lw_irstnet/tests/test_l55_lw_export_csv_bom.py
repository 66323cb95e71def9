"""The LW-IRSTNet panel's evaluation export follows the window's File > Export "CSV with a byte-order mark
(Excel)" choice as every other CSV export of the window does (its metrics.csv and curve tables were written
without the mark whatever the choice)."""
from __future__ import annotations

import types

import pytest

pytest.importorskip("torch")

BOM = "\ufeff"


@pytest.fixture
def panel(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_SETTINGS", str(tmp_path / "settings.ini"))
    from workbench_lw_irstnet import PLUGIN
    from workbench_lw_irstnet.panel import METRICS, Panel

    p = Panel(PLUGIN, None)
    qtbot.addWidget(p)
    p.metrics = {k: 0.5 for k in METRICS + ("fa_e6",)}
    p.eval_result = types.SimpleNamespace(report=object(), images=[])
    return p


@pytest.mark.parametrize("on", [False, True])
def test_export_csvs_follow_the_bom_choice(panel, tmp_path, monkeypatch, on):
    import workbench.core.evaluation.irst_curves as curves
    from workbench.gui import settings as wsettings

    seen = {}

    def fake_roc(report, out, *a, bom=False, **k):  # the figures take seconds of matplotlib: the flag is what counts
        seen["bom"] = bom
        return []

    monkeypatch.setattr(curves, "export_roc", fake_roc)
    import workbench_lw_irstnet.evaluate as ev
    monkeypatch.setattr(ev, "export_roc", fake_roc, raising=False)
    wsettings.set_csv_bom(on)
    files = panel.export(tmp_path / "out")
    text = (tmp_path / "out" / "metrics.csv").read_text(encoding="utf-8")
    assert text.startswith(BOM) is on and text.lstrip(BOM).startswith("metric,value")
    assert seen["bom"] is on and any(f.name == "metrics.csv" for f in files)
