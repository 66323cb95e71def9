"""NAS-TIR's fast tracking path (``NASTIRTracker(fast=True)``, the default): the folded network
(``model.TrackingNet``) and the online classifier's matrix-product descent (``_optimise_fast``) compute what
the plain path (``fast=False``: the network's own modules, the classifier through autograd) computes, to
float rounding, and leave the network that training sees as it was."""
from __future__ import annotations

import numpy as np
import pytest
import torch
from torch.nn import functional as F

from workbench.core.boxes import Box
from workbench.core.data.synthetic import demo_sequence
from workbench_nas_tir import NASTIRConfig
from workbench_nas_tir.tracker import NASTIRTracker

pytestmark = pytest.mark.usefixtures("one_thread")

FRAMES = 5


@pytest.fixture(scope="module")
def video():
    seq = demo_sequence(frames=FRAMES, width=160, height=128, seed=5)
    return [seq.frame(i) for i in range(FRAMES)], Box(*seq.groundtruth[0])


def _random_net(seed: int = 3):
    """A small derived network whose cells use every operation the search space has (max / average pooling
    at strides 1 and 2, both separable and dilated convolutions, skip connections as identity and as a
    FactorizedReduce), with batch norms that are not the identity, so a wrong fold shows."""
    from workbench_nas_tir.model import ArchSpec, DerivedNetwork

    normal = [[["max_pool_3x3", 0], ["sep_conv_3x3", 1]], [["avg_pool_3x3", 1], ["skip_connect", 2]],
              [["dil_conv_3x3", 0], ["sep_conv_5x5", 3]], [["dil_conv_5x5", 2], ["skip_connect", 4]]]
    reduce = [[["skip_connect", 0], ["avg_pool_3x3", 1]], [["max_pool_3x3", 0], ["sep_conv_3x3", 2]],
              [["dil_conv_5x5", 1], ["skip_connect", 3]], [["avg_pool_3x3", 2], ["sep_conv_5x5", 4]]]
    g = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    net = DerivedNetwork(ArchSpec(cell="dual", cells=4, width=8, dims=24, reductions=2),
                         {"cell": "dual", "normal": normal, "reduce": reduce})
    for bn in (m for m in net.modules() if isinstance(m, torch.nn.BatchNorm2d)):
        n = bn.num_features
        bn.weight.data = 0.5 + torch.rand(n, generator=g)
        bn.bias.data = 0.2 * torch.randn(n, generator=g)
        bn.running_mean = 0.1 * torch.randn(n, generator=g)
        bn.running_var = 0.5 + torch.rand(n, generator=g)
    return net.eval()


def test_folded_network_gives_the_network_s_features():
    """At an odd size (FactorizedReduce's padded grid, the pools' edge counts), channels-last and NCHW, and in
    float64 (``online_precision=float64-all``); the network itself is left as it was."""
    from workbench_nas_tir.model import TrackingNet

    net = _random_net()
    before = {k: v.clone() for k, v in net.state_dict().items()}
    x = torch.randn(2, 1, 37, 37, generator=torch.Generator().manual_seed(1))
    folded = {"cl": TrackingNet(net), "nchw": TrackingNet(net, channels_last=False)}
    assert folded["cl"].channels_last and not folded["nchw"].channels_last
    with torch.no_grad():
        for layer in (-1, 1):
            want = net.features(x, layer)
            assert float(want.abs().max()) > 0.1
            for name, f in folded.items():
                got = f.features(x, layer)
                assert got.shape == want.shape, (name, layer)
                np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=0, atol=2e-5 * float(want.abs().max()),
                                           err_msg=f"{name}, layer {layer}")
        after = net.state_dict()
        assert all(torch.equal(after[k], v) for k, v in before.items())  # a snapshot: the network is unchanged
        net.double()  # float64 keeps NCHW and folds in float64
        f64 = TrackingNet(net)
        assert not f64.channels_last
        np.testing.assert_allclose(f64.features(x.double()).numpy(), net.features(x.double()).numpy(), atol=1e-12)
    with pytest.raises(ValueError, match="eval mode"):
        TrackingNet(net.train())


@pytest.fixture(scope="module")
def shipped():
    """The shipped network, loaded once (the trackers below share it; neither path changes it)."""
    from workbench_nas_tir import default_weights
    from workbench_nas_tir.train import load_backbone

    return load_backbone(default_weights())[0]


def _tracker(net, fast: bool, **cfg) -> NASTIRTracker:
    return NASTIRTracker(NASTIRConfig(**cfg), "cpu", net=net, train_crop=32, context=2.0, fast=fast)


CFG = dict(update_every=1, init_iters=5)  # the filter is optimised on every confident frame


def _state(t) -> dict:
    return {"cx": t.cx, "cy": t.cy, "w": t.w, "h": t.h, "frame_no": t.frame_no, "filter": t.filter.clone(),
            "samples": [list(s[:5]) for s in t.samples]}


def _take_state(fast, state: dict, dtype=None) -> None:
    """A plain tracker's state into the fast one (its samples padded as the fast path keeps them)."""
    pad = fast.cfg.filter_size // 2
    for k in ("cx", "cy", "w", "h", "frame_no"):
        setattr(fast, k, state[k])
    cast = (lambda v: v.to(dtype)) if dtype is not None else (lambda v: v)
    fast.filter = cast(state["filter"].clone())
    fast.samples = [[cast(s[0]), cast(s[1]), cast(s[2]), s[3], s[4], F.pad(cast(s[0]), (pad,) * 4)]
                    for s in state["samples"]]


@pytest.fixture(scope="module")
def plain_run(video, shipped):
    """The plain tracker over the video, once: its state before each frame and its outputs."""
    frames, box = video
    n = torch.get_num_threads()
    torch.set_num_threads(1)  # as ``one_thread`` gives the tests (a module fixture is made before it)
    try:
        plain = _tracker(shipped, False, **CFG)
        plain.initialize(frames[0], box)
        assert plain._tnet is None
        states, outs = [], []
        for f in frames[1:]:
            states.append(_state(plain))
            outs.append(plain.track(f))
        return states, outs
    finally:
        torch.set_num_threads(n)


def test_fast_tracking_gives_the_plain_maps_boxes_and_filters_frame_by_frame(video, shipped, plain_run):
    """Lock-step: before every frame the fast tracker takes the plain one's state (position, size, filter,
    samples), so each frame's response map, box, score and updated filter are compared from the same state."""
    frames, box = video
    states, outs = plain_run
    fast = _tracker(shipped, True, **CFG)
    fast.initialize(frames[0], box)
    assert fast._tnet is not None
    scale = float(states[0]["filter"].abs().max())
    updated = 0
    for i, (f, a) in enumerate(zip(frames[1:], outs)):
        _take_state(fast, states[i])
        b = fast.track(f)
        np.testing.assert_allclose(b.maps["response"].data, a.maps["response"].data, rtol=0, atol=1e-5)
        assert float(np.ptp(a.maps["response"].data)) > 0.1  # the maps are not flat
        np.testing.assert_allclose(tuple(b.box), tuple(a.box), rtol=0, atol=1e-3)
        assert b.score == pytest.approx(a.score, abs=1e-5)
        if i + 1 < len(states):  # the sample added and the filter optimised on this frame
            assert len(fast.samples) == len(states[i + 1]["samples"])
            np.testing.assert_allclose(fast.filter.numpy(), states[i + 1]["filter"].numpy(), rtol=0,
                                       atol=1e-4 * scale)
            updated += not torch.equal(states[i + 1]["filter"], states[i]["filter"])
    assert updated >= 2  # frames whose descent was compared


@pytest.mark.parametrize("prec,k,tol", [("float32", 3, 1e-4), ("float64", 5, 1e-10), ("float32", 1, 1e-4)])
def test_fast_descent_is_the_autograd_descent(shipped, plain_run, prec, k, tol):
    """The written-out gradient and the batched-product correlations give autograd's iterates (float32 and
    float64, filter sizes 1, 3 and 5), from the first frame's samples."""
    state = dict(plain_run[0][0])
    f3 = state["filter"]
    state["filter"] = F.pad(f3, (1,) * 4) if k == 5 else f3[:, :, 1:2, 1:2] if k == 1 else f3
    dtype = torch.float64 if prec == "float64" else None
    plain, fast = (_tracker(shipped, f, online_precision=prec, filter_size=k) for f in (False, True))
    for t in (plain, fast):
        _take_state(t, state, dtype)
    f0 = plain.filter.clone()
    plain._optimise_autograd(5)
    fast._optimise(5)
    assert fast.filter.dtype == plain.filter.dtype == (dtype or torch.float32)
    d = float((fast.filter - plain.filter).abs().max())
    assert float((plain.filter - f0).abs().max()) > 100 * d  # the descent moved the filter
    assert d <= tol * float(plain.filter.abs().max()), d


def test_fast_and_plain_track_alike_on_their_own(video, shipped, plain_run):
    """Free-running from the first frame: float rounding may grow through the online learning's choices over
    a long sequence (measured on vottir2016_horse: see ``NASTIRTracker``); over a few frames the boxes agree
    far below a pixel (a wrong fold or a dropped sample moves them by pixels)."""
    frames, box = video
    states, outs = plain_run
    fast = _tracker(shipped, True, **CFG)
    fast.initialize(frames[0], box)
    scale = float(states[0]["filter"].abs().max())
    np.testing.assert_allclose(fast.filter.numpy(), states[0]["filter"].numpy(), rtol=0, atol=1e-4 * scale)
    for f, a in zip(frames[1:], outs):
        b = fast.track(f)
        np.testing.assert_allclose(tuple(b.box), tuple(a.box), rtol=0, atol=0.02)
