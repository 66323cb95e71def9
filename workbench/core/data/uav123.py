"""UAV123, UAV123@10fps and UAV20L.

Root layout (as the KAUST download unpacks)::

    <root>/data_seq/UAV123/<seq>/000001.jpg ...       (UAV123_10fps for the 10 fps set)
    <root>/anno/UAV123/<seq>.txt                        x,y,w,h per frame, NaN rows = target absent
    <root>/anno/UAV123/att/<seq>.txt                    12 comma 0/1 sequence attributes
    <root>/anno/UAV20L/<seq>.txt                        long-term set, frames in data_seq/UAV123/<seq>
    <root>/configSeqs.m                                 frame ranges of the sub-sequences

Boxes are 1-based (the benchmark's toolkit is the OTB MATLAB toolkit) and are shifted to 0-based.
Some annotations are sub-sequences of one frame folder (``bird1_1``, ``bird1_2`` ... all from
``data_seq/UAV123/bird1/``); their frame ranges are only in ``configSeqs.m`` (lines like
``struct('name','bird1_1','path','..\\bird1\\','startFrame',1,'endFrame',253, ...)``). Without
that file a whole sequence still opens; a sub-sequence raises a ``DataError`` saying what is missing.

A sequence can be opened from its frame folder (``data_seq/UAV123/<seq>``: the annotation is found
two levels up) or from its annotation file (``anno/UAV123/<seq>.txt``, the only way to name a
sub-sequence by path). Either way the root is two / three levels up, so a sequence opened by path is
named as the root's listing names it: ``<group>_<seq>`` in a root with several groups (UAV123 and
UAV20L), ``<seq>`` in a root with one. A frame folder annotated by several groups opens (and is named
by) its own folder's group (``data_seq/UAV123/bike1``: UAV123's ``bike1``; UAV20L's ``bike1`` is then
opened by its annotation file). A copy of one sequence outside such a root is not this layout: no
group can be known, it opens as a plain folder under its own name.
"""
from __future__ import annotations

import re
from pathlib import Path


from workbench.core.data.folder import sequence_from_images
from workbench.core.data.groundtruth import read_attribute_flags, read_boxes
from workbench.core.data.images import list_frames
from workbench.core.errors import DataError

NAME = "uav123"
ATTRIBUTES = (
    "Scale Variation", "Aspect Ratio Change", "Low Resolution", "Fast Motion", "Full Occlusion",
    "Partial Occlusion", "Out-of-View", "Background Clutter", "Illumination Variation",
    "Viewpoint Change", "Camera Motion", "Similar Object",
)
_CONFIG = re.compile(
    r"struct\(\s*'name'\s*,\s*'(?P<name>[^']+)'\s*,\s*'path'\s*,\s*'(?P<path>[^']*)'\s*,"
    r"\s*'startFrame'\s*,\s*(?P<start>\d+)\s*,\s*'endFrame'\s*,\s*(?P<end>\d+)")


def _is_root(root: Path) -> bool:
    return (root / "data_seq").is_dir() and (root / "anno").is_dir()


def _groups(root: Path) -> list[str]:
    """Annotation groups of a root (UAV123, UAV123_10fps, UAV20L) that have a frame folder."""
    out = []
    for g in sorted(p for p in (root / "anno").iterdir() if p.is_dir()):
        if any(g.glob("*.txt")) and _data_dir(root, g.name) is not None:
            out.append(g.name)
    return out


def _data_dir(root: Path, group: str) -> Path | None:
    for cand in (group, "UAV123"):  # UAV20L's frames are the full UAV123 folders
        if (root / "data_seq" / cand).is_dir():
            return root / "data_seq" / cand
    return None


def _anno_files(root: Path, group: str, seq: str) -> list[Path]:
    d = root / "anno" / group
    whole = d / f"{seq}.txt"
    if whole.is_file():
        return [whole]
    return sorted((p for p in d.glob(f"{seq}_*.txt") if re.fullmatch(rf"{re.escape(seq)}_\d+", p.stem)),
                  key=lambda p: int(p.stem.rsplit("_", 1)[1]))


def _where(path: Path) -> tuple[Path, str, str] | None:
    """(root, group, sequence name) for a frame folder or an annotation file, else None."""
    path = Path(path)
    if path.is_file() and path.suffix == ".txt" and path.parent.parent.name == "anno":
        root = path.parent.parent.parent
        if _is_root(root):
            return root, path.parent.name, path.stem
    if path.is_dir() and path.parent.parent.name == "data_seq":
        root = path.parent.parent.parent
        if (root / "anno").is_dir():
            for group in (path.parent.name, "UAV20L"):
                if _anno_files(root, group, path.name):
                    return root, group, path.name
    return None


def _label(root: Path, group: str, name: str) -> str:
    """The name ``list_root`` gives ``name`` of ``group`` when listing ``root``."""
    return f"{group}_{name}" if len(_groups(root)) > 1 else name


def probe(path: Path) -> bool:
    return _where(path) is not None


def read_config(root: Path) -> dict[str, tuple[str, int, int]] | None:
    """``configSeqs.m`` of a root: name -> (frame folder name, first frame, last frame), 1-based."""
    for cand in (root / "configSeqs.m", root / "anno" / "configSeqs.m", root.parent / "configSeqs.m"):
        if cand.is_file():
            text = cand.read_text(encoding="utf-8", errors="replace")
            out = {}
            for m in _CONFIG.finditer(text):
                folder = [p for p in re.split(r"[\\/]+", m["path"]) if p]
                out[m["name"]] = (folder[-1] if folder else m["name"], int(m["start"]), int(m["end"]))
            return out
    return None


def _frames_by_number(files: list[Path], folder: Path, start: int, end: int, anno: Path) -> list[Path]:
    """Frames ``start``..``end`` of ``folder``'s ``files`` (each name once: ``images.one_per_name``), by number."""
    by_num = {}
    for p in files:
        if p.stem.isdigit():
            by_num[int(p.stem)] = p
    if not by_num:  # frames not named by number: take them in order
        sel = files[start - 1:end]
    else:
        missing = [k for k in range(start, end + 1) if k not in by_num]
        if missing:
            raise DataError(folder, f"frames {missing[0]}..{missing[-1]} of {anno.stem} "
                                    f"(frames {start}-{end}) are missing" if len(missing) > 1
                            else f"frame {missing[0]} of {anno.stem} is missing")
        sel = [by_num[k] for k in range(start, end + 1)]
    if len(sel) != end - start + 1:
        raise DataError(folder, f"{anno.stem} needs frames {start}-{end} but the folder has {len(files)} images")
    return sel


def read_attributes(file: Path) -> dict[str, bool]:
    return read_attribute_flags(file, {len(ATTRIBUTES): ATTRIBUTES})


def open_named(root: Path, group: str, name: str, label: str | None = None):
    """The sequence ``name`` of ``group``; ``label``: the name it goes by (a root with several groups,
    UAV123 and UAV20L, names ``UAV20L_bike1`` apart from ``UAV123``'s ``bike1``: results are kept by name)."""
    root = Path(root)
    anno = root / "anno" / group / f"{name}.txt"
    if not anno.is_file():
        subs = _anno_files(root, group, name)
        if subs:
            # the key fact first and the example relative to the root: the path before it may be long
            names = ", ".join(p.stem for p in subs[:2]) + (", ..." if len(subs) > 2 else "")
            raise DataError(root / "data_seq" / group / name,
                            f"UAV123 sub-sequences {names}: open one by its file (anno/{group}/{subs[0].name} "
                            f"in the root) or the root")
        raise DataError(anno, "annotation file is missing")
    data = _data_dir(root, group)
    if data is None:
        raise DataError(root / "data_seq", f"no frame folder for {group}")
    meta = {"box_convention": "1-based in file, 0-based here", "group": group}
    folder = data / name
    if folder.is_dir():
        # 000002.png beside 000002.jpg (a converted copy): one frame, said, as every image-set reader takes it
        frames, twice = list_frames(folder)
        config = read_config(root)
        if config and name in config:  # whole sequences with a later start (rare) still follow the config
            _, start, end = config[name]
            if (start, end) != (1, len(frames)):
                frames = _frames_by_number(frames, folder, start, end, anno)
                meta["frame_range"] = (start, end)
    else:
        config = read_config(root)
        base = name.rsplit("_", 1)[0]
        if config is None:
            if (data / base).is_dir():
                raise DataError(anno, f"is a sub-sequence of {base}/, whose frame range only configSeqs.m gives: "
                                      f"copy configSeqs.m (UAV123 toolkit) into {root.name}/")
            raise DataError(anno, f"no frame folder {folder}")
        if name not in config:
            raise DataError(anno, f"no frame folder {folder} and configSeqs.m has no entry for {name!r}")
        fname, start, end = config[name]
        folder = data / fname
        if not folder.is_dir():
            raise DataError(folder, f"frame folder of {name} (from configSeqs.m) is missing")
        files, twice = list_frames(folder)
        frames = _frames_by_number(files, folder, start, end, anno)
        meta["frame_range"] = (start, end)
    if twice:
        meta["warnings"] = twice
    gt = read_boxes(anno, expect_rows=len(frames), numbered=frames)
    gt[:, :2] -= 1.0
    attrs = read_attributes(root / "anno" / group / "att" / f"{name}.txt")
    return sequence_from_images(label or name, frames, anno, folder, NAME, gt=gt, attributes=attrs, meta=meta)


def open(path: Path):  # noqa: A001
    where = _where(Path(path))
    if where is None:
        raise DataError(path, "not a UAV123 sequence (expected data_seq/<set>/<seq> or anno/<set>/<seq>.txt)")
    return open_named(*where, _label(*where))


def _roots(root: Path) -> list[Path]:
    if _is_root(root):
        return [root]
    if root.is_dir():  # the download unpacks as Dataset_UAV123/UAV123/{anno,data_seq}
        return [c for c in sorted(root.iterdir()) if c.is_dir() and _is_root(c)]
    return []


def list_root(root: Path):
    from workbench.core.data.detect import SequenceEntry

    root = Path(root)
    where = _where(root) if root.exists() else None
    if where is not None:
        r, g, name = where
        subs = _anno_files(r, g, name)
        if root.is_dir() and subs and subs[0].stem != name:  # a folder split into sub-sequences
            return [SequenceEntry(n, NAME, a, (lambda a=a, n=n: open_named(r, g, a.stem, n)))
                    for a in subs for n in [_label(r, g, a.stem)]]
        label = _label(*where)
        return [SequenceEntry(label, NAME, root, lambda: open_named(*where, label))]
    out = []
    for r in _roots(root):
        groups = _groups(r)
        for g in groups:
            for anno in sorted((r / "anno" / g).glob("*.txt")):
                name = anno.stem if len(groups) == 1 else f"{g}_{anno.stem}"
                out.append(SequenceEntry(name, NAME, anno, (lambda r=r, g=g, s=anno.stem, n=name: open_named(r, g, s, n))))
        for g, folder in _unannotated(r, groups):
            name = folder.name if len(groups) == 1 else f"{g}_{folder.name}"
            out.append(SequenceEntry(name, NAME, folder, (lambda r=r, g=g, f=folder, n=name: open_unannotated(r, g, f, n))))
    return out


def _unannotated(root: Path, groups: list[str]) -> list[tuple[str, Path]]:
    """(group, frame folder) of the frame folders under the groups' ``data_seq/`` folders that no
    annotation names, whole or split into sub-sequences (by name or by ``configSeqs.m``)."""
    config = read_config(root) or {}
    out = []
    for g in groups:
        data = _data_dir(root, g)
        users = [u for u in groups if _data_dir(root, u) == data]
        if users[0] != g:  # UAV20L shares UAV123's frame folders: look at each folder once
            continue
        named = {config.get(a.stem, (a.stem,))[0] for u in users for a in (root / "anno" / u).glob("*.txt")}
        for folder in sorted(p for p in data.iterdir() if p.is_dir() and not p.name.startswith(".")):
            if folder.name not in named and not any(_anno_files(root, u, folder.name) for u in users):
                out.append((g, folder))
    return out


def open_unannotated(root: Path, group: str, folder: Path, label: str | None = None):
    """A frame folder that no annotation file names: a sequence without groundtruth, saying so."""
    frames, twice = list_frames(folder)
    where = root / "anno" / group / f"{folder.name}.txt"
    return sequence_from_images(label or folder.name, frames, None, folder, NAME, meta={
        "box_convention": "1-based in file, 0-based here", "group": group,
        "warnings": [f"{folder}: no annotation file {where}: listed without groundtruth"] + twice})
