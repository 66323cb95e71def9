"""``workbench import siamfcpp CHECKPOINT --out F.pt [--keep-bgr]``

Loads the authors' released SiamFC++ (AlexNet) weights of the video_analyst code base (the ``.pkl``
state_dicts of ``SiamTrack`` with the ``AlexNet`` backbone and the ``DenseboxHead``, e.g.
``siamfcpp-alexnet-got-md5_....pkl``) into our network and writes a plain weights file that the
tracker loads with ``--set weights=F.pt``.

The file is read with ``torch.load(weights_only=True)``; one that needs pickle is refused. Its keys
must be exactly the released model's (``module.`` prefixes and the training losses' buffers
``loss.*`` are dropped; a ``{"model_state_dict": ...}`` snapshot is unwrapped); otherwise one line
names the first missing / unexpected / mis-shaped keys.

What the mapping changes, so the imported network computes what theirs computes:

* input: theirs takes BGR crops in 0..255 (cv2 images, no normalisation), ours RGB in 0..1, so
  conv1's weights are multiplied by 255 and (unless ``--keep-bgr``) their input channels reversed;
* head towers: theirs ``head_conv_bn = [False, False, True]`` with ReLU after all three convs, ours
  BN + ReLU on the first two and a plain conv last: the first two get an identity BN, the third
  conv's BN is folded into it;
* the 1x1 predictors (``cls_score_p5``, ``ctr_score_p5``, ``bbox_offsets_p5``) carry a BN each in
  theirs (``conv_bn_relu`` defaults to ``has_bn=True``): folded into our plain convs;
* ``head.bi`` / ``head.si`` (the box offsets' ``exp(si * x + bi) * 8``) are copied as they are;
* their classification tower ends in a ReLU (``cls_p5_conv3`` is a ``conv_bn_relu`` with
  ``has_relu`` left True) that our own networks do not have: the imported network is built with
  ``SiamFCpp(cls_final_relu=True)``, and the flag travels in the weights file as the buffer
  ``head.cls_final_relu`` (``model.build_from_state_dict`` reads it), so the tracker, the ONNX
  Runtime / bf16 back ends, pruning and finetuning all keep it. Our own weights carry no such key
  and are unchanged. With it every output (classification, centre-ness, box offsets) equals theirs.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from workbench.core.errors import WorkbenchError

EPS = 1e-5  # BatchNorm2d's default eps, in theirs and ours

# (their module, our module, kind); kind: "cbn" conv+BN -> conv+BN, "c2cbn" conv -> conv + identity BN,
# "cbn2c" conv+BN -> conv with the BN folded in
BACKBONE = [(f"basemodel.conv{i}", f"backbone.conv{i}", "cbn") for i in range(1, 6)]
NECK = [(k, f"neck.{k}", "cbn") for k in ("c_z_k", "r_z_k", "c_x", "r_x")]


def module_map(num_conv3x3: int = 3, head_conv_bn=(False, False, True)) -> list[tuple[str, str, str]]:
    """Their module -> our module and how the tensors move (see the module doc)."""
    out = list(BACKBONE) + list(NECK)
    for i in range(num_conv3x3):
        last = i == num_conv3x3 - 1
        kind = ("cbn2c" if head_conv_bn[i] else "c2c") if last else ("cbn" if head_conv_bn[i] else "c2cbn")
        out.append((f"head.cls_p5_conv{i + 1}", f"head.cls_tower.{i}", kind))
        out.append((f"head.bbox_p5_conv{i + 1}", f"head.box_tower.{i}", kind))
    out += [("head.cls_score_p5", "head.cls_score", "cbn2plain"), ("head.ctr_score_p5", "head.ctr_score", "cbn2plain"),
            ("head.bbox_offsets_p5", "head.bbox", "cbn2plain")]
    return out


def expected_keys(num_conv3x3: int = 3, head_conv_bn=(False, False, True)) -> list[str]:
    """The released state_dict's keys (``num_batches_tracked`` optional: older torch omitted it)."""
    keys = []
    for theirs, _, kind in module_map(num_conv3x3, head_conv_bn):
        keys += [f"{theirs}.conv.weight", f"{theirs}.conv.bias"]
        if kind in ("cbn", "cbn2c", "cbn2plain"):
            keys += [f"{theirs}.bn.{p}" for p in ("weight", "bias", "running_mean", "running_var", "num_batches_tracked")]
    return keys + ["head.bi", "head.si"]


def unwrap(obj, path=None) -> dict:
    """The state_dict inside a loaded file: prefixes and training-only loss buffers dropped."""
    from workbench.core.training.checkpoints import CheckpointError

    if isinstance(obj, dict) and isinstance(obj.get("model_state_dict"), dict):
        obj = obj["model_state_dict"]
    elif isinstance(obj, dict) and isinstance(obj.get("model"), dict) and "optimizer" in obj:
        obj = obj["model"]  # a training checkpoint (ours or a third party's): its network, not "format, model"
    if not isinstance(obj, dict):
        raise CheckpointError(path, f"expected a state_dict, found {type(obj).__name__}")
    sd = {}
    for k, v in obj.items():
        k = str(k)
        k = k[7:] if k.startswith("module.") else k
        if not k.startswith("loss."):
            sd[k] = v
    return sd


def check_keys(sd: dict, path=None) -> None:
    """One line naming the first missing / unexpected keys of a file that is not the released model."""
    from workbench.core.training.checkpoints import CheckpointError, key_mismatch

    problem = key_mismatch(dict.fromkeys(expected_keys()), sd, may_lack=lambda k: k.endswith("num_batches_tracked"))
    if problem and (sd.get("format") == "siamfcpp-q8/1" or any(str(k).startswith(("backbone.conv1.", "net.backbone."))
                                                             for k in sd)):
        # was "missing basemodel.conv1...; unexpected format, model (+4 more)": our own file needs no import
        raise CheckpointError(path, "already SiamFC++ weights of this workbench (`workbench train` / `prune` wrote "
                                    "it): use it as it is, --set weights=FILE")
    if problem:
        raise CheckpointError(path, "not a video_analyst SiamFC++ AlexNet checkpoint: " + problem)


def _bn_scale_shift(sd: dict, prefix: str):
    g = sd[f"{prefix}.bn.weight"].float() / (sd[f"{prefix}.bn.running_var"].float() + EPS).sqrt()
    return g, sd[f"{prefix}.bn.bias"].float() - sd[f"{prefix}.bn.running_mean"].float() * g


def convert(sd: dict, bgr_to_rgb: bool = True, input_scale: float = 255.0) -> dict:
    """Their state_dict (keys checked) -> ours, for ``model.SiamFCpp()`` of the default widths."""
    import torch

    out = {}
    for theirs, ours, kind in module_map():
        w = sd[f"{theirs}.conv.weight"].detach().float().clone()
        b = sd[f"{theirs}.conv.bias"].detach().float().clone()
        if theirs == "basemodel.conv1":
            w = w * input_scale
            if bgr_to_rgb:
                w = w.flip(1)
        if kind in ("cbn2c", "cbn2plain"):
            g, shift = _bn_scale_shift(sd, theirs)
            w = w * g.view(-1, 1, 1, 1)
            b = b * g + shift
        if kind == "cbn2plain":
            out[f"{ours}.weight"], out[f"{ours}.bias"] = w, b
            continue
        out[f"{ours}.conv.weight"], out[f"{ours}.conv.bias"] = w, b
        if kind == "cbn":
            for p in ("weight", "bias", "running_mean", "running_var"):
                out[f"{ours}.bn.{p}"] = sd[f"{theirs}.bn.{p}"].detach().float().clone()
            nbt = sd.get(f"{theirs}.bn.num_batches_tracked")
            out[f"{ours}.bn.num_batches_tracked"] = (nbt.detach().clone() if nbt is not None
                                                     else torch.tensor(0, dtype=torch.long))
        elif kind == "c2cbn":  # identity BN in eval: (x - 0) / sqrt(1 + eps) * sqrt(1 + eps) + 0
            n = w.shape[0]
            out[f"{ours}.bn.weight"] = torch.full((n,), (1.0 + EPS) ** 0.5)
            out[f"{ours}.bn.bias"] = torch.zeros(n)
            out[f"{ours}.bn.running_mean"] = torch.zeros(n)
            out[f"{ours}.bn.running_var"] = torch.ones(n)
            out[f"{ours}.bn.num_batches_tracked"] = torch.tensor(0, dtype=torch.long)
    out["head.bi"] = sd["head.bi"].detach().float().clone().reshape(())
    out["head.si"] = sd["head.si"].detach().float().clone().reshape(())
    out["head.cls_final_relu"] = torch.tensor(1, dtype=torch.uint8)  # their cls tower's final ReLU
    return out


def import_file(path: str | Path, bgr_to_rgb: bool = True):
    """(our SiamFCpp with the released weights, our state_dict) from a released ``.pkl``."""
    from workbench.core.training.checkpoints import fit_state_dict, load_file
    from workbench_siamfcpp_prune.model import SiamFCpp

    sd = unwrap(load_file(path), path)
    check_keys(sd, path)
    ours = convert(sd, bgr_to_rgb)
    model = fit_state_dict(SiamFCpp(cls_final_relu=True), ours, path, what="released SiamFC++ weights")
    return model.eval(), ours


def main(argv: list[str], prog: str = "workbench import siamfcpp") -> int:
    """``workbench import siamfcpp|ps_siamfcpp``: the CLI gives ``prog``, the line it was called by (both plugins'
    verb is this function; the usage named siamfcpp for ps_siamfcpp too)."""
    from workbench.core.options import add_force_arg, keep_existing
    from workbench.core.training.checkpoints import save_weights

    ap = argparse.ArgumentParser(prog=prog,
                                 description="Import the authors' released SiamFC++ (AlexNet) weights of the "
                                             "video_analyst code base (.pkl) into a weights file for --set weights=F.pt.")
    ap.add_argument("checkpoint", help="released video_analyst SiamFC++ AlexNet .pkl (a torch state_dict)")
    ap.add_argument("--out", required=True, help="weights file to write (load with --set weights=F.pt)")
    ap.add_argument("--keep-bgr", action="store_true",
                    help="keep conv1's BGR channel order (default: reorder to the RGB crops our tracker feeds)")
    add_force_arg(ap, "the --out file")
    args = ap.parse_args(argv)
    if Path(args.out).exists() and Path(args.checkpoint).exists() and Path(args.out).samefile(args.checkpoint):
        # the converted weights replaced the authors' file they were made from
        raise WorkbenchError(f"--out {args.out}: is the file being imported; give another file name")
    keep_existing([("--out", args.out)], args.force)
    model, ours = import_file(args.checkpoint, bgr_to_rgb=not args.keep_bgr)
    out = save_weights(args.out, model)
    print(f"imported {args.checkpoint} ({len(ours)} tensors, {sum(p.numel() for p in model.parameters()) / 1e6:.2f} M "
          f"parameters) -> {out}")
    print("note: the file keeps their classification tower's final ReLU (head.cls_final_relu); "
          "BGR->RGB " + ("kept as BGR (--keep-bgr)" if args.keep_bgr else "reordered for our RGB crops"))
    return 0
