"""Training SiamFC++ and the attention-guided finetune of the pruned PS-SiamFC++.

``workbench train siamfcpp --out DIR [--data ROOT ...] [--epochs N --steps S --batch-size B]``
trains the unpruned tracker from scratch on (template, search) pairs of real sequences (any dataset
root the core reads) and generated ones (thermal demos, textured shapes).

``workbench train ps_siamfcpp --init PRUNED.pt --out DIR ...`` finetunes a pruned model (from
``workbench prune siamfcpp``) with the self-attention guide: L = L_cls + l1 L_reg + l2 L_cen + l3 L_mse.

Both use the core loop: per-epoch ``last.pt`` (``--resume`` continues ``DIR/last.pt``, ``--resume FILE`` another),
``history.json``, ``train_log.txt``, progress and cancel; the inference weights (no attention) go to ``DIR/weights.pt``.
"""
from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

import numpy as np

from workbench.core import shell
from workbench.core.errors import WorkbenchError
from workbench.core.results import write_json
from workbench.core.training.earlier_run import add_resume_option, resume_in_out
from workbench.core.options import (COUNT, NON_NEGATIVE, POSITIVE, PROBABILITY, Bound, at_least, check_names,
                                    check_options)
from workbench.core.options import SEED, threads_bound

THREADS = threads_bound()
# 100000 was OpenCV's out-of-memory traceback (120 GB for one crop) at the first pair
X_SIZE = Bound(hi=1024, note="the search crop's side in px; tracking uses 303")


class LazyBatches:
    """``batches(epoch)`` for the core loop: ``steps`` batches sampled on the fly with a generator
    seeded by (seed, epoch), so a resumed run sees the same pairs as an unbroken one."""

    def __init__(self, sampler, steps: int, batch_size: int, seed: int):
        self.sampler, self.steps, self.batch_size, self.seed = sampler, steps, batch_size, seed

    def __call__(self, epoch: int):
        parent = self

        class _Epoch:
            def __len__(self):
                return parent.steps

            def __iter__(self):
                from workbench_siamfcpp_prune.data import to_tensors

                rng = np.random.default_rng([parent.seed, epoch])
                on_device = getattr(parent.sampler, "tensors", False)  # DevicePairSampler: tensors already
                for _ in range(parent.steps):
                    b = parent.sampler.batch(parent.batch_size, rng)
                    yield b if on_device else to_tensors(b)

        return _Epoch()


def base_parser(prog: str, doc: str) -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog=prog, description=doc)
    ap.add_argument("--out", required=True, help="output folder (last.pt, history.json, weights.pt, log)")
    ap.add_argument("--data", nargs="*", default=None,
                    help="dataset roots / sequence folders with groundtruth (default: none, generated "
                         "sequences only)")
    ap.add_argument("--exclude", nargs="*", default=[], help="sequence names to leave out (held-out test)")
    ap.add_argument("--corpus", nargs="*", default=None,
                    help="training-corpus roots (workbench.core.training.corpus): every labelled sequence "
                         "(temporal pairs), image set, frame folder and video (self-supervised pairs) under "
                         "them, with --data roots and the generated sequences; --exclude names leave sources out")
    ap.add_argument("--corpus-weights", default="",
                    help="source weights: KIND=W or NAME=W, comma-separated; kinds labelled, unlabelled, "
                         "synthetic, hsi (default labelled=1,unlabelled=0.5,synthetic=0.5,hsi=0)")
    ap.add_argument("--self-prob", type=float, default=0.0,
                    help="with --corpus: a labelled sequence gives a self-supervised pair this often")
    ap.add_argument("--demo-sequences", type=int, default=6, help="generated thermal demo sequences")
    ap.add_argument("--shape-sequences", type=int, default=24, help="generated textured-shape sequences")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--steps", type=int, default=50, help="batches per epoch")
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--weight-decay", type=float, default=1e-4)
    ap.add_argument("--x-size", type=int, default=255,
                    help="search crop side in training (the net is fully convolutional; tracking uses 303)")
    ap.add_argument("--max-gap", type=int, default=50, help="most frames between a pair's template and search frame")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: torch's default)")
    ap.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda"))
    ap.add_argument("--pairs", default="auto", choices=("auto", "host", "device"),
                    help="with --corpus: where pairs are cut: host (OpenCV, one at a time), device (every frame "
                         "cached on the training device, crops and augmentation in batches there: "
                         "workbench.core.training.device_pairs); auto: device on CUDA, host on the CPU")
    ap.add_argument("--amp", action=argparse.BooleanOptionalAction, default=True,
                    help="bf16 mixed precision for the forward pass on CUDA (no effect on the CPU)")
    add_resume_option(ap)
    ap.add_argument("--time-budget", type=float, default=0.0,
                    help="seconds of training to fit in: --steps is set from a short timing of the step on this "
                         "device (a copy of the model, so nothing is trained by it), so the learning-rate schedule "
                         "ends inside the budget; 0: use --steps as given")
    return ap


def steps_for_budget(model, step, sampler, batch_size: int, budget_s: float, epochs: int, device: str,
                     n: int = 4, share: float = 0.85) -> tuple[int, float]:
    """(steps per epoch, measured seconds per step): ``share`` of ``budget_s`` over ``epochs``, timed on a
    copy of the model (warm-up step not counted)."""
    import copy

    import torch

    from workbench.core.device import synchronize
    from workbench_siamfcpp_prune.data import to_tensors

    probe = copy.deepcopy(model)
    rng = np.random.default_rng(987654321)
    on_device = getattr(sampler, "tensors", False)
    t0 = 0.0
    for i in range(n + 1):
        if i == 1:
            synchronize(device)
            t0 = time.perf_counter()
        b = sampler.batch(batch_size, rng)
        loss = step(probe, b if on_device else to_tensors(b))
        loss.backward()
        probe.zero_grad(set_to_none=True)
    synchronize(device)
    per = (time.perf_counter() - t0) / n
    del probe
    if str(device).startswith("cuda"):
        torch.cuda.empty_cache()
    return max(1, int(budget_s * share / per / max(1, epochs))), per


def make_sampler(args, log=print):
    from workbench.core.training.pairs import PairConfig, PairSampler
    from workbench_siamfcpp_prune.data import generated_sequences, real_sequences

    if getattr(args, "corpus", None) is not None:
        return corpus_sampler(args, log)
    roots = args.data or []
    # an --exclude without --data is checked too: it left nothing out without a word
    seqs = real_sequences(roots, args.exclude) if roots or args.exclude else []
    log(f"real sequences: {', '.join(s.name for s in seqs) or 'none'}"
        + (f" (excluded: {', '.join(args.exclude)})" if args.exclude else ""))
    seqs += generated_sequences(args.demo_sequences, args.shape_sequences, args.seed)
    return PairSampler(seqs, PairConfig(x_size=args.x_size, max_gap=args.max_gap)), seqs


def corpus_sampler(args, log=print):
    """The core training corpus over ``--corpus`` (and ``--data``) roots plus this plugin's generated
    sequences (synthetic), without the ``--exclude`` names; (sampler, the opened sequences)."""
    from dataclasses import replace

    from workbench.core.training.corpus import Corpus, CorpusConfig, corpus_config_from_args
    from workbench.core.training.pairs import PairConfig
    from workbench_siamfcpp_prune.data import generated_sequences

    cfg = replace(corpus_config_from_args(args, CorpusConfig(seed=args.seed)), self_prob=args.self_prob)
    corpus = Corpus.from_roots(list(args.corpus or []) + list(args.data or []), cfg, log=log)
    corpus = corpus.add(generated_sequences(args.demo_sequences, args.shape_sequences, args.seed), "synthetic")
    check_names("--exclude", args.exclude, corpus.names(), "in the corpus", "source")
    corpus = corpus.without(args.exclude)
    sampler = corpus.sampler(PairConfig(x_size=args.x_size, max_gap=args.max_gap))
    log("corpus: " + corpus.summary().replace("\n", "\n  ") + "\n  pair share by kind: "
        + ", ".join(f"{k} {v:.2f}" for k, v in sampler.share().items()))
    seqs = [s.sequence for s in sampler.sources]
    device = getattr(args, "device_resolved", "cpu")
    pairs = getattr(args, "pairs", "host")
    if pairs == "device" or (pairs == "auto" and device.startswith("cuda")):
        from workbench.core.training.device_pairs import device_sampler

        sampler = device_sampler(sampler, device, log=log)
    return sampler, seqs


def check_out(args, mine: str = "train siamfcpp") -> None:
    """A new training into a folder that holds one wrote over its checkpoints and weights: refused (another
    command's run, ``mine`` being this one's ``"train ps_siamfcpp"``, said as such: --resume cannot continue it)."""
    from workbench.core.training.earlier_run import refuse_other_run

    out = Path(args.out)
    if not getattr(args, "resume", None) and (out / "last.pt").is_file():
        refuse_other_run(out, mine, lambda ck: "backbone.conv1.conv.weight" in ck["model"])
        raise WorkbenchError(f"--out {out}: holds a training already ({out / 'last.pt'}): continue it with --resume "
                             f"{out / 'last.pt'}, or give another --out")


def _logger(out: Path):
    """``out``'s ``train_log.txt``, opened: the trainers' log (``HeldLog``), which names the file where a full disk
    refuses a line."""
    from workbench.core.training.loop import HeldLog

    out.mkdir(parents=True, exist_ok=True)
    log = HeldLog(out / "train_log.txt")
    log.open()
    return log


def train_step_fn(x_size: int, device: str, weights=None, teacher=None, distill_weight: float = 0.0,
                  amp: bool = False):
    """The training step; with ``teacher`` (a ``teacher.NanoTrackTeacher``) it adds ``distill_weight`` x
    the per-cell KL between our score map and the teacher's foreground map on our cells (loss.py).
    ``amp``: the forward pass in bf16 on CUDA (the losses in float32)."""
    from workbench.core.device import autocast
    from workbench_siamfcpp_prune.loss import tracking_loss
    from workbench_siamfcpp_prune.model import score_geometry

    if teacher is None:
        def step(model, batch):
            z, x, b = (t.to(device, non_blocking=True) for t in batch)
            s, off = score_geometry(x_size, num_conv3x3=model.num_conv3x3)
            with autocast(device, amp):
                out = model(z, x)
            loss, _ = tracking_loss(tuple(o.float() for o in out), b, s, off, weights)
            return loss

        return step

    import torch

    from workbench_siamfcpp_prune.loss import distill_loss
    from workbench_siamfcpp_prune.teacher import teacher_on_score_grid

    def step_distill(model, batch):
        z, x, b = batch
        with torch.no_grad():
            tmap = teacher(z, x)  # on the CPU batch, before it moves to the device
        z, x, b = z.to(device), x.to(device), b.to(device)
        s, off = score_geometry(x_size, num_conv3x3=model.num_conv3x3)
        out = model(z, x)
        loss, _ = tracking_loss(out, b, s, off, weights)
        target, mask = teacher_on_score_grid(tmap.to(device), x_size, s, off)
        return loss + distill_weight * distill_loss(out[0], out[1], target, mask)

    return step_distill


class FinetuneModule:
    """Factory for the finetune wrapper (a torch Module holding ``net`` and ``attention``)."""

    @staticmethod
    def build(net, heads: int = 4, head_dim: int = 32):
        import torch

        from workbench_siamfcpp_prune.attention import SelfAttentionGuide

        # its name is a refusal's ("the checkpoint's weights do not fit AttentionGuidedSiamFCpp"; was _Wrap)
        class AttentionGuidedSiamFCpp(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.net = net
                self.attention = SelfAttentionGuide(net.backbone.out_channels, heads, head_dim)

            @property
            def num_conv3x3(self):
                return self.net.num_conv3x3

        return AttentionGuidedSiamFCpp()


def finetune_loss(wrap, z, x, boxes, x_size: int, weights, att_task_weight: float = 1.0, parent=None,
                  parent_weight: float = 0.0):
    """Eq. (9) on the inference path plus the attention's own tracking loss.

    f_Z = phi(Z) feeds the inference path; f_Z* = attention(f_Z). L_mse(f_Z, sg(f_Z*)) pulls the pruned
    backbone's template features towards their attention-enhanced version; the attention itself learns
    from the tracking loss of the template branch run through f_Z* (``att_task_weight``). With ``parent``
    (the unpruned model, frozen) the inference path's maps are also pulled towards the parent's on the
    same pair, ``parent_weight`` x ``loss.parent_loss``.
    """
    import torch.nn.functional as F

    from workbench_siamfcpp_prune.loss import tracking_loss
    from workbench_siamfcpp_prune.model import score_geometry

    net = wrap.net
    s, off = score_geometry(x_size, num_conv3x3=net.num_conv3x3)
    fz = net.backbone(z)
    fx = net.backbone(x)
    fz_star = wrap.attention(fz)
    out = net.head(*net.neck(net.neck.template(fz), fx))
    loss, parts = tracking_loss(out, boxes, s, off, weights)
    l_mse = F.mse_loss(fz, fz_star.detach())
    total = loss + weights.mse * l_mse
    if parent is not None and parent_weight:
        import torch

        from workbench_siamfcpp_prune.loss import parent_loss

        with torch.no_grad():
            pout = parent(z, x)
        l_par = parent_loss(out, pout)
        total = total + parent_weight * l_par
        parts["parent"] = float(l_par.detach())
    if att_task_weight:
        l_att, _ = tracking_loss(net.head(*net.neck(net.neck.template(fz_star), fx)), boxes, s, off, weights)
        total = total + att_task_weight * l_att
    parts["mse"] = float(l_mse.detach())
    return total, parts


# the options that make a training what it is, recorded in its checkpoints (extra["recipe"]): a --resume with
# other values continued the run with another learning rate / batch and mixed the two in one history, as
# LW-IRSTNet's training and seq_irst's LOSO refuse it; more --epochs is what resuming is for
RECIPE = ("lr", "batch_size", "weight_decay", "x_size", "max_gap", "seed", "self_prob", "steps", "distill_weight",
          "mse_weight", "attention_task_weight", "parent_weight")


# what a checkpoint of another network is resumed with (the weights' refusal ends with it)
RESUME_HINT = ("resume it with the options that wrote it (another pruning's widths: its --weights), or give "
               "another --out")


def recipe_of(args) -> dict:
    """``RECIPE`` of the parsed options (those this command has); ``steps`` only without --time-budget (the
    budget sets them, and a resumed run keeps its schedule)."""
    from workbench.core.training.checkpoints import recipe_of as of

    budget = getattr(args, "time_budget", 0) > 0
    return of(args, [k for k in RECIPE if not (budget and k == "steps")])


def same_kind(path, model):
    """``resume_checkpoint``'s check that ``path`` is a checkpoint of this command's kind of training: not the
    unpruned training's for a finetune (or the other way round), said as that rather than as missing keys."""
    finetune = any(k.startswith("net.") for k in model.state_dict())

    def check(ck: dict) -> None:
        sd = ck["model"]
        if not ck.get("optimizer") and not ck.get("epoch") and not ck.get("history"):
            # weights.pt / a pruned file: "resumed" at epoch 0 with a fresh optimizer and wrote over the run's files
            raise WorkbenchError(f"--resume {path}: weights, not a training checkpoint (no optimizer state, no epoch): "
                                 f"resume the run's last.pt, or start from these weights with --init {path} and "
                                 "another --out")
        # a SiamFC++ checkpoint of the other command; another network's (lw_irstnet, hanet, ...) was said to be the
        # unguided training's ("a checkpoint without the attention guide"): the weights' check names it instead
        siamfcpp = any(k in sd for k in ("backbone.conv1.conv.weight", "net.backbone.conv1.conv.weight"))
        if siamfcpp and finetune != any(k.startswith("net.") for k in sd):
            raise WorkbenchError(f"{path}: " + (
                "a checkpoint without the attention guide (`workbench train siamfcpp` or --no-attention), this run "
                "trains with it" if finetune else "a checkpoint of the attention-guided finetune (`workbench train "
                "ps_siamfcpp`), this run trains without it") + ": resume it with the command that wrote it, or "
                "start from its weights with --init")
    return check


def _optimizer(args, model):
    """The optimizer of ``model``'s trainable parameters and, with ``--resume``, the checkpoint (another method's,
    another kind of training, other widths or another recipe are refused in one line naming it) loaded into both:
    before any sequence is read or anything written. Returns (optimizer, the checkpoint or None)."""
    import torch

    from workbench.core.training import resume_checkpoint

    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=args.lr,
                            weight_decay=args.weight_decay)
    if not args.resume:
        return opt, None
    if Path(args.resume).is_dir():  # was "is a folder; a weights / checkpoint file is needed"
        raise WorkbenchError(f"--resume {args.resume}: is a folder; give the checkpoint in it"
                             + (f" ({Path(args.resume) / 'last.pt'})" if (Path(args.resume) / "last.pt").is_file()
                                else " (the last.pt a training wrote)"))
    return opt, resume_checkpoint(args.resume, model, opt, hint=RESUME_HINT, recipe=recipe_of(args),
                                  check=same_kind(args.resume, model))


def _sampled(args):
    """``make_sampler`` before ``--out`` is made (a mistyped ``--exclude`` name is refused first): (sampler,
    sequences, the lines it said, for the log once there is one)."""
    said = []
    sampler, seqs = make_sampler(args, said.append)
    return sampler, seqs, said


def sequences_fingerprint(seqs) -> dict:
    """What the training sequences are, cheaply: a SHA-256 over every sequence's name, frame count and groundtruth
    (the frames themselves are not read: a packed corpus is gigabytes), with their names for a refusal."""
    from workbench.core.training.fingerprint import DataHash

    h = DataHash()
    for s in seqs:
        h.labels(s.name, len(s), s.groundtruth)
    return {"sequences": len(seqs), "sha256": h.sha256, "names": [s.name for s in seqs]}


def check_same_sequences(path, before: dict | None, now: dict, log) -> None:
    """A ``--resume`` over other sequences than its checkpoint's (``before``: its ``extra["data"]``): refused naming
    both (another --data continued the run on it and finished with exit 0); an older checkpoint: a note."""
    from workbench.core.training.fingerprint import check_same_data, listed

    def said(fp):
        return f"{fp.get('sequences')} sequences: {listed(fp.get('names') or [], 3)}"

    check_same_data(path, before, now, kind="sequences", noun="its training sequences", described=said, log=log,
                    todo="resume it with the --data / --corpus / --exclude and generated-sequence options it was "
                         "started with, or give another --out and start from its weights with --init")


def _run(args, argv, model, step, prog: str, log, extra: dict, sampled, opt, ck: dict | None) -> int:
    """The training: ``sampled`` (``_sampled``), ``opt`` and the resumed checkpoint ``ck`` (``_optimizer``)."""
    import torch

    from workbench.core.jobs import JobContext, TextProgress
    from workbench.core.training import fit
    from workbench_siamfcpp_prune.model import count_params
    from workbench_siamfcpp_prune.checkpoint import inference_state, save_compact

    out = Path(args.out)
    recipe = recipe_of(args)  # as given: --time-budget sets args.steps below
    sampler, seqs, said = sampled
    for line in said:
        log(line)
    start, history, resumed = 0, [], {}
    data = sequences_fingerprint(seqs)
    if ck is not None:
        start, history, resumed = ck["epoch"], ck["history"], ck["extra"]
        check_same_sequences(args.resume, (resumed or {}).get("data"), data, log)
        log(f"resumed from {args.resume} after epoch {start}")
    net = getattr(model, "net", model)
    extra = dict(extra, command=f"{prog} " + shell.join(argv), recipe=recipe, machine=platform.node(),
                 pairs="device" if getattr(sampler, "tensors", False) else "host",
                 amp=bool(getattr(args, "amp", False) and str(args.device_resolved).startswith("cuda")),
                 processor=platform.processor() or platform.machine(), torch=torch.__version__,
                 threads=torch.get_num_threads(), sequences=[s.name for s in seqs], data=data,
                 params=count_params(net),
                 # the real sequences these weights saw (generated ones left out): held-out scores skip them
                 trained_on=[s.name for s in seqs if s.meta.get("layout") != "synthetic"])
    if getattr(args, "time_budget", 0) > 0 and (resumed or {}).get("time_budget"):
        args.steps = int(resumed["time_budget"]["steps"])  # the resumed run's schedule, not a new one
        extra["time_budget"] = resumed["time_budget"]
        log(f"--time-budget: resuming the schedule of {args.resume}: {args.epochs} epochs x {args.steps} steps")
    elif getattr(args, "time_budget", 0) > 0:
        args.steps, per = steps_for_budget(model, step, sampler, args.batch_size, args.time_budget, args.epochs,
                                           str(args.device_resolved))
        extra["time_budget"] = {"seconds": args.time_budget, "seconds_per_step": per, "steps": args.steps}
        log(f"--time-budget {args.time_budget:.0f} s: {per:.3f} s a step -> {args.epochs} epochs x {args.steps} steps")
    log(f"{len(seqs)} sequences, {len(sampler)} usable frames; params {count_params(net):,} "
        f"(with training-only parts {count_params(model):,}); threads {torch.get_num_threads()}")
    t0 = time.perf_counter()
    ctx = JobContext(TextProgress("train") if sys.stderr.isatty() else None)
    res = fit(ctx, model, opt, step, LazyBatches(sampler, args.steps, args.batch_size, args.seed), args.epochs, out,
              base_lr=args.lr, start_epoch=start, history=history, extra=extra, log=log, grad_clip=10.0,
              resumed=ck)  # its random-number state restored before the first resumed epoch
    wall = time.perf_counter() - t0
    st = inference_state(model)
    from workbench.core.training.checkpoints import save_file

    save_file(st, out / "weights.pt")
    meta = {"command": extra["command"], "epochs": len(res.history)}
    if "distillation" in extra:
        meta["distillation"] = extra["distillation"]
    save_compact(out / "weights_q8.pt", st, meta)
    write_json(out / "summary.json", {"wall_s_this_run": wall, "epochs": len(res.history), "cancelled": res.cancelled,
                                      "last_loss": res.history[-1]["loss"] if res.history else None})
    log(f"done in {wall:.0f} s; inference weights (no attention): {out / 'weights.pt'}")
    return 0


def _setup(args, device_choice):
    import torch

    from workbench.core.device import resolve_device

    # numbers torch or the score geometry refused later with a traceback (RuntimeError, ValueError, ZeroDivision),
    # or took as given without a word: a probability of 2, a negative budget run as "no budget"
    check_options([("--epochs", args.epochs, COUNT), ("--steps", args.steps, COUNT),
                   ("--batch-size", args.batch_size, COUNT), ("--threads", args.threads, THREADS),
                   ("--weight-decay", args.weight_decay, NON_NEGATIVE), ("--lr", args.lr, POSITIVE),
                   ("--self-prob", args.self_prob, PROBABILITY),
                   ("--time-budget", args.time_budget, at_least(0, "seconds; 0: use --steps as given")),
                   ("--demo-sequences", args.demo_sequences, NON_NEGATIVE),
                   ("--shape-sequences", args.shape_sequences, NON_NEGATIVE),
                   ("--max-gap", args.max_gap, NON_NEGATIVE), ("--seed", args.seed, SEED)]
                  + [(f"--{name.replace('_', '-')}", getattr(args, name, None), at_least(0, "a loss weight"))
                     for name in ("distill_weight", "mse_weight", "attention_task_weight", "parent_weight")])
    from workbench_siamfcpp_prune.model import TOTAL_STRIDE, score_geometry

    check_options([("--x-size", args.x_size, X_SIZE)])
    for flag, given in (("--corpus-weights", args.corpus_weights), ("--self-prob", args.self_prob)):
        if given and getattr(args, "corpus", None) is None:  # was ignored without a word
            raise WorkbenchError(f"{flag} {given}: belongs to a training corpus (--corpus ROOT); without one it did nothing")
    if getattr(args, "corpus", None) is None:  # the corpus checks its own names against its sources
        from workbench_siamfcpp_prune.data import check_exclude

        check_exclude(args.exclude, args.data)
    if score_geometry(args.x_size)[0] < 1:
        least = next(x for x in range(args.x_size, 10_000) if score_geometry(x)[0] >= 1)
        raise WorkbenchError(f"--x-size {args.x_size}: the search crop leaves no score map; at least {least} "
                             f"(127 + {TOTAL_STRIDE} x 6; tracking uses 303)")
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    args.device_resolved = resolve_device(device_choice)
    if args.device_resolved.startswith("cuda"):
        torch.backends.cudnn.benchmark = True  # fixed crop sizes: let cuDNN pick its fastest kernels
    return args.device_resolved


def main(argv: list[str]) -> int:
    """``workbench train siamfcpp``."""
    from workbench_siamfcpp_prune.model import SiamFCpp
    from workbench_siamfcpp_prune.checkpoint import load_model

    ap = base_parser("workbench train siamfcpp", __doc__.split("\n\n")[1])
    ap.add_argument("--init", default=None, help="weights to start from")
    ap.add_argument("--teacher", default=None,
                    help="folder with the NanoTrack v2 ONNX pair: distil its foreground response maps into "
                         "our score map (a training signal only: never shipped or used when tracking)")
    ap.add_argument("--distill-weight", type=float, default=1.0,
                    help="with --teacher: weight of the per-cell KL to the teacher's map")
    args = resume_in_out(ap.parse_args(argv))
    device = _setup(args, args.device)
    teacher, extra = None, {"kind": "siamfcpp", "x_size": args.x_size, "device": device}
    if args.teacher:
        from workbench_siamfcpp_prune.teacher import NOTE, NanoTrackTeacher

        teacher = NanoTrackTeacher(args.teacher, device)  # fails in one line before any output is written
        extra["distillation"] = {"teacher": str(Path(args.teacher).resolve()), "weight": args.distill_weight,
                                 "note": NOTE, "providers": teacher.providers,
                                 "loss": "per-cell Bernoulli KL(teacher || sigmoid(cls) x sigmoid(ctr)) on "
                                         "our score cells; teacher sampled at their search-crop pixels"}
    check_out(args)
    model = (load_model(args.init)[0] if args.init else SiamFCpp()).to(device)
    opt, ck = _optimizer(args, model)
    sampled = _sampled(args)
    log = _logger(Path(args.out))
    log("workbench train siamfcpp " + shell.join(argv))
    if teacher is not None:
        log(f"teacher: {args.teacher} (x {args.distill_weight}; {NOTE}; providers {', '.join(teacher.providers)})")
    step = train_step_fn(args.x_size, device, teacher=teacher, distill_weight=args.distill_weight, amp=args.amp)
    return _run(args, argv, model, step, "workbench train siamfcpp", log, extra, sampled, opt, ck)


def check_parent(path, parent, init, net) -> None:
    """``--parent``: the wider model ``net`` (``--init``) was pruned from. The --init file itself (or a copy)
    distilled the model from itself, and a parent narrower than the pruned model in some layer (another
    pruning, a PS-SiamFC++) was taken as given: both trained without a word."""
    import torch

    if parent.num_conv3x3 != net.num_conv3x3:
        raise WorkbenchError(f"{path}: its head has {parent.num_conv3x3} 3x3 convolutions, the pruned "
                             f"model's {net.num_conv3x3}: not the model it was pruned from")
    same_file = Path(path).resolve() == Path(init).resolve()
    narrower = [(k, w, net.widths[k]) for k, w in parent.widths.items() if w < net.widths.get(k, 0)]
    if not same_file and not narrower and parent.widths == net.widths:
        a, b = parent.state_dict(), net.state_dict()
        same_file = a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)
    hint = "give the unpruned SiamFC++ it was pruned from (the --weights of `workbench prune siamfcpp`), or no --parent"
    if same_file:
        raise WorkbenchError(f"--parent {path}: holds the --init weights ({init}): the pruned model would be "
                             f"distilled from itself; {hint}")
    if narrower:
        k, w, mine = narrower[0]
        more = f" (+{len(narrower) - 1} more layers)" if len(narrower) > 1 else ""
        raise WorkbenchError(f"--parent {path}: narrower than the pruned --init model ({k}: {w} filters against its "
                             f"{mine}{more}): not the model it was pruned from; {hint}")


def finetune_main(argv: list[str]) -> int:
    """``workbench train ps_siamfcpp``: attention-guided finetune of a pruned model."""
    from workbench_siamfcpp_prune.loss import LossWeights
    from workbench_siamfcpp_prune.checkpoint import load_model

    ap = base_parser("workbench train ps_siamfcpp", __doc__.split("\n\n")[2])
    ap.add_argument("--init", required=True, help="pruned weights (workbench prune siamfcpp --out)")
    ap.add_argument("--heads", type=int, default=4, help="attention heads")
    ap.add_argument("--head-dim", type=int, default=32, help="width of each attention head")
    ap.add_argument("--mse-weight", type=float, default=1.0, help="lambda_3 of Eq. (9)")
    ap.add_argument("--attention-task-weight", type=float, default=1.0,
                    help="weight of the tracking loss through f_Z* that trains the attention (0: off)")
    ap.add_argument("--no-attention", action="store_true", help="plain finetune (P-SiamFC++, the ablation)")
    ap.add_argument("--parent", default=None, metavar="WEIGHTS",
                    help="the unpruned SiamFC++ the pruned model came from (our own weights): distil its score "
                         "maps and boxes on the same pairs (frozen; a training signal only)")
    ap.add_argument("--parent-weight", type=float, default=1.0, help="with --parent: weight of its loss")
    ap.set_defaults(lr=3e-4, epochs=5)
    args = resume_in_out(ap.parse_args(argv))
    if not args.no_attention:  # 0 trained an attention guide of nothing, without a word
        check_options([(flag, v, at_least(1, "--no-attention for the plain finetune"))
                       for flag, v in (("--heads", args.heads), ("--head-dim", args.head_dim))])
    device = _setup(args, args.device)
    net, meta = load_model(args.init)
    parent = None
    if args.parent:  # loaded before anything is written: a bad file fails in one line
        parent, _ = load_model(args.parent)
        check_parent(args.parent, parent, args.init, net)
        parent = parent.to(device).eval().requires_grad_(False)
    check_out(args, "train ps_siamfcpp")
    w = LossWeights(mse=args.mse_weight)
    if args.no_attention and parent is None:
        model = net.to(device)
        step = train_step_fn(args.x_size, device, w, amp=args.amp)
    elif args.no_attention:
        raise WorkbenchError("--parent needs the attention-guided finetune (drop --no-attention)")
    else:
        from workbench.core.device import autocast

        model = FinetuneModule.build(net, args.heads, args.head_dim).to(device)

        def step(m, batch):
            z, x, b = (t.to(device, non_blocking=True) for t in batch)
            with autocast(device, args.amp):
                return finetune_loss(m, z, x, b, args.x_size, w, args.attention_task_weight, parent,
                                     args.parent_weight)[0].float()

    opt, ck = _optimizer(args, model)
    sampled = _sampled(args)
    log = _logger(Path(args.out))
    log("workbench train ps_siamfcpp " + shell.join(argv))
    extra = {"kind": "ps_siamfcpp", "x_size": args.x_size, "device": device, "pruned_from": meta,
             "attention": not args.no_attention}
    if parent is not None:
        extra["parent"] = {"weights": str(Path(args.parent).resolve()), "weight": args.parent_weight,
                           "loss": "KL of score maps + parent-score-weighted -ln IoU of boxes (loss.parent_loss)"}
    return _run(args, argv, model, step, "workbench train ps_siamfcpp", log, extra, sampled, opt, ck)
