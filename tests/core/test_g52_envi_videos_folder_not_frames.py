"""A folder of ENVI videos (``generate hsi-video --videos 2 --format envi``: hsi_0000.hdr, hsi_0001.hdr, each with
``frames = T``) is a dataset of those videos, not one sequence whose frames are the videos: it was listed as
'dsenvi  2 frames  no gt' and `run` refused it. A folder of numbered one-frame ENVI headers stays one sequence."""
from __future__ import annotations

import numpy as np

from workbench.core.data import hsi_convert, hsi_generate as gen
from workbench.core.data.detect import detect_layout, open_dataset


def _videos(folder, n=2, frames=3):
    out = []
    for seed in range(n):
        v = gen.make_video(gen.load_scene(None, 16, seed=seed), gen.VideoSpec(frames=frames, width=40, height=32,
                                                                            seed=seed))
        out.append(gen.write_video(v, folder, "envi"))
    return out


def test_folder_of_envi_videos_lists_each_video(tmp_path):
    paths = _videos(tmp_path / "ds")
    entries = open_dataset(tmp_path / "ds")
    assert sorted(e.name for e in entries) == ["hsi_0000", "hsi_0001"]
    for e, p in zip(sorted(entries, key=lambda e: e.name), paths):
        seq = e.open() if hasattr(e, "open") and not hasattr(e, "frame") else e
        assert len(seq) == 3 and seq.frame(0).shape == (32, 40, 16) and seq.has_groundtruth
        assert np.isfinite(np.asarray(seq.groundtruth)).all()


def test_folder_of_numbered_frames_is_one_sequence(tmp_path):
    v = gen.make_video(gen.load_scene(None, 16, seed=3), gen.VideoSpec(frames=3, width=40, height=32, seed=3))
    hsi_convert.write_envi_frames(tmp_path / "clip", (v.frame(i) for i in range(3)), v.wavelengths, v.groundtruth)
    assert detect_layout(tmp_path / "clip") == "cube"
    entries = open_dataset(tmp_path / "clip")
    assert [e.name for e in entries] == ["clip"]
    seq = entries[0].open() if not hasattr(entries[0], "frame") else entries[0]
    assert len(seq) == 3 and seq.frame(0).shape == (32, 40, 16)
