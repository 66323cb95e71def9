"""Training on crops, evaluation on full frames.

``workbench train seq_irst (--data DIR ... | --project DIR | --synthetic N) [--val DIR ...] --crop 64
--epochs N --out DIR [--resume] [--init W]``

Per epoch: the crop set (built once from the training frames, ``crops.build_crops``) reshuffled with
random flips, Adam with a poly learning rate, the loss of ``model.detection_loss``. After every epoch:
precision / recall / F1 on the validation sequences' full frames (``metrics``), ``DIR/last.pt``
(resumable), ``DIR/best.pt`` + ``DIR/best_weights.pt`` by F1, ``DIR/history.json`` (the shared loop of
``workbench.core.training``).

Data path (``--data-path``, ``TrainSettings.data_path``): the crop set is cut once per training on the host
(``crops.build_crops``: differential input of every training frame, then the crops). On CUDA (``auto``) or
with ``device`` the whole set is then moved to the device as one float16 tensor and every epoch's batches are
gathered and flipped there (``make_device_batches``), with the host path's random draws, so both paths train on
the same batches; ``host`` (the CPU default, and the fallback for ``--aug strong`` or full-frame training)
builds each batch in numpy and copies it over.

``workbench train seq_irst --loso --root ROOT ... --out DIR [recipe]``: leave-one-recording-group-out
selection (``loso``): train on all groups but one, score the held-out one, per-fold and mean / spread
F1 in ``DIR/loso.json``; ``--all`` trains the shipped weights on every group with a recipe.
"""
from __future__ import annotations

import argparse
import platform
import time
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from workbench.core import shell
from workbench.core.errors import DataWarning, WorkbenchError
from workbench.core.options import (COUNT, NON_NEGATIVE, POSITIVE, OptionError, at_least, between, check,
                                    check_options)
from workbench.core.options import SEED, threads_bound

THREADS = threads_bound()
CROP = at_least(0, "0: full frames")
EMA = between(0, 1, hi_open=True, note="0: off")  # a weight-average decay per step (loso's --ema)
from workbench.core.training.fingerprint import check_same_data
from workbench.core.training.loop import run_wall_s
from workbench_seq_irst.fingerprint import data_fingerprint, described
from workbench_seq_irst.sequences import frame_range, joined_ranges, open_many


@dataclass
class TrainSettings:
    backbone: str = "darknet19_tiny"
    crop: int = 64  # 0 = full frames
    epochs: int = 10
    batch_size: int = 32
    lr: float = 2e-3
    a: float = 1.0  # position loss weight
    b: float = 1.0  # class loss weight
    bg_ratio: float = 1.0
    seed: int = 0
    threshold: float = 0.5
    direction: str = "past"
    match_px: float = 3.0
    val_every: int = 1  # score every k-th validation frame
    threads: int = 0  # torch threads (0: leave as is)
    select: str = "best"  # weights kept as best_weights.pt: "best" validation F1 or the "last" epoch
    norm: str = "frame"  # input normalisation (differential.normalize mode), saved with the weights
    aug: str = "flip"  # crop augmentation (crops.augment mode)
    ema: float = 0.0  # > 0: keep an exponential moving average of the weights (decay per step); it is what is kept
    half_scale: bool = False  # scale augmentation: also a crop around every target at half scale (crops.build_crops)
    scales: tuple = ()  # scale augmentation: one more crop around every target per scale != 1 (crops.build_crops)
    scale_negatives: bool = False  # and at those scales the negatives too (crops.build_crops)
    data_path: str = "auto"  # "host" | "device" (crop set resident on the device, flips batched there) | "auto":
    #                          device on CUDA when supported (make_device_batches), host otherwise


def make_batches(cs, batch_size: int, seed: int, aug: str = "flip"):
    """``batches(epoch)`` over a CropSet: same-size samples batched together, shuffled and flipped anew
    every epoch (seeded by epoch, so a resumed run sees the same batches)."""
    import torch

    from workbench_seq_irst.crops import augment

    def batches(epoch: int):
        rng = np.random.default_rng((seed, epoch))
        order = rng.permutation(len(cs))
        by_shape: dict = {}
        for k in order:
            by_shape.setdefault(cs.x[k].shape, []).append(int(k))
        out = []
        for idx in by_shape.values():
            for s in range(0, len(idx), batch_size):
                xs, ls = [], []
                for k in idx[s:s + batch_size]:
                    x, lab = augment(cs.x[k].astype(np.float32), cs.labels[k], rng, aug)
                    xs.append(np.ascontiguousarray(x))
                    ls.append(lab)
                out.append((torch.from_numpy(np.stack(xs)), ls))
        order2 = rng.permutation(len(out))
        return [out[j] for j in order2]

    return batches


def make_device_batches(cs, batch_size: int, seed: int, device: str = "cpu"):
    """``batches(epoch)`` like ``make_batches(..., aug="flip")`` with the data path on ``device``: the whole
    crop set is stacked once into one float16 tensor there, and every batch is gathered and flipped there
    (``torch.flip`` on the samples the host drew). The random draws are the host path's, in its order
    (one permutation, then two flip draws per sample in batch order), so both paths give the same batches:
    equal crops, equal labels. Needs crops of one size (``crop > 0``) and flip-only augmentation;
    ``device_batches_supported`` says when."""
    import torch

    from workbench_seq_irst.crops import flip_labels

    X = torch.from_numpy(np.stack(cs.x)).to(device)  # (N, 3, S, S) float16, resident for the whole run
    H, W = X.shape[-2:]

    def batches(epoch: int):
        rng = np.random.default_rng((seed, epoch))
        order = rng.permutation(len(cs))
        out = []
        for s in range(0, len(order), batch_size):
            idx = [int(k) for k in order[s:s + batch_size]]
            fl = np.array([(rng.random() < 0.5, rng.random() < 0.5) for _ in idx], bool).reshape(-1, 2)
            ls = [flip_labels(cs.labels[k], W, H, bool(h), bool(v)) for k, (h, v) in zip(idx, fl)]
            xb = X[torch.as_tensor(idx, device=X.device)]
            hm = torch.as_tensor(fl[:, 0], device=X.device)
            vm = torch.as_tensor(fl[:, 1], device=X.device)
            xb = torch.where(hm[:, None, None, None], xb.flip(-1), xb)
            xb = torch.where(vm[:, None, None, None], xb.flip(-2), xb)
            out.append((xb.float(), ls))
        order2 = rng.permutation(len(out))
        return [out[j] for j in order2]

    return batches


def device_batches_supported(cs, aug: str) -> bool:
    """The device data path needs one crop size and flip-only augmentation (else the host path runs)."""
    return aug == "flip" and bool(cs.size) and len(cs) > 0 and len({a.shape for a in cs.x}) == 1


# the settings that make a training what it is, recorded in its checkpoints (extra["recipe"]): a --resume with
# another --lr / --batch-size ... continued the run with them and mixed two recipes in one history (only the
# weights were checked); more --epochs is what resuming is for. Checked by the command (main); LOSO's folds
# record theirs the same way (their run folder's recipe.json is what refuses another recipe there).
RECIPE = ("lr", "batch_size", "crop", "bg_ratio", "seed", "norm", "aug", "ema", "half_scale", "scales",
          "scale_negatives")


def recipe_of(settings: TrainSettings) -> dict:
    from workbench.core.training.checkpoints import recipe_of as of

    return of(settings, RECIPE)


# what a checkpoint of another network is resumed with (the weights' refusal ends with it)
RESUME_HINT = "resume with the options it was trained with (--backbone), or give another --out"


def train(ctx, dataset, val_seqs, settings: TrainSettings, out_dir, init_weights=None, resume: bool = False,
          device: str = "cpu", log=print, val_frames: dict | None = None, crops=None, checkpoint: dict | None = None,
          ready=None, check_data: bool = True):
    """Train a detector. ``dataset``: [(IRSequence, frames or None)]; ``val_seqs``: labelled sequences
    scored on full frames after every epoch. ``checkpoint``: ``out_dir/last.pt`` as already loaded (``main``'s
    recipe check), not read again. ``out_dir`` is made only once the weights, the frames (the crop set) and the
    data path have been checked, then ``ready()`` is called (``main`` opens its log there): a refused run leaves
    no folder. A resume over other training data than the checkpoint's (``fingerprint``) is refused, unless
    ``check_data`` is False (data that legitimately change between runs: LOSO's mined labels). Returns
    (FitResult, CropSet, model)."""
    import torch

    from workbench.core.jobs import JobContext
    from workbench.core.training import fit, resume_checkpoint
    from workbench_seq_irst.crops import build_crops
    from workbench_seq_irst.detector import SeqIRSTDetector, evaluate, scorable
    from workbench_seq_irst.model import build_model, detection_loss, encode

    ctx = ctx or JobContext()
    check("--ema", settings.ema, EMA)  # before the crop set is cut (was said after it, as "ema must be in [0, 1)")
    check_crop_stride(settings.crop, settings.backbone)
    if settings.data_path not in ("auto", "host", "device"):
        raise OptionError("--data-path", settings.data_path, "must be auto, host or device")
    frames = {s.name: list((val_frames or {}).get(s.name, range(len(s))))[::max(1, settings.val_every)]
              for s in val_seqs or []}
    # said once, before the crop set is built: a validation sequence without labels is left out of every epoch's
    # score (not P / R / F1 0 over 0 frames); none with labels is an error before any training
    val_seqs, skipped = scorable(val_seqs or [], frames)
    for why in skipped.values():
        log(f"note: validation sequence left out of the score, {why}")

    if settings.threads:
        torch.set_num_threads(settings.threads)
    torch.manual_seed(settings.seed)
    out = Path(out_dir)
    model = build_model(settings.backbone, norm=settings.norm).to(device)
    stride = model.stride
    opt = torch.optim.Adam(model.parameters(), lr=settings.lr, weight_decay=1e-5)
    resuming = resume and (out / "last.pt").is_file()
    start, history, ema_state, earlier = 0, [], None, None
    if resuming:  # another network or optimizer state: refused before the crop set is cut (the recipe: main,
        #           before anything is read)
        earlier = resume_checkpoint(out / "last.pt", model, opt, checkpoint, hint=RESUME_HINT)
        start, history = earlier["epoch"], earlier["history"]
        if settings.ema:
            ema_state = earlier.get("ema")
    fingerprint = data_fingerprint(dataset)  # file bytes, not decoded frames: < 0.1 s on the DAUB sequences
    if resuming and check_data:  # another --data of the same recipe trained on and finished with exit 0
        check_same_data(out / "last.pt", (earlier.get("extra") or {}).get("data"), fingerprint, kind="data",
                        described=described, log=log, todo="resume it with the data it was started on (--data / "
                        "--project / --synthetic), or give another --out (--init its best_weights.pt to start from "
                        "them)")
    if not resuming and init_weights:  # before the crop set is cut too (a missing or other network's file was said
        #                                after it)
        from workbench.core.training.checkpoints import fit_state_dict
        from workbench_seq_irst.model import load_members

        members = load_members(init_weights)  # the shipped ensemble: one network trains, from its first member
        fit_state_dict(model, members[0], init_weights)
        log(f"starting from {init_weights}" + (f" (member 1 of its {len(members)})" if len(members) > 1 else ""))
    if crops is None:
        t0 = time.perf_counter()
        crops = build_crops(dataset, settings.crop, settings.bg_ratio, settings.seed, settings.direction,
                            norm=settings.norm, half_scale=settings.half_scale, scales=tuple(settings.scales),
                            scale_negatives=settings.scale_negatives)
        log(f"crop set: {len(crops)} samples of {settings.crop or 'full'} px from {crops.frames} frames, "
            f"target share {1000 * crops.target_proportion:.3g} per mille ({time.perf_counter() - t0:.1f} s)")
    if not len(crops):
        raise WorkbenchError("no training samples: the training sequences have no labelled frames")
    if crops.size and crops.size % stride:
        raise WorkbenchError(f"--crop {crops.size}: must be a multiple of the grid stride {stride} (0: full frames)")
    if resuming:
        log(f"resuming after epoch {start}")

    def step(m, batch):
        x, labs = batch
        x = x.to(device)
        o = m(x)
        loss, _ = detection_loss(o, encode(labs, o.shape[-2:], stride), settings.a, settings.b)
        return loss

    def validate(m):
        if not val_seqs:
            return {}
        det = SeqIRSTDetector(m, device, settings.threshold, settings.direction, settings.match_px)
        rep, _ = evaluate(det, val_seqs, None, settings.match_px, frames)
        m.train()
        # the loop keeps floats: an undefined score (None: no detections, no precision) is NaN there, null in
        # history.json (write_json); an epoch whose F1 is NaN (neither labels nor detections) is never the best
        # (``fit``: until one has an F1, best_weights.pt holds the latest epoch)
        return {k: float("nan") if rep[k] is None else rep[k] for k in ("precision", "recall", "f1")}

    extra = {"settings": asdict(settings), "recipe": recipe_of(settings), "data": fingerprint,
             "samples": len(crops), "frames": crops.frames,
             "target_proportion": crops.target_proportion, "backbone": settings.backbone, "stride": stride}
    supported = device_batches_supported(crops, settings.aug)
    if settings.data_path == "device" and not supported:
        raise WorkbenchError("the device data path needs crops of one size (--crop > 0) and flip-only "
                             "augmentation; use --data-path host")
    use_device = settings.data_path == "device" or (settings.data_path == "auto" and supported
                                                    and str(device).startswith("cuda"))
    batches = (make_device_batches(crops, settings.batch_size, settings.seed, device) if use_device
               else make_batches(crops, settings.batch_size, settings.seed, settings.aug))
    out.mkdir(parents=True, exist_ok=True)  # every check made (it was made before --init or the frames were read)
    if ready is not None:
        ready()
    log(f"data path: {'device (' + str(device) + ')' if use_device else 'host'}")
    res = fit(ctx, model, opt, step, batches, settings.epochs, out,
              validate=validate if val_seqs else None, best_key="f1" if val_seqs else None,
              base_lr=settings.lr, start_epoch=start, history=history, extra=extra, log=log,
              ema_decay=settings.ema or None, ema_state=ema_state,
              resume_expected=None if ready is not None else "going on with its weights",  # ready: main only
              resumed=earlier)  # its random-number state restored before the first resumed epoch
    if (not val_seqs or settings.select == "last") and not res.cancelled:  # the last epoch is what we keep
        from workbench.core.training import save_weights

        if settings.ema and (out / "ema_weights.pt").is_file():  # the average is what is kept
            from workbench.core.atomic import atomic_copy

            atomic_copy(out / "ema_weights.pt", out / "best_weights.pt")  # a full disk leaves the old one whole
        else:
            save_weights(out / "best_weights.pt", model)
    return res, crops, model


def parser() -> argparse.ArgumentParser:
    # --loso is dispatched before this parser (command.main) and has options of its own: said here, or -h never
    # told that the mode exists
    p = argparse.ArgumentParser(prog="workbench train seq_irst",
                                description="Train the sequential dim-target detector on crops, score on full frames "
                                            "(one run; --loso: leave-one-recording-group-out, see the end).",
                                epilog="--loso: the leave-one-recording-group-out mode: each recording group under "
                                       "--root held out in turn, trained on the others and scored on it (--loso --all: "
                                       "one detector on every group, as the shipped weights were made). Its options "
                                       "differ from these: workbench train seq_irst --loso -h")
    src = p.add_argument_group("data")
    src.add_argument("--data", action="append", default=[], help="labelled sequence folder / video / root; repeatable")
    src.add_argument("--val", action="append", default=[], help="validation sequences (full frames); repeatable")
    src.add_argument("--project", help="a workflow project folder: its training set (refined labels, mined frames) "
                                       "and validation sequences")
    src.add_argument("--train-frames", help="START:END (0-based, END exclusive): train on these frames of --data")
    src.add_argument("--val-frames", help="START:END: score only these frames of --val")
    src.add_argument("--synthetic", type=int, default=0, help="also train on N generated sequences")
    src.add_argument("--synthetic-val", type=int, default=0, help="validate on M generated sequences")
    src.add_argument("--synthetic-size", default="160x128", help="WxH of generated frames")
    src.add_argument("--synthetic-frames", type=int, default=40, help="frames of each generated sequence")
    src.add_argument("--depth", type=int, choices=(8, 16), default=8, help="bit depth of generated frames")
    src.add_argument("--seed", type=int, default=0)
    t = p.add_argument_group("training")
    t.add_argument("--crop", type=int, default=64, help="crop size (80, 64, 32, 16; 0 = full frames)")
    t.add_argument("--backbone", default="darknet19_tiny", choices=("darknet19_tiny", "darknet19"),
                   help="the detector's backbone (default darknet19_tiny, the shipped weights')")
    t.add_argument("--epochs", type=int, default=10)
    t.add_argument("--batch-size", type=int, default=32)
    t.add_argument("--lr", type=float, default=2e-3)
    t.add_argument("--bg-ratio", type=float, default=1.0, help="background crops per target crop")
    t.add_argument("--val-every", type=int, default=1, help="score every k-th validation frame")
    t.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: default)")
    t.add_argument("--device", default="auto")
    t.add_argument("--data-path", choices=("auto", "host", "device"), default="auto",
                   help="where crops live and are flipped: auto = on the device when it is CUDA")
    t.add_argument("--out", required=True, help="output folder: last.pt, best.pt, best_weights.pt, history.json, "
                                                "summary.json, train_log.txt")
    t.add_argument("--resume", action="store_true", help="continue from OUT/last.pt")
    t.add_argument("--init", help="start from these weights (transfer / next iteration)")
    return p


def check_numbers(args) -> None:
    """Numbers a training cannot use, refused in one line before anything is read or written (torch said
    --threads -1 / --lr -1 / --batch-size 0 in a traceback; --epochs 0, --crop -16, --bg-ratio -1 ran)."""
    check_options([("--epochs", args.epochs, COUNT), ("--batch-size", args.batch_size, COUNT),
                   ("--val-every", args.val_every, COUNT), ("--threads", args.threads, THREADS),
                   ("--crop", args.crop, CROP), ("--bg-ratio", args.bg_ratio, NON_NEGATIVE),
                   ("--synthetic", args.synthetic, NON_NEGATIVE), ("--synthetic-val", args.synthetic_val, NON_NEGATIVE),
                   ("--synthetic-frames", args.synthetic_frames, COUNT), ("--lr", args.lr, POSITIVE),
                   ("--seed", args.seed, SEED)])
    check_crop_stride(args.crop, args.backbone)


def check_crop_stride(crop: int, backbone: str) -> None:
    """``--crop`` on the backbone's output grid (was said after the whole crop set was cut, as "crop size")."""
    from workbench_seq_irst.model import DEFAULT_STRIDE

    stride = DEFAULT_STRIDE.get(backbone)
    if crop and stride and crop % stride:
        raise OptionError("--crop", crop, f"must be a multiple of {backbone}'s grid stride {stride} (0: full frames)")


def frames_in(seq, selected: slice, flag: str, text: str) -> list[int]:
    """The frame numbers ``selected`` picks of ``seq``; none (5:2, or 50:60 of 12 frames) is refused, naming
    the sequence: the run trained or scored on the other data alone and said nothing."""
    frames = list(range(len(seq)))[selected]
    if not frames:
        raise OptionError(flag, text, f"selects no frame of {seq.path or seq.name} ({len(seq)} frames; "
                                      "START:END, 0-based, END exclusive)")
    if selected.stop is not None and selected.stop > len(seq):  # cut to the sequence, as a slice is: said
        from workbench.core.errors import warn_data

        warn_data(f"{flag} {text}: {seq.path or seq.name} has {len(seq)} frames; frames {frames[0]}:{frames[-1] + 1} "
                  "are used")
    return frames


def _real(seq):
    """The sequence's real path (the key ``sequences.once`` de-duplicates by); None for a generated one."""
    return Path(seq.path).resolve() if getattr(seq, "path", None) else None


def given_once(added: list[tuple], before: list[tuple], flag: str, source: str, use: str) -> list[tuple]:
    """``added`` ([(sequence, frames)] of ``flag``) less the sequences ``before`` holds already (``source``'s: the
    project's, the same folder by its real path, as ``sequences.once`` keys them): a sequence of the project given to
    --data too was trained on twice (its crops twice as often as the others'), one given to --val too validated
    twice. Used once (``use``: trained / validated on), as the project has it (its reviewed labels, its frames),
    with a warning naming both."""
    from workbench.core.errors import warn_data

    seen = {k: s for s, _ in before if (k := _real(s)) is not None}
    out = []
    for s, frames in added:
        k = _real(s)
        if k is not None and k in seen:
            warn_data(f"{flag} {s.path}: sequence {k.name} is in {source} too (as {seen[k].name}); {use} once, as "
                      "the project has it")
            continue
        out.append((s, frames))
    return out


def trained_and_validated(dataset: list[tuple], val: list, val_frames: dict) -> None:
    """Warn of a sequence both trained on and validated on with frames in common: its F1 (the best epoch's, the
    best_weights.pt chosen by it) measured how well the network fits frames it learned, not unseen targets, and
    nothing said so. Warned, not refused: training and validating on one sequence is a deliberate check that the
    network can fit it at all; disjoint --train-frames / --val-frames of one sequence are a proper split."""
    from workbench.core.errors import warn_data

    trained = {}
    for s, frames in dataset:
        k = _real(s)
        if k is not None:
            trained.setdefault(k, set()).update(range(len(s)) if frames is None else frames)
    for v in val:
        k = _real(v)
        if k is None or k not in trained:
            continue
        both = trained[k] & set(val_frames.get(v.name, range(len(v))))
        if both:
            # one line of at most 199 characters (the CLI clips it): the sequence's name, not its path
            warn_data(f"sequence {k.name} is trained on and validated on ({len(both)} frames in both): its F1 and the "
                      "best_weights.pt it picks measure learned frames; validate on another sequence or disjoint "
                      "--val-frames")


def main(argv: list[str]) -> int:
    from workbench.core.data.irseq_synth import make_sequences
    from workbench.core.device import resolve_device
    from workbench.core.jobs import JobContext, TextProgress
    from workbench.core.results import write_json

    if "--loso" in argv:  # the selection builds on this module; command.main dispatches to it
        raise WorkbenchError("--loso runs through `workbench train seq_irst` (workbench_seq_irst.command.main), "
                             "not train.main")
    args = parser().parse_args(joined_ranges(argv, ("--train-frames", "--val-frames")))  # --val-frames -10:
    check_numbers(args)
    from workbench.core.results import check_outputs

    # an --out that cannot be written was found once every frame was read (11 s for DAUB) and said without its
    # option ("ro/t: Operation not permitted"); nothing is made here (a refused input leaves no folder)
    check_outputs({"--out": args.out}, make=False)
    settings = TrainSettings(backbone=args.backbone, crop=args.crop, epochs=args.epochs, batch_size=args.batch_size,
                             lr=args.lr, bg_ratio=args.bg_ratio, seed=args.seed, val_every=args.val_every,
                             threads=args.threads, data_path=args.data_path)
    out = Path(args.out)
    fresh = args.resume and not (out / "last.pt").is_file()  # rerunning one command resumes; say when it starts
    if not args.resume and (out / "last.pt").is_file():  # a new run wrote over the earlier one's checkpoints
        from workbench.core.training.earlier_run import refuse_other_run

        refuse_other_run(out, "train seq_irst", lambda ck: "grid_stride" in ck["model"]
                         or "backbone" in (ck.get("extra") or {}))
        raise WorkbenchError(f"--out {out}: holds a training already ({out / 'last.pt'}): continue it with --resume, "
                             "or give another --out")
    earlier = None  # OUT/last.pt, read once: its recipe here, its network in train()
    if args.resume and not fresh:  # another --lr / --batch-size ...: refused before anything is read or written
        from workbench.core.training.checkpoints import check_recipe, load_checkpoint

        earlier = load_checkpoint(out / "last.pt")
        if "backbone.0.0.weight" not in earlier["model"]:  # another method's: was "trained with another recipe
            # (--lr ... --batch-size ...)", and "start a new --out with --init" it, which fails
            raise WorkbenchError(f"{out / 'last.pt'}: not a seq_irst training's checkpoint (its weights are another "
                                 "network's, no backbone.0.0.weight): give another --out")
        check_recipe(out / "last.pt", earlier, recipe_of(settings))
    try:
        sw, sh = (int(v) for v in args.synthetic_size.lower().split("x"))
    except ValueError:
        raise WorkbenchError(f"--synthetic-size expects WxH, got {args.synthetic_size!r}") from None
    if min(sw, sh) < 16:  # 4x4 was numpy's "low >= high" traceback while the targets were placed
        raise OptionError("--synthetic-size", args.synthetic_size, "frames of at least 16x16 are needed")
    if max(sw, sh) > 4096:  # 100000x100000 was numpy's out-of-memory traceback (37 GiB a frame)
        raise OptionError("--synthetic-size", args.synthetic_size, "frames of at most 4096x4096 are generated")
    dataset, val, val_frames, heard = [], [], {}, []
    try:
        with warnings.catch_warnings(record=True) as heard:  # what the data said: shown, and logged once log opens
            warnings.simplefilter("always", DataWarning)
            if args.project:
                from workbench_seq_irst.project import Project

                pr = Project.open(args.project)
                dataset += pr.train_set()
                val += pr.sequences("val")
                val_frames.update(pr.val_frames() or {})
            tr = frame_range(args.train_frames, "--train-frames")
            data = open_many(args.data, flag="--data") if args.data else []
            dataset += given_once([(s, None if tr is None else frames_in(s, tr, "--train-frames", args.train_frames))
                                   for s in data], dataset, "--data", "--project", "trained on")
            val_data = open_many(args.val, flag="--val") if args.val else []
            val_data = [s for s, _ in given_once([(s, None) for s in val_data], [(v, None) for v in val], "--val",
                                                 "--project", "validated on")]
            vr = frame_range(args.val_frames, "--val-frames")
            if vr is not None:
                val_frames.update({s.name: frames_in(s, vr, "--val-frames", args.val_frames) for s in val_data})
            val += val_data
            trained_and_validated(dataset, val, val_frames)
    finally:  # shown as they would have been (the CLI's one-line form), in the order they came, a refusal's too
        for w in heard:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    said = [str(w.message) for w in heard if issubclass(w.category, DataWarning)]
    kw = dict(width=sw, height=sh, frames=args.synthetic_frames, depth=args.depth)
    if args.synthetic:
        dataset += [(s, None) for s in make_sequences(args.synthetic, seed=args.seed, **kw)]
    if args.synthetic_val:
        val += make_sequences(args.synthetic_val, seed=args.seed + 500, **kw)
    if not dataset:
        raise WorkbenchError("nothing to train on: give --data, --project or --synthetic")
    # the log's lines are kept until train() has checked --init / --resume and read the frames and made --out
    # (a refused run left the folder and its log behind)
    from workbench.core.training.loop import HeldLog

    log = HeldLog(out / "train_log.txt", stamp=False)
    ready = log.open

    log(f"# {time.strftime('%Y-%m-%d %H:%M:%S')} workbench train seq_irst {shell.join(argv)}")
    log(f"# machine: {platform.processor() or platform.machine()}, python {platform.python_version()}")
    # what the readers said of the data (NaN / outside-frame label lines, frames without labels): detect printed
    # it, train used the labels so read without a word
    # and what this command said of them (a sequence given twice, trained on and validated on)
    read = [w for q in [d for d, _ in dataset] + list(val) for w in ((q.meta or {}).get("warnings") or [])]
    for w in dict.fromkeys(read + said):
        log(f"warning: {w}")
    if fresh:  # a mistyped --out trained from scratch without a word
        log(f"--resume: no {out / 'last.pt'} yet: starting a new training there")
    t0 = time.perf_counter()
    res, crops, _ = train(JobContext(TextProgress("train")), dataset, val, settings, out, args.init, args.resume,
                          resolve_device(args.device), log, val_frames=val_frames or None, checkpoint=earlier,
                          ready=ready)
    wall = time.perf_counter() - t0
    summary = {"command": "workbench train seq_irst " + shell.join(argv),
               "wall_s": run_wall_s(out / "summary.json", wall, bool(args.resume) and not fresh), "best_epoch": res.best_epoch,
               "best_f1": res.best_value, "samples": len(crops), "frames": crops.frames,
               "cancelled": res.cancelled, "last": res.history[-1] if res.history else None}
    write_json(out / "summary.json", summary, default=str)  # best_f1 NaN without validation: null, not NaN
    if res.best_epoch:
        log(f"done in {wall:.0f} s; best F1 {res.best_value:.4f} at epoch {res.best_epoch}")
    elif val and res.history:  # an F1 at no epoch: was "best F1 nan at epoch N"
        log(f"done in {wall:.0f} s; the validation F1 was undefined at every epoch (no target labels and no "
            f"detections in the validation frames): {out / 'best_weights.pt'} holds the last epoch's weights")
    else:  # no validation sequence: said as "best F1 nan at epoch 0"
        log(f"done in {wall:.0f} s; no validation (--val / --synthetic-val): {out / 'best_weights.pt'} holds the "
            "last epoch's weights")
    log.close()
    return 0
