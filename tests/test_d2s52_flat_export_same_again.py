"""``workbench export-results --toolkit got10k | pysot | pytracking | otb`` (the flat layouts) run
twice with the same runs: the second was refused ("already holds ...: nothing is left to export", exit 2), where
the RGB-T layouts call it the same export again. It now succeeds without writing (each run said ``unchanged``, the
files' bytes and dates kept); an export that would change any file there (other boxes, or the same boxes with other
times) is still refused, nothing written over."""
import os

import numpy as np
import pytest

from workbench.cli import main
from workbench.core.results import update_manifest, write_boxes, write_times

GT = np.array([[5.0 + k, 6.0, 8.0, 7.0] for k in range(4)])


def _runs(root, shift=0.0, seconds=0.01):
    for k, method in enumerate(("kcf", "csrt")):
        folder = root / "data" / method / "default"
        for seq in ("seqA", "seqB"):
            write_boxes(folder / f"{seq}.txt", GT + k + shift, 0)
            write_times(folder / f"{seq}_time.txt", np.full(4, seconds))
            update_manifest(folder, {"method": method, "kind": "tracker", "variant": "default"}, seq,
                            {"box_offset": 0, "start_frame": 0, "completed": True})
    return root


def _files(out):
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(out.rglob("*")) if p.is_file()}


def _aged(out):
    old = 1_000_000_000_000_000_000  # 2001: a rewrite would set the files' dates to now
    for p in out.rglob("*"):
        os.utime(p, ns=(old, old))
    return _files(out)


@pytest.mark.parametrize("toolkit", ["got10k", "pysot", "pytracking", "otb"])
def test_the_same_flat_export_again_is_unchanged_and_another_refused(tmp_path, capsys, toolkit):
    res, out = _runs(tmp_path / "res"), tmp_path / "out"
    cmd = ["export-results", str(res), "--toolkit", toolkit, "--out", str(out)]
    assert main(cmd) == 0, capsys.readouterr().err
    assert capsys.readouterr().out.count("wrote ") == 2
    first = _aged(out)
    assert sum(p.name == "seqA.txt" for p in first) == 2
    assert main(cmd) == 0, capsys.readouterr().err
    said = capsys.readouterr().out
    assert said.count("unchanged: ") == 2 and "nothing written" in said and "wrote" not in said, said
    assert "2 box files" in said
    assert _files(out) == first  # the same bytes, the dates kept: nothing written
    assert [p for p in out.rglob(".*")] == []  # no staging folder left
    _runs(res, shift=1.0)  # other boxes: the files would change: refused, nothing written over
    assert main(cmd) == 2
    assert "already holds" in capsys.readouterr().err
    assert _files(out) == first
    if toolkit != "otb":  # the same boxes, other times (OTB's layout has no times): not the same export
        _runs(res, seconds=0.02)
        assert main(cmd) == 2
        err = capsys.readouterr().err
        assert "already holds" in err and "exported there already (the same boxes)" in err, err
        assert _files(out) == first


def test_one_run_there_and_one_not_is_still_refused(tmp_path, capsys):
    res, out = _runs(tmp_path / "res"), tmp_path / "out"
    base = ["export-results", str(res), "--toolkit", "got10k", "--out", str(out)]
    assert main(base + ["--trackers", "kcf"]) == 0, capsys.readouterr().err
    capsys.readouterr()
    first = _aged(out)
    assert main(base) == 2  # kcf there, csrt not: not the same export again
    err = capsys.readouterr().err
    assert "kcf: exported there already (the same boxes): to export the rest, the same command with --trackers " \
           "csrt" in err, err
    assert _files(out) == first
