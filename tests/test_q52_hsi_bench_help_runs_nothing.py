"""``python benchmarks/hsi.py --help`` read its arguments from sys.argv by hand: it ignored --help and ran the whole
benchmark, writing 1.7 GB of temporary files. It has an argument parser now: --help says its options and exits at
once, writing nothing; a mistyped option is refused; ``workbench bench hsi`` still finds its ``run(quick)``."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "benchmarks" / "hsi.py"


def _script(tmp_path, *args):
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "PYTHONPATH": os.pathsep.join(
        [str(REPO)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])}
    try:
        proc = subprocess.run([sys.executable, str(SCRIPT), *args], cwd=str(tmp_path), env=env, capture_output=True,
                              text=True, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail(f"benchmarks/hsi.py {' '.join(args)} still running after 30 s: it ran the benchmark")
    return proc, temp


def test_help_exits_at_once_and_writes_nothing(tmp_path):
    """``-h`` here; ``--help`` and a mistyped option are asked of every core benchmark script, hsi.py among them
    (its --colour, nothing written in the folder or in TMPDIR), in test_b53_every_bench_script_parses_args (each
    was run twice, here and there)."""
    proc, temp = _script(tmp_path, "-h")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "--quick" in proc.stdout and "--colour" in proc.stdout
    assert list(temp.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["tmp"]


def test_workbench_bench_still_loads_its_run():
    from workbench.core import bench

    mod = bench.load("hsi")
    assert callable(mod.run) and callable(mod.main)
