"""``workbench prune siamfcpp --ratio R --out PRUNED.pt [--weights W] [--ranks RANKS.json | --images G]``

HRank ranks of every filter (average feature-map rank over G (template, search) pairs, or a stored
rank file), one global ratio rho for every layer of the scope, physical surgery keeping the
surviving filters' weights. Writes the pruned weights (a state_dict whose shapes carry the new
widths; finetune it with ``workbench train ps_siamfcpp --init PRUNED.pt``), the ranks beside it
(``*_ranks.json`` + ``.npz``) unless given, and prints parameters and per-frame FLOPs before / after.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import torch
from torch import nn

from workbench.core.errors import WorkbenchError
from workbench.core.options import (COUNT, Bound, OptionError, add_force_arg, between, check_options,
                                    keep_existing)
from workbench.core.options import SEED, threads_bound
from workbench.core.jobs import JobContext
from workbench_siamfcpp_prune.surgery import DEFAULT_ALIGN


class SearchBranch(nn.Module):
    """What runs per frame (template kernels cached): backbone + neck on the search crop, xcorr, head."""

    def __init__(self, model):
        super().__init__()
        from workbench.core.evaluation.complexity import eval_copy

        self.model = model
        z = torch.zeros(1, 3, 127, 127, device=next(model.parameters()).device)
        # the kernels made in eval mode (batch norm on its running statistics) on a copy sharing the model's
        # weights, as ``measure`` runs its pass: the model was switched to eval mode and back in place, so a
        # trainer stepping it on another thread (the pruning inspector's table counted beside its fine-tuning)
        # stepped in eval mode meanwhile
        with eval_copy(model) as twin, torch.no_grad():
            self.kernels = twin.template_kernels(z)

    def forward(self, x):
        return self.model.track_forward(self.kernels, x)


def complexity(model, x_size: int = 303) -> dict:
    """Parameters of the whole model and per-frame operations of its search branch (MACs counted as
    thop does: conv MACs + BN ops; the depth-wise correlation is a functional conv, counted separately)."""
    from workbench.core.evaluation.complexity import measure

    c = measure(SearchBranch(model), (1, 3, x_size, x_size), convention="macs")
    from workbench_siamfcpp_prune.model import score_geometry

    # the depth-wise xcorr: channels x out cells x kernel cells (cls and reg)
    xs = (x_size - 127) // 8 + 1
    xc = sum(model.widths[k] for k in ("neck.c_x", "neck.r_x")) * xs * xs * 16
    return {"params": sum(p.numel() for p in model.parameters()), "macs": c.ops + xc,
            "gflops": 2 * (c.ops + xc) / 1e9, "score_size": score_geometry(x_size)[0]}


def prune_job(ctx: JobContext | None, model, ranks: dict, rho: float, scope: str, align: int = DEFAULT_ALIGN):
    """The cut as a job (GUI worker or CLI): returns the pruned model."""
    from workbench_siamfcpp_prune.surgery import prune

    ctx = ctx or JobContext()
    ctx.progress(0.1, f"pruning at rho = {rho:g}")
    ctx.check()
    new = prune(model, ranks, rho, scope, align)
    ctx.progress(1.0, "pruned")
    return new


def compute_ranks_job(ctx: JobContext | None, model, sampler, g: int = 64, batch_size: int = 8, seed: int = 0):
    from workbench_siamfcpp_prune.hrank import compute_ranks, pair_batches

    gen, nb = pair_batches(sampler, g, batch_size, seed)
    return compute_ranks(model, gen(), ctx, nb, next(model.parameters()).device.type)


def main(argv: list[str], prog: str = "workbench prune siamfcpp") -> int:
    """``workbench prune siamfcpp|ps_siamfcpp``: the CLI gives ``prog``, the line it was called by (both plugins'
    verb is this function; the usage named siamfcpp for ps_siamfcpp too)."""
    from workbench.core.jobs import TextProgress
    from workbench.core.evaluation.plots import render_table
    from workbench.core.training.checkpoints import save_file
    from workbench_siamfcpp_prune.hrank import load_ranks, save_ranks
    from workbench_siamfcpp_prune.surgery import DEFAULT_SCOPE, SCOPES
    from workbench_siamfcpp_prune.tracker import load_base
    from workbench_siamfcpp_prune.checkpoint import save_compact

    ap = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[1])
    ap.add_argument("--ratio", type=float, default=0.4, help="global pruning ratio rho")
    ap.add_argument("--out", required=True, help="pruned weights file to write")
    ap.add_argument("--weights", default="", help="SiamFC++ weights to prune (default: the shipped ones)")
    ap.add_argument("--ranks", default=None, help="a stored rank file (.json / .npz) instead of computing them")
    ap.add_argument("--images", type=int, default=64, help="g: pairs the ranks are averaged over")
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--data", nargs="*", default=None, help="dataset roots for the rank images (default: none; "
                                                             "generated sequences are always used)")
    ap.add_argument("--exclude", nargs="*", default=[], help="sequence names to leave out")
    ap.add_argument("--x-size", type=int, default=303, help="search crop side of the rank images")
    ap.add_argument("--scope", default=DEFAULT_SCOPE, choices=tuple(SCOPES))
    ap.add_argument("--align", type=int, default=DEFAULT_ALIGN,
                    help=f"round kept filters per layer to a multiple of this (default {DEFAULT_ALIGN}: whole SIMD "
                         "blocks; 1: the paper's exact count)")
    ap.add_argument("--compact", action="store_true", help="write int8 weights with per-channel scales")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda"),
                    help="where the rank images run through the network (the cut itself is the same anywhere)")
    add_force_arg(ap, "the --out file")
    args = ap.parse_args(argv)
    # --images 0 / --batch-size 0 were tracebacks in the rank pass; --threads -1 torch's RuntimeError
    check_options([("--ratio", args.ratio, between(0, 1, hi_open=True, note="the share of filters cut")),
                   ("--align", args.align, COUNT), ("--images", args.images, COUNT),
                   # 10**20 ran for ever (some 2 s a pair on a CPU); HRank's averages settle within a few hundred
                   ("--images", args.images, Bound(hi=10_000, note="pairs the ranks are averaged over")),
                   ("--batch-size", args.batch_size, COUNT),
                   # a batch needs some 15 MB a pair at --x-size 303: 100000 ended the process out of memory
                   ("--batch-size", args.batch_size, Bound(hi=1024, note="pairs per forward pass")),
                   ("--threads", args.threads, threads_bound()),
                   ("--seed", args.seed, SEED),
                   # 100000 was OpenCV's out-of-memory traceback in the rank pass
                   ("--x-size", args.x_size, Bound(hi=1024, note="the rank images' side in px; tracking uses 303"))])
    for flag, src in (("--weights", args.weights), ("--ranks", args.ranks)):
        if src and Path(src).is_file() and Path(args.out).is_file() and Path(args.out).samefile(src):
            # the pruned weights replaced the model they were cut from
            raise WorkbenchError(f"--out {args.out}: is the {flag} file; give another file name")
    for flag, given in (("--data", args.data), ("--exclude", args.exclude)):
        if args.ranks and given:  # the rank images' sequences: with stored ranks none are read, and it was ignored
            raise OptionError(flag, " ".join(given), f"chooses the rank images; --ranks {args.ranks} is used "
                                                     "instead of computing ranks: drop one of the two")
    if not args.ranks:
        from workbench_siamfcpp_prune.data import check_exclude

        check_exclude(args.exclude, args.data)  # before the model is read
    keep_existing([("--out", args.out)], args.force)
    from workbench_siamfcpp_prune.model import score_geometry

    if not args.ranks and score_geometry(args.x_size)[0] < 1:  # was a torch conv RuntimeError traceback
        least = next(x for x in range(max(args.x_size, 1), 10_000) if score_geometry(x)[0] >= 1)
        raise WorkbenchError(f"--x-size {args.x_size}: the search crop leaves no score map; at least {least}")
    if args.threads:
        torch.set_num_threads(args.threads)
    model = load_base(args.weights)
    from workbench_siamfcpp_prune.surgery import align_problem

    problem = align_problem(model, args.scope, args.align)
    if problem:  # --align 100000 was taken: every layer kept its exact count, recorded as align 100000
        raise OptionError("--align", args.align, problem)
    out = Path(args.out)
    if args.ranks:
        ranks, meta = load_ranks(args.ranks)
        print(f"ranks from {args.ranks}")
    else:
        from workbench.core.device import resolve_device

        from workbench_siamfcpp_prune.hrank import rank_sampler

        sampler = rank_sampler(args.data, args.exclude, x_size=args.x_size, seed=args.seed)
        ranks = compute_ranks_job(JobContext(TextProgress("ranks")), model.to(resolve_device(args.device)), sampler,
                                  args.images, args.batch_size, args.seed)
        model = model.cpu()
        meta = {"g": args.images, "x_size": args.x_size, "weights": args.weights or "shipped", "sequences": [s.name for s in sampler.sequences]}
        rp = save_ranks(out.with_name(out.stem + "_ranks.json"), ranks, meta)
        print(f"ranks of {len(ranks)} layers over g = {args.images} pairs -> {rp} (+ .npz)")
    try:
        pruned = prune_job(None, model, ranks, args.ratio, args.scope, args.align)
    except WorkbenchError as exc:
        if args.ranks:  # "backbone.conv1: 96 ranks stored for 64 filters" did not say which file
            raise WorkbenchError(f"{args.ranks}: {exc} (--weights {args.weights or 'shipped'})") from None
        raise
    state = {k: v.detach().cpu() for k, v in pruned.state_dict().items()}
    info = {"ratio": args.ratio, "scope": args.scope, "align": args.align, "weights": args.weights or "shipped"}
    if args.compact:
        save_compact(out, state, info)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        save_file(state, out)
    a, b = complexity(model), complexity(pruned)
    rows = [["params (M)", f"{a['params'] / 1e6:.3f}", f"{b['params'] / 1e6:.3f}", f"{b['params'] / a['params']:.3f}"],
            ["GFLOPs / frame (x 303)", f"{a['gflops']:.3f}", f"{b['gflops']:.3f}", f"{b['gflops'] / a['gflops']:.3f}"]]
    print(render_table(["", "SiamFC++", f"pruned rho={args.ratio:g} align={args.align}", "ratio"], rows))
    for name, w in pruned.widths.items():
        if w != model.widths[name]:
            print(f"  {name}: {model.widths[name]} -> {w} filters")
    print(f"pruned weights -> {out}")
    return 0
