"""`workbench run` over a dataset where every task failed ended "2 of 2 task(s) failed (see above); the others'
results are in OUT": there were no others and nothing was written. It says what is there."""
from workbench.cli import main
from workbench.core import batch
from workbench.core.data.synthetic import write_demo


def test_the_end_line_says_what_was_written(tmp_path, capsys, monkeypatch):
    for name in ("a", "b"):
        write_demo(tmp_path / "data", frames=3, width=32, height=24, seed=1, name=name)
    written: list = []

    def run_batch(tasks, out, backend, on_outcome=None):
        tasks = list(tasks)
        ok = [batch.TaskOutcome(t, error=None if t is tasks[0] and written else "refused", user_error=True)
              for t in tasks]
        return batch.BatchReport(ok, list(written), 0.0)

    monkeypatch.setattr(batch, "run_batch", run_batch)
    argv = ["run", "--tracker", "kcf", "--dataset", str(tmp_path / "data"), "--out", str(tmp_path / "r")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "2 of 2 tasks failed (see above); nothing was written" in err and "others" not in err, err
    written.append(tmp_path / "r" / "x.txt")  # one task worked
    assert main(argv) == 2
    assert f"1 of 2 tasks failed (see above); the results of the other 1 are in {tmp_path / 'r'}" in capsys.readouterr().err
