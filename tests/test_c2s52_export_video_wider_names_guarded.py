"""``export-video --sequence`` reads a sequence's runs under the names of the folders above it too (``run --dataset``
of a wider root stores them under the root's name). A generic folder name (data/) is shared by other datasets, and
their same-named sequence's runs were drawn as this one's: a second tracker in the video, or, where a run of the
same tracker and settings under the sequence's own folder name lacks it, the other dataset's boxes merged in as its
own. A run under such a name is now read only where its recorded dataset root holds the sequence
(``results.holds_sequence``), as the window reads them. A sequence directly under ``/`` read runs under a ``<dataset>``
folder named "None"."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np


def _sequence(folder: Path, shift: int = 0, n: int = 6) -> Path:
    folder.mkdir(parents=True)
    rows = []
    for i in range(n):
        frame = np.full((48, 64), 30, np.uint8)
        x = 8 + 2 * i + shift
        frame[14:30, x:x + 14] = 230
        cv2.imwrite(str(folder / f"{i + 1:08d}.jpg"), frame)
        rows.append(f"{x},14,14,16")
    (folder / "groundtruth.txt").write_text("\n".join(rows) + "\n")
    return folder


def _wrote(capsys) -> str:
    out = capsys.readouterr().out
    return next(line for line in out.splitlines() if line.startswith("wrote "))


def test_another_datasets_run_under_a_generic_name_is_not_drawn(tmp_path, capsys):
    from workbench.cli import main

    mine = _sequence(tmp_path / "a" / "data" / "grp" / "seqA")
    _sequence(tmp_path / "b" / "data" / "grp" / "seqA", shift=10)  # another dataset's root of the same name
    results = tmp_path / "results"
    assert main(["run", "--dataset", str(tmp_path / "a" / "data"), "--tracker", "kcf", "--out", str(results)]) == 0
    assert main(["run", "--dataset", str(tmp_path / "b" / "data"), "--tracker", "kcf", "--set", "padding=2",
                 "--out", str(results)]) == 0
    assert (results / "data" / "kcf" / "padding=2" / "seqA.txt").is_file()  # b's, under the same name
    capsys.readouterr()
    out = tmp_path / "a.mp4"
    assert main(["export-video", "--sequence", str(mine), "--results", str(results), "--out", str(out)]) == 0
    line = _wrote(capsys)
    assert line.endswith(", kcf)"), line  # a's run alone: not b's kcf/padding=2


def test_another_datasets_boxes_are_not_merged_into_a_run_of_the_sequences_folder(tmp_path, capsys):
    from workbench.cli import main

    mine = _sequence(tmp_path / "a" / "data" / "grp" / "seqA")
    _sequence(tmp_path / "a" / "data" / "grp" / "other")
    _sequence(tmp_path / "b" / "data" / "grp" / "seqA", shift=10)
    results = tmp_path / "results"
    # kcf of a's grp/other alone (stored under grp), and of b's whole data/ root (under data): same settings
    assert main(["run", "--sequence", str(tmp_path / "a" / "data" / "grp" / "other"), "--tracker", "kcf",
                 "--out", str(results)]) == 0
    assert main(["run", "--dataset", str(tmp_path / "b" / "data"), "--tracker", "kcf", "--out", str(results)]) == 0
    assert (results / "grp" / "kcf" / "default" / "other.txt").is_file()
    assert (results / "data" / "kcf" / "default" / "seqA.txt").is_file()
    capsys.readouterr()
    # a's seqA has no run: b's seqA boxes were merged into grp's kcf run and drawn as a's
    assert main(["export-video", "--sequence", str(mine), "--results", str(results),
                 "--out", str(tmp_path / "a.mp4")]) == 2
    err = capsys.readouterr().err
    assert "no result file for sequence 'seqA'" in err, err
    assert not (tmp_path / "a.mp4").exists()

    # b's own seqA: its run is found under data (its recorded root holds it)
    assert main(["export-video", "--sequence", str(tmp_path / "b" / "data" / "grp" / "seqA"), "--results",
                 str(results), "--out", str(tmp_path / "b.mp4")]) == 0
    assert _wrote(capsys).endswith(", kcf)")


def test_a_sequence_under_the_root_reads_no_folder_named_none(tmp_path):
    from workbench.core.results import dataset_levels, find_runs
    from workbench.core.runs import alone_names

    names = alone_names("/seqA")
    assert tuple(names) == ("seqA",) and dataset_levels(names) == {"seqA"}
    assert tuple(alone_names(tmp_path / "x" / "grp" / "seqA"))[:3] == ("grp", "seqA", "x")

    # a run of another sequence seqA stored under a <dataset> folder named "None" is not this one's
    folder = tmp_path / "results" / "None" / "kcf" / "default"
    folder.mkdir(parents=True)
    (folder / "seqA.txt").write_text("1,1,4,4\n")
    assert find_runs(tmp_path / "results", names) == []


def test_guarded_names_read_as_names(tmp_path):
    """Elsewhere the guarded names are a plain tuple of names (``dataset_levels``, ``find_runs``' first name)."""
    from workbench.core.results import dataset_levels
    from workbench.core.runs import with_wider_names

    seq = tmp_path / "irst" / "daub" / "seqA"
    names = with_wider_names(("daub", "seqA"), seq)
    assert tuple(names)[:3] == ("daub", "seqA", "irst") and names.guarded >= {"irst"}
    assert "daub" not in names.guarded and dataset_levels(names) >= {"daub", "seqA", "irst"}
    assert names.keep({"dataset_root": str(tmp_path / "irst")})
    assert not names.keep({"dataset_root": str(tmp_path / "other")}) and not names.keep(None)

