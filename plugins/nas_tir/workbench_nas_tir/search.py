"""``workbench search nas_tir --out DIR [options]``: the bi-level differentiable architecture search.

Alternating first-order updates (Section 4.2): each step takes one M x N batch from half A of the
crops and updates alpha with Adam (lr 0.02, betas 0.5 / 0.999, weight decay 1e-3) on the
classification loss, then one batch from half B and updates the operation weights with SGD
(momentum 0.9, weight decay 3e-4, gradient clipped at 5), the learning rate following a cosine from
0.1 down to 0.001 over the epochs (no restart). The halves split every identity's crops.

The same generator (``search_events``) drives the CLI (with a text progress bar) and the GUI
inspector (in a superqt worker, the alpha heatmaps redrawn from what it yields). Every epoch writes
``DIR/last.pt`` (network incl. alpha, both optimizers: ``--resume`` continues from it),
``DIR/alpha_history.json`` (raw and softmax alpha of every epoch, epoch 0 = initial),
``DIR/genotype.json`` (derived from the latest alpha) and ``DIR/search_log.txt``. Randomness is
seeded per epoch from ``--seed``, so a resumed search draws what an uninterrupted one would.
"""
from __future__ import annotations

import argparse
import os
import math
import time
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import numpy as np

from workbench.core.errors import Cancelled, WorkbenchError, held_interrupts
from workbench.core.jobs import JobContext
from workbench.core.options import COUNT, NON_NEGATIVE, POSITIVE, Bound, OptionError, at_least, between, check_options
from workbench.core.options import SEED, threads_bound
from workbench.core.results import write_json
from workbench.core.training.loop import no_epoch_left  # (the rule fit asks too; its importers name it here)


@dataclass
class SearchConfig:
    cell: str = "dual"
    cells: int = 5
    width: int = 8
    dims: int = 64
    reductions: int = 2
    crop: int = 32
    context: float = 2.0
    epochs: int = 10
    steps_per_epoch: int = 20
    m: int = 8  # identities per batch
    n: int = 4  # frames per identity
    partial: bool = True
    k: int = 4
    seed: int = 0
    lr_w: float = 0.1
    lr_w_min: float = 0.001
    momentum: float = 0.9
    wd_w: float = 3e-4
    lr_a: float = 0.02
    beta1: float = 0.5
    beta2: float = 0.999
    wd_a: float = 1e-3
    real: bool = True  # use the sequences of `data` (when given) beside the generated ones
    data: str = ""  # real labelled sequences: dataset roots / sequence folders, separated by os.pathsep
    corpus: str = ""  # training-corpus roots (os.pathsep-separated): its labelled videos are identities
    holdout: str = ""  # corpus sequence names (comma-separated) left out of the search
    synthetic: int = 30
    frames_per_id: int = 24
    live_every: int = 2  # yield the alphas every this many steps (GUI heatmaps)
    device: str = "auto"  # auto | cpu | cuda: where the supernet and its batches live

    def arch(self, n_classes: int):
        from workbench_nas_tir.model import ArchSpec

        return ArchSpec(cell=self.cell, cells=self.cells, width=self.width, dims=self.dims,
                        reductions=self.reductions, n_classes=n_classes, partial=self.partial, k=self.k)


def cosine_lr(epoch: int, epochs: int, lr_max: float, lr_min: float) -> float:
    return lr_min + 0.5 * (lr_max - lr_min) * (1.0 + math.cos(math.pi * epoch / max(epochs, 1)))


def _alpha_record(net, epoch: int, **extra) -> dict:
    import torch

    with torch.no_grad():
        wn, wr = net.alpha_softmax()
    return {"epoch": epoch, "alpha_normal": wn.cpu().numpy().round(6).tolist(),
            "alpha_reduce": wr.cpu().numpy().round(6).tolist(),
            "raw_normal": net.alpha_normal.detach().cpu().numpy().round(6).tolist(),
            "raw_reduce": net.alpha_reduce.detach().cpu().numpy().round(6).tolist(), **extra}


def build_crops(cfg: SearchConfig, progress=None):
    from workbench_nas_tir.data import build_bank, real_tracking_dirs

    real = real_tracking_dirs(cfg.data) if cfg.real else []
    if getattr(cfg, "corpus", ""):  # the core training corpus's labelled videos, less the held-out names
        from workbench_nas_tir.data import corpus_tracks

        real = list(real) + corpus_tracks(cfg.corpus, getattr(cfg, "holdout", ""))[0]
    return build_bank(real, cfg.synthetic, cfg.frames_per_id, cfg.crop, cfg.context, cfg.seed, progress=progress)


def search_events(cfg: SearchConfig, out_dir: str | Path, ctx: JobContext | None = None, resume: bool = False,
                  bank=None):
    """Generator of search events (dicts with ``kind``: start | step | epoch | done | cancelled)."""
    import torch

    from workbench.core.training.checkpoints import fit_state_dict
    from workbench.core.training.loop import check_finite
    from workbench_nas_tir.cells import edge_list
    from workbench_nas_tir.genotype import derive, save as save_genotype
    from workbench_nas_tir.model import SearchNetwork
    from workbench_nas_tir.ops import PRIMITIVES
    from workbench_nas_tir.data import sample_batch
    from torch.nn import functional as F

    ctx = ctx or JobContext()
    out = Path(out_dir)
    torch.manual_seed(cfg.seed)
    ck = out / "last.pt"
    state = check_resume(cfg, out) if resume else None  # before the crops are cut
    from workbench.core.device import resolve_device

    # before the crops are cut too: --device cuda without a GPU (or mps, cuda:1) was refused after the crops of
    # every --data sequence were cut and --out was made, leaving an empty folder behind
    dev = torch.device(resolve_device(cfg.device))
    if bank is None:
        bank = build_crops(cfg)
    out.mkdir(parents=True, exist_ok=True)  # once the crops are cut (a corpus refused there left the folder)
    half_a, half_b = bank.halves(cfg.seed)
    # on the device before the optimizers see the parameters (a resumed optimizer state follows them)
    net = SearchNetwork(cfg.arch(bank.n_ids), seed=cfg.seed).to(dev)
    w_opt = torch.optim.SGD(net.weight_parameters(), lr=cfg.lr_w, momentum=cfg.momentum, weight_decay=cfg.wd_w)
    a_opt = torch.optim.Adam(net.arch_parameters(), lr=cfg.lr_a, betas=(cfg.beta1, cfg.beta2), weight_decay=cfg.wd_a)
    history: list[dict] = []
    start = 0
    if state is not None:
        # e.g. another set of identities (the classifier's size): one line naming the keys
        fit_state_dict(net, state["model"], ck, what="cannot resume with these data: its weights")
        opt_state = state["optimizer"]
        if opt_state:
            w_opt.load_state_dict(opt_state["w"])
            a_opt.load_state_dict(opt_state["a"])
        start = state["epoch"]
        history = [h for h in _read_history(out).get("epochs", []) if h["epoch"] <= start]
    if not history:
        history = [_alpha_record(net, 0)]
    meta = {"cell": cfg.cell, "primitives": list(PRIMITIVES), "edges": [list(e) for e in edge_list(cfg.cell)],
            "config": asdict(cfg), "identities": bank.names, "crops": len(bank.crops)}
    write_json(out / "search_config.json", meta)
    if state is not None and start > 0 and _behind(out, history, start):  # the history and genotype of an earlier
        # epoch than last.pt's (an interrupt between them, before the order below): brought to last.pt's epoch,
        # the missing epoch's alphas from last.pt (its losses were not kept)
        if history[-1]["epoch"] != start:
            history.append(_alpha_record(net, start))
        with held_interrupts():
            write_json(out / "alpha_history.json", {**meta, "epochs": history})
            save_genotype(out / "genotype.json", derive(
                net.alpha_normal.detach().cpu().numpy(), net.alpha_reduce.detach().cpu().numpy(), cfg.cell,
                meta={"epoch": start, "search_dir": str(out), "config": asdict(cfg)}))
    log = open(out / "search_log.txt", "a", encoding="utf-8")
    log.write(f"# {time.strftime('%Y-%m-%d %H:%M:%S')} start at epoch {start}: {bank.summary()}\n")
    yield {"kind": "start", "epoch0": start, "epochs": cfg.epochs, "history": history, **meta}
    if no_epoch_left(cfg.epochs, start):  # a --resume with no epoch left ended as a finished search without a word
        said = nothing_left(out, start, cfg.epochs)
        log.write(f"# {said}\n")
        print(said)
    total = cfg.epochs * cfg.steps_per_epoch
    try:
        for epoch in range(start, cfg.epochs):
            rng = np.random.default_rng((cfg.seed, epoch))
            torch.manual_seed(cfg.seed * 100003 + epoch)
            lr = cosine_lr(epoch, cfg.epochs, cfg.lr_w, cfg.lr_w_min)
            for g in w_opt.param_groups:
                g["lr"] = lr
            net.train()
            t0 = time.perf_counter()
            sums = {"loss_a": 0.0, "loss_w": 0.0, "acc_w": 0.0}
            for step in range(cfg.steps_per_epoch):
                ctx.check()
                # alpha on half A
                xa, ya = (torch.from_numpy(v).to(dev) for v in sample_batch(half_a, cfg.m, cfg.n, rng, "search"))
                a_opt.zero_grad(set_to_none=True)
                logits, _ = net(xa)
                loss_a = F.cross_entropy(logits, ya)
                loss_a.backward()
                a_opt.step()
                # weights on half B
                xb, yb = (torch.from_numpy(v).to(dev) for v in sample_batch(half_b, cfg.m, cfg.n, rng, "search"))
                w_opt.zero_grad(set_to_none=True)
                logits, _ = net(xb)
                loss_w = F.cross_entropy(logits, yb)
                loss_w.backward()
                torch.nn.utils.clip_grad_norm_(net.weight_parameters(), 5.0)
                w_opt.step()
                net.alpha_normal.grad = net.alpha_reduce.grad = None
                sums["loss_a"] += float(loss_a.detach())
                sums["loss_w"] += float(loss_w.detach())
                sums["acc_w"] += float((logits.argmax(1) == yb).float().mean())
                done = epoch * cfg.steps_per_epoch + step + 1
                ctx.progress(done / total, f"epoch {epoch + 1}/{cfg.epochs} step {step + 1} "
                                           f"loss_w {float(loss_w.detach()):.3f} loss_a {float(loss_a.detach()):.3f}")
                if cfg.live_every and (step + 1) % cfg.live_every == 0:
                    rec = _alpha_record(net, epoch + (step + 1) / cfg.steps_per_epoch)
                    yield {"kind": "step", "step": done, "total": total, "loss_w": float(loss_w.detach()),
                           "loss_a": float(loss_a.detach()), **rec}
            n = cfg.steps_per_epoch
            check_finite(net, out, epoch + 1)  # NaN weights and alphas were saved, a genotype derived from them
            rec = _alpha_record(net, epoch + 1, lr=lr, seconds=time.perf_counter() - t0,
                                **{k: v / n for k, v in sums.items()})
            history.append(rec)
            g = derive(net.alpha_normal.detach().cpu().numpy(), net.alpha_reduce.detach().cpu().numpy(), cfg.cell,
                       meta={"epoch": epoch + 1, "search_dir": str(out), "config": asdict(cfg)})
            # alpha_history.json and genotype.json, then last.pt (the core's checkpoint layout, its optimizer entry
            # holding both optimizers), Ctrl-C / SIGTERM held while they are written: an interrupt between them
            # left last.pt of one epoch beside the history and genotype of the one before (the resumed history then
            # lacked that epoch); last.pt, written last, is the epoch they all hold
            with held_interrupts():
                write_json(out / "alpha_history.json", {**meta, "epochs": history})
                save_genotype(out / "genotype.json", g)
                _save_optimizers(ck, net, w_opt, a_opt, epoch + 1, cfg)
            log.write(f"epoch {epoch + 1} lr {lr:.4f} loss_w {rec['loss_w']:.4f} loss_a {rec['loss_a']:.4f} "
                      f"acc_w {rec['acc_w']:.3f} {rec['seconds']:.1f}s\n")
            log.flush()
            yield {"kind": "epoch", "genotype": g, **rec}
    except Cancelled:
        log.write(f"cancelled; last complete epoch: {len(history) - 1}\n")
        log.close()
        yield {"kind": "cancelled", "epoch": len(history) - 1}
        return
    log.close()
    from workbench_nas_tir.genotype import load as load_genotype

    yield {"kind": "done", "genotype": load_genotype(out / "genotype.json") if (out / "genotype.json").is_file()
           else None, "history": history}


def _save_optimizers(path: Path, net, w_opt, a_opt, epoch: int, cfg: SearchConfig) -> None:
    from workbench.core.training.checkpoints import FORMAT, save_file

    obj = {"format": FORMAT, "model": {k: v.detach().cpu() for k, v in net.state_dict().items()},
           "optimizer": {"w": w_opt.state_dict(), "a": a_opt.state_dict()}, "epoch": int(epoch), "history": [],
           "extra": {"config": asdict(cfg)}}
    save_file(obj, path)


def _behind(out: Path, history: list, epoch: int) -> bool:
    """Whether the alpha history or genotype.json beside last.pt (holding ``epoch``) is of another epoch."""
    import json

    try:
        g = json.loads((out / "genotype.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True
    return history[-1]["epoch"] != epoch or not isinstance(g, dict) or (g.get("meta") or {}).get("epoch") != epoch


def _read_history(out: Path) -> dict:
    import json

    p = out / "alpha_history.json"
    return json.loads(p.read_text(encoding="utf-8")) if p.is_file() else {}


def nothing_left(out, done: int, epochs: int) -> str:
    """What a resume with no epoch left says (as ``workbench.core.training.fit`` says it for the other trainings)."""
    return (f"{out}: all {epochs} epochs were trained already (the checkpoint holds epoch {done}): nothing more to "
            "train; give a larger --epochs to train on")


def run_search(ctx: JobContext | None, cfg: SearchConfig, out_dir, resume: bool = False, bank=None) -> dict:
    """The search as a job: returns the last event (``done`` with the genotype, or ``cancelled``)."""
    last = {}
    for ev in search_events(cfg, out_dir, ctx, resume, bank):
        last = ev
    return last


COUNTS = ("cells", "width", "dims", "crop", "epochs", "steps_per_epoch", "m", "n", "k")
# the other numbers of SearchConfig / RetrainConfig: rates torch's optimizers refused with a ValueError traceback
# at the start of the run, and numbers taken as given without a word
BOUNDS = {**{name: COUNT for name in COUNTS},
          **{name: POSITIVE for name in ("lr", "lr_w", "lr_a")},
          # 1 made every identity's one crop too few to keep: "no training crops: ... synthetic > 0", misleading
          "frames_per_id": at_least(2, "an identity is kept with two crops or more"),
          # 1e9 crashed the process (a segmentation fault in OpenCV's warp of a crop of 1e10 px)
          "context": between(0, 16, lo_open=True, note="the crop's side over the target's sqrt(w h); 2 by default"),
          **{name: NON_NEGATIVE for name in ("lr_min", "lr_w_min", "wd", "wd_w", "wd_a", "reductions",
                                             "synthetic", "val_synthetic", "margin", "gamma")},
          # 5 was taken: SGD's steps grew every step instead of averaging
          "momentum": between(0, 1, hi_open=True, note="SGD's; 0.9 by default"),
          "live_every": at_least(0, "0: off"), "invert": between(0, 1, note="a probability per crop"),
          "beta1": between(0, 1, hi_open=True), "beta2": between(0, 1, hi_open=True), "seed": SEED}


# the network's and the batch's sizes: --width 100000 was the allocator's traceback (120 GB) as the network was built,
# --cells 100000 built cells until the memory ran out; each bound is far above the paper's (5 cells of 8 channels
# searched, 64-d embeddings, 8 identities x 4 frames)
SIZES = {"cells": Bound(hi=64, note="cells of the network"), "width": Bound(hi=512, note="channels of the first cell"),
         "dims": Bound(hi=4096, note="embedding dimensions"), "m": Bound(hi=1024, note="identities per batch"),
         "n": Bound(hi=256, note="frames per identity")}
# a cosine schedule from the rate down to its floor: a floor above the rate made it rise, without a word
SCHEDULES = (("lr_w", "lr_w_min"), ("lr", "lr_min"))


# a crop beside which the network's stride leaves no room: --crop 3 at --reductions 2 trained a 1 x 1 feature map
# (the tracker's view of a target), --crop 1 was the search network's max-pool RuntimeError traceback;
# 1000000 was OpenCV's out-of-memory traceback (4 TB) while the crops were cut
MAX_CROP = 512


def crop_bound(reductions: int) -> Bound:
    """``--crop``: twice the network's stride (2 ** reductions; a feature map of 2 x 2 or more) to ``MAX_CROP``."""
    stride = 2 ** max(int(reductions), 0)
    return between(2 * stride, MAX_CROP, note=f"pixels; at least twice the network's stride {stride} at --reductions "
                                              f"{reductions}, a feature map of 2 x 2; the paper crops 128")


def check_crop(crop: int, reductions: int) -> None:
    most = (MAX_CROP // 2).bit_length() - 1  # 8: a stride of 256 wants a crop of 512
    if reductions > most:  # the bound's lower end above its upper one: no crop would do
        raise OptionError("--reductions", reductions, f"must be at most {most}: each halves the crop, and a crop of "
                                                      f"{MAX_CROP} at most must leave a feature map of 2 x 2")
    crop_bound(reductions).check("--crop", crop)


def check_threads(threads: int) -> None:
    """``--threads``: 0 or more (0 and 1: one thread)."""
    threads_bound("0: one thread").check("--threads", threads)


def check_resume(cfg: SearchConfig, out_dir) -> dict | None:
    """``out_dir/last.pt`` as a search resumed with ``cfg`` reads it (None when there is none), refused in one
    line when it is a retraining's (``workbench train nas_tir``) or was searched with other settings; the
    command's job and the inspector's Resume both ask here before anything is cut or written."""
    from workbench.core.training.checkpoints import load_checkpoint

    ck = Path(out_dir) / "last.pt"
    if not ck.is_file():
        return None
    state = load_checkpoint(ck)
    if "sgd" in (state.get("optimizer") or {}):  # was "cannot resume, it was searched with seed=..."
        raise WorkbenchError(f"{ck}: a `workbench train nas_tir` checkpoint, not a search's: continue it with "
                             "`workbench train nas_tir --resume`, or give another --out")
    if "alpha_normal" not in (state.get("model") or {}) and not {"w", "a"} <= set(state.get("optimizer") or {}):
        # another method's (lw_irstnet, hanet, ...): was "cannot resume with these data: its weights do not fit
        # SearchNetwork", as if the data were what differed
        raise WorkbenchError(f"{ck}: not a `workbench search nas_tir` checkpoint (its weights are another network's, "
                             "no alpha_normal): give another --out")
    saved_cfg = (state.get("extra") or {}).get("config", {})
    for key in ("cell", "cells", "width", "dims", "reductions", "crop", "partial", "k", "seed"):
        if key in saved_cfg and saved_cfg[key] != getattr(cfg, key):
            raise WorkbenchError(f"{ck}: cannot resume, it was searched with {key}={saved_cfg[key]!r}, "
                                 f"now {getattr(cfg, key)!r}")
    return state


def check_config(cfg) -> None:
    """The numbers and combinations a search (``SearchConfig``) or retraining (``RetrainConfig``) cannot run with,
    one line each naming the option: ``config_from_args``' checks, which the inspector's Search / Resume make
    too before they start."""
    check_options([(flag_of(f.name), getattr(cfg, f.name), BOUNDS[f.name]) for f in fields(cfg) if f.name in BOUNDS])
    check_options([(flag_of(f.name), getattr(cfg, f.name), SIZES[f.name]) for f in fields(cfg) if f.name in SIZES])
    for top, floor in SCHEDULES:
        if hasattr(cfg, top) and hasattr(cfg, floor) and getattr(cfg, floor) > getattr(cfg, top):
            raise OptionError(flag_of(floor), getattr(cfg, floor), f"must be at most {flag_of(top)} "
                                                                  f"({getattr(cfg, top):g}): the rate decays to it")
    # the model's own ValueError tracebacks when the network was built
    if cfg.reductions >= cfg.cells:
        raise OptionError("--reductions", cfg.reductions, f"must be fewer than --cells ({cfg.cells})")
    check_crop(cfg.crop, cfg.reductions)
    if getattr(cfg, "partial", False) and cfg.width % cfg.k:
        raise OptionError("--k", cfg.k, f"must divide --width ({cfg.width}): the share of channels each edge mixes")
    if getattr(cfg, "neck", "map") not in ("map", "pooled"):
        raise OptionError("--neck", cfg.neck, "must be map or pooled")
    if getattr(cfg, "holdout", "") and not getattr(cfg, "corpus", ""):  # was ignored: nothing was held out
        raise OptionError("--holdout", cfg.holdout, "names sources of the training corpus: give --corpus")


def flag_of(name: str) -> str:
    """The option of a config field: ``lr_w_min`` -> ``--lr-w-min``."""
    return "--" + name.replace("_", "-")


def config_from_args(a, cls):
    """``cls`` (SearchConfig, RetrainConfig) from parsed ``add_config_args`` options, each number checked
    against ``BOUNDS`` (workbench.core.options: 0 epochs "finished" and wrote a genotype of the untrained
    alphas; --lr -1 was torch's ValueError traceback)."""
    cfg = cls(**{f.name: getattr(a, f.name) for f in fields(cls)})
    check_config(cfg)
    return cfg


# what each option of `workbench search nas_tir` / `train nas_tir` sets (``SearchConfig``, ``train.RetrainConfig``):
# `-h` listed them bare (--m M, --invert INVERT, --corpus CORPUS), nothing said what they set or took
OPTION_HELP = {
    "cell": "cell kind searched: single or dual (dual-bottom) input cells",
    "cells": "cells stacked in the network",
    "width": "channels per node in the first cells (doubled at each reduction)",
    "dims": "channels of the output feature map (the embedding's size)",
    "reductions": "reduction cells among them (each halves the resolution; fewer than --cells)",
    "crop": "side of the training crops, pixels",
    "context": "a crop's side as a multiple of sqrt(w h) of its box",
    "epochs": "epochs",
    "steps_per_epoch": "optimisation steps per epoch",
    "m": "identities per batch (M of the M x N batches)",
    "n": "crops per identity in a batch (N)",
    "partial": "partial channel connections (PC-DARTS): 1/k of a node's channels go through the candidate operations",
    "k": "partial channels: 1/k of the channels go through the candidate operations",
    "seed": "random seed",
    "lr_w": "learning rate of the network weights (SGD, cosine schedule down to --lr-w-min)",
    "lr_w_min": "the weights' learning rate at the last epoch",
    "lr": "learning rate (SGD, cosine schedule down to --lr-min)",
    "lr_min": "learning rate at the last epoch",
    "momentum": "SGD momentum",
    "wd_w": "weight decay of the network weights",
    "wd": "weight decay",
    "lr_a": "learning rate of the architecture weights (alphas; Adam)",
    "beta1": "Adam beta1 of the architecture weights",
    "beta2": "Adam beta2 of the architecture weights",
    "wd_a": "weight decay of the architecture weights",
    "margin": "margin of the batch-hard triplet loss",
    "gamma": "weight of the centre loss in the joint loss (0: none)",
    "triplet": "batch-hard triplet loss in the joint loss",
    "center": "centre loss in the joint loss",
    "norm_metric": "triplet and centre losses on the L2-normalised embedding",
    "neck": "where the embedding's BatchNorm sits: pooled (after the average pooling) or map (on the head's map)",
    "invert": "probability of a polarity flip (white-hot / black-hot) per training crop",
    "real": "use the labelled sequences of --data beside the generated ones",
    "data": f"labelled sequences: dataset roots or sequence folders, separated by {os.pathsep!r}",
    "corpus": f"training-corpus roots, separated by {os.pathsep!r}: their labelled videos are identities",
    "holdout": "corpus sequence names (comma-separated) left out",
    "synthetic": "generated sequences (two identities each)",
    "val_synthetic": "generated sequences of other seeds for the held-out validation",
    "frames_per_id": "crops per identity, spread evenly over its track",
    "live_every": "architecture weights reported every this many steps (the window's heatmaps)",
    "device": "auto, cpu or cuda",
}


_BOOL_SAYS_DEFAULT = "%(default)" in (argparse.BooleanOptionalAction(["--x"], "x", default=True, help="x").help or "")


def add_config_args(p: argparse.ArgumentParser, cls, skip=(), helps: dict | None = None) -> None:
    """An option for each field of ``cls``, said by ``helps`` (a command's own words), else ``OPTION_HELP``."""
    for f in fields(cls):
        if f.name in skip:
            continue
        flag = "--" + f.name.replace("_", "-")
        what = (helps or {}).get(f.name) or OPTION_HELP.get(f.name) or f.name.replace("_", " ")
        if isinstance(f.default, bool):  # (Python 3.10's action adds its default itself; 3.11's does not)
            p.add_argument(flag, dest=f.name, action=argparse.BooleanOptionalAction, default=f.default,
                           help=what if _BOOL_SAYS_DEFAULT else f"{what} (default: {'on' if f.default else 'off'})")
        else:
            p.add_argument(flag, dest=f.name, type=type(f.default), default=f.default,
                           help=f"{what} (default: {'none' if f.default == '' else '%(default)s'})")


def parser() -> argparse.ArgumentParser:
    """The options of `workbench search nas_tir` (built without torch: `-h` and its test need none)."""
    p = argparse.ArgumentParser(prog="workbench search nas_tir",
                                description="Partial-channel differentiable architecture search on TIR pedestrian crops.")
    p.add_argument("--out", required=True, help="output folder (checkpoint, alpha history, genotype)")
    p.add_argument("--resume", action="store_true", help="continue from OUT/last.pt")
    p.add_argument("--threads", type=int, default=1, help="torch CPU threads")
    add_config_args(p, SearchConfig)
    return p


def main(argv: list[str]) -> int:
    a = parser().parse_args(argv)
    import torch

    from workbench.core.jobs import TextProgress

    # -1 ran on one thread without a word, as 0 does
    check_threads(a.threads)
    torch.set_num_threads(max(1, a.threads))
    cfg = config_from_args(a, SearchConfig)
    if cfg.cell not in ("single", "dual"):
        raise OptionError("--cell", cfg.cell, "must be single or dual")
    if cfg.data and not cfg.real:  # the search read none of them, without a word
        raise OptionError("--data", cfg.data, "--no-real searches on the generated crops alone; drop one of the two")
    if not a.resume and (Path(a.out) / "last.pt").is_file():  # a new search wrote over the earlier one's files
        from workbench.core.training.earlier_run import refuse_other_run

        refuse_other_run(a.out, "search nas_tir", lambda ck: "alpha_normal" in ck["model"],
                         known=lambda ck: "train nas_tir" if "genotype" in (ck.get("extra") or {}) else None)
        raise WorkbenchError(f"--out {a.out}: holds a search already ({Path(a.out) / 'last.pt'}): continue it with "
                             "--resume, or give another --out")
    t0 = time.perf_counter()
    bar = TextProgress("search")
    ctx = JobContext(bar)
    ev, done = {}, 0  # the last event; the epoch last.pt holds
    try:
        for ev in search_events(cfg, a.out, ctx, a.resume):
            if ev["kind"] in ("start", "epoch"):  # a step's record has a fractional epoch
                done = int(ev["epoch0"] if ev["kind"] == "start" else ev["epoch"])
    except KeyboardInterrupt as stop:  # Ctrl-C / SIGTERM: which epoch last.pt holds and how to go on, then stop
        from workbench.core.training.loop import interrupted_line

        print(interrupted_line(stop, a.out, done, cfg.epochs, "search"))
        raise
    from workbench_nas_tir.genotype import describe

    if ev.get("genotype"):
        print(describe(ev["genotype"]))
    print(f"search finished in {time.perf_counter() - t0:.1f} s; genotype: {Path(a.out) / 'genotype.json'}")
    return 0
