"""The network's inputs from a crop had two homes: ``crops.to_inputs`` (training, the plain tracker, the online
template) and ``tracker._inputs_channels_last`` (the folded tracker's frames). One function now, whose
channels-last form gives the planar one's numbers to float rounding, and every tracker path goes through it."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.boxes import Box
from workbench.core.spectral_color import group_weights


def test_one_function_gives_both_layouts():
    import torch

    from workbench_hanet.crops import to_inputs

    c = np.random.default_rng(0).random((24, 24, 16), dtype=np.float32) * 3
    w = group_weights(16)
    rgb, hsi = to_inputs(c, 3.0, w)
    assert rgb.shape == (3, 24, 24) and hsi.shape == (16, 24, 24) and rgb.dtype == hsi.dtype == np.float32
    t_rgb, t_hsi = to_inputs(c, 3.0, w, channels_last=True)
    assert t_rgb.shape == (1, 3, 24, 24) and t_hsi.shape == (1, 16, 24, 24)
    assert t_rgb.is_contiguous(memory_format=torch.channels_last) and t_hsi.is_contiguous(memory_format=torch.channels_last)
    np.testing.assert_allclose(t_rgb[0].numpy(), rgb, rtol=0, atol=1e-6)
    np.testing.assert_array_equal(t_hsi[0].numpy(), hsi)


@pytest.mark.parametrize("fast", [True, False])
def test_every_tracker_path_takes_its_inputs_from_crops(monkeypatch, fast):
    import workbench_hanet.tracker as tr
    from workbench_hanet.config import HANetConfig
    from workbench_hanet.model import HANet

    calls = []
    real = tr.to_inputs
    monkeypatch.setattr(tr, "to_inputs", lambda *a, **k: (calls.append(k.get("channels_last", False)), real(*a, **k))[1])
    t = tr.HANetTracker(HANetConfig(weights="", online_interval=1, online_min_score=0.0), "cpu",
                        model=HANet(16, hsi_width=8).eval(), fast=fast)
    frame = np.random.default_rng(1).random((48, 48, 16), dtype=np.float32)
    t.initialize(frame, Box(16, 16, 12, 12))
    out = t.track(frame)
    assert t._k_online is not None and np.isfinite(out.maps["response_fused"].data).all()
    assert calls == [fast] * 3  # template, search crop, online template
