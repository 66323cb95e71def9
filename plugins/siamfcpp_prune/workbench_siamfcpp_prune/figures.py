"""What the pruning inspector shows, without Qt: per-layer cuts (ranks, kept / pruned), the before /
after table (parameters, FLOPs, FPS), matplotlib figures (PNG / SVG / PDF) and CSV exports. The
inspector draws the same data with pyqtgraph; the CLI and tests use these directly."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from workbench_siamfcpp_prune.surgery import DEFAULT_ALIGN, group_ranks, scope_groups, select_kept


@dataclass
class LayerCut:
    name: str
    ranks: np.ndarray  # per filter (a neck group: template + search maps summed)
    kept: np.ndarray  # indices kept
    threshold: float  # the lowest kept rank (the cut line); NaN when nothing is pruned

    @property
    def n(self) -> int:
        return len(self.ranks)

    @property
    def n_kept(self) -> int:
        return len(self.kept)

    @property
    def n_pruned(self) -> int:
        return self.n - self.n_kept


def layer_cuts(model, ranks: dict, rho: float, scope: str, align: int = DEFAULT_ALIGN) -> list[LayerCut]:
    out = []
    for grp in scope_groups(model, scope):
        r = group_ranks(ranks, grp)
        kept = select_kept(r, rho, align)
        thr = float(r[kept].min()) if len(kept) < len(r) else float("nan")
        out.append(LayerCut(grp.name, r, kept, thr))
    return out


def summary_rows(model, pruned_widths: dict, x_size: int = 303, fps_before: float | None = None,
                 fps_after: float | None = None) -> list[dict]:
    """[{quantity, before, after, ratio}] for parameters, GFLOPs per frame and FPS."""
    from workbench_siamfcpp_prune.model import SiamFCpp
    from workbench_siamfcpp_prune.prune import complexity

    a = complexity(model, x_size)
    b = complexity(SiamFCpp(pruned_widths, model.num_conv3x3), x_size)
    rows = [{"quantity": "parameters (M)", "before": a["params"] / 1e6, "after": b["params"] / 1e6},
            {"quantity": f"GFLOPs / frame (search {x_size})", "before": a["gflops"], "after": b["gflops"]},
            {"quantity": "CPU FPS", "before": fps_before, "after": fps_after}]
    for r in rows:
        r["ratio"] = (r["after"] / r["before"]) if r["before"] and r["after"] else None
    return rows


def histogram_figure(cuts: list[LayerCut], rho: float, bins: int = 20, weights: str = ""):
    """The rank histograms, one panel per layer; the title names the weights (``weights``) and rho."""
    from workbench.core.evaluation.plots import color_for

    import matplotlib
    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    n = len(cuts)
    cols = min(4, n)
    rows = (n + cols - 1) // cols
    fig = Figure(figsize=(3.2 * cols, 2.5 * rows), dpi=110)
    for i, c in enumerate(cuts):
        ax = fig.add_subplot(rows, cols, i + 1)
        lo, hi = float(np.min(c.ranks)), float(np.max(c.ranks))
        edges = np.linspace(lo, hi if hi > lo else lo + 1, bins + 1)
        mask = np.zeros(c.n, bool)
        mask[c.kept] = True
        # pruned below, kept stacked on top, as the inspector draws them
        ax.hist([c.ranks[~mask], c.ranks[mask]], bins=edges, stacked=True, color=["#bbbbbb", color_for(0)],
                label=["pruned", "kept"])
        if i == 0:
            ax.legend(fontsize=7, loc="upper left", frameon=False)
        if np.isfinite(c.threshold):
            ax.axvline(c.threshold, color="#d62728", lw=1.2, ls="--")
        ax.set_title(f"{c.name}: {c.n_kept} kept / {c.n_pruned} pruned", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.set_xlabel("average feature-map rank", fontsize=7)
    of = f" of {weights}" if weights else ""
    fig.suptitle(f"HRank filter ranks{of}, global ratio rho = {rho:.2f} (dashed: the cut)", fontsize=9)
    fig.tight_layout()
    return fig


EXPORT_FORMATS = ("png", "svg", "pdf")


def export_files(out_dir: str | Path, rho: float, formats=EXPORT_FORMATS) -> list[Path]:
    """The files ``export`` writes into ``out_dir`` at ``rho``: the histogram figure in each of ``formats``, then
    the summary CSV and the filter ranks CSV (the inspector's Export button asks before replacing any)."""
    out, tag = Path(out_dir), f"rho{rho:.2f}"
    return ([out / f"rank_histograms_{tag}.{f}" for f in formats]
            + [out / f"pruning_summary_{tag}.csv", out / f"filter_ranks_{tag}.csv"])


def export(out_dir: str | Path, cuts: list[LayerCut], rows: list[dict], rho: float,
           formats=EXPORT_FORMATS, weights: str = "", tracker_rho: float | None = None,
           bom: bool = False) -> list[Path]:
    """Histograms as figures, the before / after table and every filter's rank as CSV. ``weights`` (which
    model the ranks are of) is in the figure's title and, with rho and ``tracker_rho`` (the ratio the
    ps_siamfcpp tracker runs at), at the end of the summary CSV: an export said neither which model it was
    nor whether its rho was the tracker's."""
    from workbench.core.evaluation.plots import save_figure

    from workbench.core.csvtable import csv_text, write_csv
    from workbench.core.results import writable_folder

    out = writable_folder(out_dir, "")  # a file there said "FileExistsError: [Errno 17] File exists"
    *figure_files, summary_file, ranks_file = export_files(out, rho, formats)
    paths = []
    fig = histogram_figure(cuts, rho, weights=weights) if weights else histogram_figure(cuts, rho)
    for path in figure_files:
        paths.append(save_figure(fig, path))
    # each table is built in memory and written whole (atomically): an export cut off half way left a
    # truncated CSV over the earlier one
    # (csv_text: "\n" line ends, as every CSV of the workbench; csv.writer's own were "\r\n")
    summary = [["quantity", "before", "after", "ratio"]]
    summary += [[r["quantity"]] + ["" if r[k] is None else f"{r[k]:.6g}" for k in ("before", "after", "ratio")]
                for r in rows]
    summary += [[], ["layer", "filters", "kept", "pruned", "cut_rank"]]
    summary += [[c.name, c.n, c.n_kept, c.n_pruned, "" if not np.isfinite(c.threshold) else f"{c.threshold:.4g}"]
                for c in cuts]
    summary += [[], ["weights", weights or "not named"], ["rho", f"{rho:.2f}"]]
    if tracker_rho is not None:
        summary.append(["ps_siamfcpp tracker rho", f"{tracker_rho:.2f}"])
    paths.append(write_csv(summary_file, csv_text(summary), bom))  # bom: for Excel (csvtable)
    ranks = []
    for c in cuts:
        keep = set(c.kept.tolist())
        ranks += [[c.name, i, f"{r:.4f}", int(i in keep)] for i, r in enumerate(c.ranks)]
    paths.append(write_csv(ranks_file, csv_text(ranks, ["layer", "filter", "rank", "kept"]), bom))
    return paths


def default_model_and_ranks():
    """(model, ranks, label): the shipped SiamFC++ and its stored ranks, or random weights ranked by
    filter index when nothing is shipped (the structure and counts are the same)."""
    from workbench_siamfcpp_prune import RANKS, weights_dir
    from workbench_siamfcpp_prune.hrank import load_ranks
    from workbench_siamfcpp_prune.tracker import load_base

    try:
        model = load_base("")
        ranks, meta = load_ranks(weights_dir() / RANKS)
        return model, ranks, f"shipped SiamFC++ weights, ranks over g = {meta.get('g', '?')} pairs"
    except Exception:  # noqa: BLE001
        model, ranks, _ = random_model_and_ranks()
        return model, ranks, "no shipped weights: random weights ranked by filter index"


def random_model_and_ranks():
    """(model, ranks, label): the 'random' weights setting's untrained SiamFC++ (as the tracker seeds it),
    ranked by filter index as ``load_pruned`` ranks it (no stored ranks fit random weights)."""
    from workbench_siamfcpp_prune.tracker import load_base

    model = load_base("random")
    ranks = {n: -np.arange(m.conv.out_channels, dtype=float) for n, m in model.named_modules()
             if hasattr(m, "conv") and hasattr(m, "bn")}
    return model, ranks, "random weights (the siamfcpp weights setting), ranked by filter index"


FPS_WARMUP = 3  # frames each tracker tracks untimed first (back end set-up, caches, lazy allocations)
FPS_MIN_FRAMES = 15  # timed frames each, at least (4 FPS on a laptop CPU: ~8 s for both) ...
FPS_MIN_SECONDS = 3.0  # ... and timed for this long together, at least
FPS_MAX_SECONDS = 30.0  # past this the timing stops at the end of a round
FPS_NOISY_SPREAD = 0.25  # a frame-time spread (inter-quartile range / median) past this is said noisy


@dataclass
class FpsPair:
    """Two trackers timed interleaved on the same frames (``interleaved_fps``): frames per second from the
    median frame time, each one's spread (inter-quartile range over median) and how many frames each."""

    before: float
    after: float
    spread: tuple[float, float]
    frames: int

    @property
    def noisy(self) -> bool:
        return max(self.spread) > FPS_NOISY_SPREAD

    def words(self) -> str:
        """How it was timed, and a warning when the frame times spread widely (other work on the machine)."""
        said = f"median of {self.frames} frames each, timed in turn"
        if self.noisy:
            said += (f"; noisy: frame times spread {100 * max(self.spread):.0f} % around the median (other work "
                     "on this machine?), measure again when it is quiet")
        return said


def interleaved_fps(trackers, frames, box, ctx=None, warmup: int | None = None, min_frames: int | None = None,
                    min_seconds: float | None = None, max_seconds: float | None = None) -> FpsPair:
    """Frames per second of two trackers (``initialize`` / ``track``) on ``frames`` (the first inits them),
    timed in turn frame by frame after ``warmup`` untimed frames each: 10 frames of one then 10 of the other,
    the first with its warm-up, read x5.7 under load where a quiet machine gives ~x1.7. Which goes first
    alternates each frame (A B B A ...) so neither always follows the other; the frames repeat until each
    has ``min_frames`` and ``min_seconds`` have passed (at most ``max_seconds``). The median frame time is
    taken: a burst of other work moves it little. ``ctx`` (a JobContext): progress, and Cancel between frames."""
    import time

    from workbench.core.jobs import JobContext

    ctx = ctx or JobContext()
    warmup = FPS_WARMUP if warmup is None else warmup
    min_frames = FPS_MIN_FRAMES if min_frames is None else min_frames
    min_s = FPS_MIN_SECONDS if min_seconds is None else min_seconds
    max_s = max(min_s, FPS_MAX_SECONDS if max_seconds is None else max_seconds)
    if len(frames) < 2:
        raise ValueError(f"timing needs 2 frames or more (one to start on), got {len(frames)}")
    for tr in trackers:
        tr.initialize(frames[0], box)
    times: list[list[float]] = [[] for _ in trackers]
    t_start, k = (time.perf_counter() if warmup == 0 else None), 0  # the timing's start: after the warm-up
    while True:
        f = frames[1 + k % (len(frames) - 1)]
        order = range(len(trackers)) if k % 2 == 0 else reversed(range(len(trackers)))
        for i in order:
            ctx.check()
            t0 = time.perf_counter()
            trackers[i].track(f)
            if k >= warmup:
                times[i].append(time.perf_counter() - t0)
        k += 1
        if k == warmup:
            t_start = time.perf_counter()
        if t_start is None:
            ctx.progress(0.1 * k / max(warmup, 1), "warming up both trackers")
            continue
        took, done = time.perf_counter() - t_start, len(times[0])
        # the stop rule's own distance: both minimums met (the one further behind), or the maximum time; the
        # warm-up had the first tenth
        timed = min(1.0, max(min(done / max(min_frames, 1), took / min_s if min_s > 0 else 1.0),
                             took / max_s if max_s > 0 else 1.0))
        ctx.progress((0.1 if warmup else 0.0) + (0.9 if warmup else 1.0) * timed,
                     f"timing both trackers in turn: {done} frames")
        if (done >= min_frames and took >= min_s) or took >= max_s:
            break
    return _fps_pair(times)


def _fps_pair(times: list[list[float]]) -> FpsPair:
    fps, spread = [], []
    for t in times:
        q1, med, q3 = np.percentile(t, [25, 50, 75])
        fps.append(1.0 / med if med > 0 else float("nan"))
        spread.append(float((q3 - q1) / med) if med > 0 else float("inf"))
    return FpsPair(fps[0], fps[1], (spread[0], spread[1]), len(times[0]))


def fps_tracker(model, x_size: int = 303, threads: int = 0, backend: str = "auto"):
    """The SiamFC++ tracker ``measure_fps`` / ``interleaved_fps`` time ``model`` as (CPU)."""
    from workbench_siamfcpp_prune.config import SiamFCppConfig
    from workbench_siamfcpp_prune.tracker import SiamFCppTracker

    return SiamFCppTracker(model, SiamFCppConfig(x_size=x_size, threads=threads, backend=backend), "cpu")


def measure_fps(model, frames, box, x_size: int = 303, threads: int = 0, backend: str = "auto") -> float:
    """Tracker frames per second over ``frames`` (first = init, excluded) on ``backend``."""
    import time

    tr = fps_tracker(model, x_size, threads, backend)
    tr.initialize(frames[0], box)
    t = 0.0
    for f in frames[1:]:
        t0 = time.perf_counter()
        tr.track(f)
        t += time.perf_counter() - t0
    return (len(frames) - 1) / t if t > 0 else float("nan")
