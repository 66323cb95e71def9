"""A dataset root opened through a symbolic link (``ln -s /data/raw/ir_v2 ~/irmini``) stores its runs under the
link's name (``runs.dataset_of``); ``eval`` given the link's target (or another link) looked under that name alone and
found none. A run under another ``<dataset>`` name is now read where its recorded dataset root resolves to the
dataset's (``results.linked_roots``): never another dataset's run of that name."""
from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np
import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt",
                                reason="symbolic links need privileges on Windows")


def _sequence(folder: Path, shift: int = 0, n: int = 6) -> Path:
    folder.mkdir(parents=True)
    rows = []
    for i in range(n):
        frame = np.full((48, 64), 30, np.uint8)
        x = 8 + 2 * i + shift
        frame[14:30, x:x + 14] = 230
        ok, buf = cv2.imencode(".jpg", frame)
        (folder / f"{i + 1:08d}.jpg").write_bytes(buf.tobytes())
        rows.append(f"{x},14,14,16")
    (folder / "groundtruth.txt").write_text("\n".join(rows) + "\n")
    return folder


def _trackers(capsys) -> list[str]:
    return sorted(line.split()[0] for line in capsys.readouterr().out.splitlines()
                  if line.startswith("kcf") and " ALL " in f" {line} ")


def test_runs_made_through_a_link_are_found_by_its_target_and_back(tmp_path, capsys):
    from workbench.cli import main

    real = tmp_path / "raw" / "ir_v2"
    _sequence(real / "seqA")
    link = tmp_path / "irmini"
    link.symlink_to(real, target_is_directory=True)
    out = tmp_path / "results"
    assert main(["run", "--dataset", str(link), "--tracker", "kcf", "--out", str(out)]) == 0
    assert (out / "irmini" / "kcf" / "default" / "seqA.txt").is_file()  # the link's name
    # another dataset called irmini elsewhere, its run under the same name: not the linked one's
    _sequence(tmp_path / "other" / "irmini" / "seqA", shift=12)
    assert main(["run", "--dataset", str(tmp_path / "other" / "irmini"), "--tracker", "kcf", "--set", "padding=2",
                 "--out", str(out)]) == 0
    capsys.readouterr()

    assert main(["eval", "--dataset", str(real), "--results", str(out)]) == 0
    assert _trackers(capsys) == ["kcf"]  # found under irmini/, the other irmini's padding=2 left out

    # and the other way: a run made by the target's path, eval given the link (a results folder of their own: the
    # link's name is the other dataset's too, whose runs share its folder as same-named datasets' do)
    out2 = tmp_path / "results2"
    assert main(["run", "--dataset", str(real), "--tracker", "kcf", "--set", "padding=3", "--out", str(out2)]) == 0
    assert (out2 / "ir_v2" / "kcf" / "padding=3" / "seqA.txt").is_file()
    capsys.readouterr()
    assert main(["eval", "--dataset", str(link), "--results", str(out2)]) == 0
    assert _trackers(capsys) == ["kcf/padding=3"]
