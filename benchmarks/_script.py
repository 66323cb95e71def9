"""``python benchmarks/NAME.py [--quick] [--json F] [--force]``: the options ``workbench bench NAME`` takes, parsed by
argparse for the benchmarks run as scripts (``workbench.core.bench.script_main``, which the plugins' bench modules
use too). They read ``sys.argv`` by hand: ``--help`` (or a mistyped ``--quick``) ran the whole benchmark, minutes of
it. Not a benchmark itself (the ``_`` keeps it out of ``workbench bench``'s list)."""
from __future__ import annotations

from pathlib import Path


def main(path: str, doc: str | None, run, argv: list[str] | None = None) -> int:
    """``script_main`` for the benchmark module at ``path`` (its ``__file__``: the benchmark is named by its stem)."""
    from workbench.core.bench import script_main

    return script_main(Path(path).stem, doc, run, argv)
