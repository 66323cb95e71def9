"""CSV tables: the one writer of every table the workbench writes as CSV (``eval --csv`` and the demo's
``scores.csv``, ``segment``'s ``roc.csv`` / ``pd_fa.csv``, detections, the window's scores, attribute, targets and
detections exports): UTF-8, ``\\n`` line ends, written whole (``atomic.atomic_write_text``), and with ``bom`` a UTF-8
byte-order mark first.

Why the mark: Excel on Windows opens a CSV without one in the ANSI code page, so CJK or accented sequence and tracker
names come out garbled; with it Excel reads the file as UTF-8. Off by default (``--csv-bom``, the window's
File > Export > "CSV with a byte-order mark (Excel)"), as the tables were: scripts read them, and Python's ``csv``
with ``encoding="utf-8"`` (pandas with its default encoding too) keeps the mark as part of the first column's name;
``encoding="utf-8-sig"`` drops it, as the workbench's own readers of its CSVs do (``results.read_detections``, the
window's segmentation CSV). A mark asked for where the command writes no CSV is refused (``check_bom_given``).

Imports nothing heavy: the CLI's parser takes ``add_bom_arg`` before any command runs.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

BOM = "\ufeff"
BOM_FLAG = "--csv-bom"
BOM_HELP = ("write each CSV with a UTF-8 byte-order mark first, so that Excel on Windows reads CJK / accented "
            "names right (default: without, as scripts expect; they read it with encoding 'utf-8-sig')")


def csv_text(rows, header=None) -> str:
    """``rows`` (each a sequence of cells) as CSV text, ``header`` first when given: ``\\n`` line ends, cells quoted
    where the ``csv`` module quotes them (a name holding a comma or a quote)."""
    buf = io.StringIO(newline="")
    wr = csv.writer(buf, lineterminator="\n")
    if header is not None:
        wr.writerow(header)
    wr.writerows(rows)
    return buf.getvalue()


def write_csv(path: str | Path, text: str, bom: bool = False) -> Path:
    """``text`` (a CSV table) written to ``path`` whole or not at all, UTF-8, with a byte-order mark first when
    ``bom`` (a mark ``text`` has already is not doubled). Returns the path; a folder that cannot be written is the
    ``WorkbenchError`` naming the file that ``atomic_write_text`` gives."""
    from workbench.core.atomic import atomic_write_text

    text = text[1:] if text.startswith(BOM) else text
    return Path(atomic_write_text(path, (BOM if bom else "") + text))


def check_bom_given(bom: bool, flag: str, value, files: str, metavar: str) -> None:
    """``--csv-bom`` where the option whose CSV files it marks (``flag``, given as ``value``) is not given: refused
    before any work, one rule for every command taking it (eval's ``--csv``, segment's and the LW plugin's
    ``--plots``): the mark asked for was taken without a word and written on no file."""
    if bom and not value:
        from workbench.core.errors import WorkbenchError

        raise WorkbenchError(f"{BOM_FLAG}: marks {files}, and no {flag} is given; add {flag} {metavar}, or drop "
                             f"{BOM_FLAG}")


def add_bom_arg(parser) -> None:
    """``--csv-bom`` on a command that writes CSV tables (``args.csv_bom``)."""
    parser.add_argument(BOM_FLAG, action="store_true", help=BOM_HELP)
