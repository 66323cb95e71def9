"""``workbench import lw_irstnet``: the LW-IRSTNet authors' released weights (github.com/kourenke/LW-IRSTNet).

The reference keys and shapes below are read from their ``models/LW_IRST_Net/LW_IRST_ablation.py``
(class ``LW_IRST_ablation``, released configuration channel=(8, 32, 64), dilations=(2, 4, 8, 16),
asymmetric kernel 7 in every DAAA module):
  InitialBlock: main_branch (Conv2d 3->5, 3x3/2, pad 1, no bias), ext_branch (MaxPool 3/2 pad 1),
      batch_norm (8), out_activation (PReLU: encoder_relu=False)
  DownsamplingBottleneck: main_max1 (MaxPool 2/2) + zero channels; ext_conv1 (2x2/2) / ext_conv2 (3x3 pad 1)
      / ext_conv3 (1x1) = Sequential(conv, BN, act); out_activation
  RegularBottleneck: ext_conv1 (1x1) / ext_conv2 / ext_conv3 (1x1) = Sequential(conv, BN, act), internal
      channels // 4 (depthwise: * 2); ext_conv2 is 3x3 (regular), 3x3 dilated (atrous), Sequential(kx1, BN,
      act, 1xk, BN, act) (asymmetric) or dw_conv.dw_conv_k3 = Sequential(depthwise 3x3, BN, ReLU) (depthwise:
      dw_conv's relu=True default, a ReLU even in the encoder); out_activation; ReLU in the decoder
  transposed4/5/6_conv: ConvTranspose2d 3x3/2 pad 1, no bias, called with output_size = the skip map's size
  ext_conv1, ext_conv2, conv1, conv2, conv3: defined, never called in forward
Their network is computed here straight from a state_dict with those names (``their_forward``),
independently of our model code.
"""
from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
import torch.nn.functional as F  # noqa: E402

from workbench.core.training.checkpoints import CheckpointError  # noqa: E402

BN = ("weight", "bias", "running_mean", "running_var")
DAAA = [("Depthwise2_1", "Atrous2_2", "Asymmetric2_3", "Atrous2_4", (2, 4)),
        ("Depthwise2_5", "Atrous2_6", "Asymmetric2_7", "Atrous2_8", (8, 16)),
        ("Depthwise3_1", "Atrous3_2", "Asymmetric3_3", "Atrous3_4", (2, 4)),
        ("Depthwise3_5", "Atrous3_6", "Asymmetric3_7", "Atrous3_8", (8, 16))]


# --- the reference state_dict, written from the class definitions above ---
def _cba_keys(t, prefix, cin, cout, kh, kw, act=True, groups=1, slot=0):
    t[f"{prefix}.{slot}.weight"] = (cout, cin // groups, kh, kw)
    for p in BN:
        t[f"{prefix}.{slot + 1}.{p}"] = (cout,)
    t[f"{prefix}.{slot + 1}.num_batches_tracked"] = ()
    if act:
        t[f"{prefix}.{slot + 2}.weight"] = (1,)


def _bottleneck_keys(t, name, ch, kind, prelu=True, kernel=7):
    mid = ch * 2 if kind == "depthwise" else ch // 4
    _cba_keys(t, f"{name}.ext_conv1", ch, mid, 1, 1, prelu)
    if kind == "depthwise":
        _cba_keys(t, f"{name}.ext_conv2.dw_conv_k3", mid, mid, 3, 3, act=False, groups=mid)
    elif kind == "asymmetric":
        _cba_keys(t, f"{name}.ext_conv2", mid, mid, kernel, 1, prelu)
        _cba_keys(t, f"{name}.ext_conv2", mid, mid, 1, kernel, prelu, slot=3)
    else:
        _cba_keys(t, f"{name}.ext_conv2", mid, mid, 3, 3, prelu)
    _cba_keys(t, f"{name}.ext_conv3", mid, ch, 1, 1, prelu)
    if prelu:
        t[f"{name}.out_activation.weight"] = (1,)


def reference_keys(kernels=(7, 7, 7, 7), leftovers=True) -> dict[str, tuple]:
    t = {"initial_block.main_branch.weight": (5, 3, 3, 3)}
    for p in BN:
        t[f"initial_block.batch_norm.{p}"] = (8,)
    t["initial_block.batch_norm.num_batches_tracked"] = ()
    t["initial_block.out_activation.weight"] = (1,)
    for name, cin, cout in (("downsample1_0", 8, 32), ("downsample2_0", 32, 64)):
        _cba_keys(t, f"{name}.ext_conv1", cin, cin // 4, 2, 2)
        _cba_keys(t, f"{name}.ext_conv2", cin // 4, cin // 4, 3, 3)
        _cba_keys(t, f"{name}.ext_conv3", cin // 4, cout, 1, 1)
        t[f"{name}.out_activation.weight"] = (1,)
    for i in range(1, 5):
        _bottleneck_keys(t, f"regular1_{i}", 32, "regular")
    for (dw, a1, asym, a2, _), k in zip(DAAA, kernels):
        _bottleneck_keys(t, dw, 64, "depthwise")
        _bottleneck_keys(t, a1, 64, "atrous")
        _bottleneck_keys(t, asym, 64, "asymmetric", kernel=k)
        _bottleneck_keys(t, a2, 64, "atrous")
    t["transposed4_conv.weight"] = (64, 32, 3, 3)
    t["transposed5_conv.weight"] = (32, 8, 3, 3)
    t["transposed6_conv.weight"] = (8, 1, 3, 3)
    for name, ch in (("regular4_1", 32), ("regular4_2", 32), ("regular5_1", 8)):
        _bottleneck_keys(t, name, ch, "regular", prelu=False)
    if leftovers:
        _cba_keys(t, "ext_conv1", 64, 32, 1, 1, act=False)
        _cba_keys(t, "ext_conv2", 16, 8, 1, 1, act=False)
        t.update({"conv1.weight": (32, 64, 1, 1), "conv2.weight": (8, 32, 1, 1), "conv3.weight": (1, 8, 1, 1)})
    return t


def released_like(seed=0, **kw) -> dict:
    g = torch.Generator().manual_seed(seed)
    sd = {}
    for k, shape in reference_keys(**kw).items():
        if k.endswith("num_batches_tracked"):
            sd[k] = torch.tensor(500, dtype=torch.long)
        elif k.endswith("running_var"):
            sd[k] = torch.rand(shape, generator=g) * 0.5 + 0.75
        elif k.endswith("running_mean") or k.endswith(".bias"):
            sd[k] = torch.randn(shape, generator=g) * 0.1
        elif len(shape) == 4:
            fan_in = shape[1] * shape[2] * shape[3]
            sd[k] = torch.randn(shape, generator=g) / fan_in ** 0.5
        elif shape == (1,):  # PReLU slope
            sd[k] = torch.rand(shape, generator=g) * 0.4 + 0.05
        else:  # BN weight
            sd[k] = torch.rand(shape, generator=g) * 0.5 + 0.75
    return sd


# --- their forward, from the state_dict (eval mode) ---
def _bn(sd, p, x):
    return F.batch_norm(x, sd[f"{p}.running_mean"], sd[f"{p}.running_var"], sd[f"{p}.weight"], sd[f"{p}.bias"],
                        False, 0.0, 1e-5)


def _act(sd, key, x):
    return F.prelu(x, sd[key]) if key in sd else F.relu(x)


def _cba(sd, p, x, slot=0, **conv):
    x = _bn(sd, f"{p}.{slot + 1}", F.conv2d(x, sd[f"{p}.{slot}.weight"], **conv))
    return _act(sd, f"{p}.{slot + 2}.weight", x)


def _bottleneck(sd, name, x, kind, dilation=1):
    e = _cba(sd, f"{name}.ext_conv1", x)
    if kind == "depthwise":
        w = sd[f"{name}.ext_conv2.dw_conv_k3.0.weight"]
        e = F.relu(_bn(sd, f"{name}.ext_conv2.dw_conv_k3.1", F.conv2d(e, w, padding=1, groups=w.shape[0])))
    elif kind == "asymmetric":
        k = sd[f"{name}.ext_conv2.0.weight"].shape[2]
        e = _cba(sd, f"{name}.ext_conv2", e, padding=(k // 2, 0))
        e = _cba(sd, f"{name}.ext_conv2", e, slot=3, padding=(0, k // 2))
    else:
        e = _cba(sd, f"{name}.ext_conv2", e, padding=dilation, dilation=dilation)
    e = _cba(sd, f"{name}.ext_conv3", e)
    return _act(sd, f"{name}.out_activation.weight", x + e)


def _down(sd, name, x):
    main = F.max_pool2d(x, 2, 2)
    e = _cba(sd, f"{name}.ext_conv1", x, stride=2)
    e = _cba(sd, f"{name}.ext_conv2", e, padding=1)
    e = _cba(sd, f"{name}.ext_conv3", e)
    main = torch.cat([main, torch.zeros(e.shape[0], e.shape[1] - main.shape[1], *e.shape[2:])], 1)
    return _act(sd, f"{name}.out_activation.weight", main + e)


def _up(sd, name, x, size):  # ConvTranspose2d(3, 2, 1)(x, output_size=size)
    pad = size[-1] - ((x.shape[-1] - 1) * 2 - 2 + 3)
    return F.conv_transpose2d(x, sd[f"{name}.weight"], stride=2, padding=1, output_padding=pad)


def their_forward(sd, x):
    x1 = torch.cat([F.conv2d(x, sd["initial_block.main_branch.weight"], stride=2, padding=1),
                    F.max_pool2d(x, 3, 2, 1)], 1)
    x1 = F.prelu(_bn(sd, "initial_block.batch_norm", x1), sd["initial_block.out_activation.weight"])
    x2 = _down(sd, "downsample1_0", x1)
    for i in range(1, 5):
        x2 = _bottleneck(sd, f"regular1_{i}", x2, "regular")
    x3 = _down(sd, "downsample2_0", x2)
    for dw, a1, asym, a2, (r1, r2) in DAAA:
        x3 = _bottleneck(sd, dw, x3, "depthwise")
        x3 = _bottleneck(sd, a1, x3, "atrous", r1)
        x3 = _bottleneck(sd, asym, x3, "asymmetric")
        x3 = _bottleneck(sd, a2, x3, "atrous", r2)
    x4 = _up(sd, "transposed4_conv", x3, x2.shape) + x2
    x4 = _bottleneck(sd, "regular4_2", _bottleneck(sd, "regular4_1", x4, "regular"), "regular")
    x5 = _bottleneck(sd, "regular5_1", _up(sd, "transposed5_conv", x4, x1.shape) + x1, "regular")
    return _up(sd, "transposed6_conv", x5, x.shape)


# --- tests ---
@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    from workbench_lw_irstnet.import_released import main

    d = tmp_path_factory.mktemp("lw_released")
    theirs = released_like()
    torch.save({"state_dict": {f"module.{k}": v for k, v in theirs.items()}}, d / "LW_IRST_state.pth")
    assert main([str(d / "LW_IRST_state.pth"), "--out", str(d / "imported.pt")]) == 0
    return theirs, d


def test_reference_table_matches_the_keys_read_from_their_code():
    from workbench_lw_irstnet.import_released import UNUSED, reference_table

    ref = reference_keys()
    mine = dict(reference_table(), **UNUSED)
    assert {k for k in ref if not k.endswith("num_batches_tracked")} == \
        {k for k in mine if not k.endswith("num_batches_tracked")}
    assert all(tuple(mine[k]) == ref[k] for k in ref if k in mine)
    assert sum(v.numel() for k, v in released_like(leftovers=False).items()
               if not k.endswith(("running_mean", "running_var", "num_batches_tracked"))) == 163_232


def test_every_tensor_lands_where_the_mapping_says(imported):
    from workbench.core.training.checkpoints import load_file

    theirs, d = imported
    ours = load_file(d / "imported.pt")
    eq = torch.testing.assert_close
    eq(ours["stage1.conv.weight"], theirs["initial_block.main_branch.weight"])
    eq(ours["stage1.act.weight"], theirs["initial_block.out_activation.weight"])
    eq(ours["stage2.0.branch.0.0.weight"], theirs["downsample1_0.ext_conv1.0.weight"])
    eq(ours["stage2.3.branch.1.1.running_var"], theirs["regular1_3.ext_conv2.1.running_var"])
    eq(ours["stage3.2.2.branch.1.1.0.weight"], theirs["Asymmetric2_7.ext_conv2.3.weight"])  # 1x7 half
    eq(ours["stage3.2.2.branch.1.1.2.weight"], theirs["Asymmetric2_7.ext_conv2.5.weight"])
    eq(ours["stage3.4.0.branch.1.0.weight"], theirs["Depthwise3_5.ext_conv2.dw_conv_k3.0.weight"])
    eq(ours["stage3.4.0.branch.1.2.weight"], torch.zeros(1))  # their ReLU as a PReLU of slope 0
    eq(ours["stage3.3.3.act.weight"], theirs["Atrous3_4.out_activation.weight"])
    eq(ours["up4.weight"], theirs["transposed4_conv.weight"])
    eq(ours["stage4.1.branch.2.1.bias"], theirs["regular4_2.ext_conv3.1.bias"])
    eq(ours["stage5.branch.0.0.weight"], theirs["regular5_1.ext_conv1.0.weight"])
    eq(ours["up6.weight"], theirs["transposed6_conv.weight"])
    assert int(ours["stage2.0.branch.0.1.num_batches_tracked"]) == 500


def test_imported_network_computes_their_outputs(imported):
    from workbench_lw_irstnet.segmenter import load_model

    theirs, d = imported
    model = load_model(d / "imported.pt")  # what the segmenter's weights setting does
    g = torch.Generator().manual_seed(1)
    for shape in ((1, 3, 64, 64), (2, 3, 48, 80)):
        x = torch.randn(*shape, generator=g)
        with torch.no_grad():
            ours, ref = model(x), their_forward(theirs, x)
        assert ours.shape == ref.shape == (shape[0], 1, *shape[2:])
        torch.testing.assert_close(ours, ref, rtol=1e-4, atol=1e-4 * float(ref.abs().max()))
    # the depthwise ReLU matters: with their PReLU slopes there instead, the logits move
    with torch.no_grad():
        model.stage3[1][0].branch[1][2].weight.fill_(0.25)
        assert float((model(x) - ref).abs().max()) > 1e-3 * float(ref.abs().max())


def test_segmenter_runs_on_imported_weights(imported):
    import numpy as np

    from workbench_lw_irstnet import LWIRSTNetConfig
    from workbench_lw_irstnet.segmenter import make_segmenter

    _, d = imported
    seg = make_segmenter(LWIRSTNetConfig(weights=str(d / "imported.pt")))
    frame = (np.random.default_rng(0).random((40, 56)) * 255).astype(np.uint8)
    assert seg.logits(frame).shape == (40, 56)


def test_refuses_the_pickled_network_with_the_way_out(tmp_path):
    from workbench_lw_irstnet.import_released import main
    from workbench_lw_irstnet.model import LWIRSTNet

    torch.save(LWIRSTNet(), tmp_path / "merged_LW_IRST_ablation.pkl")  # what they publish: torch.save(net)
    with pytest.raises(CheckpointError) as e:
        main([str(tmp_path / "merged_LW_IRST_ablation.pkl"), "--out", str(tmp_path / "o.pt")])
    msg = str(e.value)
    assert "\n" not in msg and "needs pickle" in msg and ".state_dict()" in msg and "-h" in msg
    assert not (tmp_path / "o.pt").exists()


def test_help_gives_the_resave_command(capsys):
    from workbench_lw_irstnet.import_released import main

    with pytest.raises(SystemExit):
        main(["-h"])
    out = " ".join(capsys.readouterr().out.split())
    assert "weights_only=False).state_dict()" in out and "X_state.pth" in out


def test_names_missing_unexpected_and_misshaped_keys(tmp_path):
    from workbench_lw_irstnet.import_released import main

    sd = released_like()
    del sd["Atrous3_6.ext_conv2.1.running_var"]
    sd["decoder.extra.weight"] = torch.zeros(1)
    torch.save(sd, tmp_path / "broken.pth")
    with pytest.raises(CheckpointError) as e:
        main([str(tmp_path / "broken.pth"), "--out", str(tmp_path / "o.pt")])
    msg = str(e.value)
    assert "\n" not in msg and "missing Atrous3_6.ext_conv2.1.running_var" in msg
    assert "unexpected decoder.extra.weight" in msg
    assert not (tmp_path / "o.pt").exists()
    sd = released_like()
    sd["regular1_2.ext_conv1.0.weight"] = torch.zeros(4, 32, 3, 3)
    torch.save(sd, tmp_path / "shaped.pth")
    with pytest.raises(CheckpointError) as e:
        main([str(tmp_path / "shaped.pth"), "--out", str(tmp_path / "o.pt")])
    assert "regular1_2.ext_conv1.0.weight is (4, 32, 3, 3) in the file, (8, 32, 1, 1) in theirs" in str(e.value)
    assert not (tmp_path / "o.pt").exists()


def test_refuses_the_mixed_kernel_configuration_by_name(tmp_path):
    from workbench_lw_irstnet.import_released import main

    torch.save(released_like(kernels=(3, 5, 7, 9)), tmp_path / "k3579.pth")  # the class's default kernel_size
    with pytest.raises(CheckpointError, match=r"3/5/7/9 wide"):
        main([str(tmp_path / "k3579.pth"), "--out", str(tmp_path / "o.pt")])


def test_import_verb_is_registered_and_dispatched(imported, tmp_path):
    from workbench.cli import main as cli
    from workbench_lw_irstnet import PLUGIN

    assert PLUGIN.commands["import"] == "workbench_lw_irstnet.import_released:main"
    theirs, d = imported
    assert cli(["import", "lw_irstnet", str(d / "LW_IRST_state.pth"), "--out", str(tmp_path / "cli.pt")]) == 0
    assert (tmp_path / "cli.pt").is_file()
