"""``python benchmarks/{trackers,gpu,evaluation,generalisation}.py`` read their arguments from sys.argv by hand:
``--help`` (or a mistyped ``--quick``) ran the whole benchmark, minutes of it (343c493 fixed hsi.py alone). They parse
``--quick``, ``--json F`` and ``--force`` with argparse now (``benchmarks/_script.py``, the options of ``workbench bench
NAME``): --help exits at once, a typo is refused, --json writes the figures; ``workbench bench NAME`` still loads
each one's ``run``."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NAMES = ("trackers", "gpu", "evaluation", "generalisation")


def _script(tmp_path, name, *args):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(REPO)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])}
    try:
        return subprocess.run([sys.executable, str(REPO / "benchmarks" / f"{name}.py"), *args], cwd=str(tmp_path),
                              env=env, capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail(f"benchmarks/{name}.py {' '.join(args)} still running after 20 s: it ran the benchmark")


def test_help_and_a_typo_run_nothing_for_these_four_too():
    """--help (usage, --quick, --json, ``workbench bench NAME``, nothing written) and a typo refused are asked of
    every core benchmark script, these four among them, in test_b53_every_bench_script_parses_args (each script
    was run four times, twice here and twice there)."""
    from workbench.core import bench

    assert set(NAMES) <= set(bench._core_benchmarks())


def test_json_is_written_and_kept(tmp_path):
    out = tmp_path / "ev.json"
    proc = _script(tmp_path, "evaluation", "--quick", "--json", str(out))
    assert proc.returncode == 0, proc.stderr[-2000:]
    figures = json.loads(out.read_text())
    assert figures["name"] == "evaluation" and figures["settings"]["quick"] is True
    proc = _script(tmp_path, "evaluation", "--quick", "--json", str(out))  # refused before the run, the file kept
    assert proc.returncode == 2 and "--force" in proc.stderr and json.loads(out.read_text()) == figures


def test_workbench_bench_still_loads_their_run():
    from workbench.core import bench

    for name in NAMES:
        assert callable(bench.load(name).run)
    assert "_script" not in bench.available()
