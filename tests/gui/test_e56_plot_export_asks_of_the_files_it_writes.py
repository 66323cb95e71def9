"""File > Export > Plots asked about replacing a list of files it built beside ``plots.export_plots`` (the kinds and
formats spelt again): one list now, ``plots.plot_files``, the one ``export_plots`` writes by. Task E (s56)."""
from __future__ import annotations

from tests.gui.conftest import near_the_end


def _quick_figures(monkeypatch):
    """Figures saved as empty files (which files, not what they draw, is tested: matplotlib's PNG / SVG / PDF of
    three plots take seconds)."""
    from workbench.core.evaluation import plots

    def save(fig, path):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")
        return path

    monkeypatch.setattr(plots, "save_figure", save)


def test_export_plots_writes_the_files_plot_files_names(tmp_path, monkeypatch):
    from workbench.core.evaluation.plots import export_plots, plot_files

    _quick_figures(monkeypatch)
    for formats, subset in ((("png",), None), (("svg", "pdf", "png"), "occlusion")):
        out = tmp_path / f"{subset}"
        written = export_plots([], out, formats, subset=subset)
        assert written == plot_files(out, formats, subset) and all(p.is_file() for p in written)
        assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in written)


def test_the_window_asks_about_the_files_the_plot_export_writes(qtbot, window, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    _quick_figures(monkeypatch)
    w = window
    w.open_demo()
    near_the_end(w)
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    out = tmp_path / "plots"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    asked = []
    real = w.exporter._when_agreed
    monkeypatch.setattr(w.exporter, "_when_agreed", lambda paths, start: (asked.append(list(paths)),
                                                                          real(paths, start)))
    w.act_export_plots.trigger()
    assert w.exporter.wait(60)
    written = sorted(p for p in out.rglob("*") if p.is_file())
    assert len(asked) == 1 and sorted(asked[0]) == written and len(written) == 9, (asked, written)
