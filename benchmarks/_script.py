"""``python benchmarks/NAME.py [--quick] [--json F] [--force]``: the options ``workbench bench NAME`` takes, parsed by
argparse for the benchmarks run as scripts. They read ``sys.argv`` by hand: ``--help`` (or a mistyped ``--quick``) ran
the whole benchmark, minutes of it (343c493 gave ``hsi.py``, which has a ``--colour`` of its own, a parser). Not a
benchmark itself (the ``_`` keeps it out of ``workbench bench``'s list)."""
from __future__ import annotations

import argparse
from pathlib import Path


def main(path: str, doc: str | None, run, argv: list[str] | None = None) -> int:
    """Parse ``argv`` for the benchmark module at ``path`` (its ``__file__``; ``doc``: its docstring, whose first
    paragraph is the help's description), run it (``run(quick=...)``) and write its figures where ``--json`` says, as
    ``workbench bench`` does: a file there is kept unless ``--force``, refused before the run."""
    from workbench.core.errors import WorkbenchError
    from workbench.core.options import add_force_arg, keep_existing
    from workbench.core.results import check_outputs, write_json

    name = Path(path).stem
    ap = argparse.ArgumentParser(prog=f"python benchmarks/{name}.py", description=(doc or "").split("\n\n")[0],
                                 epilog=f"the same as `workbench bench {name} [--quick] [--json F] [--force]`")
    ap.add_argument("--quick", action="store_true", help="small sizes (as `workbench bench --quick`)")
    ap.add_argument("--json", help="write the figures as JSON")
    add_force_arg(ap, "the --json file")
    args = ap.parse_args(argv)
    try:  # before the run: a file there, or a folder given, was found after it
        keep_existing([("--json", args.json)], args.force)
        check_outputs(files={"--json": args.json})
    except WorkbenchError as exc:
        ap.error(str(exc))
    figures = run(quick=args.quick)
    if args.json:
        print(f"wrote {write_json(args.json, figures)}")
    return 0
