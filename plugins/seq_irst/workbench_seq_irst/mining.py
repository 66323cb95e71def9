"""Iterative training with mined data (the paper's Section III-C).

``mine(detector, seq)`` runs the detector over a new (unlabelled) sequence, links its target
detections into trajectories (``link``: greedy nearest neighbour, a detection joins the trajectory
whose last point is nearest, at most ``max_step`` px per frame elapsed, gaps up to ``max_gap``
frames; trajectories shorter than ``min_len`` points are dropped) and proposes

- miss candidates: a frame inside a trajectory's span where the trajectory has no detection (the
  proposed label is interpolated between the neighbouring points);
- false-alarm candidates: a target detection with no detection within ``neighbour_px`` in the frame
  before and in the frame after.

Candidates go to the review queue (``refine.ReviewQueue``); accepted ones join the training set with
the frame's trajectory points as its target labels. ``IterationTable`` is the paper's Table 3 (images,
epochs, precision, recall, F1 per iteration) and its plot.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from workbench.core.data.irseq import INTERFERENCE, TARGET, Label
from workbench.core.evaluation.detection import score_text
from workbench_seq_irst.refine import ReviewItem


@dataclass
class Trajectory:
    points: dict[int, object] = field(default_factory=dict)  # frame -> Detection

    @property
    def first(self) -> int:
        return min(self.points)

    @property
    def last(self) -> int:
        return max(self.points)

    def position(self, t: int) -> tuple[float, float]:
        """Centre at frame t: the point, or linear interpolation between the nearest points around t."""
        if t in self.points:
            d = self.points[t]
            return d.cx, d.cy
        before = max(f for f in self.points if f < t)
        after = min(f for f in self.points if f > t)
        a, b = self.points[before], self.points[after]
        u = (t - before) / (after - before)
        return a.cx + u * (b.cx - a.cx), a.cy + u * (b.cy - a.cy)


def link(dets_per_frame, max_step: float = 6.0, max_gap: int = 2, min_len: int = 3) -> list[Trajectory]:
    live: list[Trajectory] = []
    done: list[Trajectory] = []
    for t, dets in enumerate(dets_per_frame):
        still = []
        for tr in live:
            (done if t - tr.last > max_gap + 1 else still).append(tr)
        live = still
        targets = sorted((d for d in dets if getattr(d, "cls", TARGET) == TARGET), key=lambda d: -d.score)
        taken: set[int] = set()
        for d in targets:
            best, bd = None, None
            for k, tr in enumerate(live):
                if k in taken or tr.last == t:
                    continue
                p = tr.points[tr.last]
                dist = float(np.hypot(d.cx - p.cx, d.cy - p.cy))
                if dist <= max_step * (t - tr.last) and (bd is None or dist < bd):
                    best, bd = k, dist
            if best is None:
                live.append(Trajectory({t: d}))
                taken.add(len(live) - 1)
            else:
                live[best].points[t] = d
                taken.add(best)
    done += live
    return sorted((tr for tr in done if len(tr.points) >= min_len), key=lambda tr: tr.first)


def candidates(seq_name: str, dets_per_frame, trajectories: list[Trajectory], neighbour_px: float = 8.0,
               size: float = 3.0) -> list[ReviewItem]:
    items: list[ReviewItem] = []
    n = len(dets_per_frame)
    for tr in trajectories:
        for t in range(tr.first + 1, tr.last):
            if t not in tr.points:
                cx, cy = tr.position(t)
                d0 = tr.points[max(f for f in tr.points if f < t)]
                items.append(ReviewItem(seq_name, t, "miss", Label(t, cx, cy, d0.w or size, d0.h or size, TARGET),
                                        None, loss=float(len(tr.points))))
    for t, dets in enumerate(dets_per_frame):
        for d in dets:
            if getattr(d, "cls", TARGET) != TARGET:
                continue
            lonely = True
            for u in (t - 1, t + 1):
                if 0 <= u < n and any(np.hypot(e.cx - d.cx, e.cy - d.cy) <= neighbour_px for e in dets_per_frame[u]):
                    lonely = False
            if lonely:
                items.append(ReviewItem(seq_name, t, "false_alarm", Label(t, d.cx, d.cy, d.w, d.h, INTERFERENCE),
                                        (d.cx, d.cy, d.w, d.h, d.score, d.cls), loss=float(d.score)))
    items.sort(key=lambda it: -it.loss)
    return items


def trajectory_labels(n_frames: int, trajectories: list[Trajectory], size: float = 3.0) -> list[list[Label]]:
    """Pseudo-labels: every trajectory point as a target label (what a mined frame starts from)."""
    out: list[list[Label]] = [[] for _ in range(n_frames)]
    for tr in trajectories:
        for t, d in tr.points.items():
            out[t].append(Label(t, d.cx, d.cy, d.w or size, d.h or size, TARGET))
    return out


def mine(detector, seq, ctx=None, max_step: float = 6.0, max_gap: int = 2, min_len: int = 3,
         neighbour_px: float = 8.0):
    """(trajectories, candidates, pseudo-labels) of one new sequence."""
    dets = detector.run(seq, ctx)
    trs = link(dets, max_step, max_gap, min_len)
    return trs, candidates(seq.name, dets, trs, neighbour_px), trajectory_labels(len(seq), trs)


# --- the iteration table ---------------------------------------------------------------------------
COLUMNS = ("iteration", "epochs", "images", "precision", "recall", "f1")


def format_table(rows: list[dict]) -> str:
    head = f"{'iteration':>9s} {'epochs':>6s} {'images':>7s} {'precision/%':>11s} {'recall/%':>9s} {'F1/%':>6s}"
    lines = [head]
    for r in rows:
        lines.append(f"{r['iteration']:>9d} {r['epochs']:>6d} {r['images']:>7d} "
                     f"{score_text(r['precision'], 2, True):>11s} {score_text(r['recall'], 2, True):>9s} "
                     f"{score_text(r['f1'], 2, True):>6s}")
    return "\n".join(lines)


def plot_table(rows: list[dict], path=None, title: str = "Iterative training"):
    """Precision / recall / F1 per iteration (and the images in the training set) as a matplotlib figure;
    saved as PNG / SVG / PDF by the suffix of ``path`` when given."""
    from matplotlib.figure import Figure  # not pyplot: the window draws it on a worker thread

    it = [r["iteration"] for r in rows]
    fig = Figure(figsize=(5.5, 3.4), dpi=120)
    ax = fig.subplots()
    for key, mk in (("precision", "o"), ("recall", "s"), ("f1", "^")):
        # an undefined score (None: no detections, no precision) is a gap in its line, not a point at 0
        ax.plot(it, [np.nan if r[key] is None else 100 * r[key] for r in rows], marker=mk,
                label=key if key != "f1" else "F1")
    ax.set_xlabel("iteration")
    ax.set_ylabel("%")
    ax.set_ylim(0, 100)
    ax.set_xticks(it)
    ax2 = ax.twinx()
    ax2.bar(it, [r["images"] for r in rows], alpha=0.15, color="gray", label="images")
    ax2.set_ylabel("training images")
    ax.set_zorder(ax2.get_zorder() + 1)
    ax.patch.set_visible(False)
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    if path is not None:
        from workbench.core.evaluation.plots import save_figure

        save_figure(fig, path)
    return fig
