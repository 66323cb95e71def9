"""The plugins' bench modules read ``"--quick" in sys.argv`` when run as ``python -m PLUGIN.bench``: ``--help`` (or a
mistyped ``--quick``) ran the whole benchmark. They take the benchmarks' one argparse main now
(``workbench.core.bench.script_main``, which ``benchmarks/NAME.py`` use through ``_script.py``): ``--help`` says the
options and exits at once, a mistyped option is refused, a ``--json`` file there is kept before anything runs."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MODULES = {"workbench_seq_irst.bench": "seq_irst", "workbench_lw_irstnet.bench": "lw_irstnet",
           "workbench_siamfcpp_prune.bench": "pruning", "workbench_nas_tir.bench": "nas"}


def _bench(tmp_path, module, *args):
    pytest.importorskip(module.split(".")[0], reason=f"plugin {module.split('.')[0]} not installed")
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    try:
        return subprocess.run([sys.executable, "-m", module, *args], cwd=str(tmp_path), env=env, capture_output=True,
                              text=True, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail(f"python -m {module} {' '.join(args)} still running after 20 s: it ran the benchmark")


@pytest.mark.parametrize("module", sorted(MODULES))
def test_help_exits_at_once_and_writes_nothing(tmp_path, module):
    proc = _bench(tmp_path, module, "--help")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert f"python -m {module}" in proc.stdout and "--quick" in proc.stdout and "--json" in proc.stdout
    assert f"workbench bench {MODULES[module]} " in proc.stdout, proc.stdout  # the name workbench bench knows
    assert list(tmp_path.iterdir()) == []


def test_a_mistyped_option_and_a_json_there_are_refused(tmp_path):
    proc = _bench(tmp_path, "workbench_seq_irst.bench", "--quik")
    assert proc.returncode == 2 and "--quik" in proc.stderr, proc.stderr[-2000:]
    (tmp_path / "b.json").write_text("{}")
    proc = _bench(tmp_path, "workbench_seq_irst.bench", "--quick", "--json", "b.json")
    assert proc.returncode == 2 and "b.json" in proc.stderr and "--force" in proc.stderr, proc.stderr[-2000:]
    assert (tmp_path / "b.json").read_text() == "{}" and sorted(p.name for p in tmp_path.iterdir()) == ["b.json"]


def test_the_names_are_those_workbench_bench_lists():
    from workbench.core import bench

    listed = bench.available()
    missing = [name for name in MODULES.values() if name not in listed]
    assert not missing, (missing, listed)
