"""``workbench import lw_irstnet FILE --out F.pt``

Loads the LW-IRSTNet authors' released PyTorch weights (github.com/kourenke/LW-IRSTNet, class
``LW_IRST_ablation`` in ``models/LW_IRST_Net/LW_IRST_ablation.py``) into our ``model.LWIRSTNet`` and
writes a plain weights file that the segmenter loads with ``workbench segment --weights F.pt`` (the window: the weights setting).

What the authors publish: a ``.pkl`` that is the whole pickled network (``torch.save(net)``; their
``inference_LW_IRSTNet_pkl.py`` calls ``torch.load(path)`` and ``net.eval()``), plus ONNX / ncnn / MNN /
TNN / TFLite exports. Files are read with ``torch.load(weights_only=True)``, so their ``.pkl`` is
refused (unpickling it runs code from the file and needs their code base importable); the message says
how to re-save it as a state_dict where their code is installed::

    python -c "import torch; torch.save(torch.load('X.pkl', weights_only=False).state_dict(), 'X_state.pth')"

A state_dict of ``LW_IRST_ablation`` (``module.`` prefixes dropped, ``{"state_dict": ...}`` /
``{"model": ...}`` / ``{"net": ...}`` unwrapped) imports exactly. Its keys and shapes
(``reference_table``) must be those of the released configuration ``channel=(8, 32, 64)``,
``dilations=(2, 4, 8, 16)``, asymmetric kernels 7x1 / 1x7 in all four DAAA modules (the paper's
0.163 M parameters; the class's default ``kernel_size=(3, 5, 7, 9)`` is refused by name, our network
has one kernel size); otherwise one line names the first missing / unexpected / mis-shaped keys. The
class's ablation leftovers that its forward never calls (``ext_conv1``, ``ext_conv2``, ``conv1``,
``conv2``, ``conv3`` at the top level) are dropped.

The mapping (every tensor copied as it is, no arithmetic):

* ``initial_block.{main_branch, batch_norm, out_activation}`` -> ``stage1.{conv, bn, act}``;
* ``downsample1_0``, ``regular1_1..4`` -> ``stage2.0..4``; ``downsample2_0`` -> ``stage3.0``; the
  DAAA modules ``Depthwise2_1 Atrous2_2 Asymmetric2_3 Atrous2_4`` / ``..2_5..2_8`` / ``..3_1..3_4`` /
  ``..3_5..3_8`` -> ``stage3.1..4.{0..3}``; in each bottleneck ``ext_conv1/2/3.{0,1,2}`` (conv, BN,
  PReLU) -> ``branch.0/1/2.{0,1,2}``, ``out_activation`` -> ``act``; the asymmetric pair
  ``ext_conv2.{0..5}`` -> ``branch.1.0.{0,1,2}`` and ``branch.1.1.{0,1,2}``;
* their depthwise conv (``ext_conv2.dw_conv_k3``) ends in a ReLU where ours has a PReLU: its slope is
  set to 0, which makes that PReLU a ReLU;
* ``transposed4/5/6_conv`` -> ``up4/5/6`` (theirs is called with ``output_size`` = the skip map's size,
  which for the even sizes our network takes is our fixed ``output_padding=1``); ``regular4_1``,
  ``regular4_2``, ``regular5_1`` -> ``stage4.0``, ``stage4.1``, ``stage5`` (ReLU, no parameters).

Input: theirs reads a cv2 (BGR) image, reverses it to RGB, divides by 255 and standardizes with the
ImageNet mean / std; our segmenter feeds the same (``workbench.core.data.sirst.to_input``), so no
input-side change is needed. The output is the logit map (theirs thresholds it at 0).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from workbench.core.errors import WorkbenchError

CHANNELS = (8, 32, 64)
ASYM_KERNEL = 7
BN = ("weight", "bias", "running_mean", "running_var")

# their DAAA bottleneck names, module by module (LW_IRST_ablation.__init__)
DAAA = [("Depthwise2_1", "Atrous2_2", "Asymmetric2_3", "Atrous2_4"),
        ("Depthwise2_5", "Atrous2_6", "Asymmetric2_7", "Atrous2_8"),
        ("Depthwise3_1", "Atrous3_2", "Asymmetric3_3", "Atrous3_4"),
        ("Depthwise3_5", "Atrous3_6", "Asymmetric3_7", "Atrous3_8")]
# defined in LW_IRST_ablation, never called by its forward: dropped when present
UNUSED = {"ext_conv1.0.weight": (32, 64, 1, 1), **{f"ext_conv1.1.{p}": (32,) for p in BN},
          "ext_conv1.1.num_batches_tracked": (), "ext_conv2.1.num_batches_tracked": (),
          "ext_conv2.0.weight": (8, 16, 1, 1), **{f"ext_conv2.1.{p}": (8,) for p in BN},
          "conv1.weight": (32, 64, 1, 1), "conv2.weight": (8, 32, 1, 1), "conv3.weight": (1, 8, 1, 1)}


def _cba(table, mapping, theirs, ours, cin, cout, k, prelu, groups=1, relu_theirs=False):
    """conv (no bias) -> BN -> activation, at ``theirs.{i}`` / ``ours.{j}`` with i, j the Sequential slots."""
    kh, kw = (k, k) if isinstance(k, int) else k
    (tc, tb, ta), (oc, ob, oa) = theirs, ours
    table[f"{tc}.weight"] = (cout, cin // groups, kh, kw)
    mapping[f"{tc}.weight"] = f"{oc}.weight"
    for p in BN:
        table[f"{tb}.{p}"] = (cout,)
        mapping[f"{tb}.{p}"] = f"{ob}.{p}"
    table[f"{tb}.num_batches_tracked"] = ()
    mapping[f"{tb}.num_batches_tracked"] = f"{ob}.num_batches_tracked"
    if prelu and not relu_theirs:
        table[f"{ta}.weight"] = (1,)
        mapping[f"{ta}.weight"] = f"{oa}.weight"


def _slots(prefix: str, start: int = 0):
    return tuple(f"{prefix}.{start + i}" for i in range(3))


def _bottleneck(table, mapping, zeros, theirs, ours, ch, kind, prelu):
    if kind == "down":
        cin, cout = ch
        mid = cin // 4
        _cba(table, mapping, _slots(f"{theirs}.ext_conv1"), _slots(f"{ours}.branch.0"), cin, mid, 2, prelu)
        _cba(table, mapping, _slots(f"{theirs}.ext_conv2"), _slots(f"{ours}.branch.1"), mid, mid, 3, prelu)
        _cba(table, mapping, _slots(f"{theirs}.ext_conv3"), _slots(f"{ours}.branch.2"), mid, cout, 1, prelu)
    else:
        mid = ch * 2 if kind == "depthwise" else ch // 4
        _cba(table, mapping, _slots(f"{theirs}.ext_conv1"), _slots(f"{ours}.branch.0"), ch, mid, 1, prelu)
        if kind == "depthwise":
            _cba(table, mapping, _slots(f"{theirs}.ext_conv2.dw_conv_k3"), _slots(f"{ours}.branch.1"), mid, mid, 3,
                 prelu, groups=mid, relu_theirs=True)
            zeros.append(f"{ours}.branch.1.2.weight")  # their ReLU as our PReLU of slope 0
        elif kind == "asymmetric":
            _cba(table, mapping, _slots(f"{theirs}.ext_conv2"), _slots(f"{ours}.branch.1.0"), mid, mid,
                 (ASYM_KERNEL, 1), prelu)
            _cba(table, mapping, _slots(f"{theirs}.ext_conv2", 3), _slots(f"{ours}.branch.1.1"), mid, mid,
                 (1, ASYM_KERNEL), prelu)
        else:  # regular / atrous: 3x3
            _cba(table, mapping, _slots(f"{theirs}.ext_conv2"), _slots(f"{ours}.branch.1"), mid, mid, 3, prelu)
        _cba(table, mapping, _slots(f"{theirs}.ext_conv3"), _slots(f"{ours}.branch.2"), mid, ch, 1, prelu)
    if prelu:
        table[f"{theirs}.out_activation.weight"] = (1,)
        mapping[f"{theirs}.out_activation.weight"] = f"{ours}.act.weight"


def reference(channels=CHANNELS) -> tuple[dict[str, tuple], dict[str, str], list[str]]:
    """(their key -> shape, their key -> our key, our PReLU slopes set to 0) for the released network."""
    c1, c2, c3 = channels
    table, mapping, zeros = {}, {}, []
    table["initial_block.main_branch.weight"] = (c1 - 3, 3, 3, 3)
    mapping["initial_block.main_branch.weight"] = "stage1.conv.weight"
    for p in BN + ("num_batches_tracked",):
        table[f"initial_block.batch_norm.{p}"] = () if p == "num_batches_tracked" else (c1,)
        mapping[f"initial_block.batch_norm.{p}"] = f"stage1.bn.{p}"
    table["initial_block.out_activation.weight"] = (1,)
    mapping["initial_block.out_activation.weight"] = "stage1.act.weight"
    _bottleneck(table, mapping, zeros, "downsample1_0", "stage2.0", (c1, c2), "down", True)
    for i in range(1, 5):
        _bottleneck(table, mapping, zeros, f"regular1_{i}", f"stage2.{i}", c2, "regular", True)
    _bottleneck(table, mapping, zeros, "downsample2_0", "stage3.0", (c2, c3), "down", True)
    for m, names in enumerate(DAAA, start=1):
        for j, (name, kind) in enumerate(zip(names, ("depthwise", "atrous", "asymmetric", "atrous"))):
            _bottleneck(table, mapping, zeros, name, f"stage3.{m}.{j}", c3, kind, True)
    for theirs, ours, cin, cout in (("transposed4_conv", "up4", c3, c2), ("transposed5_conv", "up5", c2, c1),
                                    ("transposed6_conv", "up6", c1, 1)):
        table[f"{theirs}.weight"] = (cin, cout, 3, 3)
        mapping[f"{theirs}.weight"] = f"{ours}.weight"
    for theirs, ours in (("regular4_1", "stage4.0"), ("regular4_2", "stage4.1"), ("regular5_1", "stage5")):
        _bottleneck(table, mapping, zeros, theirs, ours, c2 if ours.startswith("stage4") else c1, "regular", False)
    return table, mapping, zeros


def reference_table() -> dict[str, tuple]:
    """The released state_dict's keys and shapes (ablation leftovers not included)."""
    return reference()[0]


def unwrap(obj, path=None) -> dict:
    from workbench.core.training.checkpoints import CheckpointError

    for k in ("state_dict", "model", "net", "model_state_dict"):
        if isinstance(obj, dict) and isinstance(obj.get(k), dict):
            obj = obj[k]
            break
    if not isinstance(obj, dict) or not all(hasattr(v, "shape") for v in obj.values()):
        raise CheckpointError(path, f"expected a state_dict of LW_IRST_ablation, found {type(obj).__name__}")
    return {(str(k)[7:] if str(k).startswith("module.") else str(k)): v for k, v in obj.items()}


def check(sd: dict, path=None) -> None:
    """One line naming what keeps ``sd`` from being the released network's state_dict."""
    from workbench.core.training.checkpoints import CheckpointError, key_mismatch

    table = reference_table()
    asym = [sd.get(f"{names[2]}.ext_conv2.0.weight") for names in DAAA]
    ks = [int(w.shape[2]) for w in asym if w is not None and len(w.shape) == 4]
    if len(ks) == 4 and set(ks) != {ASYM_KERNEL}:
        widths = "/".join(map(str, ks))
        raise CheckpointError(path, f"not importable: its asymmetric convs are {widths} wide in the four DAAA "
                                    f"modules (LW_IRST_ablation kernel_size={tuple(ks)}); ours is {ASYM_KERNEL} "
                                    f"in all four, as the released model (0.163 M parameters)")
    problem = key_mismatch(table, sd, may_lack=lambda k: k.endswith("num_batches_tracked"), may_have=UNUSED,
                           where="in theirs", shape_text=lambda v: str(tuple(getattr(v, "shape", v))))
    if problem and "stage1.conv.weight" in sd:  # was "missing initial_block...; unexpected stage1.conv.weight ..."
        raise CheckpointError(path, "already LW-IRSTNet weights of this workbench (`workbench train lw_irstnet` "
                                    "wrote it): use it as it is, `workbench segment --weights FILE`")
    if problem:
        raise CheckpointError(path, "not LW_IRST_ablation weights: " + problem)


def convert(sd: dict) -> dict:
    """Their state_dict (checked) -> ours, for ``model.LWIRSTNet()``."""
    import torch

    table, mapping, zeros = reference()
    out = {}
    for theirs, ours in mapping.items():
        v = sd.get(theirs)
        if v is None:  # num_batches_tracked: older torch did not save it
            out[ours] = torch.tensor(0, dtype=torch.long)
            continue
        v = v.detach().clone()
        out[ours] = v if theirs.endswith("num_batches_tracked") else v.float()
    for k in zeros:
        out[k] = torch.zeros(1)
    return out


RESAVE = ("python -c \"import torch; torch.save(torch.load('X.pkl', weights_only=False).state_dict(), "
          "'X_state.pth')\"")
PICKLE_HINT = "re-save the weights alone (a network's .state_dict(), a dict's weights: import lw_irstnet -h)"


def import_file(path: str | Path):
    """(our LWIRSTNet with the released weights, our state_dict) from their state_dict file."""
    from workbench.core.training.checkpoints import CheckpointError, fit_state_dict, load_file
    from workbench_lw_irstnet.model import LWIRSTNet

    try:
        obj = load_file(path)
    except CheckpointError as exc:
        if exc.stores is not None:
            # what the file stores, as every loader says it: all was 'a pickled network (their .pkl)', also a
            # dict of weights beside an argparse.Namespace, which has no .state_dict() to re-save. Read from the
            # error's field: a regex on load_file's wording lost it at any rewording
            raise CheckpointError(path, f"needs pickle (refused): it stores {exc.stores}; {PICKLE_HINT}",
                                  stores=exc.stores) from None
        raise
    sd = unwrap(obj, path)
    check(sd, path)
    ours = convert(sd)
    model = fit_state_dict(LWIRSTNet(), ours, path, what="released LW-IRSTNet weights")
    return model.eval(), ours


def main(argv: list[str]) -> int:
    from workbench.core.options import add_force_arg, keep_existing
    from workbench.core.training.checkpoints import save_weights

    ap = argparse.ArgumentParser(prog="workbench import lw_irstnet",
                                 description="Import the LW-IRSTNet authors' released weights (a state_dict of their "
                                             "LW_IRST_ablation network) into a weights file for `workbench segment --weights F.pt`.",
                                 epilog="Their released .pkl pickles the whole network and is refused (unpickling runs "
                                        "code from the file). Where their code base is importable, re-save its "
                                        f"weights once: {RESAVE}, then import X_state.pth. A checkpoint dict "
                                        "that holds other objects beside the weights (a training's args) is refused "
                                        "too: re-save its weights entry alone.")
    ap.add_argument("checkpoint", help="their weights as a torch state_dict (their .pkl pickles the whole network: "
                                       "re-save it with .state_dict() first; the error says how)")
    ap.add_argument("--out", required=True, help="weights file to write (load with workbench segment --weights F.pt)")
    add_force_arg(ap, "the --out file")
    args = ap.parse_args(argv)
    if Path(args.out).exists() and Path(args.checkpoint).exists() and Path(args.out).samefile(args.checkpoint):
        # the converted weights replaced the authors' file they were made from
        raise WorkbenchError(f"--out {args.out}: is the file being imported; give another file name")
    keep_existing([("--out", args.out)], args.force)
    from workbench.core.results import check_outputs

    # an --out that is a folder, or under a file, was said after the checkpoint was read and converted
    check_outputs(files={"--out": args.out}, make=False)
    model, ours = import_file(args.checkpoint)
    out = save_weights(args.out, model)
    print(f"imported {args.checkpoint} ({len(ours)} tensors, {sum(p.numel() for p in model.parameters()):,} "
          f"parameters) -> {out}")
    return 0
