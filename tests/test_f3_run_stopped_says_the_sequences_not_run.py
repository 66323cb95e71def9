"""`workbench run --dataset` stopped (Ctrl-C / SIGTERM) in its second of four sequences named the interrupted
sequence alone ('... marked partial, in ...; the same command again tracks it whole'), as if it were the only one:
nothing said that two sequences were never run, nor that the same command tracks every sequence again, the one
finished before the stop too (a run replaces its own result files: README). It says both."""
import json

from workbench.cli import main
from workbench.core import jobs
from workbench.core.data.synthetic import write_demo


def test_a_dataset_run_stopped_says_what_was_not_run_and_what_a_rerun_does(tmp_path, capsys, monkeypatch):
    for name in ("a", "b", "c", "d"):
        write_demo(tmp_path / "data", frames=8, width=32, height=24, seed=1, name=name)
    shown = jobs.TextProgress.__call__

    def progress(self, fraction, message=""):  # Ctrl-C half-way through the second sequence
        shown(self, fraction, message)
        if "(2/4)" in self.label and 0.3 < fraction < 1:
            raise KeyboardInterrupt

    monkeypatch.setattr(jobs.TextProgress, "__call__", progress)
    out = tmp_path / "r"
    assert main(["run", "--tracker", "kcf", "--dataset", str(tmp_path / "data"), "--out", str(out)]) == 130
    line = [s for s in capsys.readouterr().err.splitlines() if s.startswith("workbench: kcf b:")]
    assert len(line) == 1 and "marked partial" in line[0], line
    assert line[0].endswith("; 2 of the 4 sequences were not run (c, d); the same command again tracks all 4, the 1 "
                            "run before it too (their result files replaced)"), line[0]
    run = json.loads((out / "data" / "kcf" / "default" / "manifest.json").read_text())["sequences"]
    assert sorted(run) == ["a", "b"] and run["a"]["completed"] and not run["b"]["completed"]
