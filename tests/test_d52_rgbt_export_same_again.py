"""``workbench export-results --toolkit gtot | rgbt234 | vtuav | lasher`` run twice with the same boxes: the second
was refused ("already holds ...: nothing is left to export", exit 2) where it is the same export again; it now
succeeds without writing (each run said ``unchanged``, the files' dates kept). An export that would change a file
there is still refused, nothing written over. The check of a ``--name`` left out of ``--trackers`` compares the
layout in memory (``results.export_results(same=...)``): one flat export per RGB-T export, not one more per --name."""
import os

import numpy as np
import pytest

from workbench.cli import main
from workbench.core import results

TOOLKITS = ("gtot", "rgbt234", "vtuav", "lasher")
BOXES = np.array([[12.0, 10.0, 10.0, 10.0], [31.5, 30.0, 9.0, 11.0]])


def _runs(root, shift=0.0):
    for k, tracker in enumerate(("trk", "oth")):
        folder = root / tracker
        folder.mkdir(parents=True, exist_ok=True)
        for seq in ("afterrain", "baby"):
            rows = BOXES + k + shift
            (folder / f"{seq}.txt").write_text("".join(",".join(map(str, b)) + "\n" for b in rows))
        (folder / "manifest.json").write_text('{"boxes": "dataset file"}')
    return root


def _files(out):
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("toolkit", TOOLKITS)
def test_the_same_export_again_is_unchanged_and_another_refused(tmp_path, capsys, toolkit):
    res, out = _runs(tmp_path / "res"), tmp_path / "out"
    cmd = ["export-results", str(res), "--toolkit", toolkit, "--out", str(out)]
    assert main(cmd) == 0, capsys.readouterr().err
    assert capsys.readouterr().out.count("wrote 2 box files") == 2
    old = 1_000_000_000_000_000_000  # 2001: a rewrite would set the files' dates to now
    for p in out.rglob("*"):
        os.utime(p, ns=(old, old))
    first = _files(out)
    assert len(first) == 4 + 2 * (toolkit == "lasher")  # LasHeR's tracker folders: a manifest.json each
    assert main(cmd) == 0, capsys.readouterr().err
    said = capsys.readouterr().out
    assert said.count("unchanged: ") == 2 and "nothing written" in said and "wrote" not in said, said
    assert _files(out) == first  # the same bytes, the dates kept: nothing written
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []  # no staging folder left
    _runs(res, shift=1.0)  # other boxes: a rerun would change the files: refused, nothing written over
    assert main(cmd) == 2
    assert "already holds" in capsys.readouterr().err
    assert _files(out) == first


def test_a_name_left_out_of_trackers_is_checked_without_a_second_flat_export(tmp_path, monkeypatch, capsys):
    res, out = _runs(tmp_path / "res"), tmp_path / "out"
    base = ["export-results", str(res), "--toolkit", "gtot", "--out", str(out)]
    assert main(base + ["--trackers", "trk", "--name", "trk=A"]) == 0, capsys.readouterr().err
    flat, calls = results.export_results, []
    monkeypatch.setattr(results, "export_results", lambda *a, **k: calls.append(a) or flat(*a, **k))
    # the rerun a stop's message gives: trk's --name kept, trk exported before (the same boxes, under A)
    assert main(base + ["--trackers", "oth", "--name", "trk=A"]) == 0, capsys.readouterr().err
    assert len(calls) == 1  # the export itself: trk=A was compared in memory, not exported again to compare
    assert sorted(p.name for p in (out / "A").iterdir()) == ["A_afterrain.txt", "A_baby.txt"]
    assert sorted(p.name for p in (out / "oth").iterdir()) == ["oth_afterrain.txt", "oth_baby.txt"]
