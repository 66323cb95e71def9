"""HA-Net's folded tracking network (``model.TrackingNet``: batch norm folded, channels-last) computes what the
plain network computes, to float rounding, and leaves the model that training sees as it was."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.boxes import Box
from workbench.core.data import hsi_generate as gen
from workbench_hanet.config import HANetConfig, default_weights

pytestmark = pytest.mark.usefixtures("one_thread")

FRAMES = 5
# online template from frame 2 on (every second frame, whatever its score), so its kernels are exercised too
CFG = dict(online_interval=2, online_min_score=0.0)


@pytest.fixture(scope="module")
def video():
    scene = gen.load_scene(None, 16, seed=3)
    return gen.make_video(scene, gen.VideoSpec(frames=FRAMES, width=128, height=96, seed=3))


def _random_model():
    """A single-branch HA-Net (the shipped file is an ensemble) whose batch norms are not the identity:
    random scales, shifts and running statistics, so a wrong fold shows."""
    import torch

    from workbench_hanet.model import HANet

    g = torch.Generator().manual_seed(7)
    m = HANet(16, hsi_width=32)
    for bn in (x for x in m.modules() if isinstance(x, torch.nn.BatchNorm2d)):
        n = bn.num_features
        bn.weight.data = 0.5 + torch.rand(n, generator=g)
        bn.bias.data = 0.2 * torch.randn(n, generator=g)
        bn.running_mean = 0.1 * torch.randn(n, generator=g)
        bn.running_var = 0.5 + torch.rand(n, generator=g)
    return m.eval()


@pytest.fixture(scope="module")
def shipped():
    from workbench_hanet.tracker import load_model

    return load_model(default_weights())  # an ensemble of three hyperspectral branches


@pytest.fixture(scope="module", params=["shipped", "random"])
def model(request, shipped):
    return shipped if request.param == "shipped" else _random_model()


def _pair(model):
    from workbench_hanet.tracker import HANetTracker

    return [HANetTracker(HANetConfig(weights="", **CFG), "cpu", model=model, fast=f) for f in (False, True)]


def _close(a, b, atol):
    """Kernels: tensors, or tuples / lists of them (the same structure on both paths)."""
    if isinstance(a, (tuple, list)):
        assert type(a) is type(b) and len(a) == len(b)
        for x, y in zip(a, b):
            _close(x, y, atol)
    else:
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=0, atol=atol)


def test_folded_network_gives_the_plain_maps_and_boxes_frame_by_frame(model, video):
    """Lock-step: before every frame the fast tracker takes the plain one's state (position, size, online
    kernels), so each frame's maps, box and templates are compared on the same crops."""
    import torch

    from workbench_hanet.model import TrackingNet
    from workbench_hanet.tracker import _PlainNet

    plain, fast = _pair(model)
    gt = Box(*video.groundtruth[0])
    for t in (plain, fast):
        t.initialize(video.frame(0), gt)
    assert isinstance(fast._net, TrackingNet) and isinstance(plain._net, _PlainNet)
    _close(plain._k, fast._k, 1e-5)
    online = 0
    for i in range(1, FRAMES):
        for k in ("_cx", "_cy", "_w", "_h", "_k_online", "_best", "_frame_no"):
            setattr(fast, k, getattr(plain, k))
        online += plain._k_online is not None
        f = video.frame(i)
        # the templates of this frame at this state: the first frame's and the online template's path
        _close(plain._templates(f, plain._cx, plain._cy, plain._w, plain._h),
               fast._templates(f, plain._cx, plain._cy, plain._w, plain._h), 1e-5)
        a, b = plain.track(f), fast.track(f)
        assert set(a.maps) == set(b.maps) == {"response_rgb", "response_hsi", "response_fused"}
        for name in a.maps:
            np.testing.assert_allclose(b.maps[name].data, a.maps[name].data, rtol=0, atol=1e-5, err_msg=name)
            np.testing.assert_allclose(tuple(b.maps[name].region), tuple(a.maps[name].region), atol=1e-3)
        np.testing.assert_allclose(tuple(b.box), tuple(a.box), rtol=0, atol=1e-3)
        assert b.score == pytest.approx(a.score, abs=1e-5)
        with torch.no_grad():  # the plain maps moved at all: the comparison is not of two constant maps
            assert float(np.ptp(a.maps["response_fused"].data)) > 1e-3
    assert online >= 2  # frames tracked with an online template


def test_folded_network_tracks_the_same_boxes_on_its_own(video, shipped):
    """Free-running on the shipped weights: the two trackers' float differences (~1e-6 px) can move a crop
    across one of OpenCV's 1/32-pixel interpolation steps and so grow over frames; they stay far below a
    pixel (a wrong fold or a dropped online score moves boxes by pixels)."""
    plain, fast = _pair(shipped)
    gt = Box(*video.groundtruth[0])
    for t in (plain, fast):
        t.initialize(video.frame(0), gt)
    for i in range(1, FRAMES):
        a, b = plain.track(video.frame(i)), fast.track(video.frame(i))
        np.testing.assert_allclose(tuple(b.box), tuple(a.box), rtol=0, atol=0.02)
        np.testing.assert_allclose(b.maps["response_fused"].data, a.maps["response_fused"].data, atol=1e-3)


def test_training_sees_the_unfolded_model(video, tmp_path):
    """The tracker's ``model`` and ``load_model``'s (what ``train --init`` loads) keep their batch norms and
    weights; a model in training mode is tracked as it is (batch statistics), never folded; it still trains."""
    import torch

    from workbench.core.training.checkpoints import save_weights
    from workbench_hanet.model import HANet, TrackingNet
    from workbench_hanet.tracker import HANetTracker, _PlainNet, load_model

    m = _random_model()
    before = {k: v.clone() for k, v in m.state_dict().items()}
    t = HANetTracker(HANetConfig(weights="", **CFG), "cpu", model=m)
    t.initialize(video.frame(0), Box(*video.groundtruth[0]))
    t.track(video.frame(1))
    assert t.model is m and isinstance(t._net, TrackingNet)
    assert any(isinstance(x, torch.nn.BatchNorm2d) for x in m.modules())
    after = m.state_dict()
    assert after.keys() == before.keys() and all(torch.equal(after[k], v) for k, v in before.items())
    back = load_model(save_weights(tmp_path / "w.pt", m))
    assert isinstance(back, HANet) and "rgb.backbone.0.1.running_mean" in back.state_dict()
    m.train()
    with pytest.raises(ValueError, match="eval mode"):
        TrackingNet(m)
    t.initialize(video.frame(0), Box(*video.groundtruth[0]))
    assert isinstance(t._net, _PlainNet)
    m.eval()
    m.train()  # a training step after tracking: gradients reach the (unfolded) parameters
    c, r, ch = m(torch.randn(2, 3, 64, 64), torch.randn(2, 3, 160, 160), torch.randn(2, 16, 64, 64),
                 torch.randn(2, 16, 160, 160))
    (c.mean() + r.mean() + ch.mean()).backward()
    assert m.hsi.backbone[0][0].weight.grad is not None and m.rgb.backbone[0][1].weight.grad is not None


def test_folded_network_in_the_layout_a_gpu_gets(shipped):
    """On another device ``TrackingNet`` keeps NCHW (channels-last is the CPU's choice): that layout gives the
    plain logits and distances too (checked here on the CPU; no GPU on the test machine)."""
    import torch

    from workbench_hanet.model import TrackingNet
    from workbench_hanet.tracker import _PlainNet

    g = torch.Generator().manual_seed(1)
    z_rgb, x_rgb = torch.rand(1, 3, 64, 64, generator=g) - 0.5, torch.rand(1, 3, 160, 160, generator=g) - 0.5
    z_hsi, x_hsi = torch.rand(1, 16, 64, 64, generator=g) - 0.5, torch.rand(1, 16, 160, 160, generator=g) - 0.5
    plain, fast = _PlainNet(shipped), TrackingNet(shipped, channels_last=False)
    assert not fast.channels_last and TrackingNet(shipped).channels_last  # the CPU's default
    with torch.no_grad():
        got, want = [], []
        for net, out in ((plain, want), (fast, got)):
            k_rgb, k_hsi = net.template_rgb(z_rgb), net.template_hsi(z_hsi)
            out.extend(net.search_rgb(k_rgb, net.features_rgb(x_rgb)))
            out.append(net.score_hsi(k_hsi, net.features_hsi(x_hsi)))
    for a, b in zip(want, got):
        assert not b.is_contiguous(memory_format=torch.channels_last) or b.shape[1] == 1
        np.testing.assert_allclose(b.numpy(), a.numpy(), rtol=1e-5, atol=1e-4)
