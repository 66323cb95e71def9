"""The imported video_analyst network's classification-tower ReLU (``head.cls_final_relu``): stored with
the weights, absent from our own, and kept by every path an imported file goes through (the tracker's
loader, the compact format, pruning, the PyTorch and ONNX Runtime back ends)."""
from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from test_import_released import released_like, their_forward  # noqa: E402  (same folder)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    from workbench_siamfcpp_prune.import_released import main

    d = tmp_path_factory.mktemp("released_relu")
    theirs = released_like(seed=3)
    torch.save(theirs, d / "released.pkl")
    assert main([str(d / "released.pkl"), "--out", str(d / "imported.pt")]) == 0
    g = torch.Generator().manual_seed(5)
    z_bgr = torch.rand(1, 3, 127, 127, generator=g) * 255
    x_bgr = torch.rand(1, 3, 303, 303, generator=g) * 255
    with torch.no_grad():
        ref = their_forward(theirs, z_bgr, x_bgr, cls_final_relu=True)
    return theirs, d, (z_bgr.flip(1) / 255, x_bgr.flip(1) / 255), ref


def _close(outs, ref):
    for a, b in zip(outs, ref):
        a, b = torch.as_tensor(np.asarray(a)).reshape(b.shape), b
        torch.testing.assert_close(a, b, rtol=1e-4, atol=1e-4 * float(b.abs().max()) + 1e-5)


def test_our_own_weights_carry_no_flag_and_keep_a_linear_tower():
    from workbench_siamfcpp_prune.model import SiamFCpp, build_from_state_dict
    from workbench_siamfcpp_prune.tracker import load_base

    for m in (SiamFCpp(), load_base()):  # a fresh network and the shipped weights
        assert "head.cls_final_relu" not in m.state_dict()
        assert m.head.cls_tower[-1].relu is False and not m.cls_final_relu
    sd = SiamFCpp().state_dict()
    assert build_from_state_dict(sd).head.cls_tower[-1].relu is False


def test_imported_file_carries_the_flag_to_the_loader(imported):
    from workbench.core.training.checkpoints import load_file
    from workbench_siamfcpp_prune.checkpoint import load_model

    _, d, (z, x), ref = imported
    assert int(load_file(d / "imported.pt")["head.cls_final_relu"]) == 1
    model, _ = load_model(d / "imported.pt")
    assert model.cls_final_relu and model.head.cls_tower[-1].relu is True
    assert [m.relu for m in model.head.box_tower] == [True, True, False]  # the box tower is untouched
    with torch.no_grad():
        _close(model.eval()(z, x), ref)


def test_compact_file_and_pruning_keep_the_flag(imported, tmp_path):
    from workbench_siamfcpp_prune.checkpoint import inference_state, load_model, save_compact
    from workbench_siamfcpp_prune.model import build_from_state_dict
    from workbench_siamfcpp_prune.surgery import prune

    _, d, (z, x), ref = imported
    model, _ = load_model(d / "imported.pt")
    save_compact(tmp_path / "q8.pt", inference_state(model))
    q8, _ = load_model(tmp_path / "q8.pt")
    assert q8.head.cls_tower[-1].relu is True
    rng = np.random.default_rng(0)
    ranks = {n: rng.random(m.conv.out_channels) for n, m in model.named_modules() if hasattr(m, "conv")
             and isinstance(getattr(m, "conv"), torch.nn.Conv2d)}
    small = prune(model, ranks, 0.5)
    assert small.widths != model.widths
    rebuilt = build_from_state_dict(inference_state(small))
    assert rebuilt.head.cls_tower[-1].relu is True
    with torch.no_grad():
        cls = rebuilt.eval()(z, x)[0]
    assert cls.shape == ref[0].shape


@pytest.mark.parametrize("backend", ["torch", "onnxruntime"])
def test_search_backends_reproduce_the_reference(imported, backend):
    from workbench_siamfcpp_prune.checkpoint import load_model
    from workbench_siamfcpp_prune.runtime import make_search, onnxruntime_available

    if backend == "onnxruntime" and not onnxruntime_available():
        pytest.skip("onnxruntime not installed")
    _, d, (z, x), ref = imported
    model, _ = load_model(d / "imported.pt")
    model.eval()
    with torch.no_grad():
        kernels = model.template_kernels(z)
    search = make_search(model, backend, "cpu", 303)
    cls, ctr, off = search(kernels, x.numpy())
    _close((cls, ctr, off), ref)


def test_bf16_prepacked_branch_keeps_the_relu(imported, recwarn):
    """The prepacked bf16 branch fuses the two head towers into grouped convs: with the imported
    network's final classification ReLU it must still agree with eager bf16 (else it falls back with a
    warning) and stay near the float32 reference."""
    from workbench_siamfcpp_prune.checkpoint import load_model
    from workbench_siamfcpp_prune.runtime import TorchSearch, bf16_supported, packed_bf16_available

    if not (bf16_supported() and packed_bf16_available()):
        pytest.skip("no native bf16 convolutions on this CPU")
    _, d, (z, x), ref = imported
    model, _ = load_model(d / "imported.pt")
    model.eval()
    with torch.no_grad():
        kernels = model.template_kernels(z)
    search = TorchSearch(model, "cpu", bf16=True, x_size=303)
    assert search.packed is not None and search.packed.fused
    assert not [w for w in recwarn if "prepacked" in str(w.message)]
    cls, ctr, off = search(kernels, x.numpy())
    rcls = ref[0][0, 0].numpy()
    assert np.abs(cls - rcls).max() < 0.05 * np.abs(rcls).max()
