"""`workbench export-results --name ...` stopped after its first run: the stop's message says to run the same
command with --trackers of the runs not exported, and that command was refused ("--name kcf1=...: no run 'kcf1' is
exported") for the --name of the run exported before the stop. It now exports the rest; the same command again
without --trackers is refused as before (nothing is written over) with what to type; a misspelt label, or the
--name of a run neither exported nor among --trackers, is still refused."""
import numpy as np
import pytest

import workbench.core.results as results
from workbench.cli import main
from workbench.core.results import update_manifest, write_boxes, write_times


@pytest.fixture(scope="module")
def res(tmp_path_factory):
    root = tmp_path_factory.mktemp("a51n") / "res"
    gt = np.array([[5.0 + k, 6.0, 8.0, 7.0] for k in range(4)])
    for method in ("kcf1", "kcf2", "kcf3"):
        folder = root / "data" / method / "default"
        for seq in ("seqA", "seqB"):
            write_boxes(folder / f"{seq}.txt", gt, 0)
            write_times(folder / f"{seq}_time.txt", np.full(4, 0.01))
            update_manifest(folder, {"method": method, "kind": "tracker", "variant": "default"}, seq,
                            {"box_offset": 0, "start_frame": 0, "completed": True})
    return root


def test_the_rerun_the_stop_names_exports_the_rest(res, tmp_path, monkeypatch, capsys):
    out = tmp_path / "x"
    cmd = ["export-results", str(res), "--toolkit", "got10k", "--out", str(out), "--name", "kcf1=A",
           "--name", "kcf2=B"]
    calls = []

    def times(path, seconds):  # stopped at kcf2's first times file
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return write_times(path, seconds)

    monkeypatch.setattr(results, "write_times", times)
    assert main(cmd) == 130
    assert "to export the rest, the same command with --trackers kcf2,kcf3" in capsys.readouterr().err
    monkeypatch.setattr(results, "write_times", write_times)
    assert main(cmd) == 2  # the same command again: A is not written over, and it says what to type
    err = capsys.readouterr().err
    assert ("kcf1: exported there already (the same boxes): to export the rest, the same command with --trackers "
            "kcf2,kcf3") in err, err
    assert main(cmd + ["--trackers", "kcf2,kcf3"]) == 0, capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["A", "B", "kcf3"]
    assert sorted(p.name for p in (out / "B").rglob("*")) == sorted(p.name for p in (out / "A").rglob("*"))


def test_a_name_of_a_run_not_exported_is_still_refused(res, tmp_path, capsys):
    out = tmp_path / "y"
    base = ["export-results", str(res), "--toolkit", "got10k", "--out", str(out), "--trackers", "kcf2"]
    assert main(base + ["--name", "kfc1=A"]) == 2
    assert "--name kfc1=...: no run 'kfc1'" in capsys.readouterr().err
    assert main(base + ["--name", "kcf1=A"]) == 2
    assert "--name kcf1=A: kcf1 is not among the runs exported (--trackers kcf2)" in capsys.readouterr().err
    assert not out.exists() or not any(out.iterdir())
