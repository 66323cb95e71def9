"""``export-video --sequence`` reads a run under the name of a folder above the sequence (``run --dataset`` of a
wider root) only where its recorded dataset root holds the sequence. Runs made before the root was recorded have
none: they were left out with no word, and the export said only that no run was found. They are still not read (a
generic folder name, data/, is shared by other datasets' same-named sequences, and such a run cannot be told from
them), but it is said: "N runs under <name>/ not read: no recorded dataset root"."""
from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np


def _sequence(folder: Path, n: int = 5) -> Path:
    folder.mkdir(parents=True)
    rows = []
    for i in range(n):
        frame = np.full((48, 64), 30, np.uint8)
        frame[14:30, 8 + 2 * i:22 + 2 * i] = 230
        cv2.imwrite(str(folder / f"{i + 1:08d}.jpg"), frame)
        rows.append(f"{8 + 2 * i},14,14,16")
    (folder / "groundtruth.txt").write_text("\n".join(rows) + "\n")
    return folder


def test_a_wider_run_without_a_recorded_root_is_said_not_read(tmp_path, capsys):
    from workbench.cli import main
    from workbench.core.results import MANIFEST

    mine = _sequence(tmp_path / "a" / "data" / "grp" / "seqA")
    results = tmp_path / "results"
    assert main(["run", "--dataset", str(tmp_path / "a" / "data"), "--tracker", "kcf", "--out", str(results)]) == 0
    manifest = results / "data" / "kcf" / "default" / MANIFEST
    record = json.loads(manifest.read_text())
    assert record.pop("dataset_root")  # as a run made before the root was recorded
    manifest.write_text(json.dumps(record))
    capsys.readouterr()
    assert main(["export-video", "--sequence", str(mine), "--results", str(results),
                 "--out", str(tmp_path / "a.mp4")]) == 2
    err = capsys.readouterr().err
    assert f"note: 1 run under data/ not read: no recorded dataset root (made by an older workbench), so not known " \
           f"to be of {mine}; run it again to have it read" in err, err
    assert "no result file for sequence 'seqA'" in err, err
    assert not (tmp_path / "a.mp4").exists()


def test_a_wider_run_with_its_root_is_read_and_nothing_said(tmp_path, capsys):
    from workbench.cli import main

    mine = _sequence(tmp_path / "a" / "data" / "grp" / "seqA")
    results = tmp_path / "results"
    assert main(["run", "--dataset", str(tmp_path / "a" / "data"), "--tracker", "kcf", "--out", str(results)]) == 0
    capsys.readouterr()
    assert main(["export-video", "--sequence", str(mine), "--results", str(results),
                 "--out", str(tmp_path / "a.mp4")]) == 0
    captured = capsys.readouterr()
    assert "not read" not in captured.err, captured.err
    assert "wrote " in captured.out and captured.out.rstrip().endswith(", kcf)"), captured.out
