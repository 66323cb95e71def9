"""Layout detection: which reader opens a folder or file, and how a dataset root lists sequences.

Each layout module exposes ``NAME``, ``probe(path) -> bool`` (is ``path`` one sequence of mine?),
``open(path) -> Sequence`` and optionally ``list_root(root) -> list[SequenceEntry]``
(the sequences of a whole benchmark root in my layout). Probes run in ``LAYOUTS`` order, most
specific first; the plain image folder comes last.
"""
from __future__ import annotations

import errno
import importlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from workbench.core.data.sequence import Sequence
from workbench.core.errors import DataError, WorkbenchError
from workbench.core.jobs import steps

# module names under workbench.core.data, most specific first
LAYOUT_MODULES = [
    "uav123", "uavdt", "visdrone", "lasot", "got10k", "lsotb", "antiuav", "rgbt", "gtot", "vtuav", "hot", "vot", "otb",
    "mirsdt", "maskseq", "cocoseq", "pointseq", "yolo", "masks", "video", "cube", "image",
    "folder",
]


def layouts():
    """Every layout reader's module, imported on first use (the window's start-up worker imports them
    early: their first import, 15 modules, held the GUI thread 0.03 s on the first open)."""
    mods = []
    for name in LAYOUT_MODULES:
        try:
            mods.append(importlib.import_module(f"workbench.core.data.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"workbench.core.data.{name}":
                raise
    return mods


def system_error(exc: Exception, path: Path) -> DataError | None:
    """A clear ``DataError`` for what the system refused while a sequence was opened (a name too long for
    it, a NUL byte in a name read from a file, a permission, an I/O error), naming the file it was about;
    None for any other exception (a reader bug, which propagates)."""
    if isinstance(exc, OSError):
        where = exc.filename if isinstance(exc.filename, (str, Path)) and str(exc.filename) else path
        return DataError(where, f"the system cannot read it: {exc.strerror or exc}")
    if isinstance(exc, ValueError) and "null byte" in str(exc):
        return DataError(path, "a file or folder name in it holds a NUL byte")
    return None


def _guarded(opener: Callable[[], Sequence], path: Path) -> Sequence:
    """``opener()``, with what the system refuses raised as ``system_error``'s DataError."""
    try:
        return opener()
    except (OSError, ValueError) as exc:
        err = system_error(exc, path)
        if err is None:
            raise
        raise err from exc


def path_holds(test, path: Path) -> bool:
    """``test(path)`` (``Path.is_file``, a layout's ``probe``), False where the system cannot look the name
    up at all (``system_error``'s cases: too long, a NUL byte): names read from a file may be anything."""
    try:
        return bool(test(path))
    except (OSError, ValueError) as exc:
        if system_error(exc, path) is None:
            raise
        return False


@dataclass
class SequenceEntry:
    """A sequence of a dataset root, not yet opened (opening reads its groundtruth)."""

    name: str
    layout: str
    path: Path
    opener: Callable[[], Sequence]
    frames: int | None = None
    # why this entry cannot be opened (a one-line WorkbenchError message), once someone tried
    error: str | None = None

    def open(self) -> Sequence:
        return _guarded(self.opener, self.path)

    def try_open(self) -> Sequence | None:
        """The sequence, or None with ``error`` set: a listing shows every good sequence and marks
        a bad one instead of stopping at it. Only ``WorkbenchError`` is caught; anything else is a
        reader bug and propagates."""
        try:
            seq = self.open()
        except WorkbenchError as exc:
            self.error = str(exc)
            return None
        self.error = None
        self.frames = len(seq)
        return seq


def _missing_listed(path: Path):
    def opener():
        raise DataError(path, "listed in list.txt but the sequence folder is missing")
    return opener


def listed_entries(base: Path, layout: str, probe, opener) -> list[SequenceEntry] | None:
    """The sequences a ``list.txt`` in ``base`` names (GOT-10k splits, VOT roots): None without a list.txt;
    no entries when it names no sequence that ``probe`` accepts (some other layout's list.txt); else one
    entry per line (blank and ``#`` comment lines skipped), in order, a listed folder that is not there being
    an entry whose opening says so. Read as the box files are (``groundtruth.decode_text``: UTF-8, or UTF-16 with
    its BOM; it was read as UTF-8, a UTF-16 list's names garbled). An unreadable list.txt, or one not text, is a
    DataError naming it."""
    from workbench.core.data.groundtruth import decode_text

    listed = base / "list.txt"
    if not listed.is_file():
        return None
    try:
        data = listed.read_bytes()
    except OSError as exc:  # no permission: was the system's PermissionError out of the Python API
        raise DataError(listed, f"cannot be read: {exc.strerror or exc}") from None
    text = decode_text(data, listed, ascii_only=False)  # (sequence folder names may be any characters)
    # '#' lines are comments (a list kept by hand), not sequences listed as missing; published lists
    # (GOT-10k's, VOT's) hold one sequence name a line and none begins with '#'
    names = [n for n in (ln.strip() for ln in text.splitlines()) if n and not n.startswith("#")]
    cands = [base / n for n in names]
    if not any(path_holds(probe, c) for c in cands):
        return []
    return [SequenceEntry(c.name, layout, c, (lambda c=c: opener(c))) if path_holds(Path.is_dir, c)
            else SequenceEntry(c.name, layout, c, _missing_listed(c)) for c in cands]


def folder_itself(root: Path, layout: str, probe, opener) -> list[SequenceEntry] | None:
    """How a folder layout's ``list_root`` starts: no entries for a path that is not a folder, the folder
    as its one sequence when ``probe`` accepts it (opened by ``opener(root)``), else None (look inside)."""
    root = Path(root)
    if not root.is_dir():
        return []
    if probe(root):
        return [SequenceEntry(root.name, layout, root, lambda: opener(root))]
    return None


def detect_layout(path: str | Path) -> str | None:
    path = Path(path)
    for mod in layouts():
        if mod.probe(path):
            return mod.NAME
    return None


def _module(layout: str):
    for mod in layouts():
        if mod.NAME == layout:
            return mod
    return None


def sequence_name(path: Path, layout: str | None) -> str:
    """The name a sequence at ``path`` goes by: a layout may name it after an enclosing folder (the
    ``frames/`` folder of a labelled sequence is that sequence)."""
    mod = _module(layout) if layout else None
    namer = getattr(mod, "sequence_name", None)
    if namer is not None:
        return namer(path)
    if layout == "folder":  # a HOT2020 video's false colour goes by the video's name (``hot.false_colour_video``)
        video = _module("hot").false_colour_video(path)
        if video is not None:
            return video
    return path.stem if path.is_file() else path.name


def open_sequence(path: str | Path, layout: str | None = None) -> Sequence:
    """Open one sequence (a folder, a video file, a cube), detecting its layout."""
    if path is None or not str(path).strip():
        raise DataError(None, "no sequence path given")
    path = Path(path).absolute()  # errors name files the user can find from anywhere
    return _guarded(lambda: _open_sequence(path, layout), path)


def not_there(path: Path, missing: str = "no such file or folder") -> str:
    """Why ``path``, which does not exist as far as ``Path.exists`` can tell, cannot be opened: ``missing``, or a
    symbolic link that loops or leads nowhere (both were said as 'no such file or folder', of a name the user
    sees listed)."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link that loops (it leads back to itself through links): point it at the data"
        if os.path.islink(path):
            # the key words first (a long target pushed "which does not exist" past the clip of a window's message)
            return f"a symbolic link leading nowhere (to {os.readlink(path)})"
    meant = _meant(str(path))
    return f"{missing}; {meant} exists: give that" if meant else missing


def _meant(given: str) -> str | None:
    """The path the user meant by ``given`` (made absolute), which does not exist, where one of the ways a pasted
    path goes wrong gives one that does: a space at its end, quotes kept in the name (a quoted path pasted into a
    quoted argument, Windows' "Copy as path", a UNC path's too), a ``file://`` address (a file manager's drag and
    drop; ``file:///C:/x`` and ``file://server/share/x`` on Windows), a ``~`` left unexpanded inside quotes."""
    import re
    from urllib.parse import unquote

    cands = [given.rstrip(), re.sub(r"(?<=/)\s+", "", given).rstrip()]
    for quote in ('"', "'"):
        # a quote, then a path: /data/x, or Windows' C:\data\x and \\server\share\x ("Copy as path"; the quote was
        # looked for before '/' alone, so none of Windows' was found)
        m = re.search(quote + r"((?:[A-Za-z]:)?[\\/].*)", given)
        c = m.group(1).strip(quote).rstrip() if m else ""
        # (a UNC path made absolute behind its quote lost one of its two leading backslashes)
        cands += [c, "\\" + c] if c[:1] == "\\" else [c]
        cands += [given.replace(quote, "")]
    # a 'file:' that starts the address (at the start, after a separator of the path it was made absolute under, a
    # space or a quote) and goes on with a '/' or '\': never one inside a name ('/home/x/profile:tmp')
    m = re.search(r"(?:^|(?<=[/\\\s\"']))file:(?=[/\\])", given)
    if m:  # file:///data/x, file:///C:/x, file://server/share/x; on Windows the path says each '/' as a '\'
        i = m.start()
        rest = unquote(re.sub(r"^file:[\\/]*", "", given[i:].rstrip().rstrip("\"'")).replace("\\", "/"))  # (quoted)
        cands += [rest if re.match(r"[A-Za-z]:/", rest) else "/" + rest, "//" + rest]
    i = given.find("/~/")
    if i >= 0:
        cands.append(os.path.expanduser("~" + given[i + 2:]))
    return next((c for c in cands if c and c != given and os.path.exists(c)), None)


def _open_sequence(path: Path, layout: str | None) -> Sequence:
    if not path.exists():
        # file.h5:/name, one dataset of an HDF5 file (the cube layout's rule, asked by name as every layout is: cube's
        # listing asks this module for SequenceEntry)
        file, dataset = _module("cube").split_dataset_path(path)
        if dataset is None or not file.exists():
            raise DataError(file, not_there(file))
    if layout is not None and layout not in {m.NAME for m in layouts()}:
        raise DataError(path, f"unknown layout {layout!r}; known: {', '.join(sorted(m.NAME for m in layouts()))}")
    for mod in layouts():
        if (layout is None and mod.probe(path)) or (layout is not None and mod.NAME == layout):
            if layout is None and mod.NAME == "folder":
                whole = _sequence_of_frames_folder(path)
                if whole is not None:
                    return whole
            return _gray_not_mosaic(_false_colour_named(mod.open(path)))
    if path.is_dir():
        try:  # a benchmark root (UAV123, a folder of OTB sequences) is a dataset, not one sequence: say so
            inside = _list_dataset(path, collect=False)
        except WorkbenchError:
            inside = []
        if inside:
            names = ", ".join(e.name for e in inside[:3]) + (", ..." if len(inside) > 3 else "")
            if len(inside) == 1:
                raise DataError(path, f"holds one sequence, {inside[0].name}, in {inside[0].path}: open that")
            raise DataError(path, f"a dataset (--dataset) of {len(inside)} sequences, not one: {names}")
        what = _what_is_here(path)
        raise DataError(path, "no images, video or known dataset layout found in this folder; " + (
            "it is empty" if what == "nothing: it is empty" else f"it holds {what}{_empty_folders(path)}"))
    _envi_data_file(path)
    raise DataError(path, "not a known sequence format (image folder, video, ENVI .hdr, HDF5 cube)")


def _false_colour_named(seq: Sequence) -> Sequence:
    """``seq``, a plain folder that is a HOT2020 video's false colour (``hot.false_colour_video``), named as its video,
    its ``meta['stream']`` saying so; any other as it is."""
    if seq.meta.get("layout") != "folder" or seq.path is None:
        return seq
    hot = _module("hot")
    video = hot.false_colour_video(seq.path)
    if video is not None and video != seq.name:
        seq.meta["older_names"] = [seq.name]  # (its runs saved before 67ef4e7 are read under it: results.sequence_file)
        seq.name = video
        seq.meta["stream"] = (f"false colour of HOT video {video!r} "
                              f"(its mosaics: {hot.frame_folder(Path(seq.path).absolute().parent)})")
    return seq


def _gray_not_mosaic(seq: Sequence) -> Sequence:
    """``seq`` with ``hot.gray_not_mosaic_said``'s warning where its frames are 8-bit gray PNGs under a 'VIS' / 'NIR'
    folder that were not read as HOT mosaics."""
    paths = getattr(seq.frames, "paths", None)
    if seq.meta.get("layout") != "hot" and paths:
        said = _module("hot").gray_not_mosaic_said(Path(paths[0]).parent)
        if said:
            seq.meta["warnings"] = list(seq.meta.get("warnings") or []) + [said]
    return seq


def _envi_data_file(path: Path) -> None:
    """Refuses an ENVI data file given for its cube, naming the header beside it to give instead."""
    from workbench.core.data.envi_files import header_of_data_file

    hdr = header_of_data_file(path)
    if hdr is not None:
        raise DataError(path, f"an ENVI data file: give its header {hdr.name} (beside it) instead")


def _sequence_of_frames_folder(path: Path) -> Sequence | None:
    """The sequence whose frames folder ``path`` is (an OTB / LaSOT ``img/``, a VOT ``color/`` or ``ir/``,
    picked in a folder dialog one level too deep), when ``path`` holds plain images and no box file of
    its own and its parent is a sequence with groundtruth whose frames are exactly these files; else
    None. Opened as the folder it was a sequence named "img" without groundtruth: nothing scored, its
    results saved as "img"."""
    from workbench.core.data.folder import FRAMES_FOLDER_NAMES, find_box_file

    parent = path.parent
    # only a folder named as the layouts name their frames folders: any other plain folder opens at once
    # (probing and opening the parent cost 0.2 s beside 3,000 loose images, and every plain entry of a dataset)
    if parent == path or path.name.lower() not in FRAMES_FOLDER_NAMES or find_box_file(path) is not None:
        return None
    for mod in layouts():
        if mod.NAME in ("video", "cube", "image") or not path_holds(mod.probe, parent):
            continue
        try:
            seq = mod.open(parent)
        except (WorkbenchError, OSError, ValueError):
            return None  # the parent is not a good sequence: the folder opens as itself
        paths = getattr(seq.frames, "paths", None)
        if seq.groundtruth is None or not paths or any(Path(p).parent != path for p in paths):
            _close(seq)
            return None
        seq.meta["opened_as"] = str(path)  # the frames folder that was chosen
        return seq
    return None


def open_dataset(root: str | Path, errors: str = "raise", opened: bool = True,
                 nested: bool = True) -> list[SequenceEntry]:
    """Every sequence under a dataset root, whatever mix of layouts it holds, sorted by name.

    Benchmark layouts list their own roots (``list_root``); every child of ``root`` that no lister
    claimed (and that holds no claimed sequence) is probed on its own, so an OTB folder, a VOT
    folder and a video side by side are all listed. A root that is itself one sequence gives a
    one-entry list.

    Listing reads no groundtruth; ``entry.open()`` does, and may raise. ``errors="collect"`` opens
    every entry once (``try_open``) and returns them all: good ones with ``frames`` set, bad ones
    with ``error`` set (nothing is kept open). A layout whose listing itself fails is then one
    entry with its error rather than the end of the listing. ``opened=False`` leaves the opening to the
    caller (``workbench list`` opens each entry once to show it: it was opened here first, every reader's
    per-frame checks done twice). ``nested``: a plain folder no layout opens is looked into one level down
    (False: a caller that walks the folders itself, the training corpus's discovery).
    """
    if errors not in ("raise", "collect"):
        raise ValueError(f"errors must be 'raise' or 'collect', got {errors!r}")
    entries = _list_dataset(Path(root), collect=errors == "collect", nested=nested)
    if errors == "collect" and opened:
        for e in entries:
            if e.error is None:
                seq = e.try_open()
                _close(seq)
    return entries


VECTOR_COPIES = (".svg", ".pdf", ".eps")


def _figure_folder(path: Path) -> bool:
    """Whether ``path`` (a plain folder of images without a box file) holds figures, not a sequence: every image
    has a vector copy of its name beside it (exported plots: PNG + SVG + PDF), or its images differ in size and
    none is numbered as frames are (a folder of screenshots or plots). A numbered image set of mixed sizes
    (SIRST's Misc_1.png ...) stays a sequence."""
    from workbench.core.data.folder import find_box_file, image_dir
    from workbench.core.data.images import image_sizes, list_images

    if find_box_file(path) is not None:
        return False
    idir = image_dir(path)
    images = list_images(idir) if idir is not None else []
    if not images:
        return False
    if all(any(p.with_suffix(ext).is_file() for ext in VECTOR_COPIES) for p in images[:16]):
        return True
    if any(ch.isdigit() for p in images for ch in p.stem):
        return False
    return len({s for s in image_sizes(images[:16]) if s is not None}) > 1


def _close(seq) -> None:
    close = getattr(getattr(seq, "frames", None), "close", None)
    if close is not None:
        try:
            close()
        except Exception:  # noqa: BLE001 - releasing a handle must not hide the listing
            pass


def _failed(name: str, layout: str, path: Path, exc: WorkbenchError) -> SequenceEntry:
    def reraise():
        raise exc
    return SequenceEntry(name, layout, path, reraise, error=str(exc))


#: what a dataset root's listing looks for, said when it finds nothing (short: a DataError's problem is one line)
LOOKED_FOR = "frame folders, videos, ENVI/HDF5 cubes, images/+masks/, benchmark roots, here and one folder down"


def _what_is_here(root: Path) -> str:
    """What a folder holds, counted for a listing that found nothing: '12 .txt files, 3 folders' (the two most
    common suffixes; not searched further down: a hint, not a second listing)."""
    try:
        kids = [p for p in root.iterdir() if not p.name.startswith(".")]
    except OSError as exc:
        return f"nothing readable ({exc.strerror or exc})"
    if not kids:
        return "nothing: it is empty"
    files: dict[str, int] = {}
    folders = broken = 0
    for p in kids:
        if path_holds(Path.is_dir, p):
            folders += 1
        elif p.is_symlink() and not p.exists():  # a link that loops or leads nowhere: was "2 suffix-less files"
            broken += 1
        else:
            suffix = p.suffix.lower() or "suffix-less"
            files[suffix] = files.get(suffix, 0) + 1
    common = sorted(files.items(), key=lambda kv: (-kv[1], kv[0]))
    said = [f"{n} {suffix} file{'' if n == 1 else 's'}" for suffix, n in common[:2]]
    if len(common) > 2:
        said.append(f"{sum(n for _, n in common[2:])} other file{'' if sum(n for _, n in common[2:]) == 1 else 's'}")
    if folders:
        said.append(f"{folders} folder{'' if folders == 1 else 's'}")
    if broken:
        said.append(f"{broken} symbolic link{'' if broken == 1 else 's'} that loop{'s' if broken == 1 else ''} or "
                    f"lead{'s' if broken == 1 else ''} nowhere")
    return ", ".join(said)


def _empty_folders(root: Path) -> str:
    """'; its color/ is empty' where a folder of ``root`` holds nothing (a sequence whose frames were not copied
    beside its groundtruth was "no images ... found" alone); '' otherwise. A folder holding only dot-files (a Mac's
    .DS_Store, left where the frames were) is empty too."""
    try:
        empty = [p.name for p in sorted(root.iterdir()) if not p.name.startswith(".") and p.is_dir()
                 and all(q.name.startswith(".") for q in p.iterdir())]
    except OSError:
        return ""
    if not empty:
        return ""
    return f"; its {', '.join(f'{n}/' for n in empty[:3])}{' ...' if len(empty) > 3 else ''} " + \
        ("is" if len(empty) == 1 else "are") + " empty"


def _false_colour_companions(entries) -> set[Path]:
    """The false-colour folders of the HOT videos among ``entries``: HOT2022 / 2023 roots keep each video's
    JPEGs as ``HSI-<kind>-FalseColor/<seq>/`` beside its mosaics ``HSI-<kind>/<seq>/`` (the challenge's
    validation / ranking folders), which were listed as a second sequence of the video's name, so `workbench
    run --dataset` refused the root ('two sequences are named ...'). They stay in the video's
    ``meta['siblings']``; a false-colour folder no video claims is listed as before. Their parents are not
    claimed (unlike a sequence's): a lone false-colour video beside them is still found one level down."""
    hot = None
    out: set[Path] = set()
    named: dict[Path, bool] = {}  # a folder of kind folders: whether one of them is a false-colour one

    def false_colour_beside(kinds: Path) -> bool:
        if kinds not in named:
            try:  # hot's own name rule (find_siblings'): one rule of a false-colour folder's name
                named[kinds] = any(hot.is_false_color_name(p.name) for p in kinds.iterdir())
            except OSError:
                named[kinds] = False
        return named[kinds]

    for e in entries:
        if e.layout != "hot":
            continue
        hot = hot or _module("hot")
        # (HOT2020's HSI-FalseColor/ is inside the sequence folder, claimed with it)
        if not false_colour_beside(Path(e.path).parent.parent):
            continue
        try:
            frames = hot.frame_folder(e.path)
            fc = hot.find_siblings(frames).get("false_color") if frames is not None else None
        except OSError:  # the video's own entry says what the system refuses when it is opened
            continue
        if fc is not None:
            out.add(Path(fc))
    return out


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a link that loops (RuntimeError before Python 3.13)
        return None


def _list_dataset(root: Path, collect: bool, nested: bool = True) -> list[SequenceEntry]:
    if not root.exists():
        file, dataset = _module("cube").split_dataset_path(root)  # (asked by name: see _open_sequence)
        if dataset is None or not file.is_file():
            raise DataError(root, not_there(root, "no such folder"))
        return _module("cube").list_root(root)  # FILE.h5:/name, one dataset of an HDF5 file: one sequence
    entries: dict[str, SequenceEntry] = {}
    claimed: set[Path] = set()

    def add(e: SequenceEntry) -> None:
        key = e.name if e.name not in entries else f"{e.name} ({e.layout})"
        n = 2
        while key in entries:
            key = f"{e.name} ({e.layout} {n})"
            n += 1
        entries[key] = e

    for mod in layouts():
        lister = getattr(mod, "list_root", None)
        if lister is None:
            continue
        # one layout may list several entries on one path (UAV123 sub-sequences of one folder);
        # only paths claimed by an earlier (more specific) layout are skipped
        try:
            listed = lister(root)
        except WorkbenchError as exc:
            if not collect:
                raise
            listed = [_failed(root.name, mod.NAME, getattr(exc, "path", None) or root, exc)]
        found = [e for e in listed if e.path not in claimed]
        for e in found:
            add(e)
        claimed.update(e.path for e in found)
    from workbench.core.data.maskseq_dirs import label_folders

    # a mask-per-frame set's masks/<seq> folders are its labels, not sequences of plain images
    claimed.update(label_folders(root))
    # a HOT video's false-colour frames are its own, not a second sequence of its name
    companions = _false_colour_companions(entries.values())
    root_layout = detect_layout(root)
    if root_layout is not None and all(e.path == root for e in entries.values()):
        if not entries:
            add(SequenceEntry(sequence_name(root, root_layout), root_layout, root, lambda: open_sequence(root)))
        return list(entries.values())
    if root.is_dir():
        children = sorted(p for p in root.iterdir() if not p.name.startswith("."))
        # a child is taken when a layout claimed it or a path inside it: one set of those and their folders
        # (it was a scan of every claimed path per child, 1.1 s for a root of 600 sequences)
        covered = set(claimed) | {a for c in claimed for a in c.parents} | companions

        def take(child: Path) -> str | None:
            """List ``child`` when a layout opens it; its layout (None: not a sequence)."""
            try:
                name = detect_layout(child)
            except WorkbenchError as exc:
                if not collect:
                    raise
                claimed.add(child)
                add(_failed(child.name, "?", child, exc))
                return "?"
            if name is None or name == "image":  # loose images are frames of a folder, not sequences
                return None
            if name == "cube" and not _module("cube").listable(child):  # an HDF5 file of no cube (a model.h5)
                return None
            if name == "folder" and _figure_folder(child):  # a results folder's plots/ beside the data
                return None
            claimed.add(child)
            add(SequenceEntry(sequence_name(child, name), name, child,
                              (lambda c=child: open_sequence(c))))
            return name

        try:
            here = root.resolve()
            above = {here, *here.parents}
        except (OSError, RuntimeError):
            above = set()
        for child in steps(children, "looking for sequences"):
            if child in covered or (child.is_symlink() and _resolved(child) in above):
                continue  # a link back to the root or above it (``self -> .``): its sequences listed twice, refused
            if take(child) is None and nested and child.is_dir():
                # a plain folder of sequences one level down (a demo's data/demo_thermal, a dataset unpacked into
                # a folder of its own), found as the layouts that list nested roots find theirs
                is_video, is_cube = _module("video").probe, _module("cube").probe
                try:
                    # and the videos and cube files there (<seq>/<seq>.mp4 + <seq>.txt, <seq>/<seq>.h5, an ENVI
                    # .hdr + .img + _groundtruth.txt): a folder holding one and its box file is no sequence by
                    # itself, so without this they were left out of the dataset unsaid
                    inner = sorted(p for p in child.iterdir() if not p.name.startswith(".")
                                   and (p.is_dir() or is_video(p) or (p.is_file() and is_cube(p))))
                except OSError:
                    inner = []
                from workbench.core.data.folder import split_layout

                for grandchild in inner:  # a YOLO split (images/<split> + labels/<split>) is refused as a whole below
                    if grandchild in covered or (grandchild.is_symlink() and _resolved(grandchild) in above):
                        continue
                    if grandchild.is_file() or split_layout(grandchild) is None:
                        take(grandchild)
    if not entries:
        from workbench.core.data.folder import split_layout

        _envi_data_file(root)

        if root.is_file():  # "no sequences found" of a file read as if a folder had been searched
            raise DataError(root, "is a file that no reader takes (not a video, cube or image), not a dataset "
                                  "folder: give the folder holding the sequences")
        unread = split_layout(root)
        if unread:
            raise DataError(root, f"no sequences found: {unread}")
        raise DataError(root, f"no sequences found (looked for {LOOKED_FOR}); it holds {_what_is_here(root)}")
    return [entries[k] for k in sorted(entries, key=str.lower)]
