"""Listing frames and walking a dataset root cost no file-system call per frame file.

A LaSOT sequence has 2,000-20,000 frames and a root 280 sequences: a stat of every frame file (to see it was a
file, or a folder named HSI) made `workbench list`, the dataset dock and every open pay for each frame. The
counts below are of ``os.stat`` calls, so they hold on any machine speed.
"""
import os

import pytest

FRAMES = 60


def _stat_counter(monkeypatch):
    calls = []
    real = os.stat

    def counting(*a, **k):
        calls.append(a[0] if a else None)
        return real(*a, **k)

    monkeypatch.setattr(os, "stat", counting)
    return calls


def _frames(folder, n=FRAMES):
    folder.mkdir(parents=True)
    first = folder / "00000001.jpg"
    first.write_bytes(b"\xff\xd8not decoded here")
    for i in range(2, n + 1):
        os.link(first, folder / f"{i:08d}.jpg")
    (folder / "notes.txt").write_text("not a frame\n")
    (folder / "sub.png").mkdir()  # a folder named like an image is not a frame


def test_frames_listed_in_order_without_a_stat_each(tmp_path, monkeypatch):
    from workbench.core.data.images import has_image, list_images

    _frames(tmp_path / "img")
    calls = _stat_counter(monkeypatch)
    got = list_images(tmp_path / "img")
    assert [p.name for p in got] == [f"{i:08d}.jpg" for i in range(1, FRAMES + 1)]
    assert has_image(tmp_path / "img") and not has_image(tmp_path / "img" / "sub.png")
    assert len(calls) < 5, f"{len(calls)} stats for {FRAMES} frames"


def test_dataset_walk_does_not_stat_each_frame(tmp_path, monkeypatch):
    # the hyperspectral layout's walk looks into every folder of a root (frames folders too) for an HSI child
    from workbench.core.data import hot

    for c in ("airplane", "bird"):
        _frames(tmp_path / c / f"{c}-1" / "img")
        (tmp_path / c / f"{c}-1" / "groundtruth.txt").write_text("1,1,2,2\n" * FRAMES)
    calls = _stat_counter(monkeypatch)
    assert hot.list_root(tmp_path) == []
    assert len(calls) < 2 * FRAMES // 2, f"{len(calls)} stats walking 2 sequences of {FRAMES} frames"


NAMES = ["Girl.jpg", "Girl2.jpg", "img010.tif", "a..png", "x.", "\u0663.png", ".hidden.png", "img10.png", "IMG2.png",
         "img.png", "007.jpg", "7.jpg", "0008.jpg", "a1b2.png", "a1b10.png", "a01b3.png"]


@pytest.mark.parametrize("name", NAMES)
def test_natural_order_key_reads_names_as_pathlib_splits_them(name):
    # the key (a string: L3) orders names as the list of tagged parts of the stem and suffix pathlib splits does
    import re
    from pathlib import Path

    from workbench.core.data.images import natural_key

    def parts(n):
        p = Path(n)
        return [(1, int(t), "") if t.isdecimal() else (0, 0, t.lower()) for t in re.split(r"(\d+)", p.stem) + [p.suffix]]

    for other in NAMES:
        assert (natural_key(Path(name)) < natural_key(Path(other))) == (parts(name) < parts(other)), (name, other)
        assert (natural_key(Path(name)) == natural_key(Path(other))) == (parts(name) == parts(other)), (name, other)
