"""``workbench import siamfcpp``: the authors' released video_analyst SiamFC++ (AlexNet) weights."""
from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
import torch.nn.functional as F  # noqa: E402

from workbench.core.training.checkpoints import CheckpointError  # noqa: E402

# The released state_dict's keys and shapes, read from megvii-research/video_analyst (MegviiDetection):
#   videoanalyst/model/backbone/backbone_impl/alexnet_bn.py        AlexNet: conv1..conv5 = conv_bn_relu (conv5 no ReLU)
#   videoanalyst/model/task_model/taskmodel_impl/siamese_track.py  SiamTrack: basemodel, r_z_k, c_z_k, r_x, c_x
#                                                                   (conv_bn_relu 256 -> 256, 3x3, no ReLU)
#   videoanalyst/model/task_head/taskhead_impl/track_head.py       DenseboxHead: cls_p5_conv1..3 / bbox_p5_conv1..3
#       (head_conv_bn [False, False, True], ReLU on all), cls_score_p5 / ctr_score_p5 / bbox_offsets_p5
#       (conv_bn_relu 1x1, has_bn default True, no ReLU), bi, si
#   videoanalyst/model/common_opr/common_block.py                  conv_bn_relu: .conv (bias=True), .bn, .relu
#   experiments/siamfcpp/test/got10k/siamfcpp_alexnet-got.yaml     num_conv3x3 3, head_conv_bn [False, False, True]
BN = ("weight", "bias", "running_mean", "running_var")
CONV_BN = [("basemodel.conv1", (96, 3, 11, 11)), ("basemodel.conv2", (256, 96, 5, 5)),
           ("basemodel.conv3", (384, 256, 3, 3)), ("basemodel.conv4", (384, 384, 3, 3)),
           ("basemodel.conv5", (256, 384, 3, 3)),
           ("c_z_k", (256, 256, 3, 3)), ("r_z_k", (256, 256, 3, 3)), ("c_x", (256, 256, 3, 3)), ("r_x", (256, 256, 3, 3)),
           ("head.cls_p5_conv3", (256, 256, 3, 3)), ("head.bbox_p5_conv3", (256, 256, 3, 3)),
           ("head.cls_score_p5", (1, 256, 1, 1)), ("head.ctr_score_p5", (1, 256, 1, 1)),
           ("head.bbox_offsets_p5", (4, 256, 1, 1))]
CONV_ONLY = [("head.cls_p5_conv1", (256, 256, 3, 3)), ("head.cls_p5_conv2", (256, 256, 3, 3)),
             ("head.bbox_p5_conv1", (256, 256, 3, 3)), ("head.bbox_p5_conv2", (256, 256, 3, 3))]
SCALARS = ["head.bi", "head.si"]


def reference_table() -> dict[str, tuple]:
    table = {}
    for name, shape in CONV_BN + CONV_ONLY:
        table[f"{name}.conv.weight"] = shape
        table[f"{name}.conv.bias"] = (shape[0],)
    for name, shape in CONV_BN:
        for p in BN:
            table[f"{name}.bn.{p}"] = (shape[0],)
        table[f"{name}.bn.num_batches_tracked"] = ()
    for k in SCALARS:
        table[k] = ()
    return table


def released_like(seed: int = 0) -> dict:
    g = torch.Generator().manual_seed(seed)
    sd = {}
    for k, shape in reference_table().items():
        if k.endswith("num_batches_tracked"):
            sd[k] = torch.tensor(1000, dtype=torch.long)
        elif k.endswith("running_var"):
            sd[k] = torch.rand(shape, generator=g) + 0.5
        elif k.endswith("bn.weight"):
            sd[k] = torch.rand(shape, generator=g) + 0.5
        elif k.endswith(".conv.weight"):
            fan_in = shape[1] * shape[2] * shape[3]
            sd[k] = torch.randn(shape, generator=g) / fan_in ** 0.5
        elif k == "head.si":
            sd[k] = torch.tensor(0.7)
        elif k == "head.bi":
            sd[k] = torch.tensor(0.3)
        else:
            sd[k] = torch.randn(shape, generator=g) * 0.1
    sd["basemodel.conv1.conv.weight"] = sd["basemodel.conv1.conv.weight"] / 255.0  # their input is 0..255
    sd["loss.centerness.t_one"] = torch.tensor(1.0)  # a training loss buffer, dropped by the importer
    return sd


# --- their network, written directly from the definitions above (eval mode) ---
def cbr(sd, name, x, bn=True, relu=True):
    x = F.conv2d(x, sd[f"{name}.conv.weight"], sd[f"{name}.conv.bias"], stride=2 if name == "basemodel.conv1" else 1)
    if bn:
        x = F.batch_norm(x, sd[f"{name}.bn.running_mean"], sd[f"{name}.bn.running_var"], sd[f"{name}.bn.weight"],
                         sd[f"{name}.bn.bias"], False, 0.0, 1e-5)
    return F.relu(x) if relu else x


def their_backbone(sd, x):
    x = F.max_pool2d(cbr(sd, "basemodel.conv1", x), 3, 2, ceil_mode=True)
    x = F.max_pool2d(cbr(sd, "basemodel.conv2", x), 3, 2, ceil_mode=True)
    x = cbr(sd, "basemodel.conv4", cbr(sd, "basemodel.conv3", x))
    return cbr(sd, "basemodel.conv5", x, relu=False)


def xcorr(x, k):
    b, c = k.shape[:2]
    out = F.conv2d(x.reshape(1, b * c, *x.shape[2:]), k.reshape(b * c, 1, *k.shape[2:]), groups=b * c)
    return out.reshape(b, c, *out.shape[2:])


def their_forward(sd, z, x, cls_final_relu=True):
    fz, fx = their_backbone(sd, z), their_backbone(sd, x)
    c = xcorr(cbr(sd, "c_x", fx, relu=False), cbr(sd, "c_z_k", fz, relu=False))
    r = xcorr(cbr(sd, "r_x", fx, relu=False), cbr(sd, "r_z_k", fz, relu=False))
    for i, bn in enumerate((False, False, True)):
        c = cbr(sd, f"head.cls_p5_conv{i + 1}", c, bn=bn, relu=i < 2 or cls_final_relu)
        r = cbr(sd, f"head.bbox_p5_conv{i + 1}", r, bn=bn)
    cls = cbr(sd, "head.cls_score_p5", c, relu=False)
    ctr = cbr(sd, "head.ctr_score_p5", c, relu=False)
    off = torch.exp(sd["head.si"] * cbr(sd, "head.bbox_offsets_p5", r, relu=False) + sd["head.bi"]) * 8
    return cls, ctr, off


def _fold(sd, name):
    g = sd[f"{name}.bn.weight"] / (sd[f"{name}.bn.running_var"] + 1e-5).sqrt()
    return g, sd[f"{name}.bn.bias"] - sd[f"{name}.bn.running_mean"] * g


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    from workbench_siamfcpp_prune.import_released import main

    d = tmp_path_factory.mktemp("released")
    theirs = released_like()
    torch.save(theirs, d / "siamfcpp-alexnet-got.pkl")
    assert main([str(d / "siamfcpp-alexnet-got.pkl"), "--out", str(d / "imported.pt")]) == 0
    return theirs, d


def test_import_every_tensor_lands_where_the_mapping_says(imported):
    from workbench.core.training.checkpoints import load_file
    from workbench_siamfcpp_prune.checkpoint import load_model

    theirs, d = imported
    ours = load_file(d / "imported.pt")
    model, _ = load_model(d / "imported.pt")  # what the tracker's --set weights=F.pt does
    assert set(ours) == set(model.state_dict())
    eq = torch.testing.assert_close
    # conv1: x255 for our 0..1 input, BGR -> RGB
    eq(ours["backbone.conv1.conv.weight"], theirs["basemodel.conv1.conv.weight"].flip(1) * 255)
    for ours_name, their_name in [(f"backbone.conv{i}", f"basemodel.conv{i}") for i in range(1, 6)] + \
            [(f"neck.{k}", k) for k in ("c_z_k", "r_z_k", "c_x", "r_x")]:
        if ours_name != "backbone.conv1":
            eq(ours[f"{ours_name}.conv.weight"], theirs[f"{their_name}.conv.weight"])
        eq(ours[f"{ours_name}.conv.bias"], theirs[f"{their_name}.conv.bias"])
        for p in BN + ("num_batches_tracked",):
            eq(ours[f"{ours_name}.bn.{p}"], theirs[f"{their_name}.bn.{p}"])
    for tower, their in (("cls_tower", "cls_p5_conv"), ("box_tower", "bbox_p5_conv")):
        for i in (0, 1):  # their conv (no BN) -> our conv + identity BN
            eq(ours[f"head.{tower}.{i}.conv.weight"], theirs[f"head.{their}{i + 1}.conv.weight"])
            eq(ours[f"head.{tower}.{i}.conv.bias"], theirs[f"head.{their}{i + 1}.conv.bias"])
            bn = {p: ours[f"head.{tower}.{i}.bn.{p}"] for p in BN}
            eq((bn["weight"] / (bn["running_var"] + 1e-5).sqrt()), torch.ones(256))
            eq(bn["bias"] - bn["running_mean"], torch.zeros(256))
        g, shift = _fold(theirs, f"head.{their}3")  # their conv + BN -> our plain conv, BN folded
        eq(ours[f"head.{tower}.2.conv.weight"], theirs[f"head.{their}3.conv.weight"] * g.view(-1, 1, 1, 1))
        eq(ours[f"head.{tower}.2.conv.bias"], theirs[f"head.{their}3.conv.bias"] * g + shift)
    for o, t in (("cls_score", "cls_score_p5"), ("ctr_score", "ctr_score_p5"), ("bbox", "bbox_offsets_p5")):
        g, shift = _fold(theirs, f"head.{t}")
        eq(ours[f"head.{o}.weight"], theirs[f"head.{t}.conv.weight"] * g.view(-1, 1, 1, 1))
        eq(ours[f"head.{o}.bias"], theirs[f"head.{t}.conv.bias"] * g + shift)
    eq(ours["head.bi"], theirs["head.bi"])
    eq(ours["head.si"], theirs["head.si"])


def test_import_outputs_match_a_direct_computation(imported):
    from workbench_siamfcpp_prune.checkpoint import load_model

    theirs, d = imported
    model, _ = load_model(d / "imported.pt")
    model.eval()
    g = torch.Generator().manual_seed(1)
    z_bgr = torch.rand(1, 3, 127, 127, generator=g) * 255
    x_bgr = torch.rand(1, 3, 303, 303, generator=g) * 255
    z, x = z_bgr.flip(1) / 255, x_bgr.flip(1) / 255  # what our tracker feeds: RGB in 0..1
    with torch.no_grad():
        # backbone's first conv (+ BN + ReLU) against theirs on their input
        eq = torch.testing.assert_close
        eq(model.backbone.conv1(x), cbr(theirs, "basemodel.conv1", x_bgr), rtol=1e-4, atol=1e-4)
        eq(model.backbone(x), their_backbone(theirs, x_bgr), rtol=1e-4, atol=1e-4)
        cls, ctr, off = model(z, x)
        assert cls.shape == (1, 1, 17, 17)
        # their network as released, classification tower's final ReLU included (head.cls_final_relu)
        rcls, rctr, roff = their_forward(theirs, z_bgr, x_bgr, cls_final_relu=True)
        eq(cls, rcls, rtol=1e-4, atol=1e-4 * float(rcls.abs().max()))
        eq(ctr, rctr, rtol=1e-4, atol=1e-4 * float(rctr.abs().max()))
        eq(off, roff, rtol=1e-4, atol=1e-3)
        # that ReLU matters on this checkpoint: without it the scores are far from ours
        ncls, _, _ = their_forward(theirs, z_bgr, x_bgr, cls_final_relu=False)
        assert float((ncls - cls).abs().max()) > 100 * 1e-4 * float(rcls.abs().max())


def test_import_refuses_a_checkpoint_with_a_missing_key(tmp_path):
    from workbench_siamfcpp_prune.import_released import main

    sd = released_like()
    del sd["head.ctr_score_p5.bn.running_var"]
    sd["head.extra.weight"] = torch.zeros(1)
    torch.save(sd, tmp_path / "broken.pkl")
    with pytest.raises(CheckpointError) as e:
        main([str(tmp_path / "broken.pkl"), "--out", str(tmp_path / "o.pt")])
    msg = str(e.value)
    assert "\n" not in msg and "missing head.ctr_score_p5.bn.running_var" in msg and "unexpected head.extra.weight" in msg
    assert not (tmp_path / "o.pt").exists()


def test_import_refuses_a_file_that_needs_pickle(tmp_path):
    from workbench_siamfcpp_prune.import_released import main

    import argparse
    torch.save({"model": argparse.Namespace(a=1)}, tmp_path / "pickled.pkl")
    with pytest.raises(CheckpointError, match="needs pickle"):
        main([str(tmp_path / "pickled.pkl"), "--out", str(tmp_path / "o.pt")])


def test_import_verb_is_registered():
    from workbench_siamfcpp_prune import PLUGIN

    for p in PLUGIN:
        assert p.commands["import"] == "workbench_siamfcpp_prune.import_released:main"
