"""``workbench train lw_irstnet --data ROOT --split train.txt --val-split val.txt --epochs N
--batch-size B --out DIR [--resume [CKPT]]``

As the paper (Section V-A): SoftIoU loss, weight decay 1e-4, poly learning rate. The paper's
optimizer is SGD, momentum 0.9, from lr 0.05 (``--optimizer sgd --lr 0.05``). Measured here, on a
CPU budget of a few thousand batch-8 iterations (the paper: ~15k+ iterations of batch 64 on a GPU):
* SGD 0.05: the loss stays at 0.999 for the first ~100 iterations. SoftIoU's gradient on a background
  pixel is ~1e-8 while the untrained net predicts 0.5 everywhere, so SGD barely moves;
* Adagrad 0.05 (DNANet's choice): leaves that plateau within ~15 iterations but then drove every
  logit below -8 within the first epoch (all-background, sigmoid saturated, val mIoU 0 for 4 epochs);
* Adam 5e-4 (BasicIRSTD's default with SoftIoU): the default here. Augmentation: random scale (0.8-1.25 by default), zero padding (the standardized mean)
and a random crop to ``--crop`` (256), horizontal flip. With ``--device cuda`` the images are cached on the GPU and cropped / augmented there in batches
(``augment.DeviceBatches``: one ``grid_sample`` per batch, the same random draws as the CPU path);
``--aug`` adds dihedral flips, free rotation, contrast, noise or polarity (``augment.EXTRA_AUGS``).
``--cv K`` and ``--final`` (``cv.py``): recipe selection by k-fold cross-validation and the final
training on all images. Validation after every epoch on the whole
val images at native size (padded to a multiple of 8): mIoU, nIoU, Pd, Fa, F1 as BasicIRSTD computes
them. ``DIR/last.pt`` every epoch (resumable), ``DIR/best.pt`` and ``DIR/best_weights.pt`` (state_dict
only) by val mIoU, ``DIR/history.json``, ``DIR/train_log.txt``. ``--ema 0.999`` averages the weights
over iterations (validation then scores the average; ``DIR/ema_weights.pt`` holds it).
"""
from __future__ import annotations

import argparse
import hashlib
import platform
import sys
import time
from pathlib import Path

import numpy as np

from workbench.core import shell
from workbench.core.errors import WorkbenchError
from workbench.core.results import write_json
from workbench.core.options import COUNT, NON_NEGATIVE, POSITIVE, at_least, between, check, check_options
from workbench.core.options import SEED
from workbench.core.training.earlier_run import add_resume_option, resume_in_out
from workbench.core.training.loop import HeldLog, run_wall_s  # noqa: F401 (HeldLog: the Train tab and cv take it from here)
# the augmentation lives in augment.py (one geometry for the CPU and the device path); ``augment`` stays importable here
from workbench_lw_irstnet.augment import (EXTRA_AUGS, DeviceBatches, FalseAlarmMiner, TargetBank, augment,  # noqa: F401
                                         check_augs)

# optimizer -> (initial learning rate when --lr is not given, what it is); the CLI and the panel list these
OPTIMIZERS = {"adam": (5e-4, "Adam, BasicIRSTD-style (the default)"),
              "sgd": (0.05, "SGD with --momentum and --weight-decay, the paper's"),
              "adagrad": (0.05, "Adagrad, DNANet-style")}


# --loss name -> what it is (the CLI lists these)
LOSSES = {"softiou": "SoftIoU per crop, averaged over the batch (the paper's, DNANet / BasicIRSTD's)",
          "softiou-batch": "one SoftIoU over the whole batch's pixels: a crop without targets adds its false "
                           "positives to the batch's union instead of scoring alone (1 - 1/(1 + sum p) per crop "
                           "rewards predicting nothing there)"}


def soft_iou_loss(logits, target, smooth: float = 1.0, per_crop: bool = True):
    """1 - mean over the batch of (sum p*t + s) / (sum p + sum t - sum p*t + s), p = sigmoid(logits);
    ``per_crop=False``: the sums run over the whole batch (one ratio)."""
    import torch

    p = torch.sigmoid(logits)
    dims = (1, 2, 3) if per_crop else (0, 1, 2, 3)
    inter = (p * target).sum(dim=dims)
    union = p.sum(dim=dims) + target.sum(dim=dims) - inter
    return 1.0 - ((inter + smooth) / (union + smooth)).mean()


# what the split options take, said when the split they name is not there (a set without splits/ and the default
# --split train.txt said "split 'train.txt' not found" and no more); keyed by the options the line is about
SPLIT_USE = {
    ("--split", "--val-split"): "--split FILE / --val-split FILE name the training / validation images (a text file, "
                                "one image name a line); --split '' trains on every image, --val-split '' without "
                                "validation",
    ("--split",): "--split FILE names the training images (a text file, one image name a line); --split '' trains on "
                  "every image",
    ("--val-split",): "--val-split FILE names the validation images (a text file, one image name a line); "
                      "--val-split '' trains without validation"}


def open_root(flag: str, root, split, invert: bool = False):
    """``open_sirst`` whose refusal of ``root`` itself (not there, a file) names the option that gave it."""
    from workbench.core.data.sirst import open_sirst
    from workbench.core.errors import DataError

    try:
        return open_sirst(root, split, invert=invert)
    except DataError as exc:
        if exc.path == Path(root) and not Path(root).is_dir():
            raise WorkbenchError(f"{flag} {exc}") from None
        raise


def open_split(root, split, invert=False, flags=("--split",), root_flag: str = "--data"):
    """``open_sirst`` of the images ``split`` names ('' or None: every image, what ``--split ''`` asks for). A split
    that is not there is one line saying what ``flags`` (``SPLIT_USE``'s keys) take instead of only 'not found'."""
    from workbench.core.data.sirst import SplitNotFound

    try:
        return open_root(root_flag, root, split or None, invert)
    except SplitNotFound as exc:
        said = (f"{root}: no split {str(split)!r} (no splits/ folder)" if not (Path(root) / "splits").is_dir()
                else str(exc))
        raise WorkbenchError(f"{said}: {SPLIT_USE[tuple(flags)]}") from None


def load_split(root, split, invert=False, log=print, flags=("--split",), opened=None):
    """(ds, images, masks) of ``split``; ``opened``: its dataset as ``open_split`` already opened it."""
    return decoded(opened if opened is not None else open_split(root, split, invert, flags), log)


def decoded(ds, log=print):
    """(ds, images, masks) of an opened split, its readers' warnings logged."""
    xs, ms = [], []
    for i in range(len(ds)):
        _, x, m = ds.sample(i)
        xs.append(x)
        ms.append(m)
    for w in ds.warnings:
        log(f"warning: {w}")
    return ds, xs, ms


def make_batches(xs, ms, batch_size: int, crop: int, seed: int, scale, flip: bool = True, augs=(), bank=None,
                 miner=None, first_background: int | None = None):
    """``batches(epoch)``: a list of (input, mask) tensor pairs, reshuffled and re-augmented per epoch
    with a generator seeded by (seed, epoch), so a resumed run sees the same data as an unbroken one.
    ``bank``: the ``TargetBank`` the ``paste`` augmentation draws from; ``miner``: the ``FalseAlarmMiner``
    whose points the ``hard`` augmentation places crops over; images from index ``first_background`` on are
    ``--backgrounds`` frames (``augment.draw``'s ``background``)."""
    import torch

    first_bg = len(xs) if first_background is None else first_background

    def batches(epoch: int):
        rng = np.random.default_rng([seed, epoch])
        order = rng.permutation(len(xs))
        out = []
        for b in range(0, len(order) - batch_size + 1, batch_size):  # drop the ragged last batch (BN)
            hard = miner.points if miner is not None else None
            pairs = [augment(xs[i], ms[i], crop, rng, scale, flip, augs, bank, int(i),
                             hard[i] if hard is not None else None, int(i) >= first_bg) for i in order[b:b + batch_size]]
            out.append((torch.from_numpy(np.stack([p[0] for p in pairs])),
                        torch.from_numpy(np.stack([p[1] for p in pairs]))[:, None]))
        return out

    return batches


def validate_fn(xs, ms, device: str):
    from workbench.core.evaluation.segmentation import SegmentationMetrics
    from workbench_lw_irstnet.segmenter import model_logits

    def validate(model):
        acc = SegmentationMetrics(bins=100)
        for x, m in zip(xs, ms):
            acc.update(model_logits(model, x, device), m)
        r = acc.report()
        return {"miou": r.miou, "niou": r.niou, "f1": r.f1, "pd": r.pd, "fa_e6": r.fa_e6}

    return validate


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="workbench train lw_irstnet", description=__doc__.split("\n\n")[1],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="SIRST-style root (images/, masks/, splits/)")
    ap.add_argument("--split", default="train.txt", help="training split file (name in splits/ or a path; '' for "
                                                         "every image)")
    ap.add_argument("--val-split", default="val.txt", help="validation split ('' for none)")
    ap.add_argument("--epochs", type=int, default=100)
    ap.add_argument("--val-every", type=int, default=1, help="validate after every N-th epoch (and the last)")
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--lr", type=float, default=None, help="initial learning rate (default: " + ", ".join(
        f"{lr:g} for {name}" for name, (lr, _) in OPTIMIZERS.items()) + ")")
    ap.add_argument("--optimizer", default="adam", choices=tuple(OPTIMIZERS),
                    help="; ".join(f"{name}: {what}" for name, (_, what) in OPTIMIZERS.items()))
    ap.add_argument("--momentum", type=float, default=0.9)
    ap.add_argument("--weight-decay", type=float, default=1e-4)
    ap.add_argument("--crop", type=int, default=256)
    ap.add_argument("--scale", type=float, nargs=2, default=(0.8, 1.25), metavar=("MIN", "MAX"))
    ap.add_argument("--invert", action="store_true", help="black-hot data: invert grey levels")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: torch's default)")
    ap.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda"))
    ap.add_argument("--out", required=True, help="output folder (checkpoints, history.json, log)")
    add_resume_option(ap)
    ap.add_argument("--init", default=None, help="weights to start from (fine-tuning)")
    ap.add_argument("--loss", default="softiou", choices=tuple(LOSSES),
                    help="; ".join(f"{k}: {v}" for k, v in LOSSES.items()))
    ap.add_argument("--ema", type=float, default=0.0, metavar="DECAY",
                    help="keep an exponential moving average of the weights with this decay per iteration "
                         "(e.g. 0.999); validation and DIR/ema_weights.pt then use the average (0: off)")
    ap.add_argument("--aug", nargs="*", default=[], metavar="NAME",
                    help="extra augmentations on top of scale / crop / horizontal flip: " + "; ".join(
                        f"{k}: {v}" for k, v in EXTRA_AUGS.items()))
    ap.add_argument("--no-flip", dest="flip", action="store_false", help="no random horizontal flip")
    ap.add_argument("--backgrounds", nargs="*", default=[], metavar="ROOT",
                    help="target-free real backgrounds for the training side (never validation or a held-out fold): "
                         "frames of any layout the readers open under each ROOT (DAUB / YOLO frame folders, image "
                         "folders, videos), their labelled objects inpainted (backgrounds.py); needs --aug paste: every "
                         "background crop gets pasted real targets")
    ap.add_argument("--bg-frames", type=int, default=24, metavar="N",
                    help="with --backgrounds: at most N frames of each sequence, evenly spaced (default 24)")
    ap.add_argument("--data-path", default="auto", choices=("auto", "host", "device"),
                    help="auto: images cached on the GPU and augmented there in batches when the device is CUDA, "
                         "per image with OpenCV on the host otherwise; host / device force one")
    cv = ap.add_argument_group("selection without leaks (cv.py)")
    cv.add_argument("--cv", type=int, default=0, metavar="K",
                    help="k-fold cross-validation by image (by recording for S<date>_S<seq>_<frame> names) over "
                         "--split (and --extra): each fold trains the same recipe for --epochs and is scored on "
                         "its held-out fold; writes OUT/cv.json and OUT/fold_<k>/; resumable per fold")
    cv.add_argument("--final", action="store_true",
                    help="train on all images of --split (and --extra) with the recipe for exactly --epochs, no "
                         "validation, no selection; writes OUT/final_weights.pt")
    cv.add_argument("--extra", nargs="*", default=[], metavar="ROOT",
                    help="more SIRST-style roots whose images (all, or ROOT:SPLIT) join the pool")
    cv.add_argument("--folds", default=None, metavar="LIST", help="with --cv: only these folds, e.g. 0,2")
    return ap


EMA = between(0, 1, hi_open=True, note="0: off")  # --ema: a decay per step
# --crop 100000 was numpy's MemoryError traceback (a 112 GiB crop), --scale 1000 an image blown up as far
MAX_CROP, MAX_SCALE = 2048, 10.0


def threads_bound(note: str = "0: torch's default"):
    """--threads: the core's bound (``workbench.core.options.threads_bound``)."""
    from workbench.core.options import threads_bound as bound

    return bound(note)


def check_args(args) -> None:
    """Numbers a run cannot use, refused before anything is read or written (torch / numpy said it with
    a traceback in the middle of the first epoch)."""
    if args.crop < 8 or args.crop % 8 or args.crop > MAX_CROP:
        raise WorkbenchError(f"--crop {args.crop}: a positive multiple of 8 up to {MAX_CROP} is needed (the network "
                             "halves the size three times)")
    lo, hi = args.scale
    if not (0 < lo <= hi <= MAX_SCALE):  # --scale 1 inf was numpy's OverflowError traceback in the first batch
        raise WorkbenchError(f"--scale {lo:g} {hi:g}: need 0 < MIN <= MAX <= {MAX_SCALE:g}")
    # torch's RuntimeError / ValueError tracebacks at the first use, or a run that did nothing
    check_options([("--epochs", args.epochs, COUNT), ("--batch-size", args.batch_size, COUNT),
                   ("--val-every", args.val_every, COUNT), ("--threads", args.threads, at_least(0, "0: torch's default")),
                   ("--threads", args.threads, threads_bound()),
                   ("--weight-decay", args.weight_decay, NON_NEGATIVE), ("--momentum", args.momentum, NON_NEGATIVE),
                   ("--lr", args.lr, POSITIVE), ("--ema", args.ema, EMA),
                   ("--bg-frames", getattr(args, "bg_frames", None), COUNT), ("--seed", args.seed, SEED)])
    if (getattr(args, "extra", None) or getattr(args, "folds", None)) and not (args.cv or args.final):
        flag = "--extra" if args.extra else "--folds"  # was ignored without a word: the pool left out
        raise WorkbenchError(f"{flag} belongs to --cv / --final (a plain training uses --split and --val-split)")
    for root in getattr(args, "backgrounds", None) or []:
        if not Path(root).exists():
            raise WorkbenchError(f"--backgrounds {root}: no such file or folder")


RECIPE = ("epochs", "batch_size", "lr", "optimizer", "momentum", "weight_decay", "crop", "scale", "flip", "aug",
          "ema", "seed", "init", "invert", "backgrounds", "bg_frames", "loss")


def recipe_of(args) -> dict:
    """The options that make a training what it is (recorded in its checkpoints, cv.json and final.json)."""
    out = {k: (list(v) if isinstance(v, tuple) else v) for k, v in vars(args).items() if k in RECIPE}
    if out.get("lr") is None:
        out["lr"] = OPTIMIZERS[args.optimizer][0]
    return out


def _optimizer_of(state: dict) -> str | None:
    """The optimizer a checkpoint's optimizer state was saved from, by its hyper-parameter names."""
    groups = (state or {}).get("param_groups") or []
    keys = set(groups[0]) if groups and isinstance(groups[0], dict) else set()
    for name, mark in (("adam", "betas"), ("adagrad", "lr_decay"), ("sgd", "dampening")):
        if mark in keys:
            return name
    return None


# what a checkpoint of another network is resumed with (the weights' refusal ends with it)
RESUME_HINT = "resume it with the network it was trained with, or give another --out"
# more --epochs continue a run; another recipe is a new run (--backgrounds: checked by the frames they gave)
MAY_DIFFER = ("epochs", "init", "backgrounds", "bg_frames")


def resume_from(path, model, optimizer: str, opt=None, recipe: dict | None = None) -> dict:
    """``training.loop.resume_checkpoint`` for this training: refused in one line naming the file, before anything
    is loaded or written (the checkpoint stays as it was), a checkpoint of another network (torch's
    load_state_dict printed hundreds of keys in a traceback), of another ``--optimizer`` (``--optimizer sgd`` on
    an Adam checkpoint stopped in the first step with ``KeyError: 'momentum'``) or of another ``recipe``
    (``recipe_of``; ``MAY_DIFFER`` aside); then the weights and ``opt``'s state are loaded. Returns the
    checkpoint."""
    from workbench.core.training import resume_checkpoint

    def same_optimizer(ck):
        if "stage1.conv.weight" not in (ck.get("model") or {}):  # another network's (hanet's SGD one was refused as
            # "resume with --optimizer sgd", which then failed on its weights): the weights' check names it
            return
        was = _optimizer_of(ck.get("optimizer"))
        if was is not None and was != optimizer:
            raise WorkbenchError(f"{path}: trained with --optimizer {was}, this run asks for --optimizer {optimizer}: "
                                 f"resume with --optimizer {was}, or start a new --out with --init {path}")

    ck = resume_checkpoint(path, model, opt, hint=RESUME_HINT, recipe=recipe, may_differ=MAY_DIFFER,
                           check=same_optimizer)
    if not ck.get("optimizer") and not ck.get("epoch") and not ck.get("history"):
        # this network's weights alone (the shipped file, a best_weights.pt) were 'resumed after epoch 0': a
        # fine-tuning with a fresh optimizer, logged as a continued training (refused after the weights' own check,
        # which names another network's file as such; nothing is written before this)
        raise WorkbenchError(f"{path}: holds weights only, no training to continue (no epoch, no optimizer "
                             f"state): start from them with --init {path}, or resume a last.pt")
    return ck


def images_fingerprint(entries) -> dict:
    """What the images hold, not where they are: ``entries`` [(key, SIRST item)]; their count, their bytes in all
    and a SHA-256 over every key, image bytes and mask bytes in order (a few MB for a SIRST-sized set: read in well
    under a second). Another folder whose images have the same names gives another hash; the same files moved give
    the same one. (``cv.pool_fingerprint``'s, the record of --cv / --final.)"""
    from workbench.core.training.fingerprint import DataHash

    h = DataHash.cached("lw_irstnet-fingerprints")  # unchanged files are not read again at each start
    for key, item in entries:
        h.name(key)
        for f in (item.image_path, item.mask_path):
            h.file(f, sized=True)
    return {"images": len(entries), "bytes": h.bytes, "sha256": h.sha256}


def described(fp: dict) -> str:
    """'DIR (--split ...): 4 images, 1234 bytes': an images fingerprint (with its ``sources``) for a refusal."""
    return f"{', '.join(fp.get('sources') or ['?'])}: {fp.get('images')} images, {fp.get('bytes')} bytes"


def split_fingerprint(args, ds, vds=None) -> dict:
    """``images_fingerprint`` of a plain training's images: its --split's and its --val-split's, each name
    marked with its side (an image moved from one to the other is another training), and where they are from."""
    fp = images_fingerprint([(f"{side}:{name}", d.items[i]) for side, d in (("train", ds), ("val", vds))
                             if d is not None for i, name in enumerate(d.names)])
    fp["sources"] = [f"{Path(args.data).resolve()} (--split {args.split or chr(39) * 2}"
                     + (f", --val-split {args.val_split})" if vds is not None else ")")]
    return fp


def check_same_data(path, before: dict | None, now: dict, log=print) -> None:
    """A plain ``--resume`` over other images than the checkpoint's (``before``: its ``extra["data"]``), refused
    naming both: another --data with images of the same names continued on them and finished with exit 0. A
    checkpoint from before the record resumes, with a note."""
    from workbench.core.training.fingerprint import check_same_data

    check_same_data(path, before, now, kind="images", noun="training data", described=described, log=log,
                    todo=f"resume it with the --data / --split / --val-split it was started with, or give another "
                         f"--out (--init {path} to start from its weights)")


def is_mine(checkpoint: dict) -> bool:
    """``checkpoint`` holds this network's weights (for one that records no command: ``earlier_run.other_run``)."""
    return "stage1.conv.weight" in checkpoint["model"]


def earlier_training(args: argparse.Namespace) -> Path | None:
    """The checkpoint of a training already in ``--out`` that a new one (not ``--resume``, not ``--cv``,
    whose folds resume by design) would write over: its last.pt, best.pt and weights; None when none."""
    last = Path(args.out) / "last.pt"
    return last if not args.resume and not args.cv and last.is_file() else None


def check_files(args: argparse.Namespace) -> None:
    """The ``--resume`` / ``--init`` file this run would start from, refused as ``run_training`` refuses it (another
    network's, optimizer's or recipe's checkpoint, weights only given to --resume, a missing or damaged file),
    without training: the Train tab says it before its job starts. Reads the file into a throw-away network."""
    if not (args.resume or args.init):
        return
    from workbench.core.training import load_weights
    from workbench_lw_irstnet.model import LWIRSTNet

    model = LWIRSTNet()
    if args.resume:
        resume_from(args.resume, model, args.optimizer, None, recipe_of(args))
    else:
        load_weights(args.init, model)


def main(argv: list[str]) -> int:
    from workbench.core.jobs import JobContext, TextProgress

    args = resume_in_out(parser().parse_args(argv))
    check_args(args)
    if args.cv or args.final:  # the selection runs build on this module; command.main dispatches to them
        raise WorkbenchError("--cv / --final run through `workbench train lw_irstnet` "
                             "(workbench_lw_irstnet.command.main), not train.main")
    refuse_defaults_without_splits(args, argv)
    out = Path(args.out)
    earlier = earlier_training(args)
    if earlier is not None:
        from workbench.core.training.earlier_run import refuse_other_run

        refuse_other_run(out, "train lw_irstnet", is_mine)
        raise WorkbenchError(f"--out {out}: holds a training already ({earlier}): continue it with --resume "
                             f"{earlier}, or give another --out")
    # the folder and its log are made once --init / --resume and the data are checked (run_training's ready):
    # a refused run made them and logged its command first
    log = HeldLog(out / "train_log.txt")
    try:
        log("workbench train lw_irstnet " + shell.join(argv))
        ctx = JobContext(TextProgress("train") if sys.stderr.isatty() else None)
        run_training(ctx, args, log, command="workbench train lw_irstnet " + shell.join(argv), ready=log.open)
    finally:
        log.close()
    return 0


def no_splits(root) -> bool:
    """``root`` names no images apart: no ``splits/`` folder and none of the usual split files where ``--split``
    looks for them (a set as a user made it: images/ and masks/ only)."""
    from workbench.core.data.sirst import SplitNotFound, resolve_split
    from workbench.core.errors import DataError

    def found(name) -> bool:
        try:
            return resolve_split(Path(root), name) is not None
        except SplitNotFound:
            return False
        except DataError:  # in several subfolders: there all the same
            return True

    return not (Path(root) / "splits").is_dir() and not any(
        found(n) for n in ("train.txt", "trainval.txt", "val.txt", "test.txt"))


def refuse_defaults_without_splits(args, argv) -> None:
    """A set without splits/ trained with the default --split / --val-split: refused with the command that trains
    on every image without validation (it said "no split 'train.txt'", a file the user never named; a plain
    training is not given every image silently, as --cv is: it would keep the last epoch unvalidated)."""
    given = {a.split("=")[0] for a in argv} & {"--split", "--val-split"}
    if given or not Path(args.data).is_dir() or not no_splits(args.data):
        return
    raise WorkbenchError(f"{args.data}: no splits/ folder, so no {args.split} / {args.val_split} (the defaults of "
                         "--split / --val-split): train on every image without validation with "
                         f"`workbench train lw_irstnet {shell.join(list(argv) + ['--split', '', '--val-split', ''])}`"
                         ", or name the images with --split FILE --val-split FILE")


def run_training(ctx, args: argparse.Namespace, log=print, command: str = "", data=None, ready=None):
    """The training as a job (``ctx``: progress and cancel, e.g. from the GUI's worker); ``args`` as
    ``parser().parse_args`` makes them. ``data``: ``(xs, ms, val_xs, val_ms)`` already loaded (the
    cross-validation's folds) instead of ``--split`` / ``--val-split``. ``--out`` is made once the files and the
    data are checked, then ``ready()`` is called (a log file opened there). Returns the loop's ``FitResult``."""
    import torch

    from workbench.core.device import resolve_device
    from workbench.core.training import fit, load_weights
    from workbench_lw_irstnet.model import LWIRSTNet

    out = Path(args.out)
    if args.threads:
        torch.set_num_threads(args.threads)
    device = resolve_device(args.device)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    augs = check_augs(getattr(args, "aug", ()))
    per_crop = getattr(args, "loss", "softiou") == "softiou"
    if getattr(args, "backgrounds", None) and "paste" not in augs:
        raise WorkbenchError("--backgrounds needs --aug paste: target-free frames as plain negatives drove a "
                             "cross-validation fold into predicting nothing, under the per-crop and the "
                             "batch-level SoftIoU alike (lw_irstnet weights/PROVENANCE.md)")
    flip = getattr(args, "flip", True)
    # the network and the --resume / --init file before the images (a missing or damaged file, or one of another
    # network, optimizer or recipe, was said after every training and validation image had been decoded); each
    # file read once, the resume's checkpoint passed on (its EMA below); the backgrounds' check needs them loaded.
    # The images' loading draws no random numbers, so the network starts from the same weights as before.
    model = LWIRSTNet().to(device)
    if args.lr is None:
        args.lr = OPTIMIZERS[args.optimizer][0]
    if args.optimizer == "adam":
        opt = torch.optim.Adam(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    elif args.optimizer == "sgd":
        opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum, weight_decay=args.weight_decay)
    else:
        opt = torch.optim.Adagrad(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    start, history, ema_state, ck, before = 0, [], None, None, None
    ema_decay = getattr(args, "ema", 0.0) or None
    check("--ema", ema_decay, EMA)  # the panel's runs come here without check_args
    if args.resume:
        ck = resume_from(args.resume, model, args.optimizer, opt, recipe_of(args))
        # its random-number state (torch's generator: Dropout2d) is checked there and set by fit (resumed=ck): the
        # start's --seed re-seeded it, so a resumed run drew other dropout masks than the run it continues
        start, history, before = ck["epoch"], ck["history"], ck["extra"]
    elif args.init:
        load_weights(args.init, model)
    fingerprint = None
    if data is not None:  # a cross-validation's fold: its pool is fingerprinted (cv.check_same_pool)
        xs, ms, vx, vm = data
    else:
        ds = open_split(args.data, args.split, args.invert,
                        ("--split", "--val-split") if args.val_split else ("--split",))
        vds = open_split(args.data, args.val_split, args.invert, ("--val-split",)) if args.val_split else None
        fingerprint = split_fingerprint(args, ds, vds)
        if args.resume:  # before the images are decoded
            check_same_data(args.resume, (before or {}).get("data"), fingerprint, log)
        _, xs, ms = load_split(args.data, args.split, args.invert, log, opened=ds)
        vx, vm = ([], [])
        if vds is not None:
            _, vx, vm = load_split(args.data, args.val_split, args.invert, log, opened=vds)
    bg_roots = list(getattr(args, "backgrounds", None) or [])
    n_bg, bg_sha = 0, None
    if bg_roots:  # clutter of other recordings, always with pasted targets: the training side only
        from workbench_lw_irstnet.backgrounds import load_backgrounds

        bx, bm, names = load_backgrounds(bg_roots, getattr(args, "bg_frames", 24), args.invert, log, ctx)
        xs, ms, n_bg = list(xs) + bx, list(ms) + bm, len(bx)
        bg_sha = hashlib.sha1("\n".join(names).encode()).hexdigest()
    if len(xs) < args.batch_size:
        raise WorkbenchError(f"--batch-size {args.batch_size}: more than the {len(xs)} training images (one batch "
                             "needs that many)")
    log(f"train {len(xs)} images" + (f" ({n_bg} of them backgrounds)" if n_bg else "")
        + f", val {len(vx)} images, device {device}, threads {torch.get_num_threads()}")

    if args.resume:
        was = ((before or {}).get("backgrounds") or {}).get("names_sha1")
        if was != bg_sha:  # a resumed run must see the data it started with
            raise WorkbenchError(f"{args.resume}: trained with " + ("other backgrounds" if was and bg_sha else
                                 "backgrounds" if was else "no backgrounds") + " than this run's --backgrounds; "
                                 "resume with the same --backgrounds / --bg-frames, or train into a new folder")
        if ema_decay:
            ema_state = ck.get("ema")
        log(f"resumed from {args.resume} after epoch {start}")
    extra = {"command": command, "recipe": recipe_of(args), "machine": platform.node(),
             "processor": platform.processor() or platform.machine(), "torch": torch.__version__,
             "train_images": len(xs), "val_images": len(vx),
             **({"backgrounds": {"roots": bg_roots, "frames": n_bg, "names_sha1": bg_sha}} if n_bg else {}),
             **({"data": fingerprint} if fingerprint is not None else {})}

    def step(model, batch):
        x, m = batch
        return soft_iou_loss(model(x.to(device)), m.to(device), per_crop=per_crop)

    bank = None
    if "paste" in augs:  # targets of the training images only (a CV fold's own), never of held-out ones
        bank = TargetBank(xs, ms)
        if not len(bank):
            raise WorkbenchError("--aug paste: the training images hold no labelled target to paste")
        log(f"paste: {len(bank)} targets from {len(xs)} training images")
    miner = FalseAlarmMiner(xs, ms, device) if "hard" in augs else None
    data_path = getattr(args, "data_path", "auto")
    if data_path == "device" or (data_path == "auto" and device.startswith("cuda")):
        # the device path: images cached on the GPU, crops and augmentation warped there in batches
        batches = DeviceBatches(xs, ms, args.batch_size, args.crop, args.seed, tuple(args.scale), flip, augs, device,
                                bank, miner, len(xs) - n_bg)
        log(f"data path: {len(xs)} images cached on {device}, batched grid_sample augmentation")
    else:
        batches = make_batches(xs, ms, args.batch_size, args.crop, args.seed, tuple(args.scale), flip, augs, bank,
                               miner, len(xs) - n_bg)
    if miner is not None:  # the false alarms mined with the network as it is when an epoch starts
        plain = batches

        def batches(epoch: int):
            if miner.due(epoch):
                miner.mine(model, epoch)
                log(f"hard: {miner.counts[-1]} false alarms mined on {len(xs)} training images before epoch {epoch + 1}")
            return plain(epoch)
    extra["loss"] = getattr(args, "loss", "softiou")
    extra["augmentation"] = {"scale": list(args.scale), "flip": flip, "extra": list(augs),
                             **({"paste_targets": len(bank)} if bank is not None else {}),
                             **({"hard_every": miner.every} if miner is not None else {})}
    out.mkdir(parents=True, exist_ok=True)  # every check made
    if ready is not None:
        ready()
    t0 = time.perf_counter()
    res = fit(ctx, model, opt, step, batches,
              args.epochs, out, validate=validate_fn(vx, vm, device) if vx else None,
              best_key="miou" if vx else None, base_lr=args.lr, start_epoch=start, history=history,
              extra=extra, log=log, validate_every=args.val_every, ema_decay=ema_decay, ema_state=ema_state,
              resume_expected=getattr(args, "resume_expected", None),  # a --cv fold trained, not scored: cv.py
              resumed=ck)
    wall = time.perf_counter() - t0
    kept = res.history[-1]["epoch"] if res.history else 0  # the epoch last.pt holds (a cancel: the last finished)
    if res.cancelled:  # the model holds a part of an epoch: never written as the run's weights, never "done"
        if not vx and kept:  # best_weights.pt from last.pt (it was the cancelled epoch's weights, "the last epoch's")
            from workbench.core.training.checkpoints import load_checkpoint, save_file

            save_file(load_checkpoint(out / "last.pt")["model"], out / "best_weights.pt")
            log(f"cancelled after {wall:.0f} s; no validation: {out / 'best_weights.pt'} holds epoch {kept}'s "
                f"weights (last.pt's, the last finished epoch)")
        elif not vx:
            log(f"cancelled after {wall:.0f} s: no epoch finished, no weights written")
        elif res.best_epoch:
            log(f"cancelled after {wall:.0f} s; best epoch so far {res.best_epoch} (val miou {res.best_value:.4f}) "
                f"in {out / 'best_weights.pt'}; last.pt holds epoch {kept}")
        else:
            log(f"cancelled after {wall:.0f} s: no epoch validated, no best weights")
    elif not vx:
        from workbench.core.training import save_weights
        save_weights(out / "best_weights.pt", model)
        # was "best epoch 0 (val miou nan)"
        log(f"done in {wall:.0f} s; no validation: {out / 'best_weights.pt'} holds the last epoch's weights")
    else:
        log(f"done in {wall:.0f} s; best epoch {res.best_epoch} (val miou {res.best_value:.4f}); out {out}")
    # write_json: no validation leaves best_miou NaN, which json.dumps wrote as the invalid token NaN
    write_json(out / "summary.json", {"wall_s": run_wall_s(out / "summary.json", wall, start > 0),
                                      "best_epoch": res.best_epoch, "best_miou": res.best_value,
                                      "epochs": args.epochs, "cancelled": res.cancelled})
    return res
