"""``workbench train nas_tir --genotype G.json --out DIR [options]``: retrain the derived network.

From random initialisation (as the paper), joint supervision L = L_cls + L_BHTri(margin 0.3) +
0.5 L_CT on M x N batches of pedestrian crops with horizontal flip and normalization; SGD with
momentum 0.9 and a cosine learning rate (from 0.01 by default).

Two choices beyond the paper, both because the plain form collapsed here (measured on the small CPU
network, the plugin's weights/PROVENANCE.md): the embedding's BN sits after the average pooling
(``neck="pooled"``, model.py), and the triplet and centre losses see the L2-normalised embedding
(``norm_metric``); with the BN on the map and raw embeddings the embedding shrank towards zero, the
triplet loss sat at its margin and the identity classifier stayed at chance (ln #ids) for 200 steps,
and with lr 0.1 the classifier did not learn even alone (cross-entropy only, 120 steps: 3.89 at lr 0.1
against 2.84 at 0.01). After every epoch: ``DIR/last.pt`` (model, centres,
optimizer; ``--resume`` continues), ``DIR/history.json``, and the retrieval rank-1 / mAP of the
embeddings on held-out identities (generated sequences of other seeds, plus the real sequences when
they were not trained on). ``DIR/weights.pt`` is what the tracker loads: the network without its
identity classifier, with ``extra = {"arch": ..., "genotype": ...}`` (weights-only loadable).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from workbench.core.errors import Cancelled, WorkbenchError, held_interrupts
from workbench.core.jobs import JobContext
from workbench.core.options import OptionError
from workbench.core.results import write_json


@dataclass
class RetrainConfig:
    cells: int = 5
    width: int = 8
    dims: int = 64
    reductions: int = 2
    crop: int = 32
    context: float = 2.0
    epochs: int = 10
    steps_per_epoch: int = 30
    m: int = 8
    n: int = 4
    lr: float = 0.01
    lr_min: float = 0.0
    momentum: float = 0.9
    wd: float = 5e-4
    margin: float = 0.3
    gamma: float = 0.5
    triplet: bool = True
    center: bool = True
    real: bool = False  # train on the real sequences too (then they are not a held-out test)
    data: str = ""  # real labelled sequences (dataset roots / folders, os.pathsep-separated): validation, or training with real
    synthetic: int = 30
    val_synthetic: int = 6
    frames_per_id: int = 24
    seed: int = 0
    norm_metric: bool = True  # triplet + centre losses on the L2-normalised embedding (no collapse by scale)
    neck: str = "pooled"  # BN after the average pooling (model.py: with "map" the identity classifier stayed at chance)
    invert: float = 0.0  # probability of a polarity flip per crop (white-hot / black-hot); not in the paper
    corpus: str = ""  # training-corpus roots (os.pathsep-separated): its labelled videos are identities (train)
    holdout: str = ""  # corpus sequence names (comma-separated) kept out of training: the held-out validation
    device: str = "auto"  # auto | cpu | cuda: where the network, its losses and batches live


def retrieval_scores(emb: np.ndarray, labels: np.ndarray) -> dict:
    """Leave-one-out retrieval: rank-1 accuracy and mAP of every crop against all the others."""
    e = emb / (np.linalg.norm(emb, axis=1, keepdims=True) + 1e-12)
    d = 1.0 - e @ e.T
    np.fill_diagonal(d, np.inf)
    order = np.argsort(d, axis=1)[:, :-1]
    match = labels[order] == labels[:, None]
    rank1 = float(match[:, 0].mean())
    aps = []
    for row in match:
        hits = np.flatnonzero(row)
        if len(hits):
            aps.append(np.mean((np.arange(len(hits)) + 1) / (hits + 1)))
    return {"rank1": rank1, "mAP": float(np.mean(aps)) if aps else float("nan")}


def embed_bank(model, bank, batch: int = 128) -> np.ndarray:
    import torch

    model.eval()
    dev = next(model.parameters()).device
    out = []
    with torch.no_grad():
        for i in range(0, len(bank.crops), batch):
            x = torch.from_numpy(bank.crops[i:i + batch][:, None]).to(dev)
            out.append(model(x)[1].cpu().numpy())
    return np.concatenate(out)


def export_weights(path, model, genotype: dict, arch, extra: dict | None = None) -> Path:
    """The tracker's weights file: no classifier, arch + genotype beside the tensors."""
    from workbench.core.training.checkpoints import FORMAT, save_file, plain

    sd = {k: v.detach().cpu().clone() for k, v in model.state_dict().items() if not k.startswith("classifier.")}
    a = dict(arch.as_dict(), n_classes=0)
    obj = {"format": FORMAT, "model": sd, "optimizer": {}, "epoch": 0, "history": [],
           "extra": plain({"arch": a, "genotype": genotype, **(extra or {})})}
    return save_file(obj, Path(path))


def load_backbone(path):
    """(DerivedNetwork without classifier, genotype, arch dict, extra) from a weights file."""
    from workbench.core.training.checkpoints import CheckpointError, fit_state_dict, load_checkpoint
    from workbench_nas_tir.genotype import validate
    from workbench_nas_tir.model import ArchSpec, DerivedNetwork

    state = load_checkpoint(path)
    extra = state["extra"]
    if "arch" not in extra or "genotype" not in extra:
        model, opt = state["model"], state.get("optimizer") or {}
        if "alpha_normal" in model or {"w", "a"} <= set(opt):  # was "make one with workbench train nas_tir"
            raise CheckpointError(path, "a `workbench search nas_tir` checkpoint (the supernet), not tracker "
                                        "weights: retrain its genotype.json with `workbench train nas_tir`")
        if "sgd" in opt and "stem.0.weight" in model:  # the retraining's own checkpoint, beside its weights.pt
            raise CheckpointError(path, "a `workbench train nas_tir` checkpoint, not tracker weights: use the "
                                        "weights.pt that run wrote beside it")
        raise CheckpointError(path, "not a nas_tir weights file (needs 'arch' and 'genotype' in extra); "
                                    "make one with `workbench train nas_tir`")
    arch = ArchSpec.from_dict(dict(extra["arch"], n_classes=0))
    g = validate(extra["genotype"], str(path))
    net = DerivedNetwork(arch, g)
    sd = {k: v for k, v in state["model"].items() if not k.startswith("classifier.")}
    fit_state_dict(net, sd, path)
    net.eval()
    return net, g, extra["arch"], extra


# what a --resume may change: more epochs is what resuming is for; the device is where, not what
MAY_DIFFER = ("epochs", "device")


def resumable(ck: Path, cfg: RetrainConfig, genotype: dict) -> dict:
    """The retraining checkpoint ``ck`` read, refused in one line when this run cannot continue it: a search's
    checkpoint (said "trained without the centre loss"), another centre-loss choice (torch's ValueError traceback),
    another genotype, or another recipe (--crop 32 over a run of 16 px crops, another --lr or --seed: it continued
    without a word and mixed the two in one history)."""
    from workbench.core.training.checkpoints import load_checkpoint, refuse_other_recipe

    st = load_checkpoint(ck)
    opt, extra = st.get("optimizer") or {}, st.get("extra") or {}
    if "alpha_normal" in st["model"] or {"w", "a"} <= set(opt):
        raise WorkbenchError(f"{ck}: a `workbench search nas_tir` checkpoint, not a retraining's: continue it with "
                             "`workbench search nas_tir --resume`, or give another --out")
    if "sgd" not in opt:  # another method's (lw_irstnet, hanet, ...): was "that run was trained without the centre
        # loss; resume it with --no-center", which then failed on its weights
        raise WorkbenchError(f"{ck}: not a `workbench train nas_tir` checkpoint (another method's training: its "
                             "optimizer state is not a retraining's): give another --out")
    saved = extra.get("config") or {}
    was = bool(saved.get("center", "centers" in opt))
    if was != bool(cfg.center):  # the optimizer's parameter groups differ: torch's ValueError traceback
        raise WorkbenchError(f"{ck}: that run was trained {'with' if was else 'without'} the centre loss; "
                             f"resume it {'with --center' if was else 'with --no-center'}, or give another --out")
    def cell(g):
        return json.loads(json.dumps({k: g.get(k) for k in ("cell", "normal", "reduce")}))

    if isinstance(extra.get("genotype"), dict) and cell(extra["genotype"]) != cell(genotype):
        raise WorkbenchError(f"{ck}: that run retrains another genotype (the one in {ck.parent / 'history.json'}); "
                             "resume it with that --genotype, or give another --out")
    refuse_other_recipe(ck, {k: v for k, v in saved.items() if k not in MAY_DIFFER},
                        {k: v for k, v in asdict(cfg).items() if k not in MAY_DIFFER},
                        "resume it with the options that wrote it, or give another --out")
    return st


def train_events(cfg: RetrainConfig, genotype: dict, out_dir, ctx: JobContext | None = None, resume: bool = False,
                 bank=None, val_bank=None):
    import torch

    from workbench.core.training.checkpoints import FORMAT, fit_state_dict, save_file, plain
    from workbench.core.training.loop import check_finite
    from workbench_nas_tir.data import build_bank, real_tracking_dirs, sample_batch
    from workbench_nas_tir.losses import CenterLoss, joint_loss
    from workbench_nas_tir.model import ArchSpec, DerivedNetwork, trainable_params

    ctx = ctx or JobContext()
    out = Path(out_dir)
    ck = out / "last.pt"
    st = resumable(ck, cfg, genotype) if resume and ck.is_file() else None  # before any crop is cut
    from workbench.core.device import resolve_device

    # before any crop is cut too: --device cuda without a GPU (or mps, cuda:1) was refused after the crops of every
    # --data sequence were cut and --out was made, leaving an empty folder behind
    dev = torch.device(resolve_device(cfg.device))
    torch.manual_seed(cfg.seed)
    real = real_tracking_dirs(cfg.data)
    train_real, val_real = (real, []) if cfg.real else ([], real)
    if cfg.corpus:  # identities from the corpus's labelled videos; the held-out ones validate
        from workbench_nas_tir.data import corpus_tracks

        c_train, c_held = corpus_tracks(cfg.corpus, cfg.holdout)
        train_real, val_real = list(train_real) + c_train, list(val_real) + c_held
    if bank is None:
        bank = build_bank(train_real, cfg.synthetic, cfg.frames_per_id, cfg.crop, cfg.context, cfg.seed)
    if val_bank is None:
        if not val_real and cfg.val_synthetic == 0:  # was "no training crops: ... synthetic > 0", of the wrong set
            raise OptionError("--val-synthetic", 0, "leaves no held-out identity to validate on (no --data sequence "
                                                    "held out either: --real trains on them); give 1 or more")
        val_bank = build_bank(val_real, cfg.val_synthetic, cfg.frames_per_id, cfg.crop, cfg.context, cfg.seed + 1)
    out.mkdir(parents=True, exist_ok=True)  # after the data: a refused run leaves no empty folder
    arch = ArchSpec(cell=genotype["cell"], cells=cfg.cells, width=cfg.width, dims=cfg.dims,
                    reductions=cfg.reductions, n_classes=bank.n_ids, neck=cfg.neck)
    # on the device before the optimizer sees the parameters (a resumed optimizer state follows them)
    net = DerivedNetwork(arch, genotype).to(dev)
    centers = CenterLoss(bank.n_ids, cfg.dims).to(dev) if cfg.center else None
    params = list(net.parameters()) + (list(centers.parameters()) if centers is not None else [])
    opt = torch.optim.SGD(params, lr=cfg.lr, momentum=cfg.momentum, weight_decay=cfg.wd)
    history, start = [], 0
    if st is not None:
        fit_state_dict(net, st["model"], ck, what="checkpoint weights")
        if centers is not None and "centers" in st["optimizer"]:
            centers.load_state_dict(st["optimizer"]["centers"])
        opt.load_state_dict(st["optimizer"]["sgd"])
        start, history = st["epoch"], st["history"]
    meta = {"config": asdict(cfg), "genotype": genotype, "train": bank.summary(), "val": val_bank.summary(),
            "trained_on": [n for n in bank.names if not n.startswith("synthetic_")],
            "params_backbone": trainable_params(net)}
    if st is not None and start > 0 and _epoch_behind(out, start):  # files of an earlier epoch than last.pt's (an
        # interrupt between them, before the order above): brought to last.pt's epoch before anything else
        with held_interrupts():
            _epoch_files(out, net, genotype, arch, cfg, history[-1] if history else {}, history, meta)
    yield {"kind": "start", "epoch0": start, **meta}
    for epoch in range(start, cfg.epochs):
        rng = np.random.default_rng((cfg.seed, 7, epoch))
        torch.manual_seed(cfg.seed * 100003 + epoch + 17)
        lr = cfg.lr_min + 0.5 * (cfg.lr - cfg.lr_min) * (1 + math.cos(math.pi * epoch / cfg.epochs))
        for g in opt.param_groups:
            g["lr"] = lr
        net.train()
        t0 = time.perf_counter()
        sums: dict[str, float] = {}
        try:
            for step in range(cfg.steps_per_epoch):
                ctx.check()
                x, y = (torch.from_numpy(v).to(dev) for v in sample_batch(bank, cfg.m, cfg.n, rng, "retrain",
                                                                               cfg.invert))
                logits, emb = net(x)
                if cfg.norm_metric:
                    emb = torch.nn.functional.normalize(emb, dim=1)
                loss, parts = joint_loss(logits, emb, y, centers, cfg.margin, cfg.gamma, cfg.triplet)
                opt.zero_grad(set_to_none=True)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(params, 10.0)
                opt.step()
                parts["loss"] = float(loss.detach())
                for k, v in parts.items():
                    sums[k] = sums.get(k, 0.0) + v
                ctx.progress((epoch + (step + 1) / cfg.steps_per_epoch) / cfg.epochs,
                             f"epoch {epoch + 1}/{cfg.epochs} loss {float(loss.detach()):.3f}")
        except Cancelled:
            yield {"kind": "cancelled", "epoch": epoch}
            return
        # a diverged run (loss nan) wrote NaN weights.pt / last.pt and said done: the last finite epoch's are kept
        check_finite(net, out, epoch + 1)
        row = {"epoch": epoch + 1, "lr": lr, "train_s": time.perf_counter() - t0,
               **{k: v / cfg.steps_per_epoch for k, v in sums.items()}}
        row.update({f"val_{k}": v for k, v in retrieval_scores(embed_bank(net, val_bank), val_bank.labels).items()})
        history.append(row)
        obj = {"format": FORMAT, "model": {k: v.detach().cpu() for k, v in net.state_dict().items()},
               "optimizer": {"sgd": opt.state_dict(),
                             **({"centers": centers.state_dict()} if centers is not None else {})},
               "epoch": epoch + 1, "history": plain(history),
               "extra": plain({"config": asdict(cfg), "genotype": genotype})}
        # weights.pt and history.json, then last.pt, Ctrl-C / SIGTERM held while they are written: an interrupt
        # between two of them left last.pt of one epoch beside weights.pt and history.json of the one before (a
        # resume with no epoch left kept that weights.pt); last.pt, written last, is the epoch they all hold
        with held_interrupts():
            _epoch_files(out, net, genotype, arch, cfg, row, history, meta)
            save_file(obj, ck)
        yield {"kind": "epoch", **row}
    yield {"kind": "done", "history": history}


def _epoch_files(out: Path, net, genotype: dict, arch, cfg: RetrainConfig, row: dict, history: list,
                 meta: dict) -> None:
    """The files of the epoch ``history`` ends with beside last.pt: weights.pt (the epoch inside it, as
    ``extra.trained.epochs``) and history.json."""
    export_weights(out / "weights.pt", net, genotype, arch,
                   {"trained": {"epochs": len(history), "config": asdict(cfg), "val": row},
                    "trained_on": meta["trained_on"]})
    write_json(out / "history.json", {"history": history, **meta})


def _epoch_behind(out: Path, epoch: int) -> bool:
    """Whether weights.pt or history.json beside last.pt (holding ``epoch``) is missing or of another epoch."""
    from workbench.core.training.checkpoints import load_checkpoint

    try:
        rows = json.loads((out / "history.json").read_text(encoding="utf-8")).get("history") or []
        trained = (load_checkpoint(out / "weights.pt").get("extra") or {}).get("trained") or {}
    except (OSError, ValueError, AttributeError, WorkbenchError):
        return True
    last = rows[-1].get("epoch") if rows and isinstance(rows[-1], dict) else 0
    return last != epoch or trained.get("epochs") != epoch


def parser() -> argparse.ArgumentParser:
    """The options of `workbench train nas_tir` (built without torch: `-h` and its test need none)."""
    from workbench_nas_tir.search import add_config_args

    p = argparse.ArgumentParser(prog="workbench train nas_tir",
                                description="Retrain a searched NAS-TIR cell with joint supervision.")
    p.add_argument("--genotype", required=True, help="genotype JSON (from workbench search nas_tir)")
    p.add_argument("--out", required=True, help="output folder (last.pt, weights.pt, history.json)")
    p.add_argument("--resume", action="store_true", help="continue from OUT/last.pt")
    p.add_argument("--threads", type=int, default=1, help="torch CPU threads")
    add_config_args(p, RetrainConfig, helps={
        "real": "train on the --data sequences too (else they are held out: validation only)",
        "data": f"labelled sequences (dataset roots or sequence folders, separated by {os.pathsep!r}): validation, "
                "or training too with --real",
        "holdout": "corpus sequence names (comma-separated) kept out of training: the held-out validation"})
    return p


def main(argv: list[str]) -> int:
    a = parser().parse_args(argv)
    import torch

    from workbench.core.jobs import TextProgress
    from workbench_nas_tir.genotype import describe, load as load_genotype
    from workbench_nas_tir.search import check_threads, config_from_args

    check_threads(a.threads)
    torch.set_num_threads(max(1, a.threads))
    cfg = config_from_args(a, RetrainConfig)
    g = load_genotype(a.genotype)
    print(describe(g))
    if not a.resume and (Path(a.out) / "last.pt").is_file():  # a new run wrote over the earlier one's checkpoint
        from workbench.core.training.earlier_run import refuse_other_run

        refuse_other_run(a.out, "train nas_tir", lambda ck: "genotype" in (ck.get("extra") or {}),
                         known=lambda ck: "search nas_tir" if "alpha_normal" in ck["model"] else None)
        raise WorkbenchError(f"--out {a.out}: holds a training already ({Path(a.out) / 'last.pt'}): continue it with "
                             "--resume, or give another --out")
    if a.resume and not (Path(a.out) / "last.pt").is_file():  # rerunning one command continues; a typo'd --out
        print(f"--resume: no {Path(a.out) / 'last.pt'} yet: starting a new training there")  # started afresh silently
    t0 = time.perf_counter()
    ctx = JobContext(TextProgress("train"))
    done = 0  # the epoch last.pt holds
    try:
        for ev in train_events(cfg, g, a.out, ctx, a.resume):
            if ev["kind"] in ("start", "epoch"):
                done = int(ev["epoch0"] if ev["kind"] == "start" else ev["epoch"])
            if _said(ev, a, cfg):
                return 1
    except KeyboardInterrupt as stop:  # Ctrl-C / SIGTERM: which epoch last.pt holds and how to go on, then stop
        from workbench.core.training.loop import interrupted_line

        print(interrupted_line(stop, a.out, done, cfg.epochs))
        raise
    print(f"retrain finished in {time.perf_counter() - t0:.1f} s; weights: {Path(a.out) / 'weights.pt'}")
    return 0


def _said(ev: dict, a, cfg) -> bool:
    """One event of the retraining said on the console; True when it was cancelled."""
    if ev["kind"] == "start":
        print(f"train: {ev['train']}; held-out: {ev['val']}; backbone params {ev['params_backbone']:,}")
        from workbench_nas_tir.search import no_epoch_left, nothing_left

        if no_epoch_left(cfg.epochs, ev["epoch0"]):  # a --resume with no epoch left said "retrain finished" alone
            print(nothing_left(a.out, ev["epoch0"], cfg.epochs))
    elif ev["kind"] == "epoch":
        print(" ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in ev.items() if k != "kind"))
    elif ev["kind"] == "cancelled":
        print("cancelled")
        return True
    return False
