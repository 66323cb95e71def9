"""Where an ENVI cube's two files are: its data file beside a header, and the header beside a data
file given in its place. Kept apart from the reader (cube.py) so that the format detector can name
the header of a data file without importing the reader, which imports the detector's entries."""
from __future__ import annotations

from pathlib import Path

DATA_EXTS = ("", ".img", ".dat", ".raw", ".bil", ".bip", ".bsq", ".sli")


def _any_case(folder: Path, names: list[str], not_this: Path) -> Path | None:
    """The first file of ``folder`` named one of ``names`` in another case ('C.Img' for 'C.img', files copied from
    Windows or a FAT card), in the order of ``names``; None when none (or the folder cannot be listed)."""
    try:
        held = {p.name.lower(): p for p in folder.iterdir() if p.name != not_this.name}
    except OSError:
        return None
    return next((held[n.lower()] for n in names if n.lower() in held and held[n.lower()].is_file()), None)


def find_data_file(hdr: Path) -> Path | None:
    base = hdr.with_suffix("")
    for ext in DATA_EXTS:
        for e in {ext, ext.upper()}:
            cand = Path(str(base) + e)
            if cand.is_file() and cand != hdr:
                return cand
    # in any other case (a 'C.Img' beside 'C.HDR' was 'no ENVI data file beside the header (looked for .img ...)')
    return _any_case(base.parent, [base.name + ext for ext in DATA_EXTS], hdr)


def header_of_data_file(path: Path) -> Path | None:
    """The ENVI header of a data file given in its place (``a.img`` with ``a.hdr`` or ``a.img.hdr``
    beside it), or None: the data file alone does not say its size, type or interleave."""
    path = Path(path)
    if not path.is_file() or path.suffix.lower() == ".hdr" or path.suffix.lower() not in DATA_EXTS:
        return None
    for cand in (path.with_suffix(".hdr"), path.with_suffix(".HDR"), Path(f"{path}.hdr"), Path(f"{path}.HDR")):
        if cand != path and cand.is_file():
            return cand
    return _any_case(path.parent, [path.with_suffix(".hdr").name, f"{path.name}.hdr"], path)
