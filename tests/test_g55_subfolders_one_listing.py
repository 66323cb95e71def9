""""The folders in a folder, hidden ones left out, in natural order" was written in four readers (HOT's walk,
LSOTB-TIR's subsets and videos, the COCO sequence set's images/<seq>, NUDT-MIRSDT's Sequence<n>): one
``images.subfolders`` now, which each of them asks. Given a stand-in answer, each reader lists what it says, in
its order."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from workbench.core.data import cocoseq, hot, images, lsotb, mirsdt_dirs
from workbench.core.data.images import subfolders

READERS = (hot, lsotb, cocoseq, mirsdt_dirs)


def test_subfolders_natural_order_hidden_and_files_left_out(tmp_path):
    for name in ("Seq10", "seq2", "Seq1", ".hidden", "a"):
        (tmp_path / name).mkdir()
    (tmp_path / "Seq3").write_text("a file")
    assert [p.name for p in subfolders(tmp_path)] == ["a", "Seq1", "seq2", "Seq10"]
    assert all(isinstance(p, Path) and p.parent == tmp_path for p in subfolders(str(tmp_path)))
    assert subfolders(tmp_path / "missing") == [] and subfolders(tmp_path / "Seq3") == []


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads a folder without permission")
def test_an_unreadable_folder_lists_none(tmp_path):
    (tmp_path / "x" / "y").mkdir(parents=True)
    (tmp_path / "x").chmod(0)
    try:
        assert subfolders(tmp_path / "x") == []
    finally:
        (tmp_path / "x").chmod(0o755)


@pytest.fixture
def stand_in(monkeypatch):
    """Each reader's ``subfolders``: b before a (not natural order), asked of the folders recorded."""
    asked = []

    def fake(folder):
        asked.append(Path(folder))
        return [Path(folder) / "b", Path(folder) / "a"]

    for mod in READERS:
        assert mod.subfolders is images.subfolders, mod.__name__  # the one helper, not a copy
        monkeypatch.setattr(mod, "subfolders", fake)
    return asked


def test_mirsdt_sequences_follow_it(tmp_path, monkeypatch, stand_in):
    monkeypatch.setattr(mirsdt_dirs, "probe", lambda p: p != tmp_path)
    assert [p.name for p in mirsdt_dirs.sequence_paths(tmp_path)] == ["b", "a"]
    assert stand_in == [tmp_path]


def test_coco_sequences_follow_it(tmp_path, monkeypatch, stand_in):
    (tmp_path / cocoseq.IMAGES).mkdir()
    monkeypatch.setattr(cocoseq, "json_files", lambda root: [root / "instances_test2017.json"])
    monkeypatch.setattr(cocoseq, "_yolo_split", lambda root: False)
    monkeypatch.setattr(cocoseq, "has_image", lambda p: True)
    assert [p.name for p in cocoseq.sequence_paths(tmp_path)] == ["b", "a"]
    assert stand_in == [tmp_path / cocoseq.IMAGES]


def test_lsotb_subsets_and_videos_follow_it(tmp_path, monkeypatch, stand_in):
    (tmp_path / lsotb.FRAMES).mkdir()
    (tmp_path / lsotb.ANNOTATIONS).mkdir()
    monkeypatch.setattr(lsotb, "probe", lambda p: p != tmp_path)
    got = lsotb.sequence_paths(tmp_path)
    assert [p.relative_to(tmp_path / lsotb.FRAMES).as_posix() for p in got] == ["b/b", "b/a", "a/b", "a/a"]
    assert stand_in == [tmp_path / lsotb.FRAMES, tmp_path / lsotb.FRAMES / "b", tmp_path / lsotb.FRAMES / "a"]


def test_hot_walk_follows_it(tmp_path, monkeypatch, stand_in):
    monkeypatch.setattr(hot, "probe", lambda d: d != tmp_path)
    monkeypatch.setattr(hot, "frame_folder", lambda d: d)
    monkeypatch.setattr(hot, "_sequence_dir", lambda d: d)
    monkeypatch.setattr(hot, "_pngs", lambda d: [])
    assert [e.name for e in hot.list_root(tmp_path)] == ["b", "a"]
    assert stand_in == [tmp_path]
