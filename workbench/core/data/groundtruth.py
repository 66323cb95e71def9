"""Box and flag text files as the tracking datasets ship them.

One box per line, values separated by commas, tabs or spaces (mixed is fine); 4 values (x, y, w, h)
or 8 (a VOT polygon, reduced to its bounding box); ``NaN`` / ``nan`` / empty fields mean "absent".
Every error names the file and the line.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from workbench.core.boxes import polygon_to_xywh
from workbench.core.errors import DataError

_SPLIT = re.compile(r"[,\t ;]+")


# the characters of a box file that is numbers and separators only (ASCII digits, signs, exponents, nan / inf /
# infinity in any case): such a file's lines are read at once (``_four_per_line``)
_NOT_PLAIN = re.compile(r"[^0-9.eE+\-naNAifIFtyTY,; \t\r\n]")
_SEPARATORS = str.maketrans(",;\t", "   ")


def _four_per_line(text: str, lines: list[str]) -> np.ndarray | None:
    """(N, 4) boxes of ``lines`` (of ``text``) when every line is four numbers, as the line-by-line reading in
    ``parse_boxes`` gives them (the same tokens, each read by ``float``); None for anything else (a polygon,
    a "0" line, a header, a blank line, a stray character), which that reading then reads or refuses with its
    line number. A long sequence's result file is 20,000 lines, a dataset's results a dozen trackers' files:
    the careful reading took ~25 us a line (eval's time on LaSOT-sized results went to it)."""
    if not text.isascii() or _NOT_PLAIN.search(text):
        return None
    rows = [line.translate(_SEPARATORS).split() for line in lines]
    if any(len(r) != 4 for r in rows):
        return None
    try:
        vals = list(map(float, (t for r in rows for t in r)))
    except ValueError:
        return None
    return np.array(vals, dtype=np.float64).reshape(-1, 4)


def _tokens(line: str) -> list[str]:
    line = line.strip()
    if not line:
        return []
    return [t for t in _SPLIT.split(line) if t != ""]


def _short(tok: str, limit: int = 24) -> str:
    return repr(tok) if len(tok) <= limit else repr(tok[:limit]) + f"... ({len(tok)} characters)"


def _is_number(tok: str) -> bool:
    try:
        float(tok)
    except ValueError:
        return False
    return True


def whole_number(tok: str) -> int | None:
    """``tok`` as a whole number (``3``, ``3.0``, ``1e2``), None where it is none (``2.5``, ``inf``, ``nan``,
    text): ``int(float(tok))`` raised OverflowError on ``inf`` and made ``2.7`` 2 without a word."""
    try:  # a JSON value may be a list (TypeError) or an integer too big for a float (OverflowError)
        v = float(tok)
    except (ValueError, TypeError, OverflowError):
        return None
    return int(v) if np.isfinite(v) and v == int(v) else None


def _number(tok: str, path: Path, lineno: int) -> float:
    try:
        return float(tok)
    except ValueError:
        raise DataError(path, f"{_short(tok)} is not a number", line=lineno) from None


def read_text(path: str | Path, what: str = "groundtruth file") -> str:
    """A box file's text (UTF-8, a BOM dropped), or a DataError naming the file: missing, a folder, not
    text, unreadable. Readers that parse one file several ways read it once with this."""
    path = Path(path)
    if not path.exists():
        raise DataError(path, f"{what} is missing")
    if path.is_dir():
        raise DataError(path, f"is a folder, not a {what}")
    if not path.is_file():  # a FIFO (reading it waits for a writer: eval of a results folder held), a device
        raise DataError(path, f"is not a regular file (a pipe or a device), not a {what}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(path, f"cannot be read: {exc.strerror or exc}") from None
    return decode_text(data, path)


def decode_text(data: bytes, path: str | Path, ascii_only: bool = True) -> str:
    """The text of box / flag file ``path`` from its bytes: UTF-8 (a BOM dropped), or UTF-16 with its BOM
    (Windows Notepad's "Unicode", a dataset quirk, read as it is); anything else is a DataError naming the
    file, and for text that is not UTF-8 the line and byte, and what to do. ``ascii_only=False``: UTF-16 text
    may hold any character (a split file's image names may be non-ASCII)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = None
        # box and flag files are ASCII: anything else came from bytes that only began like UTF-16
        if text is None or (ascii_only and not text.isascii()):
            raise DataError(path, "not a text file (it begins with a UTF-16 byte-order mark but is not UTF-16 "
                                  "text): save it as UTF-8 or plain ASCII") from None
        return text
    try:
        text = data.decode("utf-8-sig", errors="strict")
    except UnicodeDecodeError as exc:
        if b"\0" in data[:4096]:
            raise DataError(path, "not a text file (binary data)") from None
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError(path, f"not a text file in UTF-8 (byte 0x{data[exc.start]:02x}): save it as UTF-8 or plain ASCII",
                        line=line) from None
    return text


def json_cut_short(exc, text: str) -> bool:
    """Whether ``json.loads`` refused ``text`` with ``exc`` because the text stops part-way (a copy, download or
    writer stopped): the error is at its end, or in its last token, which runs to the end (a string whose
    quote never closes, ``12.``, ``tru``: their errors are said where the token starts, not at the end)."""
    tail = text[exc.pos:].rstrip()
    if not tail:
        return True
    if exc.msg.startswith("Extra data"):  # (a whole value, more after it)
        return False
    return re.fullmatch(r'"(?:[^"\\]|\\.)*\\?|[-+.\w]+', tail) is not None


def json_problem(exc, text: str) -> str:
    """What is wrong with the JSON ``text`` that ``json.loads`` refused with ``exc``: a file that ends before its
    last bracket closes (a copy or download cut short; it was "not valid JSON (Expecting ',' delimiter)"), else
    the parser's words. Said after the file's name and line (``exc.lineno``)."""
    if json_cut_short(exc, text):
        return "not valid JSON: it ends before its brackets close (a copy or download cut short?); copy it again"
    return f"not valid JSON ({exc.msg}, column {exc.colno})"


def refuse_zero_bytes(text: str, path: str | Path) -> None:
    """A DataError naming ``path`` where the text of a file of numbers (boxes, points) holds NUL characters: the
    zeros a file never fully written ends in (a crash, a full disk), or binary data. They were "line 11:
    '\\x00\\x00...' is not a number" (a box file), "expected 'x<TAB>y', got '\\x00...'" (anno_xy.txt). (A list of
    names reads what it can of such a file: not here.)"""
    if "\0" not in text:
        return
    body = text.rstrip("\0")
    if "\0" not in body:  # zeros after the last line: the disk's blocks of a file whose writer never finished
        raise DataError(path, f"ends in {len(text) - len(body)} zero bytes (NUL), a file not fully written (a "
                              "crash or a full disk while it was saved?): delete them or write it again",
                        line=body.count("\n") + 1)
    raise DataError(path, "holds zero bytes (NUL): binary data, or UTF-16 text without its byte-order mark; "
                          "save it as UTF-8 or plain ASCII", line=text[:text.index("\0")].count("\n") + 1)


def count_mismatch(path: str | Path, rows: int, frames: int, what: str = "boxes", holder: str | Path | None = None,
                   frames_dir: str | Path | None = None, unit: str = "line", absent: str | None = None,
                   numbered=None) -> DataError:
    """The refusal of a per-frame file (``path``) whose ``rows`` lines do not pair with ``frames`` frames, saying
    what the user can do: which lines have no frame (frames missing, or lines to cut) or how many frames have no
    line (to add); and, where the frames are known to lie in ``frames_dir``, how to view them without the file
    (its own folder: move the file aside; another folder, e.g. ``img/``: open that folder itself, which then opens
    as a plain folder of frames). ``holder`` names what holds the frames (default "the sequence"); ``unit``: what
    pairs with a frame ("line", a JSON list's "entry"); ``absent``: how an absent target is written there;
    ``numbered``: the frames' files (or their folder) in whose numbering a frame lost in the middle shows (default
    ``frames_dir``)."""
    path = Path(path)
    where = "the sequence" if holder is None else str(holder)
    head = f"has {rows} {what} but {where} has {frames if frames else 'no'} frames: "
    units = unit[:-1] + "ies" if unit.endswith("y") else unit + "s"
    numbered = numbered if numbered is not None else frames_dir
    gap = _frames_gap(numbered) if rows > frames and numbered is not None else None
    folder = frames_dir if frames_dir is not None else numbered if isinstance(numbered, (str, Path)) else \
        Path(numbered[0]).parent if numbered else None
    posing = _named_as_images(folder) if folder is not None and rows > frames else []
    if posing:  # a frame made a folder or a broken link is no frame: "a frame is missing" named no cause
        said = posing[0] + (f", and {len(posing) - 1} more" if len(posing) > 1 else "")
        if gap is not None:  # (the cause first: said after the gap, a long link target cut it off the message)
            gap = f"{said}, where {gap}"
        else:
            head += f"{said}; "
    if frames == 0:  # was "has 1 boxes but its img/ has 0 frames: ... cut the file to its first 0 lines"
        advice = "no image to pair them with (the frames are missing, or elsewhere)"
    elif gap is not None:  # a frame lost in the middle: cutting the file's end would put every later box on the
        # wrong frame, so the advice is to put the frame back, not to cut
        advice = f"a frame is missing: {gap}; put the missing frame back (cutting {units} would shift the later boxes)"
    elif rows > frames:
        extra = f"{unit} {frames + 1} has" if rows == frames + 1 else f"{units} {frames + 1}..{rows} have"
        advice = f"{extra} no frame (frames missing?), else cut the file to its first {frames} {units}"
    else:
        short = frames - rows
        fill = absent or ("NaN,NaN,NaN,NaN where the target is absent" if what == "boxes" else f"one value a {unit}")
        strays = _not_numbered_as_frames(numbered) if numbered is not None else []
        if strays and len(strays) >= short:  # an overview.png or '0010 (copy).png' among the frames: adding lines
            # for it made it a frame (of another size, or a frame twice)
            advice = (f"{', '.join(strays[:3])}{' ...' if len(strays) > 3 else ''} there "
                      f"{'is' if len(strays) == 1 else 'are'} not numbered as the frames are: not "
                      f"{'a frame' if len(strays) == 1 else 'frames'}? move {'it' if len(strays) == 1 else 'them'} "
                      "out of the frames' folder")
        else:
            advice = (f"the last frame has no {unit}" if short == 1 else f"the last {short} frames have no {unit}") + \
                f"; add {'it' if short == 1 else 'them'} ({fill})"
    if frames_dir is not None and frames:  # (none to view)
        frames_dir = Path(frames_dir)
        advice += ("; move the file aside to view the frames without it" if frames_dir == path.parent
                   else f"; to view the frames without it, open {frames_dir} itself")
    return DataError(path, head + advice)


def _not_numbered_as_frames(numbered) -> list[str]:
    """The names among the frames (``numbered``: their files, or their folder) that are not numbered as most are
    (one prefix, then digits): ``overview.png``, ``00000010 (copy).png`` beside ``00000001.png`` ...; none where
    most are not so numbered."""
    from collections import Counter

    try:
        files = _frames_of(numbered)
    except OSError:
        return []
    keys = [(m.group(1) if m else None) for m in (re.fullmatch(r"(.*?)\d+", Path(f).stem) for f in files)]
    common = Counter(k for k in keys if k is not None).most_common(1)
    if not common or common[0][1] * 2 < len(files):
        return []
    return [Path(f).name for f, k in zip(files, keys) if k != common[0][0]]


def _frames_of(numbered) -> list:
    """The frames' files of ``numbered``: its files, or the frames of the folder it names (each name once)."""
    from workbench.core.data.images import list_frames

    return list(list_frames(Path(numbered))[0]) if isinstance(numbered, (str, Path)) else list(numbered)


def _named_as_images(folder) -> list[str]:
    """What stands in ``folder`` under an image's name but is no image file, which no frame listing takes: a folder
    (``0005.jpg/``), a symbolic link that leads nowhere or loops; said as ``'0005.jpg there is a folder'``."""
    import errno
    import os

    from workbench.core.data.images import is_image

    out = []
    try:
        for p in sorted(Path(folder).iterdir()):
            if not is_image(p) or p.is_file():
                continue
            if p.is_dir():
                out.append(f"{p.name} there is a folder, not an image")
                continue
            try:
                os.stat(p)
            except OSError as exc:
                if os.path.islink(p):
                    # the key words first: a long target pushed "which does not exist" past a message's clip
                    out.append(f"{p.name} there is a symbolic link " + (
                        "that loops" if exc.errno == errno.ELOOP else f"leading nowhere (to {os.readlink(p)})"))
    except OSError:
        return []
    return out


def numbering_gap(files: list[Path]) -> str | None:
    """``'frames/ jumps from 0004.png to 0006.png (1 gap)'`` when the frames' numbers (the digits ending
    each name, one prefix) step irregularly: a step other than the folder's usual one (the commonest, the
    smallest of a tie), the first such named. Labels are matched to frames by position, so a missing frame
    shifts every later label onto the wrong frame; a folder subsampled at a constant step (0000, 0005,
    0010 ...) is not a gap. None when they step evenly or are not so numbered."""
    import re
    from collections import Counter

    nums, prefixes = [], set()
    for f in files:
        m = re.fullmatch(r"(.*?)(\d+)", f.stem)
        if m is None:
            return None
        prefixes.add(m.group(1))
        nums.append(int(m.group(2)))
    if len(prefixes) != 1 or len(nums) < 2:
        return None
    steps = [b - a for a, b in zip(nums, nums[1:])]
    counts = Counter(steps)
    usual = min(counts, key=lambda d: (-counts[d], d))
    gaps = [i for i, d in enumerate(steps) if d != usual]
    if not gaps:
        return None
    i = gaps[0]
    return (f"{files[0].parent.name}/ jumps from {files[i].name} to {files[i + 1].name}"
            + (f" ({len(gaps)} gaps)" if len(gaps) > 1 else ""))


def _frames_gap(numbered) -> str | None:
    """Where the numbering of the frames jumps (``numbering_gap``), else None; ``numbered``: their files, or the
    folder holding them."""
    from workbench.core.data.images import list_frames

    try:  # a folder's files each name once, as its reader takes them (0002.png beside 0002.jpg is no gap)
        files = list_frames(Path(numbered))[0] if isinstance(numbered, (str, Path)) else numbered
        return numbering_gap([Path(f) for f in files])
    except OSError:  # the folder cannot be listed: the count's own advice stands
        return None


def read_boxes(path: str | Path, expect_rows: int | None = None, allow_polygons: bool = True,
               frames_dir: str | Path | None = None, numbered=None, what: str = "groundtruth file") -> np.ndarray:
    """(N, 4) float64 xywh boxes from a text file, NaN rows kept (``parse_boxes`` of its ``read_text``). ``what``:
    what the file is meant to be, as its refusals say it (a result file that is a folder was "is a folder, not a
    groundtruth file")."""
    return parse_boxes(read_text(path, what), path, expect_rows, allow_polygons, frames_dir, numbered, what)


def parse_boxes(text: str, path: str | Path, expect_rows: int | None = None, allow_polygons: bool = True,
                frames_dir: str | Path | None = None, numbered=None, what: str = "groundtruth file") -> np.ndarray:
    """(N, 4) float64 xywh boxes from the text of box file ``path`` (named in every message), NaN rows kept.

    Blank lines in the middle are errors (they would shift every later frame); trailing blank
    lines are ignored. A single ``0`` on a line (VOT for "target absent") reads as a NaN row.
    ``expect_rows``: the frames the boxes must pair with (``count_mismatch`` otherwise, told ``frames_dir`` and
    ``numbered``, the frames' files, to name a frame lost in the middle).
    """
    path = Path(path)
    # CR CR LF: a Windows file converted to Windows line endings again (an unzip -a or a git autocrlf over CRLF);
    # each line ends once, not with a blank line between (every file of such a download was refused at line 2)
    refuse_zero_bytes(text, path)
    lines = text.replace("\r\r\n", "\n").splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        raise DataError(path, "box file is empty" if not text else "box file is empty (blank lines only)")
    rows: list[np.ndarray] = []
    width = None
    fast = _four_per_line(text, lines)
    if fast is not None:
        rows = [fast]
        lines = []  # (read)
    for lineno, line in enumerate(lines, start=1):
        toks = _tokens(line)
        if not toks:
            raise DataError(path, "blank line inside the box list", line=lineno)
        if lineno == 1 and len(toks) > 1 and not any(_is_number(t) for t in toks):
            raise DataError(path, f"is a header ({_short(line.strip(), 24)}), not a box: delete it", line=lineno)
        vals = np.array([_number(t, path, lineno) for t in toks], dtype=np.float64)
        if len(vals) == 1 and (vals[0] == 0 or np.isnan(vals[0])):
            rows.append(np.full(4, np.nan))
            continue
        if len(vals) == 4:
            rows.append(vals)
        elif len(vals) == 8 and allow_polygons:  # x,y,w,h plus extra columns must not pass as a polygon
            rows.append(polygon_to_xywh(vals)[0])
        else:
            raise DataError(path, f"expected 4 values (x,y,w,h) or 8 (polygon), found {len(vals)}", line=lineno)
        width = len(vals)
    if not rows:
        raise DataError(path, f"{what} has no boxes")
    out = np.vstack(rows)
    if expect_rows is not None and len(out) != expect_rows:
        raise count_mismatch(path, len(out), expect_rows, frames_dir=frames_dir, numbered=numbered)
    del width
    return out


def read_flags(path: str | Path, expect_rows: int | None = None, frames_dir: str | Path | None = None) -> np.ndarray:
    """Per-frame 0/1 flags: one per line (VOT ``*.label``, GOT-10k ``absence.label``) or all on one
    comma-separated line (LaSOT ``full_occlusion.txt``)."""
    path = Path(path)
    if not path.exists():
        raise DataError(path, "flag file is missing")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(path, f"cannot be read: {exc.strerror or exc}") from None
    text = decode_text(data, path)
    refuse_zero_bytes(text, path)
    lines = [ln for ln in text.splitlines() if ln.strip()]
    vals: list[float] = []
    if len(lines) == 1:
        vals = [_number(t, path, 1) for t in _tokens(lines[0])]
    else:
        for lineno, line in enumerate(lines, start=1):
            toks = _tokens(line)
            if len(toks) != 1:
                raise DataError(path, f"expected one 0/1 flag per line, found {len(toks)} values", line=lineno)
            vals.append(_number(toks[0], path, lineno))
    out = np.asarray(vals) != 0
    if expect_rows is not None and len(out) != expect_rows:
        if len(lines) == 1 and len(vals) > 1:  # LaSOT's one line of flags: was "add them (one value a line)"
            raise count_mismatch(path, len(out), expect_rows, "flags", frames_dir=frames_dir, unit="value",
                                 absent="a 0 or 1 each, on its one comma-separated line")
        raise count_mismatch(path, len(out), expect_rows, "flags", frames_dir=frames_dir)
    return out


def check_boxes(boxes: np.ndarray, path: str | Path, width: int | None = None, height: int | None = None) -> list[str]:
    """Warnings about suspicious groundtruth (zero size, outside the image); absent rows are fine.

    Returns messages instead of raising: datasets ship such boxes and users still want to read them.
    """
    msgs = []
    with np.errstate(invalid="ignore", over="ignore"):  # 1e308 + 1e308: inf, outside the image as it should be
        finite = np.all(np.isfinite(boxes), axis=1)
        for i in np.flatnonzero(np.any(np.isinf(boxes), axis=1))[:3]:  # NaN is how files say absent; inf is not
            msgs.append(f"{path}, line {i + 1}: infinite value in the box, treated as absent")
        zero = finite & ((boxes[:, 2] <= 0) | (boxes[:, 3] <= 0))
        for i in np.flatnonzero(zero)[:3]:
            msgs.append(f"{path}, line {i + 1}: zero or negative box size, treated as absent")
        if width is not None and height is not None:
            outside = finite & ~zero & ((boxes[:, 0] >= width) | (boxes[:, 1] >= height) |
                                        (boxes[:, 0] + boxes[:, 2] <= 0) | (boxes[:, 1] + boxes[:, 3] <= 0))
            for i in np.flatnonzero(outside)[:3]:
                msgs.append(f"{path}, line {i + 1}: box lies entirely outside the {width}x{height} image")
            # a size no target in this image can have: a unit mix-up or a damaged row, which a tracker
            # would turn into a crop of absurd size
            huge = finite & ~zero & ~outside & ((boxes[:, 2] > 10 * width) | (boxes[:, 3] > 10 * height))
            for i in np.flatnonzero(huge)[:3]:
                msgs.append(f"{path}, line {i + 1}: box size {boxes[i, 2]:.6g}x{boxes[i, 3]:.6g} is over ten "
                            f"times the {width}x{height} image")
    return msgs


def with_box_warnings(meta: dict, boxes: np.ndarray | None, path, width: int, height: int) -> dict:
    """``meta`` with ``check_boxes``' findings appended to its ``warnings``: every reader says them."""
    if boxes is not None and path is not None:
        found = check_boxes(boxes, path, width=width, height=height)
        if found:
            meta["warnings"] = list(meta.get("warnings") or []) + found
    return meta


def read_attribute_flags(path: str | Path, names_by_count: dict[int, tuple[str, ...]]) -> dict[str, bool]:
    """Sequence-level 0/1 attribute vectors (UAV123 / UAVDT / VisDrone ``att`` files) as tags.

    ``names_by_count`` maps a vector length to its attribute names; other lengths get numbered names.
    A missing file gives no tags.
    """
    path = Path(path)
    if not path.is_file():
        return {}
    # decoded as box files are (a BOM, UTF-16): read as UTF-8 a BOM made the first value '\ufeff1', refused
    toks = _tokens(decode_text(path.read_bytes(), path).replace("\n", " "))
    vals = [whole_number(t) for t in toks]
    if None in vals:
        raise DataError(path, f"attribute file must hold 0/1 values, not {_short(toks[vals.index(None)])}")
    names = names_by_count.get(len(vals)) or tuple(f"attribute {k + 1}" for k in range(len(vals)))
    return {n: True for n, v in zip(names, vals) if v}
