"""A HOT2020 video's false-colour frames (``<video>/HSI-FalseColor/``, what gray / RGB trackers are run on beside the
hyperspectral ones) opened as a sequence named "HSI-FalseColor" for every video: each video's KCF run was one
``HSI-FalseColor.txt``, refused by ``export-results`` as two runs' one file and named for no HOT video. Now the
sequence goes by its video's name; a folder of that name holding no HOT video keeps its own."""
from __future__ import annotations

import shutil

from workbench.core.data import hsi_generate as gen
from workbench.core.data.detect import open_dataset, open_sequence


def test_hot2020_false_colour_goes_by_its_videos_name(tmp_path):
    video = gen.make_video(gen.load_scene(None, 16, seed=5), gen.VideoSpec(frames=2, width=32, height=24, seed=5))
    seq_dir = gen.write_video(video, tmp_path / "hot", "hot")  # hot/<video>/HSI + HSI-FalseColor
    fc = seq_dir / "HSI-FalseColor"
    assert fc.is_dir() and (seq_dir / "HSI").is_dir()
    seq = open_sequence(fc)
    name = seq_dir.name
    assert seq.name == name != "HSI-FalseColor" and seq.modality == "rgb" and seq.has_groundtruth
    assert f"false colour of HOT video {name!r}" in seq.meta["stream"]
    assert [e.name for e in open_dataset(fc)] == [name]
    # the false colour is no second sequence of the video in the root's listing, as before
    assert [(e.name, e.layout) for e in open_dataset(tmp_path / "hot")] == [(name, "hot")]
    # the same folder name with no HOT mosaics beside it: a plain folder of its own name
    lone = tmp_path / "other" / "HSI-FalseColor"
    shutil.copytree(fc, lone)
    assert open_sequence(lone).name == "HSI-FalseColor"
    assert "stream" not in open_sequence(lone).meta


def test_one_mosaic_frame_opened_alone_says_what_it_is(tmp_path):
    """A frame of a HOT video's mosaic folder opened by itself was a checkered 16-bit gray image, not a word of the
    cube it is: said, naming the video folder to open."""
    video = gen.make_video(gen.load_scene(None, 16, seed=7), gen.VideoSpec(frames=2, width=32, height=24, seed=7))
    seq_dir = gen.write_video(video, tmp_path / "hot", "hot")
    one = open_sequence(seq_dir / "HSI" / "0001.png")
    assert one.meta["warnings"] == [
        f"{seq_dir / 'HSI' / '0001.png'}: one raw 4x4 mosaic frame of the HOT video {seq_dir.name!r}, shown as one "
        f"gray image; open {seq_dir} for its hyperspectral cubes (16-band, 32x24)"]
    # a 16-bit PNG in a folder that is no HOT video (no HSI / HOT name on its path): no such word
    plain = tmp_path / "plain"
    plain.mkdir()
    shutil.copy(seq_dir / "HSI" / "0001.png", plain / "0001.png")
    assert not open_sequence(plain / "0001.png").meta.get("warnings")


def test_rgb_tracker_given_a_hot_video_is_told_its_false_colour_folder(tmp_path):
    """KCF given a HOT video's cubes was told of HOT's false-colour folders in general; now of this video's."""
    from types import SimpleNamespace

    import pytest

    from workbench.core.errors import WorkbenchError
    from workbench.core.loops import check_modality

    video = gen.make_video(gen.load_scene(None, 16, seed=8), gen.VideoSpec(frames=2, width=32, height=24, seed=8))
    seq = open_sequence(gen.write_video(video, tmp_path / "hot", "hot"))
    kcf = SimpleNamespace(name="kcf", modalities=("gray", "rgb", "ir16"))
    with pytest.raises(WorkbenchError) as got:
        check_modality(kcf, seq, "tracker")
    said = str(got.value)
    assert f"or open this video's false-colour frames, {seq.path / 'HSI-FalseColor'} (an rgb sequence going by the " \
           f"video's name, {seq.name!r})" in said and "HOT2020 keeps them" not in said


def test_false_colour_opened_relative_or_beside_an_unlistable_video(tmp_path, monkeypatch):
    """``HSI-FalseColor`` given relative from inside its video was named '' (the name of '.'); a video folder that
    could not be listed made opening the false colour (``open_sequence`` / ``open_dataset``) a bare PermissionError:
    named by the folder it is in, and no HOT video (its own name) where that cannot be listed."""
    from workbench.core.data import hot

    video = gen.make_video(gen.load_scene(None, 16, seed=9), gen.VideoSpec(frames=2, width=32, height=24, seed=9))
    seq_dir = gen.write_video(video, tmp_path / "hot", "hot")
    monkeypatch.chdir(seq_dir)
    seq = open_sequence("HSI-FalseColor")
    assert seq.name == seq_dir.name and f"(its mosaics: {seq_dir / 'HSI'})" in seq.meta["stream"]
    assert [e.name for e in open_dataset("HSI-FalseColor")] == [seq_dir.name]  # (was [''])

    listed = hot.frame_folder

    def no_listing(path):
        if path.absolute() == seq_dir.absolute():
            raise PermissionError(13, "Permission denied", str(path))
        return listed(path)

    monkeypatch.setattr(hot, "frame_folder", no_listing)
    assert open_sequence(seq_dir / "HSI-FalseColor").name == "HSI-FalseColor"
    assert [e.name for e in open_dataset(seq_dir / "HSI-FalseColor")] == ["HSI-FalseColor"]
