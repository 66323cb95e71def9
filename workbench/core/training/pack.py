"""A training corpus packed into one file: every source's frames decoded once, downscaled and JPEG /
PNG encoded, with its boxes, so a corpus travels (to a GPU machine, a colleague) as one file and opens
without its original layouts.

    workbench corpus pack ROOT [ROOT ...] --out corpus.wbpack.npz [--exclude NAME ...] [--max-side 512]
    Corpus.from_roots(["corpus.wbpack.npz"])          # a pack is a corpus root like any folder

The file is a NumPy ``.npz`` without pickled objects: ``meta`` (JSON: per source its name, kind,
layout, temporal flag, frame count, scale and original path), ``data`` (all encoded frames, one uint8
array), ``offsets`` (start of each frame in ``data``; one more than frames) and ``boxes`` (every
frame's box (x, y, w, h) in packed-frame pixels, NaN where there is none). Generated sources are not
packed: the generators make them again from their seeds. Boxes are scaled with the frames (pixel
grid: a point u maps to (u + 0.5) k - 0.5, a side to side x k), so labels stay exact.
"""
from __future__ import annotations

import json
import zipfile
import zlib
from pathlib import Path

import cv2
import numpy as np

from workbench.core.atomic import atomic_path
from workbench.core.errors import DataError, WorkbenchError

SUFFIX = ".wbpack.npz"
VERSION = 1


def is_pack(path) -> bool:
    p = Path(path)
    return p.is_file() and p.name.endswith(SUFFIX)


def _encode(img: np.ndarray, quality: int) -> bytes:
    if img.ndim == 3 and img.shape[2] == 3 and np.array_equal(img[..., 0], img[..., 1]) \
            and np.array_equal(img[..., 1], img[..., 2]):
        img = img[..., 0]  # gray stored as one channel
    ok, buf = cv2.imencode(".jpg", img[..., ::-1] if img.ndim == 3 else img,
                           [cv2.IMWRITE_JPEG_QUALITY, int(quality)]) if quality < 100 else \
        cv2.imencode(".png", img[..., ::-1] if img.ndim == 3 else img)
    if not ok:
        raise WorkbenchError("could not encode a frame for the corpus pack")
    return buf.tobytes()


def pack_name(out) -> Path:
    """``out`` with the name a pack has (``SUFFIX``): "corpus.npz" -> "corpus.wbpack.npz", "c" -> "c.wbpack.npz"."""
    out = Path(out)
    stem = out.name
    for part in (".npz", ".wbpack"):
        stem = stem[:-len(part)] if stem.endswith(part) and len(stem) > len(part) else stem
    return out.with_name(stem + SUFFIX)


def check_pack_name(out, option: str = "--out") -> None:
    """A pack's name must end with ``SUFFIX`` (the corpus opens a file of that name as a pack): refused naming the
    name to give. Checked before the roots are scanned (minutes on a big folder), not after."""
    if not Path(out).name.endswith(SUFFIX):
        raise WorkbenchError(f"{option} {out}: a corpus pack's name ends with {SUFFIX} (a corpus opens only such a "
                             f"file as a pack): give {pack_name(out)}")


def pack_corpus(corpus, out, max_side: int = 512, quality: int = 90, log=None) -> dict:
    """Write ``corpus``'s non-generated sources to ``out`` (see the module doc); returns a summary."""
    out = Path(out)
    check_pack_name(out, "the pack")
    metas, chunks, offsets, boxes = [], [], [0], []
    for s in corpus.sources:
        if s.kind == "synthetic":
            continue
        try:
            packed = _pack_source(s, max_side, quality)
        except WorkbenchError as exc:  # one unreadable frame (a corrupt file in a big folder) loses that source only
            if log:
                log(f"skipped {s.name}: {exc}")
            continue
        n, gt, frames_k, s_chunks, s_boxes = packed
        for buf in s_chunks:
            chunks.append(buf)
            offsets.append(offsets[-1] + len(buf))
        boxes.extend(s_boxes)
        metas.append({"name": s.name, "kind": s.kind, "layout": s.layout, "temporal": bool(s.temporal),
                      "frames": n, "path": str(s.path), "modality": s.sequence.modality,
                      "scale": float(np.mean(frames_k)) if frames_k else 1.0,
                      "labelled": gt is not None})
        if log:
            log(f"packed {s.name}: {n} frames ({s.kind})")
    if not metas:
        raise WorkbenchError("nothing to pack: the corpus has no real sources" +
                             (" that could be read (see the skipped sources above)" if corpus.sources else ""))
    out.parent.mkdir(parents=True, exist_ok=True)
    meta = {"version": VERSION, "max_side": max_side, "quality": quality, "sources": metas}
    # a full disk is named (it said "File too large" naming no file) and leaves no temporary file
    with atomic_path(out, kept="no pack was made (a pack already there is as it was)") as tmp:
        with open(tmp, "wb") as f:
            np.savez(f, meta=np.frombuffer(json.dumps(meta).encode(), np.uint8),
                     data=np.concatenate(chunks), offsets=np.asarray(offsets, np.int64),
                     boxes=np.stack(boxes).astype(np.float32))
    return {"sources": len(metas), "frames": len(boxes), "bytes": out.stat().st_size}


def _pack_source(s, max_side: int, quality: int):
    """One source's frames encoded and boxes scaled: (frames, groundtruth, per-frame scales, encoded frames, boxes);
    raises the reader's error for a frame that cannot be read (nothing of the source is kept then)."""
    gt = s.sequence.groundtruth
    imgs, _sizes, scales = read_downscaled(s, max_side)
    chunks, boxes = [], []
    for i, (img, (kx, ky)) in enumerate(zip(imgs, scales)):
        b = np.full(4, np.nan, np.float32)
        if gt is not None and i < len(gt) and np.all(np.isfinite(gt[i])):
            x, y, bw, bh = (float(v) for v in gt[i])
            b = np.array([(x + 0.5) * kx - 0.5, (y + 0.5) * ky - 0.5, bw * kx, bh * ky], np.float32)
        chunks.append(np.frombuffer(_encode(img, quality), np.uint8))
        boxes.append(b)
    return len(imgs), gt, [kx for kx, _ky in scales], chunks, boxes


def read_downscaled(s, max_side: int) -> tuple[list, list, list]:
    """Every frame of source ``s`` as uint8 RGB no larger than ``max_side`` (the corpus pack and the device pair
    cache): (images, their (h, w), the (x, y) scales from the source's frames); the reader's error for a frame
    it cannot read."""
    from workbench.core.preprocess import frame_to_rgb

    imgs, sizes, scales = [], [], []
    for i in range(len(s.sequence)):
        img = np.ascontiguousarray(np.clip(np.round(frame_to_rgb(s.read(i))), 0, 255).astype(np.uint8))
        h, w = img.shape[:2]
        k = min(1.0, float(max_side) / max(h, w))
        if k < 1.0:
            img = cv2.resize(img, (max(1, round(w * k)), max(1, round(h * k))), interpolation=cv2.INTER_AREA)
        imgs.append(img)
        sizes.append(img.shape[:2])
        scales.append((img.shape[1] / w, img.shape[0] / h))
    return imgs, sizes, scales


def _table_problem(meta: dict, data, offsets, boxes) -> str | None:
    """What is wrong with a pack's frame table (the sources' frame counts against the offsets and boxes), or
    None: a pack damaged inside a readable archive was a KeyError, a TypeError or an OpenCV assertion."""
    sources = meta.get("sources")
    if not isinstance(sources, list) or not all(
            isinstance(m, dict) and isinstance(m.get("name"), str) and isinstance(m.get("kind"), str)
            and type(m.get("frames")) is int and m["frames"] >= 0 for m in sources):
        return "its sources are not a list of names, kinds and frame counts"
    if sum(m["frames"] for m in sources) != len(boxes):
        return f"its sources hold {sum(m['frames'] for m in sources)} frames, its box table {len(boxes)}"
    if data.ndim != 1 or offsets.ndim != 1 or boxes.ndim != 2 or boxes.shape[1] != 4:
        return "its frame data, offsets or boxes are not of the shape it writes"
    if len(offsets) and (offsets[0] < 0 or np.any(np.diff(offsets) < 0) or offsets[-1] > len(data)):
        return "its frame offsets do not lie in order inside its frame data"
    return None


def open_pack(path) -> list[tuple[dict, object]]:
    """(source facts, ``Sequence``) for every source of a pack, frames decoded on demand; the facts are
    the pack's per-source record (name, kind, layout, temporal, path, ...). ``corpus.discover`` makes
    training-corpus sources of them."""
    from workbench.core.data.sequence import ArrayFrames, Sequence

    path = Path(path)
    try:
        with open(path, "rb") as fh:
            if fh.read(4) != b"PK\x03\x04":
                raise DataError(path, "not a corpus pack: not an .npz archive (make one with workbench corpus pack)")
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(bytes(z["meta"]).decode())
            data, offsets, boxes = z["data"], z["offsets"], z["boxes"]
    # a truncated or damaged archive raises zipfile's BadZipFile (bad CRC, not a zip file), zlib's error, EOFError
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
        raise DataError(path, f"not a readable corpus pack ({exc})") from None
    version = meta.get("version") if isinstance(meta, dict) else None
    if version != VERSION or len(offsets) != len(boxes) + 1:
        raise DataError(path, f"corpus pack version {version} / frame table not understood")
    problem = _table_problem(meta, data, offsets, boxes)
    if problem:
        raise DataError(path, f"damaged corpus pack: {problem}")
    out, start = [], 0
    for m in meta["sources"]:
        n = int(m["frames"])
        lo = start

        def read(i, lo=lo, name=m["name"]):
            a, b = int(offsets[lo + i]), int(offsets[lo + i + 1])
            img = cv2.imdecode(data[a:b], cv2.IMREAD_UNCHANGED) if b > a else None
            if img is None:
                raise DataError(path, f"frame {i} of {name} does not decode")
            return img[..., ::-1].copy() if img.ndim == 3 else img

        gt = boxes[lo:lo + n].astype(np.float64) if m.get("labelled") else None
        seq = Sequence(m["name"], ArrayFrames(n, read), "rgb" if m.get("modality") == "rgb" else "gray", gt,
                       meta={"layout": m.get("layout", ""), "pack": str(path), "scale": m.get("scale", 1.0)},
                       # each frame at its own size: an image set's frames differ (SIRST, Anti-UAV), and
                       # the samplers crop every frame by its own box
                       uniform=False)
        out.append((m, seq))
        start += n
    return out
