"""The pruning inspector's rho follows the ps_siamfcpp tracker's ratio setting (it always opened at 0.40 whatever
the tracker ran) and marks it; rho stays movable in the dock. Its exports say which weights and rho they show
(the summary CSV named neither)."""
from __future__ import annotations

import csv

import pytest

pytest.importorskip("torch")


def test_rho_follows_the_ps_setting_marked_and_exports_say_weights_and_rho(qtbot, small_model, monkeypatch,
                                                                           tmp_path):
    from workbench.gui.config_form import ConfigForm
    from workbench_siamfcpp_prune import PSSiamFCppConfig, SiamFCppConfig, figures
    from workbench_siamfcpp_prune.inspector import PruningInspector

    forms = {"siamfcpp": ConfigForm(SiamFCppConfig), "ps_siamfcpp": ConfigForm(PSSiamFCppConfig)}
    host = type("Host", (), {"sequence": None, "frame_index": 0,
                             "methods": type("Methods", (), {"form": lambda self, n: forms[n]})()})()
    monkeypatch.setattr(figures, "default_model_and_ranks", lambda: (*small_model, "shipped test ranks"))
    ps = forms["ps_siamfcpp"]
    ps.editor("ratio").setValue(0.6)
    dock = PruningInspector(host)
    qtbot.addWidget(dock)
    dock.x_size = 199  # short FLOPs passes for the table
    dock.show()
    assert dock.rho == pytest.approx(0.6) and dock.slider.mark == 60
    assert "ps_siamfcpp runs 0.60" in dock.tracker_label.text() and not dock.follow_button.isEnabled()
    qtbot.waitUntil(lambda: dock.model is not None and not dock.loading, timeout=5000)
    assert "Preview at rho = 0.60 (the ps_siamfcpp tracker's)" in dock.info.text(), dock.info.text()
    dock.set_rho(0.3)  # movable here; the tracker's stays marked
    assert dock.slider.mark == 60 and dock.follow_button.isEnabled()
    assert "Preview at rho = 0.30 (the tracker runs 0.60)" in dock.info.text(), dock.info.text()
    qtbot.waitUntil(lambda: dock.table_rows() is not None, timeout=5000)  # the table's rows are exported
    drawn = []  # (rho, weights) of the histogram figure: its drawing is figures' (below)
    monkeypatch.setattr(figures, "histogram_figure", lambda cuts, rho, **k: drawn.append((rho, k.get("weights"))))
    export = figures.export
    monkeypatch.setattr(figures, "export", lambda *a, **k: export(*a, **k, formats=()))  # the CSVs: no drawing
    dock.export(str(tmp_path))
    shown = "the shipped SiamFC++ (siamfcpp_alexnet_q8.pt), shipped test ranks"
    assert drawn == [(pytest.approx(0.3), shown)], drawn
    with open(tmp_path / "pruning_summary_rho0.30.csv") as fh:
        rows = list(csv.reader(fh))
    tail = {r[0]: r[1] for r in rows if len(r) == 2}
    assert tail["weights"] == "the shipped SiamFC++ (siamfcpp_alexnet_q8.pt), shipped test ranks", tail
    assert tail["rho"] == "0.30" and tail["ps_siamfcpp tracker rho"] == "0.60", tail
    ps.editor("ratio").setValue(0.5)  # the settings moved: the dock follows them
    ps.editor("align").setValue(8)
    qtbot.waitUntil(lambda: dock.rho == pytest.approx(0.5) and dock.channel_align == 8, timeout=3000)
    assert dock.slider.mark == 50 and not dock.follow_button.isEnabled()
    dock.set_rho(0.2)
    dock.follow_button.click()
    assert dock.rho == pytest.approx(0.5) and dock.channel_align == 8
    monkeypatch.undo()
    import numpy as np

    fig = figures.histogram_figure([figures.LayerCut("conv1", np.arange(4.0), np.arange(2, 4), 2.0)], 0.3,
                                   weights=shown)
    assert f"HRank filter ranks of {shown}, global ratio rho = 0.30" in fig._suptitle.get_text()
