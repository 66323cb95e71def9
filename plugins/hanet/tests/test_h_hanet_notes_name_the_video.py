"""HA-Net's warning on a video whose bands are not the weights' named no video (a dataset run of many said
'hanet: the video's 25 bands ...' without saying which), and alpha = beta = 0 tracked on a fused map of zeros
(the box followed the cosine window alone) without a word: the warning names the file, the settings are refused."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.errors import DataWarning, WorkbenchError


def _tracker(**cfg):
    from workbench_hanet.config import HANetConfig
    from workbench_hanet.model import HANet
    from workbench_hanet.tracker import HANetTracker

    return HANetTracker(HANetConfig(weights="", **cfg), "cpu", model=HANet(16, hsi_width=8).eval())


def test_the_band_warning_names_the_video(tmp_path):
    from workbench.core.data import hsi_generate as gen
    from workbench.core.data.detect import open_sequence
    from workbench.core.loops import iter_track

    v = gen.make_video(gen.load_scene(None, 25, 1), gen.VideoSpec(frames=2, width=48, height=40, seed=1, name="nir"))
    path = gen.write_video(v, tmp_path / "deep" / "folder", "h5")
    with pytest.warns(DataWarning, match=r"^hanet: .*deep[/\\]folder[/\\]nir\.h5: the video's 25 bands cover .*none of "
                                         r"the weights' 16 bands .*resampled by index"):
        out = list(iter_track(_tracker(), open_sequence(path)))
    assert len(out) == 2 and np.isfinite(tuple(out[-1].box)).all()


def test_alpha_and_beta_both_zero_are_refused():
    with pytest.raises(WorkbenchError, match=r"^hanet: alpha and beta are both 0: .*give alpha > 0"):
        _tracker(alpha=0.0, beta=0.0)
    assert _tracker(alpha=0.0, beta=0.5).config.beta == 0.5  # one branch alone is fine


def test_training_names_the_videos_of_another_band_count():
    from workbench_hanet.train import band_note

    class Seq:
        def __init__(self, path, bands):
            self.path, self.name, self._b = path, "x", bands

        def frame(self, i):
            return np.zeros((4, 4, self._b), np.uint16)

    assert band_note([Seq("vis.h5", 16)], 16) is None
    note = band_note([Seq("vis.h5", 16), Seq("nir/car.h5", 25), Seq("red.hdr", 15)], 16)
    assert note.startswith("note: 2 of 3 training videos have another band count than the network's 16: "
                           "nir/car.h5 (25), red.hdr (15); their bands are resampled by index to 16: give --bands")
