"""Selection without leaks: k-fold cross-validation by image, and the final training on everything.

``workbench train lw_irstnet --cv K --data ROOT [--split trainval.txt] [--extra ROOT2[:SPLIT] ...]
[recipe options] --epochs N --out DIR [--folds 0,2]``

* The pool is every image of ``--split`` in ``--data`` (default ``trainval.txt``, else ``train.txt``; a set
  without ``splits/`` or split files: every image) plus every image (or ``ROOT:SPLIT``) of each ``--extra`` root.
  Images are grouped before folding: a SIRST-V2-style name ``S<yyyymmdd>_S<seq>_<frame>``
  belongs to the recording ``S<yyyymmdd>_S<seq>`` (frames of one recording are near-duplicates), any
  other name is its own group. Groups, never images of one group, are dealt to K folds: shuffled with
  ``--seed``, then largest first to the fold with fewest images (``make_folds``).
* Fold k trains the recipe (the ordinary training options, the same ``--epochs`` for every fold, seed
  ``--seed``) on the other folds and is scored once, after its last epoch, on its held-out images with
  the DNANet / BasicIRSTD metrics (``core.evaluation.segmentation``: mIoU, nIoU, F1, Pd, Fa); with
  ``--ema`` the averaged weights are scored. No epoch and no checkpoint is chosen on held-out images.
* ``DIR/fold_<k>/`` holds the fold's training (``last.pt``, resumable: rerun the same command) and
  ``score.json``; a fold with a ``score.json`` is skipped. ``DIR/cv.json`` holds the recipe, the pool,
  every fold's figures and held-out names, and the mean, sample standard deviation, min and max of
  each figure over the folds done so far (``complete`` says whether all K are in).

``--final``: trains the recipe on the whole pool for exactly ``--epochs`` (no validation, nothing
held out, nothing chosen) into ``DIR/``; ``DIR/final_weights.pt`` is the last epoch's weights (the
average with ``--ema``), described by ``DIR/final.json``.
"""
from __future__ import annotations

import copy
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from workbench.core import shell
from workbench.core.errors import WorkbenchError

RECORDING = re.compile(r"^(S\d{8}_S\d+)_\d+$")
METRICS = ("miou", "niou", "f1", "pd", "fa_e6")
CV_CONVENTION = ("DNANet / BasicIRSTD: logits > 0; mIoU = sum TP / sum (TP+FP+FN) over the held-out fold; nIoU = "
                 "mean per-image IoU; Pd by 8-connected targets matched to a predicted centroid < 3 px away; "
                 "Fa = unmatched predicted pixels / all pixels (x 1e-6); std = sample standard deviation over folds")


def recording_group(name: str) -> str:
    """The recording an image belongs to: ``S20210527_S4`` for ``S20210527_S4_114``, else the name."""
    m = RECORDING.match(name)
    return m.group(1) if m else name


@dataclass
class PoolItem:
    key: str  # unique in the pool: the name, prefixed with the root's folder name for --extra roots
    group: str
    dataset: object
    index: int


def make_folds(groups: list[str], k: int, seed: int = 0) -> list[int]:
    """The fold (0..k-1) of each item: whole groups dealt to the fold with the fewest items so far,
    groups in a seeded random order, largest first (stable), so folds are balanced and reproducible."""
    uniq = sorted(set(groups))
    if k < 2:
        raise WorkbenchError(f"--cv needs at least 2 folds, got {k}")
    if len(uniq) < k:
        raise WorkbenchError(f"{len(uniq)} image groups cannot be split into {k} folds")
    size = {g: 0 for g in uniq}
    for g in groups:
        size[g] += 1
    order = [uniq[i] for i in np.random.default_rng(seed).permutation(len(uniq))]
    order.sort(key=lambda g: -size[g])  # stable: ties keep the seeded order
    load = [0] * k
    fold_of = {}
    for g in order:
        f = int(np.argmin(load))
        fold_of[g] = f
        load[f] += size[g]
    return [fold_of[g] for g in groups]


def build_pool(data: str, split: str | None, extra=(), invert: bool = False) -> list[PoolItem]:
    from workbench_lw_irstnet.train import open_root, open_split

    pool: list[PoolItem] = []
    sources = [(data, split, "")] + [(*_root_split(e), Path(_root_split(e)[0]).name + "/") for e in extra]
    for root, sp, prefix in sources:
        # --data's split: a missing one says what --split takes (a set without splits/)
        ds = open_split(root, sp, invert) if not prefix else open_root("--extra", root, sp or None, invert)
        for i, name in enumerate(ds.names):
            pool.append(PoolItem(prefix + name, recording_group(name), ds, i))
    keys = [p.key for p in pool]
    if len(set(keys)) != len(keys):
        dup = sorted({k for k in keys if keys.count(k) > 1})[:5]
        raise WorkbenchError(f"the pool lists an image twice: {', '.join(dup)}")
    return pool


def pool_fingerprint(pool: list[PoolItem]) -> dict:
    """What the pool's files hold, not where they are: the images, their bytes in all and a SHA-256 over every item's
    key, image bytes and mask bytes in pool order (a few MB for a SIRST-sized set: read in well under a second).
    Another folder whose images have the same names gives another hash; the same files moved give the same one."""
    from workbench_lw_irstnet.train import images_fingerprint

    return images_fingerprint([(p.key, p.dataset.items[p.index]) for p in pool])


def check_same_pool(record: Path, fingerprint: dict, sources: list[str], what: str = "this cross-validation") -> bool:
    """A cross-validation (``record``: its ``cv.json``) or ``--final`` training (its ``final_pool.json``) resumed over
    other data: refused, naming the folders it was started on and the ones given now. The per-fold checks passed
    such data when its images had the pool's names (a fold's held-out names and the recipe match), and the rest was
    trained and scored on other images than the part done. A record from before fingerprints is not checked: True
    then (the caller says so once it goes on: the data given now is recorded as the run's from then on)."""
    if not record.is_file():
        return False
    try:
        pool = json.loads(record.read_text(encoding="utf-8")).get("pool") or {}
    except (ValueError, AttributeError) as exc:
        raise WorkbenchError(f"{record}: not readable ({exc}): give another --out") from None
    from workbench.core.training.fingerprint import check_same_data
    from workbench_lw_irstnet.train import described

    was = pool.get("fingerprint")
    was = {**was, "sources": pool.get("sources")} if isinstance(was, dict) else was
    return check_same_data(record, was, {**fingerprint, "sources": sources}, kind="data", what=what,
                           described=described, todo="rerun with that data, or give another --out") is None


def _root_split(spec: str) -> tuple[str, str | None]:
    if ":" in spec and not Path(spec).exists():
        root, sp = spec.rsplit(":", 1)
        return root, sp or None
    return spec, None


def load_items(items: list[PoolItem]):
    xs, ms = [], []
    for it in items:
        _, x, m = it.dataset.sample(it.index)
        xs.append(x)
        ms.append(m)
    return xs, ms


def log_warnings(pool: list[PoolItem], log) -> None:
    """The pool's readers' warnings (a split name with no image, a mask resized to its image), once its images are
    read, logged as the plain training logs them: --cv and --final dropped them (9 names in --split, 8 images
    trained on and held out, no word of the ninth)."""
    for ds in {id(p.dataset): p.dataset for p in pool}.values():
        for w in ds.warnings:
            log(f"warning: {w}")


def summarize(folds: list[dict]) -> dict:
    """Mean, sample std (ddof 1), min and max of each figure over the folds. One fold has no sample std: None
    (null in cv.json; it was 0.0, which read as folds that agreed exactly)."""
    out = {}
    for stat, fn in (("mean", np.mean), ("std", lambda v: np.std(v, ddof=1)), ("min", np.min), ("max", np.max)):
        undefined = stat == "std" and len(folds) == 1
        out[stat] = {m: None if undefined else float(fn([f[m] for f in folds])) for m in METRICS} if folds else {}
    return out


def cv_table(cv: dict) -> str:
    from workbench.core.evaluation.plots import render_table, spread_text

    head = ["fold", "held-out", "train", "mIoU", "nIoU", "F1", "Pd", "Fa (1e-6)"]
    rows = [[str(f["fold"]), str(f["val_images"]), str(f["train_images"])]
            + [f"{f[m]:.4f}" for m in METRICS[:4]] + [f"{f['fa_e6']:.2f}"] for f in cv["folds"]]
    mean, std = cv.get("mean") or {}, cv.get("std") or {}
    if len(cv["folds"]) == 1:  # one fold has no spread: "±0.0000" read as folds that agreed exactly
        rows.append(["1 fold", "", ""] + [f"{mean[m]:.4f}" for m in METRICS[:4]] + [f"{mean['fa_e6']:.2f}"])
    elif cv["folds"]:
        rows.append(["mean ± std", "", ""] + [f"{mean[m]:.4f}±{spread_text(std.get(m), 4)}" for m in METRICS[:4]]
                    + [f"{mean['fa_e6']:.2f}±{spread_text(std.get('fa_e6'), 2)}"])
    return render_table(head, rows, left=1)


def read_cv(out_dir: str | Path) -> dict:
    """``cv.json`` of a cross-validation folder (for the window's Train / Evaluate tabs)."""
    p = Path(out_dir) / "cv.json"
    if not p.is_file():
        raise WorkbenchError(f"{p}: no cross-validation results there")
    return json.loads(p.read_text(encoding="utf-8"))


def _recipe(args) -> dict:
    from workbench_lw_irstnet.train import recipe_of

    return recipe_of(args)


def check_same_recipe(ckpt: Path, recipe: dict) -> None:
    """A --cv fold or --final training left in ``ckpt`` is continued (or, scored, kept) only for the recipe
    it was trained with, --epochs included and an option only one side records too (``both_sides``): another
    recipe's epochs were taken silently and reported as this one's. Checkpoints from before the recipe was
    recorded are not checked."""
    from workbench.core.training import load_checkpoint
    from workbench.core.training.checkpoints import check_recipe

    check_recipe(ckpt, load_checkpoint(ckpt), recipe, "rerun with its options, or give another --out", both_sides=True)


def _final_state(out: Path, ema: bool):
    from workbench.core.training import load_checkpoint

    ck = load_checkpoint(out / "last.pt")
    return ck["ema"] if ema and ck.get("ema") is not None else ck["model"], ck["epoch"]


def _fold_context(ctx, k: int, n: int):
    """The job's context seen by fold k: progress mapped to (k + f) / n, the same cancel token."""
    from workbench.core.jobs import JobContext

    if ctx is None:
        return None
    return JobContext(lambda f, msg: ctx.progress((k + f) / n, f"fold {k + 1}/{n}: {msg}"), ctx.token)


def finished_selection(args) -> Path | None:
    """The results of a finished ``--cv`` (``cv.json`` with a ``score.json`` in every fold this run would train:
    nothing left to resume) or ``--final`` (``final.json`` beside ``final_weights.pt``) in ``--out``, which a rerun
    would only write over (cv.json rewritten with this run's command, final.json with this run's pool, which
    can name images the weights never saw); None when there is none or the run is resumable."""
    out = Path(args.out)
    if args.cv:
        wanted = range(args.cv) if not args.folds else fold_numbers(args.folds)
        done = (out / "cv.json").is_file() and all((out / f"fold_{k}" / "score.json").is_file() for k in wanted)
        return out / "cv.json" if done else None
    if args.final and (out / "final.json").is_file() and (out / "final_weights.pt").is_file():
        return out / "final.json"
    return None


def refuse_finished(args) -> None:
    """``finished_selection`` said in one line: where the results are and what to run instead (the plain
    training's ``train.earlier_training`` check, for the selection runs)."""
    done = finished_selection(args)
    if done is None:
        return
    out = Path(args.out)
    if args.cv:
        raise WorkbenchError(f"--out {out}: holds a finished cross-validation already ({done}; every fold "
                             f"{'asked for ' if args.folds else ''}is scored): its figures are there. Train the "
                             "chosen recipe with --final into another --out, or give another --out for a new "
                             "cross-validation (a fold whose score.json is deleted is trained again)")
    raise WorkbenchError(f"--out {out}: holds a finished final training already ({done}, "
                         f"{out / 'final_weights.pt'}): give another --out")


def refuse_other_selection(args) -> None:
    """``--final`` into a cross-validation's folder (its ``cv.json`` or a ``fold_K`` folder), or ``--cv`` into a final
    training's (its ``final_pool.json`` / ``final.json``), refused in one line before anything is read or written:
    the final training wrote last.pt / best_weights.pt / final_weights.pt beside cv.json (the --cv refusal tells
    users to train --final into another --out), a cross-validation its folds beside the final weights."""
    out = Path(args.out)
    if args.final:
        held = out / "cv.json" if (out / "cv.json").is_file() else next(
            (d for d in sorted(out.glob("fold_*")) if d.is_dir()), None)
        if held is not None:
            raise WorkbenchError(f"--out {out}: holds a cross-validation ({held}): train the chosen recipe with "
                                 "--final into another --out")
    elif args.cv:
        held = next((f for f in (out / FINAL_POOL, out / "final.json") if f.is_file()), None)
        if held is not None:
            raise WorkbenchError(f"--out {out}: holds a final training ({held}): give another --out for the "
                                 "cross-validation")


def run_cv(ctx, args, log=print, command: str = "", ready=None) -> dict:
    """The cross-validation as a job; returns the ``cv.json`` contents (also written). A finished one in
    ``--out`` is refused (``refuse_finished``), after the checks that name another recipe or other folds."""
    import torch

    from workbench.core.device import resolve_device
    from workbench.core.results import write_json
    from workbench_lw_irstnet.model import LWIRSTNet
    from workbench_lw_irstnet.train import run_training, validate_fn

    out = Path(args.out)
    refuse_other_selection(args)
    pool = build_pool(args.data, args.split, args.extra, args.invert)  # before --out is made: a pool it cannot
    # read leaves no folder (``ready()`` is called once it is made: the caller's log opens there)
    sources = [args.data + (f":{args.split}" if args.split else "")] + list(args.extra)
    fingerprint = pool_fingerprint(pool)
    cv_path = out / "cv.json"
    unchecked = check_same_pool(cv_path, fingerprint, sources)
    # folds the pool cannot make and folds out of range are refused before --out is made too (they left it with
    # only its cv_log.txt)
    folds = make_folds([p.group for p in pool], args.cv, args.seed)
    wanted = range(args.cv) if not args.folds else fold_numbers(args.folds)
    for k in wanted:
        if not 0 <= k < args.cv:
            raise WorkbenchError(f"--folds: fold {k} is not in 0..{args.cv - 1}")
    # every image decoded before --out is made (each fold took its own then): a corrupt one was refused once cv.json
    # held the pool's fingerprint, and the same command, the image mended, was refused as 'started on other data'
    images, masks = load_items(pool)
    out.mkdir(parents=True, exist_ok=True)
    if ready is not None:
        ready()
    log_warnings(pool, log)
    log(f"cross-validation: {len(pool)} images in {len(set(p.group for p in pool))} groups, {args.cv} folds of "
        + ", ".join(str(folds.count(k)) for k in range(args.cv)) + " images")
    if args.init:
        log(f"warning: every fold starts from {args.init}; if those weights were trained on any of these images, "
            "the held-out figures are optimistic (the shipped weights saw SIRST train.txt)")
    device = resolve_device(args.device)
    base = {"k": args.cv, "seed": args.seed, "recipe": _recipe(args), "command": command,
            "pool": {"images": len(pool), "groups": len(set(p.group for p in pool)), "sources": sources,
                     "fingerprint": fingerprint},
            "convention": CV_CONVENTION, "selection": "none: every fold scored after its last epoch",
            "init": args.init}
    recipe = _recipe(args)
    for k in wanted:  # every fold already in the folder checked before any is trained
        fdir = out / f"fold_{k}"
        if (fdir / "last.pt").is_file():
            check_same_recipe(fdir / "last.pt", recipe)
        if (fdir / "score.json").is_file():
            held = json.loads((fdir / "score.json").read_text(encoding="utf-8")).get("held_out")
            if held is not None and sorted(held) != sorted(p.key for p, f in zip(pool, folds) if f == k):
                raise WorkbenchError(f"{fdir / 'score.json'}: this fold held out other images (another --cv, "
                                     "--seed, --split or --extra): rerun with those, or give another --out")
    refuse_finished(args)  # after those: another recipe or other folds are said as such
    if unchecked:
        log(f"warning: {cv_path} was started before its data was fingerprinted: the data given now "
            f"({', '.join(sources)}) is not checked against the part done, and is recorded as its data")

    def record() -> dict:
        rows = [json.loads((out / f"fold_{k}" / "score.json").read_text(encoding="utf-8")) for k in range(args.cv)
                if (out / f"fold_{k}" / "score.json").is_file()]
        cv = {**base, "folds": rows, **summarize(rows), "complete": len(rows) == args.cv}
        write_json(cv_path, cv)
        return cv

    record()  # the pool's fingerprint is on record before a fold trains: a run stopped in its first fold has one
    for k in wanted:
        fdir = out / f"fold_{k}"
        if (fdir / "score.json").is_file():
            log(f"fold {k}: already scored ({fdir / 'score.json'}); skipped")
            continue
        tr = [i for i, f in enumerate(folds) if f != k]
        va = [i for i, f in enumerate(folds) if f == k]
        xs, ms = [images[i] for i in tr], [masks[i] for i in tr]
        vx, vm = [images[i] for i in va], [masks[i] for i in va]
        fargs = copy.copy(args)
        fargs.out, fargs.val_split, fargs.resume_expected = str(fdir), "", "scoring it"
        fargs.resume = str(fdir / "last.pt") if (fdir / "last.pt").is_file() else None
        log(f"fold {k}: train {len(tr)}, held out {len(va)}" + (" (resuming)" if fargs.resume else ""))
        t0 = time.perf_counter()
        res = run_training(_fold_context(ctx, k, args.cv), fargs, log, command=command + f" [fold {k}]",
                           data=(xs, ms, [], []))
        if res.cancelled:
            log(f"fold {k}: cancelled; rerun the same command to resume it")
            break
        model = LWIRSTNet().to(device)
        state, epoch = _final_state(fdir, bool(args.ema))
        model.load_state_dict(state)
        model.eval()
        with torch.no_grad():
            score = validate_fn(vx, vm, device)(model)
        row = {"fold": k, "epoch": epoch, "train_images": len(tr), "val_images": len(va),
               **{m: float(score[m]) for m in METRICS}, "weights": "ema" if args.ema else "last",
               "wall_s": time.perf_counter() - t0, "held_out": [pool[i].key for i in va]}
        write_json(fdir / "score.json", row)
        log(f"fold {k}: " + " ".join(f"{m}={row[m]:.4f}" for m in METRICS))
    return record()


def fold_numbers(text) -> list[int]:
    """``--folds 0,2`` as [0, 2]; anything but comma-separated whole numbers is refused in one line (was
    int()'s ValueError traceback)."""
    try:
        return [int(f) for f in str(text).split(",")]
    except ValueError:
        raise WorkbenchError(f"--folds {text}: give fold numbers separated by commas, e.g. 0,2") from None


FINAL_POOL = "final_pool.json"  # --final's pool, recorded when --out is made: a resume over other data is refused


def run_final(ctx, args, log=print, command: str = "", ready=None) -> dict:
    """Train on the whole pool for exactly ``--epochs``; ``DIR/final_weights.pt`` + ``DIR/final.json``. ``DIR`` is
    made (then ``ready()``) by the training, once its checks and the pool's images have passed."""
    from workbench.core.results import file_sha256, write_json
    from workbench.core.training.checkpoints import save_file
    from workbench_lw_irstnet.train import run_training

    out = Path(args.out)
    refuse_other_selection(args)  # a cross-validation's folder: not written into
    fargs = copy.copy(args)
    # it resumes by itself (main_cv refuses --resume): a stop says the same command again carries on, and a rerun
    # after its last epoch writes the final weights from last.pt (not 'give a larger --epochs', another recipe)
    fargs.val_split, fargs.resume_expected = "", "writing its final weights"
    if not fargs.resume and (out / "last.pt").is_file():  # before the images are decoded
        check_same_recipe(out / "last.pt", _recipe(args))
        refuse_finished(args)  # the same recipe, finished: resuming it only rewrote final.json with this pool
        fargs.resume = str(out / "last.pt")
    elif (out / "final_weights.pt").is_file():  # a new training wrote over those weights without a word
        raise WorkbenchError(f"--out {out}: holds final weights already ({out / 'final_weights.pt'}) and no last.pt "
                             "to continue: give another --out")
    pool = build_pool(args.data, args.split, args.extra, args.invert)
    sources = [args.data + (f":{args.split}" if args.split else "")] + list(args.extra)
    fingerprint = pool_fingerprint(pool)
    if fargs.resume:  # the same hazard as a cross-validation's: another --data of the same names was trained on
        if check_same_pool(out / FINAL_POOL, fingerprint, sources, "this final training"):
            log(f"warning: {out / FINAL_POOL} was written before data fingerprints: the data given now "
                f"({', '.join(sources)}) is not checked against the part trained, and is recorded as its data")
    xs, ms = load_items(pool)
    log_warnings(pool, log)
    log(f"final training on all {len(pool)} images for {args.epochs} epochs (nothing held out)")

    def made() -> None:  # --out is there: the pool on record before the first epoch
        if ready is not None:
            ready()
        write_json(out / FINAL_POOL, {"pool": {"images": len(pool), "sources": sources, "fingerprint": fingerprint}})

    res = run_training(ctx, fargs, log, command=command, data=(xs, ms, [], []), ready=made)
    if res.cancelled:
        return {"cancelled": True}
    state, epoch = _final_state(out, bool(args.ema))
    # atomically: a write cut off (disk full, the process killed) leaves the earlier weights, not half a file
    save_file({k: v.detach().cpu() for k, v in state.items()}, out / "final_weights.pt")
    info = {"epochs": epoch, "images": len(pool), "names": [p.key for p in pool], "fingerprint": fingerprint,
            "recipe": _recipe(args),
            "weights": "ema" if args.ema else "last", "command": command,
            "final_weights_sha256": file_sha256(out / "final_weights.pt"), "selection": "none"}
    write_json(out / "final.json", info)
    log(f"wrote {out / 'final_weights.pt'} ({len(pool)} images, {epoch} epochs)")
    return info


def main_cv(args, argv) -> int:
    import sys

    from workbench.core.jobs import JobContext, TextProgress
    from workbench_lw_irstnet.train import HeldLog

    if args.cv and args.final:
        raise WorkbenchError("--cv and --final are separate runs: choose the recipe by --cv, then train --final")
    if args.resume:
        raise WorkbenchError("--cv / --final resume by themselves: rerun the same command")
    every = default_pool(args, argv)
    out = Path(args.out)
    command = "workbench train lw_irstnet " + shell.join(argv)
    # --out and its log are made once the pool is read (run_cv / the final training's ready): a refused run made
    # them and logged its command first
    log = HeldLog(out / ("cv_log.txt" if args.cv else "train_log.txt"))
    try:
        log(command)
        if every:
            log(f"{args.data}: no splits/ folder: the pool is every image (--split FILE names some)")
        ctx = JobContext(TextProgress("train") if sys.stderr.isatty() else None)
        if args.final:
            run_final(ctx, args, log, command, ready=log.open)
            return 0
        cv = run_cv(ctx, args, log, command, ready=log.open)
        print(cv_table(cv))
        print(f"wrote {out / 'cv.json'}" + ("" if cv["complete"] else f" ({len(cv['folds'])} of {args.cv} folds)"))
    finally:
        log.close()
    return 0


def default_pool(args, argv) -> bool:
    """``args.split`` of a --cv / --final run whose ``argv`` gives no ``--split``: ``trainval.txt`` where the root
    has it (train + val, never a test split), every image where it has no splits (nothing is held out to keep out
    of the pool: the folds are its held-out images; it was refused as "no split 'train.txt'", an option the user
    never gave). True when the pool became every image so (the caller says so)."""
    if any(a == "--split" or a.startswith("--split=") for a in argv):
        return False
    if _has_split(args.data, "trainval.txt"):
        args.split = "trainval.txt"
        return False
    from workbench_lw_irstnet.train import no_splits

    if no_splits(args.data):
        args.split = ""
        return True
    return False


def _has_split(root, name) -> bool:
    from workbench.core.data.sirst import resolve_split

    try:
        resolve_split(Path(root), name)
        return True
    except Exception:
        return False
