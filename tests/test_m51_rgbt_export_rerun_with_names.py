"""`workbench export-results --toolkit gtot | rgbt234 | vtuav | lasher --name ...` stopped after its first run: the
stop's message says to run the same command with --trackers of the runs not exported, and that command was refused
("--name kcf1=A: kcf1 is not among the runs exported") since the RGB-T export ran the flat one into a fresh staging
folder, where the run exported before the stop was never found. It now exports the rest, as the other layouts do
(test_a51_export_rerun_with_names); the same command again without --trackers is refused (nothing is written over)
saying what to type; a --name of a run not exported there with the same boxes is still refused."""
import numpy as np
import pytest

import workbench.core.rgbt_export as rgbt_export
from workbench.cli import main
from workbench.core.results import update_manifest, write_boxes, write_times
from workbench.core.toolkits import RGBT_EXPORT_TOOLKITS

TOOLKITS = ("gtot", "rgbt234", "vtuav", "lasher")


@pytest.fixture(scope="module")
def res(tmp_path_factory):
    root = tmp_path_factory.mktemp("m51n") / "res"
    for k, method in enumerate(("kcf1", "kcf2", "kcf3")):  # each run its own boxes: a file names its run
        gt = np.array([[5.0 + f, 6.0 + k, 8.0, 7.0] for f in range(4)])
        folder = root / "data" / method / "default"
        for seq in ("seqA", "seqB"):
            write_boxes(folder / f"{seq}.txt", gt, 0)
            write_times(folder / f"{seq}_time.txt", np.full(4, 0.01))
            update_manifest(folder, {"method": method, "kind": "tracker", "variant": "default"}, seq,
                            {"box_offset": 0, "start_frame": 0, "completed": True})
    return root


def _listing(out):
    return {str(p.relative_to(out)): p.read_text() for p in sorted(out.rglob("*")) if p.is_file()}


def _stop_at_second_run(monkeypatch):
    place, calls = rgbt_export._place, []

    def stop(*args, **kwargs):  # kcf1 placed whole, stopped as kcf2 is placed
        calls.append(args)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return place(*args, **kwargs)

    monkeypatch.setattr(rgbt_export, "_place", stop)
    return place


@pytest.mark.parametrize("toolkit", TOOLKITS)
def test_the_rerun_the_stop_names_exports_the_rest(res, tmp_path, monkeypatch, capsys, toolkit):
    assert toolkit in RGBT_EXPORT_TOOLKITS
    out = tmp_path / "x"
    cmd = ["export-results", str(res), "--toolkit", toolkit, "--out", str(out), "--name", "kcf1=A",
           "--name", "kcf2=B"]
    place = _stop_at_second_run(monkeypatch)
    assert main(cmd) == 130
    assert "to export the rest, the same command with --trackers kcf2,kcf3" in capsys.readouterr().err
    monkeypatch.setattr(rgbt_export, "_place", place)
    first = _listing(out)
    assert first and all(name.startswith("A") for name in first), first  # kcf1's files only, under its --name
    assert main(cmd) == 2  # the same command again: A is not written over, and it says what to type
    err = capsys.readouterr().err
    assert ("kcf1: exported there already (the same boxes): to export the rest, the same command with --trackers "
            "kcf2,kcf3") in err, err
    assert _listing(out) == first
    assert main(cmd + ["--trackers", "kcf2,kcf3"]) == 0, capsys.readouterr().err
    after = _listing(out)
    assert {k: v for k, v in after.items() if k in first} == first  # A as the stopped export left it
    for label in ("B", "kcf3"):  # the rest, one file a sequence each, in A's layout
        named = [k.replace(f"{label}/", "A/").replace(f"{label}_", "A_") for k in after if k.startswith(label)]
        assert sorted(named) == sorted(first), after


@pytest.mark.parametrize("toolkit", ("gtot", "vtuav"))
def test_a_name_not_exported_with_the_same_boxes_is_still_refused(res, tmp_path, capsys, toolkit):
    out = tmp_path / "y"
    base = ["export-results", str(res), "--toolkit", toolkit, "--out", str(out)]
    assert main(base + ["--trackers", "kcf2", "--name", "kfc1=A"]) == 2
    assert "--name kfc1=...: no run 'kfc1'" in capsys.readouterr().err
    assert main(base + ["--trackers", "kcf2", "--name", "kcf1=A"]) == 2
    assert "--name kcf1=A: kcf1 is not among the runs exported (--trackers kcf2)" in capsys.readouterr().err
    assert not out.exists() or not any(out.iterdir())
    assert main(base + ["--trackers", "kcf1", "--name", "kcf1=A"]) == 0
    exported = next(p for p in out.rglob("*seqA.txt"))
    exported.write_text(exported.read_text().replace("5", "9"))  # A's boxes are no longer kcf1's
    capsys.readouterr()
    assert main(base + ["--trackers", "kcf2", "--name", "kcf1=A"]) == 2
    assert "--name kcf1=A: kcf1 is not among the runs exported (--trackers kcf2)" in capsys.readouterr().err
