"""``python benchmarks/contention.py`` and ``python benchmarks/irst_peers.py`` had no ``__main__`` block: run as
scripts (``--help``, ``--quick``, ``--json F``) they did nothing and exited 0, silently, where the other core
benchmarks parse the options of ``workbench bench NAME`` (``benchmarks/_script.py``). Every core benchmark, as the
listing finds them, now answers ``--help`` with its usage and refuses a mistyped option, running nothing."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.core import bench

REPO = Path(__file__).resolve().parents[1]


def _script(tmp_path, name, *args, temp=None):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(REPO)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])}
    if temp is not None:  # the temporary files' folder (hsi.py's --help wrote 1.7 GB there before its parser)
        env["TMPDIR"] = str(temp)
    try:
        return subprocess.run([sys.executable, str(REPO / "benchmarks" / f"{name}.py"), *args], cwd=str(tmp_path),
                              env=env, capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail(f"benchmarks/{name}.py {' '.join(args)} still running after 20 s: it ran the benchmark")


def test_the_listing_has_the_two_that_did_nothing():
    assert {"contention", "irst_peers"} <= set(bench._core_benchmarks())


@pytest.mark.parametrize("name", sorted(bench._core_benchmarks()))
def test_every_core_benchmark_script_says_its_usage_and_refuses_a_typo(tmp_path, tmp_path_factory, name):
    temp = tmp_path_factory.mktemp(f"{name}_tmpdir")  # nothing written in TMPDIR either (test_q52's check, for all)
    proc = _script(tmp_path, name, "--help", temp=temp)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert f"usage: python benchmarks/{name}.py" in proc.stdout and "--json" in proc.stdout, proc.stdout[-2000:]
    # the options of ``workbench bench NAME`` (test_s52_bench_scripts_help_runs_nothing asked this of four scripts
    # in subprocesses of its own)
    assert "--quick" in proc.stdout and f"workbench bench {name}" in proc.stdout, proc.stdout[-2000:]
    if name == "hsi":  # its own option (test_q52_hsi_bench_help_runs_nothing asked it in runs of its own)
        assert "--colour" in proc.stdout, proc.stdout[-2000:]
    assert list(tmp_path.iterdir()) == [] and list(temp.iterdir()) == []
    proc = _script(tmp_path, name, "--quik", temp=temp)
    assert proc.returncode == 2 and "unrecognized arguments: --quik" in proc.stderr, proc.stderr[-2000:]
    assert list(tmp_path.iterdir()) == [] and list(temp.iterdir()) == []
