"""A workflow project: the folder an analyst's crop / train / refine / mine / retrain rounds live in.

    PROJECT/project.json                 sequences (path, role, frames in the training set), iterations
    PROJECT/labels/<seq>.csv             current labels (refined, mined), written atomically
    PROJECT/labels/<seq>.original.csv    the labels as first imported, written once and never changed
    PROJECT/data/<seq>/                  generated sequences (frames/ + labels.csv)
    PROJECT/runs/iter_<k>/               training output of iteration k (last.pt, best_weights.pt, history)
    PROJECT/review/iter_<k>.json         every review decision of iteration k

The label files in the sequences' own folders are never written (they may be read-only shared data).
Roles: ``train`` (every frame trains), ``val`` (scored on full frames after each epoch and at the
end of an iteration), ``mined`` (new sequences: only the frames where an accepted miss / false-alarm
candidate was found join the training set).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.atomic import atomic_copy
from workbench.core.data.irseq import (CONTINUOUS, PIXEL_INDEX, IRSequence, Label, centres_of, labels_centres,
                                       open_irseq, read_labels, write_labels)
from workbench.core.errors import DataError, WorkbenchError
from workbench.core.results import write_json
from workbench_seq_irst.sequences import require_one_size as _require_one_size

ROLES = ("train", "val", "mined")


def _layout_problem(d) -> str:
    """What keeps ``d`` (a parsed project.json) from being a project ("" when nothing)."""
    if not isinstance(d, dict):
        kind = {list: "list", str: "string", type(None): "null", bool: "true / false"}.get(type(d), "number")
        return f"holds a JSON {kind}, not an object"
    for key, kind in (("sequences", list), ("iterations", list), ("settings", dict)):
        if not isinstance(d.get(key, kind()), kind):
            return f"'{key}' is not a {'list' if kind is list else 'mapping'}"
    for i, e in enumerate(d.get("sequences", [])):
        if not isinstance(e, dict) or not all(isinstance(e.get(k), str) for k in ("name", "path", "role")):
            return f"sequence entry {i + 1} lacks its name, path or role"
        if e["role"] not in ROLES:
            return f"sequence {e['name']!r}: role {e['role']!r} is none of {', '.join(ROLES)}"
        frames = e.get("frames")
        if frames is not None and not (isinstance(frames, list) and all(type(v) is int and v >= 0 for v in frames)):
            return f"sequence {e['name']!r}: 'frames' is not a list of frame numbers"
    return ""


@dataclass
class Project:
    root: Path
    sequences_: list[dict] = field(default_factory=list)
    iterations: list[dict] = field(default_factory=list)
    settings: dict = field(default_factory=dict)

    # --- files --------------------------------------------------------------------------------
    @classmethod
    def create(cls, root: str | Path) -> "Project":
        root = Path(root)
        if (root / "project.json").is_file():
            return cls.open(root)
        root.mkdir(parents=True, exist_ok=True)
        p = cls(root)
        p.save()
        return p

    @classmethod
    def open(cls, root: str | Path) -> "Project":
        root = Path(root)
        f = root / "project.json"
        if not f.is_file():
            raise DataError(root, "not a seq_irst project (no project.json)")
        try:
            d = json.loads(f.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise DataError(f, f"corrupt project file: {exc}") from None
        problem = _layout_problem(d)
        if problem:  # a hand-edited or foreign file was an AttributeError / KeyError / TypeError traceback
            raise DataError(f, f"not a seq_irst project file: {problem}; fix it, or make the project again")
        return cls(root, d.get("sequences", []), d.get("iterations", []), d.get("settings", {}))

    def save(self) -> None:
        write_json(self.root / "project.json", {"format": "seq_irst-project/1", "sequences": self.sequences_,
                                                "iterations": self.iterations, "settings": self.settings})

    # --- sequences ----------------------------------------------------------------------------
    def entry(self, name: str) -> dict:
        for e in self.sequences_:
            if e["name"] == name:
                return e
        raise WorkbenchError(f"project {self.root}: no sequence named {name!r}")

    def names(self, role: str | None = None) -> list[str]:
        return [e["name"] for e in self.sequences_ if role is None or e["role"] == role]

    def add_sequence(self, path: str | Path, role: str = "train", name: str | None = None,
                     frames: list[int] | None = None) -> str:
        """Add a sequence (``frames``: only these frames train / are scored; None = all)."""
        _check_role(role)
        seq = _open(path)
        _require_one_size(seq)
        return self._add([self._entry(seq, path, role, name, frames, set(self.names()))])[0]

    def _entry(self, seq: IRSequence, path, role: str, name: str | None, frames, taken: set) -> dict:
        """The project entry of ``seq`` (a name not in ``taken``, which gets it), its labels written."""
        base = name or seq.name
        nm, k = base, 1
        while nm in taken:
            k += 1
            nm = f"{base}_{k}"
        taken.add(nm)
        e = {"name": nm, "path": str(Path(path).absolute()), "role": role,
             "frames": (None if frames is None else sorted(int(f) for f in frames)) if role != "mined" else []}
        if seq.labelled and role != "mined":
            lab = self.root / "labels" / f"{nm}.csv"
            # pixel indices, as the plugin counts every centre (clicks, proposals, crops): a YOLO / COCO / Anti-UAV
            # source's box centres converted here, once (its edits were saved half a pixel off under its note)
            labels = as_pixel_index(seq.labels, centres_of(seq.meta))
            write_labels(self.root / "labels" / f"{nm}.original.csv", labels)
            write_labels(lab, labels)
            e["labels"] = f"labels/{nm}.csv"
        return e

    def _add(self, entries: list[dict]) -> list[str]:
        """Append ``entries`` and save once; none stays added when the save fails."""
        n = len(self.sequences_)
        self.sequences_.extend(entries)
        try:
            self.save()
        except BaseException:
            del self.sequences_[n:]
            raise
        return [e["name"] for e in entries]

    def add_sequences(self, path: str | Path, role: str = "train") -> list[str]:
        """Add the sequence at ``path``, or each run of consecutive frames of a YOLO ``images/`` + ``labels/``
        folder (``runs.open_runs``: its labels read, one size per run) as a sequence of its own; the names
        added. All or nothing: every run is opened and checked before any is added (a run failing after
        others were saved left them in the project, unlisted by the panel), the folder is listed and its
        headers read once, and the project saved once (each run re-read the whole folder and saved: 2.6 s
        for 800 images in 80 runs)."""
        from workbench.core.data.irseq import list_irseq
        from workbench_seq_irst.runs import open_runs

        _check_role(role)
        seqs = [] if list_irseq(path) else open_runs(path)
        if not seqs:
            return [self.add_sequence(path, role)]
        for seq in seqs:
            _require_one_size(seq)
        taken = set(self.names())
        return self._add([self._entry(seq, seq.path, role, None, None, taken) for seq in seqs])

    def sequence(self, name: str) -> IRSequence:
        e = self.entry(name)
        lab = e.get("labels")
        if not Path(e["path"]).exists():  # a YOLO folder's run: the virtual path <root>/run_<first>-<last>
            seq = _open(e["path"])
            if lab:
                seq = seq.with_labels(read_labels(self.root / lab, len(seq)), self.root / lab)
            seq.name = name
        else:
            seq = open_irseq(e["path"], labels=self.root / lab if lab else None, name=name)
        if lab:  # the project's labels count pixel indices (a YOLO run's meta said its file's box centres)
            # a file of box centres, as projects wrote a YOLO / Anti-UAV source's before: converted as it is read
            seq.labels = as_pixel_index(seq.labels, labels_centres(self.root / lab))
            seq.meta["point_centres"] = PIXEL_INDEX
        if not lab and e["role"] == "mined":
            seq.labelled = False
        return seq

    def sequences(self, role: str) -> list[IRSequence]:
        return [self.sequence(n) for n in self.names(role)]

    def train_set(self) -> list[tuple[IRSequence, list[int] | None]]:
        out = []
        for e in self.sequences_:
            if e["role"] == "train":
                out.append((self.sequence(e["name"]), e.get("frames")))
            elif e["role"] == "mined" and e.get("frames"):
                out.append((self.sequence(e["name"]), sorted(e["frames"])))
        for seq, frames in out:  # frames past the end were an IndexError traceback while the crops were cut
            beyond = [v for v in frames or [] if v >= len(seq)]
            if beyond:
                raise DataError(self.root / "project.json", f"sequence {seq.name!r}: frame {beyond[0]} listed, but it "
                                                            f"has {len(seq)} frames (0-based)")
        return out

    def val_frames(self) -> dict[str, list[int]] | None:
        """{validation sequence: frames scored} when any validation entry is restricted, else None."""
        ents = [e for e in self.sequences_ if e["role"] == "val"]
        if not any(e.get("frames") is not None for e in ents):
            return None
        return {e["name"]: (e["frames"] if e.get("frames") is not None else list(range(len(self.sequence(e["name"])))))
                for e in ents}

    def n_images(self) -> int:
        """Frames in the training set (Table 3's "number of images")."""
        return sum(len(s) if fr is None else len(fr) for s, fr in self.train_set())

    def set_labels(self, name: str, labels: list[list[Label]]) -> Path:
        """Save a sequence's edited labels atomically; the original labels stay in ``.original.csv``."""
        e = self.entry(name)
        orig = self.root / "labels" / f"{name}.original.csv"
        src = e.get("labels")
        if not orig.exists():
            if src and (self.root / src).is_file():
                atomic_copy(self.root / src, orig)  # whole or not at all: a half copy would stay the original
            else:  # first labels of a mined sequence: the "original" is having none
                write_labels(orig, [[] for _ in labels])
        path = write_labels(self.root / "labels" / f"{name}.csv", labels)  # pixel indices, as ``sequence`` gives
        e["labels"] = f"labels/{name}.csv"
        self.save()
        return path

    def add_frames(self, name: str, frames) -> None:
        e = self.entry(name)
        e["frames"] = sorted(set(e.get("frames") or []) | {int(f) for f in frames})
        self.save()

    def original_labels(self, name: str) -> list[list[Label]] | None:
        f = self.root / "labels" / f"{name}.original.csv"
        return as_pixel_index(read_labels(f, len(self.sequence(name))), labels_centres(f)) if f.is_file() else None

    # --- iterations ---------------------------------------------------------------------------
    def run_dir(self, k: int) -> Path:
        return self.root / "runs" / f"iter_{k}"

    def latest_weights(self) -> Path | None:
        for it in reversed(self.iterations):
            w = it.get("weights")
            if w and (self.root / w).is_file():
                return self.root / w
        w = self.settings.get("init_weights")  # weights the project was started from (no iteration yet)
        return self.root / w if w and (self.root / w).is_file() else None

    def record_iteration(self, row: dict) -> None:
        self.iterations.append(row)
        self.save()


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise WorkbenchError(f"role must be one of {ROLES}, got {role!r}")


def as_pixel_index(labels: list[list[Label]], centres: str | None) -> list[list[Label]]:
    """``labels`` with pixel-index centres (``irseq.PIXEL_INDEX``): ``CONTINUOUS`` box centres c (pixel i spans
    i ... i + 1) are the pixel c - 0.5 (an Anti-UAV box (99, 89, 3, 3), centre (100.5, 90.5), is pixel (100, 90))."""
    if centres != CONTINUOUS:
        return labels
    return [[lab.moved(cx=lab.cx - 0.5, cy=lab.cy - 0.5) for lab in labs] for labs in labels]


def _open(path) -> IRSequence:
    """``open_irseq``, or a YOLO run's virtual path (``runs.open_seq``)."""
    from workbench_seq_irst.runs import open_seq

    return open_seq(path)

