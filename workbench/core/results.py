"""Result files, written atomically so that nothing is ever left half-written.

Boxes: one text file per sequence, one ``x,y,w,h`` line per frame (the layout pytracking and the
GOT-10k toolkit use), ``DIR/<tracker>/<sequence>.txt``; frames not tracked (before the start
frame, or after a cancel) are written as ``nan,nan,nan,nan`` so line i is always frame i.
Timing goes beside it as ``<sequence>_time.txt`` (seconds per frame, GOT-10k style).
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import numpy as np

from workbench.core.data.groundtruth import read_boxes


def atomic_write_text(path: str | Path, text: str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def format_boxes(boxes: np.ndarray, sep: str = ",") -> str:
    lines = []
    for row in np.asarray(boxes, dtype=np.float64):
        if not np.all(np.isfinite(row)):
            lines.append(sep.join(["nan"] * 4))
        else:
            lines.append(sep.join(f"{v:.3f}".rstrip("0").rstrip(".") for v in row))
    return "\n".join(lines) + "\n"


def write_boxes(path: str | Path, boxes: np.ndarray) -> Path:
    return atomic_write_text(path, format_boxes(boxes))


def read_result_boxes(path: str | Path) -> np.ndarray:
    return read_boxes(path, allow_polygons=True)


def write_times(path: str | Path, seconds: np.ndarray) -> Path:
    return atomic_write_text(path, "".join(f"{t:.6f}\n" if np.isfinite(t) else "nan\n" for t in seconds))


def write_json(path: str | Path, obj) -> Path:
    return atomic_write_text(path, json.dumps(_jsonable(obj), indent=2, sort_keys=False) + "\n")


def _jsonable(obj):
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return _jsonable(obj.tolist())
    if isinstance(obj, (np.floating, float)):
        v = float(obj)
        return v if np.isfinite(v) else None
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.bool_):
        return bool(obj)
    if isinstance(obj, Path):
        return str(obj)
    return obj


def result_path(out_dir: str | Path, tracker: str, sequence: str) -> Path:
    return Path(out_dir) / tracker / f"{sequence}.txt"


def list_results(out_dir: str | Path) -> dict[str, dict[str, Path]]:
    """``{tracker: {sequence: path}}`` for a results folder in the per-sequence layout."""
    out: dict[str, dict[str, Path]] = {}
    root = Path(out_dir)
    if not root.is_dir():
        return out
    for tdir in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        files = {f.stem: f for f in sorted(tdir.glob("*.txt")) if not f.stem.endswith("_time")}
        if files:
            out[tdir.name] = files
    return out
