"""A titled plot export named its kind by its code name ("TRE ds norm precision", the demo's "Demo (synthetic
thermal) success"), where an untitled one says "Normalized precision plot": titled "<title>: <plot name>" now, as
the report's heading ("Tracking report: ds"). eval's one-pass plots named no dataset (TRE / SRE's do): they are
titled with its name. Task E (s56)."""
from __future__ import annotations

import shutil


def _titles(monkeypatch) -> dict:
    """The title of each figure saved, by file name (nothing drawn to disk: the titles are tested)."""
    from workbench.core.evaluation import plots

    seen = {}

    def save(fig, path):
        seen[path.name] = fig.axes[0].get_title()
        return path

    monkeypatch.setattr(plots, "save_figure", save)
    return seen


def test_a_titled_export_names_each_plot_in_words(monkeypatch, tmp_path):
    from workbench.core.evaluation.plots import export_plots

    seen = _titles(monkeypatch)
    export_plots([], tmp_path, ("png",), title="TRE ds")
    assert seen == {"success.png": "TRE ds: Success plot", "precision.png": "TRE ds: Precision plot",
                    "norm_precision.png": "TRE ds: Normalized precision plot"}
    seen.clear()
    export_plots([], tmp_path, ("png",))
    assert seen["norm_precision.png"] == "Normalized precision plot"


def test_eval_plots_name_the_dataset(monkeypatch, tmp_path):
    from workbench import cli
    from workbench.core.data.synthetic import write_demo

    seq = write_demo(tmp_path / "thermal_set", frames=4, width=40, height=32, name="s")
    gt = next(seq.glob("groundtruth*.txt"))
    (tmp_path / "runs" / "kcf").mkdir(parents=True)
    shutil.copy(gt, tmp_path / "runs" / "kcf" / "s.txt")
    seen = _titles(monkeypatch)
    assert cli.main(["eval", str(tmp_path / "runs"), "--dataset", str(tmp_path / "thermal_set"), "--plots",
                     str(tmp_path / "plots"), "--results-convention", "0-based"]) == 0
    assert seen["success.png"] == "thermal_set: Success plot", seen
