"""Benchmark plumbing: find ``benchmarks/NAME.py`` (the core's) or a benchmark a plugin contributes
(``Plugin.benchmarks``) and run it; shared table / timing helpers.

Each benchmark module defines ``run(quick: bool) -> dict`` that prints its table(s) and returns the
figures (``{"name", "rows", "settings", ...}``); ``workbench bench NAME --json F`` writes that dict.
"""
from __future__ import annotations

import importlib
import importlib.util
import platform
import time
from pathlib import Path

from workbench.core.errors import WorkbenchError


def benchmarks_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "benchmarks"


def _plugin_benchmarks() -> dict[str, str]:
    from workbench.core.registry import default_registry

    return default_registry().benchmarks()


def _core_benchmarks() -> set[str]:
    d = benchmarks_dir()
    return {p.stem for p in d.glob("*.py") if not p.stem.startswith("_")} if d.is_dir() else set()


def available() -> list[str]:
    return sorted(_core_benchmarks() | set(_plugin_benchmarks()))


def origins() -> dict[str, str]:
    """Benchmark name -> where it comes from: ``"core (benchmarks/NAME.py)"`` or the plugin(s) contributing it
    (``"plugin nas_tir"``, ``"plugins ps_siamfcpp, siamfcpp"``: the names ``workbench list`` shows). A plugin's
    benchmark named as one of the core's is not run by that name (the core's is): said."""
    from workbench.core.registry import default_registry

    by: dict[str, list[str]] = {}
    for p in sorted(default_registry().plugins.values(), key=lambda p: p.name):
        for name in p.benchmarks:
            by.setdefault(name, []).append(p.name)
    core = _core_benchmarks()
    out = {name: f"core (benchmarks/{name}.py)" for name in core}
    for name, owners in by.items():
        who = f"plugin{'s' if len(owners) > 1 else ''} {', '.join(owners)}"
        out[name] = f"{out[name]}; {who}'s is not run by this name" if name in core else who
    return dict(sorted(out.items()))


def listing() -> str:
    """What ``workbench bench`` without a name prints: every benchmark, one a line, with where it comes from."""
    rows = origins()
    if not rows:
        return "benchmarks: none"
    width = max(len(n) for n in rows)
    return "\n".join(["benchmarks (workbench bench NAME [--quick]), and where each comes from:"]
                     + [f"  {name:<{width}}  {where}" for name, where in rows.items()])


def load(name: str):
    path = benchmarks_dir() / f"{name}.py"
    contributed = _plugin_benchmarks()
    if not path.is_file() and name in contributed:
        mod = importlib.import_module(contributed[name])
        if not hasattr(mod, "run"):
            raise WorkbenchError(f"benchmark {name!r} ({contributed[name]}) defines no run(quick) function")
        return mod
    if not path.is_file():
        have = ", ".join(available()) or "none"
        raise WorkbenchError(f"no benchmark named {name!r}; available: {have}")
    spec = importlib.util.spec_from_file_location(f"workbench_bench_{name}", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    if not hasattr(mod, "run"):
        raise WorkbenchError(f"{path} defines no run(quick) function")
    return mod


DATA_ENV = "WORKBENCH_BENCH_DATA"


def data_root() -> Path | None:
    """Real data for benchmarks that can use it: the folder in ``$WORKBENCH_BENCH_DATA`` (laid out as
    the project's data folder: ``irst/sirst``, ``tracking/...``), else None (generated data only)."""
    import os

    v = os.environ.get(DATA_ENV, "").strip()
    if not v:
        return None
    root = Path(v).expanduser()
    if not root.is_dir():  # a typo fell back to generated data without a word
        raise WorkbenchError(f"${DATA_ENV} {v}: {'is a file' if root.exists() else 'no such folder'}; name the data "
                             f"folder (holding tracking/, irst/, hsi/ ...), or unset it to run on generated data")
    return root


def _cpu_model() -> str:
    """The CPU's model name (``/proc/cpuinfo`` on Linux): ``platform.processor()`` is empty there and was replaced
    by the architecture, so a figure did not say which CPU gave it."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.lower().startswith("model name") and ":" in line:
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> dict:
    """Where a benchmark ran: the CPU (model, cores, architecture), python, torch's version (from its package
    metadata: torch is not imported for this) and ``cuda``, the CUDA device torch sees when the benchmark loaded
    torch (None otherwise, or without one: its torch figures are the CPU's)."""
    import os
    import sys
    from importlib import metadata

    try:
        torch_version = metadata.version("torch")
    except metadata.PackageNotFoundError:
        torch_version = None
    cuda = None
    torch = sys.modules.get("torch")
    if torch is not None:
        try:
            if torch.cuda.is_available():
                cuda = torch.cuda.get_device_name(0)
        except Exception:  # noqa: BLE001 (a broken CUDA set-up: the figures are still the CPU's)
            pass
    return {"python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
            "processor": _cpu_model(), "torch": torch_version, "torch_loaded": torch is not None, "cuda": cuda}


def ran_on(info: dict | None = None) -> str:
    """One line saying where the figures come from (``machine()``'s fields; ``info``: those already read, as
    ``write_figures`` gives them, else read here)."""
    m = info if info is not None else machine()
    torch = f"torch {m['torch']}" if m.get("torch") else "no torch"
    cuda = (f"CUDA device {m['cuda']} seen" if m.get("cuda") else "no CUDA device (torch on the CPU)"
            if m.get("torch_loaded", True) else "CUDA not checked (torch not loaded in this process)")
    return (f"ran on: {m.get('processor')} ({m.get('cpus')} logical CPUs, {m.get('machine')}), {torch}, {cuda}, "
            f"python {m.get('python')}")


def best_of(fn, repeats: int = 3) -> float:
    """Smallest wall time of ``repeats`` calls, in seconds (the least disturbed measurement)."""
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def script_main(name: str, doc: str | None, run, argv: list[str] | None = None, *, prog: str | None = None,
                add_args=None, call=None, quick_help: str | None = None) -> int:
    """The command line of benchmark ``name`` run as a script (``python benchmarks/NAME.py``, ``python -m
    PLUGIN.bench``): ``--quick``, ``--json F`` and ``--force`` as ``workbench bench NAME`` takes them, parsed by
    argparse (they read ``"--quick" in sys.argv``: ``--help``, or a mistyped ``--quick``, ran the whole benchmark).
    ``doc``: the module's docstring, its first paragraph the help's description; ``prog``: how it is called
    (default ``python benchmarks/NAME.py``); ``quick_help``: what ``--quick`` makes smaller. ``add_args(parser)`` adds a script's own options, ``call(args)``
    runs it then (default ``run(quick=args.quick)``) and gives the figures. The ``--json`` file is checked before the
    run (kept unless ``--force``) and written after, as ``workbench bench`` writes it."""
    import argparse

    from workbench.core.options import add_force_arg

    ap = argparse.ArgumentParser(prog=prog or f"python benchmarks/{name}.py", description=(doc or "").split("\n\n")[0],
                                 epilog=f"the same as `workbench bench {name} [--quick] [--json F] [--force]`")
    ap.add_argument("--quick", action="store_true", help=quick_help or "small sizes (as `workbench bench --quick`)")
    ap.add_argument("--json", help="write the figures as JSON")
    add_force_arg(ap, "the --json file")
    if add_args is not None:
        add_args(ap)
    args = ap.parse_args(argv)
    try:
        check_json_out(args.json, args.force)
    except WorkbenchError as exc:
        ap.error(str(exc))
    write_figures(args.json, call(args) if call is not None else run(quick=args.quick))
    return 0


def check_json_out(path: str | None, force: bool) -> None:
    """Before a benchmark runs (``workbench bench``, ``script_main``): its ``--json`` file kept unless ``--force``,
    and a folder given refused, rather than found after minutes of benchmark."""
    from workbench.core.options import keep_existing
    from workbench.core.results import check_outputs

    _refuse_an_input(path)
    keep_existing([("--json", path)], force)
    check_outputs(files={"--json": path})


def _refuse_an_input(path: str | None) -> None:
    """A ``--json`` file in the benchmarks' inputs (the folder in ``$WORKBENCH_BENCH_DATA``) refused, even with
    ``--force``, a file there now or a new one: ``--force`` wrote the figures over the data the benchmark reads (and
    the refusal without it said to pass ``--force``), and a new file would sit among the data the next run reads."""
    if not path:
        return
    try:
        root = data_root()
    except WorkbenchError:  # a wrong $WORKBENCH_BENCH_DATA: said by the benchmarks that read it
        return
    if root is None or not _inside(path, root):
        return
    what = "is a file" if Path(path).is_file() else "is a folder" if Path(path).is_dir() else "would be a new file"
    raise WorkbenchError(f"--json {path}: {what} in the data folder the benchmarks read (${DATA_ENV} {root}); the "
                         "figures are not written there, even with --force: give a path outside it")


def _inside(path, folder, osp=None) -> bool:
    """Whether ``path`` (links followed) is ``folder`` or under it. ``osp`` is the path module (``os.path``; a test
    gives ``ntpath``). Never raises: on Windows ``commonpath`` refuses paths on two drives (``C:`` / ``D:``) with a
    ValueError, and such a path is not inside; names are compared as the system does (case-blind on Windows)."""
    import os

    osp = osp or os.path
    real, base = osp.normcase(osp.realpath(path)), osp.normcase(osp.realpath(folder))
    try:
        return osp.commonpath([real, base]) == base
    except ValueError:  # two drives, or one path relative and one absolute
        return False


def write_figures(path: str | None, figures) -> None:
    """After a benchmark's run (``workbench bench``, ``script_main``): where it ran said (``ran_on``) and put in
    its figures (``"machine"``: the fields a benchmark left out, filled; ``"ran_on"`` where its ``"machine"`` is
    something else), then the figures written to its ``--json`` file (none given: nothing), the path said."""
    if isinstance(figures, dict):
        have = figures.get("machine", {})
        key = "machine" if isinstance(have, dict) else "ran_on"
        figures[key] = {**machine(), **(have if key == "machine" else {})}
        print(ran_on(figures[key]))
    if path:
        from workbench.core.results import write_json

        print(f"wrote {write_json(path, figures)}")
