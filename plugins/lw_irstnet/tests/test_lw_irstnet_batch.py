"""Batched segmentation (``predict_batch`` through the core's ``iter_segment(batch=N)``, what
``workbench segment`` does on a GPU) gives the per-frame outputs, also for frames of different sizes."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.errors import Cancelled
from workbench.core.jobs import JobContext
from workbench.core.loops import iter_segment
from workbench_lw_irstnet import LWIRSTNetConfig
from workbench_lw_irstnet.model import LWIRSTNet
from workbench_lw_irstnet.segmenter import LWIRSTNetSegmenter


class Frames:
    name = "mixed"

    def __init__(self, frames):
        self.frames = frames
        self.modality = "gray"

    def __len__(self):
        return len(self.frames)

    def frame(self, i):
        return self.frames[i]


def _frames(seed=0):
    rng = np.random.default_rng(seed)
    out = []
    for h, w in ((64, 64), (64, 64), (50, 70), (64, 64), (37, 41), (50, 70), (64, 64)):
        f = rng.normal(100, 12, (h, w)).clip(0, 255).astype(np.uint8)
        f[h // 2 - 1:h // 2 + 2, w // 3:w // 3 + 3] = 250
        out.append(f)
    return out


@pytest.fixture(scope="module")
def segmenter():
    import torch

    torch.manual_seed(0)
    model = LWIRSTNet()
    with torch.no_grad():  # a random model whose BatchNorm statistics are not the identity
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 2.0)
    return LWIRSTNetSegmenter(LWIRSTNetConfig(weights="", threshold=-0.5, tta="none"), "cpu", model=model)


@pytest.mark.parametrize("input_size", [0, 48])
def test_batched_outputs_equal_per_frame(segmenter, input_size):
    segmenter.config.input_size = input_size
    frames = _frames()
    seq = Frames(frames)
    one = [out for _i, out in iter_segment(segmenter, seq, batch=1)]
    many = list(iter_segment(segmenter, seq, batch=4))
    assert [i for i, _o in many] == list(range(len(frames)))
    for a, (_i, b) in zip(one, many):
        np.testing.assert_allclose(b.maps["logits"].data, a.maps["logits"].data, atol=2e-5)
        assert np.array_equal(a.mask, b.mask) and len(a.targets) == len(b.targets)
        assert np.isfinite(b.seconds) and b.seconds >= 0
    # refilter works on the last frame of the last batch
    assert segmenter.refilter(threshold=0.0).mask.shape == frames[-1].shape
    segmenter.config.input_size = 0


def test_batched_run_cancels_between_batches(segmenter):
    ctx = JobContext()
    seen = []
    with pytest.raises(Cancelled):
        for i, _out in iter_segment(segmenter, Frames(_frames()), ctx=ctx, batch=3):
            seen.append(i)
            if i == 1:
                ctx.cancel()
    assert seen == [0, 1, 2]  # the batch in hand is delivered, the next is not started


def test_flip_tta_averages_the_mirrored_logits(segmenter):
    import torch

    from workbench.core.data.sirst import to_input
    from workbench_lw_irstnet.segmenter import pad_chw

    frame = _frames(3)[2]  # 50x70: padded to 56x72 inside
    segmenter.config.tta = "none"
    plain = segmenter.logits(frame)
    x, (h, w) = pad_chw(to_input(frame, 3, False))
    with torch.inference_mode():
        t = torch.from_numpy(x)[None]
        mirrored = torch.flip(segmenter.model(torch.flip(t, (3,))), (3,))[0, 0, :h, :w].numpy()
    segmenter.config.tta = "flip"
    np.testing.assert_allclose(segmenter.logits(frame), (plain + mirrored) / 2, atol=2e-5)
    # batched with flips equals per frame with flips
    frames = _frames(4)
    one = [segmenter.logits(f) for f in frames]
    many = [o.maps["logits"].data for o in segmenter.predict_batch(frames)]
    for a, b in zip(one, many):
        np.testing.assert_allclose(b, a, atol=2e-5)
    segmenter.config.tta = "bogus"
    with pytest.raises(Exception, match="tta must be one of"):
        segmenter.logits(frame)
    segmenter.config.tta = "none"
