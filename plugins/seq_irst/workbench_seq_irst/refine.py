"""Label refinement by loss (the paper's Section III-B) and the review queue the analyst works through.

``rank_labels`` runs the trained detector over the labelled frames and gives every label the loss it
contributes (``model.cell_loss``: smooth-L1 of its position + BCE of conf and both classes at its
cell); it also lists confident detections that no label explains ("unlabelled"; their loss is the
background BCE of that cell), so the four kinds of inaccurate label the paper names (mispositioned,
wrong class, unlabelled target, labelled background) all surface. Worst first.

``ReviewQueue`` holds the items and the working copy of the labels. Actions on an item:

- ``accept``: the label is right (for an unlabelled detection / mined candidate: add it as proposed);
- ``move(cx, cy[, w, h, cls])``: right object, wrong place or size (added at the new place when it was a
  proposal);
- ``reclass(cls)``: right place, other class (target <-> interference);
- ``delete``: no object there (a label is removed; a proposal is dismissed, except a false-alarm
  candidate, whose frame still joins the training set as background).

``save(project)`` writes the changed sequences' labels atomically through the project (originals kept)
and logs every decision.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from workbench.core.data.irseq import INTERFERENCE, TARGET, Label

KINDS = ("label", "unlabelled", "miss", "false_alarm")
ACTIONS = ("accept", "move", "reclass", "delete")


@dataclass
class ReviewItem:
    seq: str
    frame: int
    kind: str  # one of KINDS
    label: Label | None  # the label under review, or the proposed one for a candidate
    prediction: tuple | None = None  # (cx, cy, w, h, score, cls) of the network at this place
    loss: float = 0.0
    status: str = "pending"  # pending | accept | move | reclass | delete
    result: Label | None = None  # the label after the decision (None: removed / dismissed)

    @property
    def proposal(self) -> bool:
        return self.kind != "label"

    def as_dict(self) -> dict:
        d = asdict(self)
        return d


def _nearest(dets, cx, cy, radius):
    best, bd = None, radius
    for d in dets:
        dist = float(np.hypot(d.cx - cx, d.cy - cy))
        if dist <= bd:
            best, bd = d, dist
    return best


def rank_labels(detector, dataset, ctx=None, a: float = 1.0, b: float = 1.0, unlabelled: bool = True,
                radius: float = 3.0) -> list[ReviewItem]:
    """Every label of ``dataset`` ([(IRSequence, frames or None)]) with its loss, worst first."""
    from workbench_seq_irst.model import cell_loss

    items: list[ReviewItem] = []
    for seq, frames in dataset:
        idx = [i for i in (range(len(seq)) if frames is None else frames)]
        dets, outs = detector.run(seq, ctx, idx, keep_outputs=True)
        st = detector.stride
        for i in idx:
            o = outs[i]
            for lab in seq.labels[i]:
                d = _nearest(dets[i], lab.cx, lab.cy, radius)
                pred = None if d is None else (d.cx, d.cy, d.w, d.h, d.score, d.cls)
                items.append(ReviewItem(seq.name, i, "label", lab, pred,
                                        cell_loss(o, lab.cx, lab.cy, lab.w, lab.h, lab.cls, st, a, b)))
            if unlabelled:
                for d in dets[i]:
                    if not any(np.hypot(d.cx - lab.cx, d.cy - lab.cy) <= radius for lab in seq.labels[i]):
                        items.append(ReviewItem(seq.name, i, "unlabelled", Label(i, d.cx, d.cy, d.w, d.h, d.cls),
                                                (d.cx, d.cy, d.w, d.h, d.score, d.cls),
                                                cell_loss(o, d.cx, d.cy, d.w, d.h, None, st, a, b)))
    items.sort(key=lambda it: -it.loss)
    return items


def mean_label_loss(items: list[ReviewItem]) -> float:
    v = [it.loss for it in items if it.kind == "label"]
    return float(np.mean(v)) if v else float("nan")


class ReviewQueue:
    """Items to review plus the working labels of every sequence they touch."""

    def __init__(self, items: list[ReviewItem], labels: dict[str, list[list[Label]]]):
        self.items = items
        self.labels = {k: [list(fr) for fr in v] for k, v in labels.items()}
        self.changed: set[str] = set()
        self.new_frames: dict[str, set[int]] = {}

    def __len__(self):
        return len(self.items)

    def pending(self) -> list[int]:
        return [k for k, it in enumerate(self.items) if it.status == "pending"]

    def _replace(self, it: ReviewItem, new: Label | None) -> None:
        frame = self.labels[it.seq][it.frame]
        if it.kind == "label":
            cur = it.result if it.status != "pending" else it.label
            if cur in frame:
                frame.remove(cur)
        elif it.result is not None and it.result in frame:  # a proposal decided before: undo it
            frame.remove(it.result)
        if new is not None:
            frame.append(new)
        self.changed.add(it.seq)
        if it.proposal and (new is not None or it.kind == "false_alarm"):
            self.new_frames.setdefault(it.seq, set()).add(it.frame)

    def accept(self, k: int) -> None:
        it = self.items[k]
        if it.proposal:
            self._replace(it, it.label)
        it.status, it.result = "accept", it.label

    def move(self, k: int, cx: float, cy: float, w: float | None = None, h: float | None = None,
             cls: int | None = None) -> None:
        it = self.items[k]
        new = it.label.moved(cx=float(cx), cy=float(cy), w=float(w or it.label.w), h=float(h or it.label.h),
                             cls=it.label.cls if cls is None else int(cls))
        self._replace(it, new)
        it.status, it.result = "move", new

    def reclass(self, k: int, cls: int | None = None) -> None:
        it = self.items[k]
        c = (INTERFERENCE if it.label.cls == TARGET else TARGET) if cls is None else int(cls)
        new = it.label.moved(cls=c)
        self._replace(it, new)
        it.status, it.result = "reclass", new

    def delete(self, k: int) -> None:
        it = self.items[k]
        if it.kind == "label" or it.kind == "false_alarm":
            self._replace(it, None)
        it.status, it.result = "delete", None

    def decide(self, k: int, action: str, **kw) -> None:
        if action not in ACTIONS:
            raise ValueError(f"action must be one of {ACTIONS}, got {action!r}")
        getattr(self, action)(k, **kw)

    def save(self, project, log_name: str | None = None) -> list[str]:
        """Write the changed sequences' labels (atomically, originals kept) and the decisions log;
        add the frames of accepted proposals to the training set. Returns the changed sequences."""
        from workbench.core.results import write_json

        changed = sorted(self.changed)
        for name in changed:
            project.set_labels(name, [[lab.moved(frame=i) for lab in fr] for i, fr in enumerate(self.labels[name])])
        for name, frames in self.new_frames.items():
            if project.entry(name)["role"] == "mined":
                project.add_frames(name, frames)
        if log_name:
            write_json(project.root / "review" / f"{log_name}.json",
                       {"decided": [it.as_dict() for it in self.items if it.status != "pending"],
                        "pending": sum(1 for it in self.items if it.status == "pending")})
        self.changed.clear()
        return changed


def oracle_review(queue: ReviewQueue, truth: dict[str, list[list[Label]]], radius: float = 6.0,
                  tol: float = 1.0, limit: int | None = None) -> dict:
    """Decide items the way an analyst with the true labels would (it stands in for the manual
    double-check when the workflow runs headless, e.g. for the iteration table; ``truth`` = the
    generator's labels, or a real set's complete target annotation). A target label with no true object
    near is deleted (an interference label there is kept); a confident detection or false alarm with no true object near is labelled interference
    (the paper's interference class); otherwise the item is moved / re-classed to the true object.
    Reviews the ``limit`` worst pending items. Returns counts per action."""
    counts = {a: 0 for a in ACTIONS}
    for k in queue.pending()[:limit]:
        it = queue.items[k]
        true = [lab for lab in truth[it.seq][it.frame]]
        best, bd = None, radius
        for t in true:
            dist = float(np.hypot(t.cx - it.label.cx, t.cy - it.label.cy))
            if dist <= bd:
                best, bd = t, dist
        if best is None:
            if it.kind in ("unlabelled", "false_alarm"):
                # a confident detection on no object (a cloud edge, clutter): label it interference
                if it.label.cls == INTERFERENCE:
                    queue.accept(k)
                    counts["accept"] += 1
                else:
                    queue.reclass(k, INTERFERENCE)
                    counts["reclass"] += 1
            elif it.label.cls == INTERFERENCE:
                # an interference label on no target: the truth may not list interference at all
                # (a target-only annotation such as DAUB's), so it stays
                queue.accept(k)
                counts["accept"] += 1
            else:
                queue.delete(k)
                counts["delete"] += 1
        elif bd > tol:
            queue.move(k, best.cx, best.cy, best.w, best.h, best.cls)
            counts["move"] += 1
        elif best.cls != it.label.cls:
            queue.reclass(k, best.cls)
            counts["reclass"] += 1
        else:
            queue.accept(k)
            counts["accept"] += 1
    return counts
