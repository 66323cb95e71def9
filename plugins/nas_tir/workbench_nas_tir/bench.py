"""NAS-TIR: partial channels (PC-DARTS, 1/4 of the channels through the candidates) against full
DARTS channels at the same batch, and the size of derived networks.

Search step: one forward + backward of the search network on an M x N batch (what each of the two
alternating updates costs), best of R rounds, both configurations timed alternately in one process
on one thread so machine load hits both alike.

Peak memory: the autograd graph's saved activations, measured with
``torch.autograd.graph.saved_tensors_hooks``: every tensor saved for backward during the forward
pass, counted once per storage (``peak_saved_mb``) — what a training step must hold at its peak,
independent of allocator caching and of other processes (``tracemalloc`` cannot see torch's
allocations). As a cross-check, each configuration also runs in its own subprocess and reports the
growth of its peak RSS over one step (``rss_mb``, VmHWM), which includes weights,
gradients and allocator slack.

Derived networks: parameters and FLOPs (thop convention: conv / linear MACs + BN) of single- and
dual-bottom networks at 8 and 16 cells (the paper's Table 1 shape) at 512 dims, 1 x 128 x 128
input (the paper's test-region size, gray), using the searched genotypes in the plugin's ``weights/``
when present. The paper reports 1.9 (partial) vs 3.3 (full) GPU days: 1.74x; goal here >= 1.7x per
step and under half the peak memory.

Tracking: CPU time per frame (``time.process_time``, one thread) of the tracker on the shipped weights over a
generated thermal sequence, its fast path (the default: folded network, matrix-product online classifier) and
beside it its plain path (``fast=False``: the network's own modules, the classifier through autograd), the two
alternated over rounds in this process so load hits both alike; with the largest box difference between them.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from workbench.core.bench import machine
from workbench.core.evaluation.plots import render_table

from workbench_nas_tir.config import weights_dir  # noqa: E402

RES = weights_dir()
SEARCH = dict(cell="dual", cells=5, width=16, dims=64, reductions=2, n_classes=32)
BATCH = (32, 32)  # M x N = 32 crops of 32 x 32


def _net(partial: bool):
    import torch

    from workbench_nas_tir.model import ArchSpec, SearchNetwork

    torch.manual_seed(0)
    return SearchNetwork(ArchSpec(partial=partial, **SEARCH), seed=0)


def _step(net, x, y):
    from torch.nn import functional as F

    net.zero_grad(set_to_none=True)
    logits, _ = net(x)
    F.cross_entropy(logits, y).backward()


def saved_bytes(net, x) -> int:
    """Bytes of the distinct storages autograd saves for backward in one forward pass."""
    import torch

    seen: dict[int, int] = {}

    def pack(t):
        try:
            s = t.untyped_storage()
            seen[s.data_ptr()] = max(seen.get(s.data_ptr(), 0), s.nbytes())
        except (RuntimeError, NotImplementedError):
            seen[id(t)] = t.numel() * t.element_size()
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        logits, _ = net(x)
    del logits
    return int(sum(seen.values()))


def _rss_child(partial: bool) -> float:
    """Run in a subprocess: growth of the peak resident set (MB) over one training step after warm-up.

    The peak is the process's own ``VmHWM`` (/proc/self/status), not ``getrusage().ru_maxrss``: on
    Linux a child inherits the parent's ru_maxrss across fork + exec, so a child of this (already
    large) benchmark process would report no growth at all."""
    code = f"""
import resource, torch, sys
def peak_mb():
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return float(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
torch.set_num_threads(1)
import workbench_nas_tir.bench as B
net = B._net({partial})
x = torch.randn({BATCH[0]}, 1, {BATCH[1]}, {BATCH[1]}); y = torch.randint(0, 32, ({BATCH[0]},))
net(x[:2])
r0 = peak_mb()
B._step(net, x, y)
print(peak_mb() - r0)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        return float("nan")
    return float(out.stdout.strip().splitlines()[-1])


def _mb(v) -> str:
    """A table cell of MB: "—" where not measured (None) or its subprocess failed (NaN), not "nan"."""
    return "—" if v is None or not np.isfinite(v) else f"{v:.1f}"


def _rss_note(quick: bool) -> str:
    if quick:
        return ("RSS growth —: not measured with --quick (each configuration needs a process of its own); "
                "run without --quick for it")
    return "RSS growth —: its subprocess failed (the peak saved MB beside it is measured in this process)"


def _genotype(kind: str):
    from workbench_nas_tir.cells import n_edges
    from workbench_nas_tir.genotype import derive, load

    p = RES / f"genotype_{kind}.json"
    if p.is_file():
        return load(p), f"{p.name} (shipped weights folder)"
    rng = np.random.default_rng(0)
    e = n_edges(kind)
    return derive(rng.normal(size=(e, 8)), rng.normal(size=(e, 8)), kind), "seeded random alpha (no searched genotype)"


def derived_sizes(quick: bool) -> list[dict]:
    from workbench.core.evaluation.complexity import measure
    from workbench_nas_tir.model import ArchSpec, DerivedNetwork

    rows = []
    for cells in (8, 16):
        for kind in ("single", "dual"):
            g, src = _genotype(kind)
            net = DerivedNetwork(ArchSpec(cell=kind, cells=cells, width=16, dims=512), g)
            c = measure(net, (1, 1, 128, 128), "thop")
            rows.append({"cell": kind, "cells": cells, "dims": 512, "width": 16, "params": c.params,
                         "flops": c.ops, "genotype": src})
    return rows


def tracking_times(quick: bool) -> dict | None:
    """{path: {"ms": per-round CPU ms per frame, "median_ms"}} for the fast and the plain tracker on the shipped
    weights, and the largest box difference between them; None without shipped weights."""
    import torch

    from workbench.core.boxes import Box
    from workbench.core.data.synthetic import demo_sequence
    from workbench_nas_tir.config import NASTIRConfig, default_weights
    from workbench_nas_tir.tracker import NASTIRTracker

    if not Path(default_weights()).is_file():
        return None
    torch.set_num_threads(1)
    seq = demo_sequence(frames=31 if quick else 101, width=320, height=256)
    frames, box = [seq.frame(i) for i in range(len(seq))], Box(*seq.groundtruth[0])
    paths = {"fast": NASTIRTracker(NASTIRConfig(threads=1), "cpu", fast=True),
             "plain": NASTIRTracker(NASTIRConfig(threads=1), "cpu", fast=False)}
    ms: dict[str, list[float]] = {k: [] for k in paths}
    boxes = {}
    for r in range(3):
        for k in (list(paths) if r % 2 == 0 else list(paths)[::-1]):
            t = paths[k]
            t.initialize(frames[0], box)
            c0 = time.process_time()
            boxes[k] = np.array([tuple(t.track(f).box) for f in frames[1:]])
            ms[k].append((time.process_time() - c0) / (len(frames) - 1) * 1000)
    return {"frames": len(frames) - 1, "sequence": f"generated thermal {seq.frame(0).shape[1]} x "
                                                   f"{seq.frame(0).shape[0]}",
            "paths": {k: {"ms": v, "median_ms": float(np.median(v))} for k, v in ms.items()},
            "ratio": float(np.median(ms["plain"]) / np.median(ms["fast"])),
            "max_box_diff_px": float(np.abs(boxes["fast"] - boxes["plain"]).max())}


def run(quick: bool = False) -> dict:
    import torch

    torch.set_num_threads(1)
    rounds = 3 if quick else 7
    x = torch.randn(BATCH[0], 1, BATCH[1], BATCH[1])
    y = torch.randint(0, SEARCH["n_classes"], (BATCH[0],))
    nets = {"full": _net(False), "partial": _net(True)}
    for n in nets.values():
        n.train()
        _step(n, x, y)  # warm-up
    times = {k: [] for k in nets}
    for _ in range(rounds):  # alternate so a burst of load hits both
        for k, n in nets.items():
            t0 = time.perf_counter()
            _step(n, x, y)
            times[k].append(time.perf_counter() - t0)
    step = {k: min(v) for k, v in times.items()}
    saved = {k: saved_bytes(n, x) for k, n in nets.items()}
    rss = {k: _rss_child(k == "partial") if not quick else None for k in nets}  # None: not measured
    params = {k: sum(p.numel() for p in n.weight_parameters()) for k, n in nets.items()}
    alpha_shape = list(nets["partial"].alpha_normal.shape)
    search_rows = [[k, f"{step[k] * 1000:.0f}", f"{saved[k] / 2**20:.1f}", _mb(rss[k]), f"{params[k]:,}"]
                   for k in ("full", "partial")]
    ratio_t = step["full"] / step["partial"]
    ratio_m = saved["partial"] / saved["full"]
    print(f"Search step (fwd + bwd), {SEARCH['cell']}-bottom, {SEARCH['cells']} cells, width {SEARCH['width']}, "
          f"batch {BATCH[0]} x 1 x {BATCH[1]} x {BATCH[1]}, 1 thread, best of {rounds}")
    print(render_table(["channels", "step ms", "peak saved MB", "RSS growth MB", "weights"], search_rows, left=1))
    if any(v is None or not np.isfinite(v) for v in rss.values()):
        print(_rss_note(quick))
    print(f"step_time_ratio (full / partial) = {ratio_t:.2f}   peak_mem_ratio (partial / full, saved "
          f"activations) = {ratio_m:.2f}   alpha (dual) = {alpha_shape[0]} x {alpha_shape[1]}")
    sizes = derived_sizes(quick)
    print("\nDerived networks, 512 dims, width 16, input 1 x 128 x 128 (FLOPs: thop convention)")
    print(render_table(["cell", "cells", "params (M)", "FLOPs (G)", "genotype"],
                       [[r["cell"], str(r["cells"]), f"{r['params'] / 1e6:.2f}", f"{r['flops'] / 1e9:.2f}",
                         r["genotype"]] for r in sizes], left=2))
    shipped = None
    w = RES / "nas_tir_weights.pt"
    if w.is_file():
        from workbench.core.evaluation.complexity import measure
        from workbench_nas_tir.train import load_backbone

        net, _g, arch, extra = load_backbone(w)
        crop = int((extra.get("trained") or {}).get("config", {}).get("crop", 32))
        c = measure(net, (1, 1, crop * 2, crop * 2), "thop")
        shipped = {"params": c.params, "flops": c.ops, "input": [1, 1, crop * 2, crop * 2], "arch": arch}
        print(f"\nShipped tracker backbone ({arch['cells']} cells, width {arch['width']}, {arch['dims']} dims): "
              f"{c.params:,} params, {c.ops / 1e6:.1f} M FLOPs at its 1 x {crop * 2} x {crop * 2} search region")
    tracking = tracking_times(quick)
    if tracking is not None:
        print(f"\nTracking, shipped weights, {tracking['sequence']}, {tracking['frames']} frames, 1 thread, CPU time "
              "per frame, 3 rounds alternated (median)")
        print(render_table(["path", "ms / frame", "FPS (CPU)", "rounds ms"],
                           [[name, f"{tracking['paths'][k]['median_ms']:.1f}",
                             f"{1000 / tracking['paths'][k]['median_ms']:.1f}",
                             " ".join(f"{v:.1f}" for v in tracking["paths"][k]["ms"])]
                            for name, k in (("nas_tir", "fast"), ("nas_tir, plain (fast=False)", "plain"))], left=1))
        print(f"plain / fast = {tracking['ratio']:.2f}x   largest box difference between the paths: "
              f"{tracking['max_box_diff_px']:.3g} px")
    dual16 = next(r for r in sizes if r["cell"] == "dual" and r["cells"] == 16)
    return {"name": "nas", "machine": machine(), "quick": quick,
            "step_time_ratio": ratio_t, "peak_mem_ratio": ratio_m, "alpha_shape_dual": alpha_shape,
            "params_derived": dual16["params"],
            "search_step": {k: {"step_s": step[k], "peak_saved_bytes": saved[k], "rss_growth_mb": rss[k],
                                "weights": params[k], "all_times_s": times[k]} for k in nets},
            "settings": {"search": SEARCH, "batch": BATCH, "threads": 1, "rounds": rounds,
                         "peak_memory_method": "autograd saved_tensors_hooks, distinct storages; RSS growth in a "
                                               "subprocess as a cross-check"},
            "derived": sizes, "shipped": shipped, "tracking": tracking,
            "goal": {"step_time_ratio": ">= 1.7", "peak_mem_ratio": "< 0.5"}}


if __name__ == "__main__":  # --quick, --json F, --force by argparse ("--quick" in sys.argv: --help ran it)
    from workbench.core.bench import script_main

    sys.exit(script_main("nas", __doc__, run, prog="python -m workbench_nas_tir.bench"))
