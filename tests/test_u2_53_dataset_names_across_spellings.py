"""A dataset's ``<dataset>`` folder (``results.safe_name``) across spellings of one name: the composed (NFC) and the
decomposed (NFD: macOS gives a folder's name so) spellings of ``München`` were two folders; combining marks were
dropped (Hindi ``किला`` and ``कीला`` both ``क_ल``: two datasets' runs in one folder); and the runs of a non-ASCII
dataset made before its letters were kept sat under the old ASCII-only name (``Flug_M_nchen``), no longer read.
They are read again where their recorded dataset root is named as the dataset is now: never another dataset's
that the old name shared."""
from __future__ import annotations

import re
import shutil
import string
import unicodedata
from pathlib import Path

import cv2
import numpy as np

from workbench.core import results


def test_one_name_one_folder_in_either_spelling_and_marks_kept():
    nfc = "Flug München"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    assert results.safe_name(nfd) == results.safe_name(nfc) == "Flug_München"
    assert results.safe_name("किला") == "किला" and results.safe_name("कीला") == "कीला"  # not both क_ल
    assert results.safe_name("红外 1") == "红外_1"


def test_ascii_names_are_as_they_were():
    def old(text):  # the rule ASCII names have always had
        return (re.sub(r"[^A-Za-z0-9._=,+-]", "_", text).strip("._") or "_")[:80]

    chars = string.printable + "\x00\x7f"
    for a in chars:
        for b in chars:
            assert results.safe_name(a + b) == old(a + b), repr(a + b)
    assert results.older_names("OTB100") == {} and results.older_names(("LaSOT", "airplane")) == {}


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


def test_runs_stored_under_the_old_ascii_name_are_read_when_theirs(tmp_path, capsys):
    from workbench.cli import main

    mine, theirs = tmp_path / "Flug München", tmp_path / "Flug Mönchen"  # both Flug_M_nchen before
    _sequence(mine / "seqA")
    _sequence(theirs / "seqA", shift=10)
    out = tmp_path / "results"
    assert main(["run", "--dataset", str(mine), "--tracker", "kcf", "--out", str(out)]) == 0
    assert main(["run", "--dataset", str(theirs), "--tracker", "kcf", "--set", "padding=2", "--out", str(out)]) == 0
    assert main(["run", "--dataset", str(theirs), "--tracker", "kcf", "--set", "padding=3", "--out", str(out)]) == 0
    # where the earlier version stored them: one folder for both datasets
    old = out / "Flug_M_nchen" / "kcf"
    old.mkdir(parents=True)
    shutil.move(str(out / "Flug_München" / "kcf" / "default"), str(old / "default"))
    shutil.move(str(out / "Flug_Mönchen" / "kcf" / "padding=2"), str(old / "padding=2"))
    capsys.readouterr()

    assert main(["eval", "--dataset", str(mine), "--results", str(out)]) == 0
    rows = [line.split()[0] for line in capsys.readouterr().out.splitlines() if line.startswith("kcf")]
    assert rows == ["kcf"], rows  # its own run, found under the old name; not the other dataset's padding=2

    found = {r.label for r in results.find_runs(out, unicodedata.normalize("NFD", theirs.name))}
    assert found == {"kcf/padding=2", "kcf/padding=3"}, found  # the other one's, old folder and new, either spelling
    # a run without a recorded root under the old name is not known to be either's: not read
    bare = out / "Flug_M_nchen" / "csrt" / "default"
    bare.mkdir(parents=True)
    (bare / "seqA.txt").write_text("8,14,14,16\n" * 6)
    assert {r.label for r in results.find_runs(out, mine.name)} == {"kcf"}
