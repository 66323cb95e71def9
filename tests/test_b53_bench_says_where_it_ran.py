"""A benchmark's figures did not say where they came from: ``machine()`` gave ``platform.processor()``, empty on
Linux and so the architecture (``x86_64``), no CPU model, no torch version, no CUDA device, and nothing of it was
printed beside the tables. Every run through ``workbench bench NAME`` or ``python benchmarks/NAME.py`` now prints one
``ran on:`` line (CPU model, cores, torch, CUDA or not, python) and its ``--json`` figures carry the same fields."""
from __future__ import annotations

import json
import types
from importlib import metadata
from pathlib import Path

import pytest

from workbench.core import bench


def _cpu_model_in_proc() -> str | None:
    p = Path("/proc/cpuinfo")
    if not p.is_file():
        return None
    for line in p.read_text(errors="replace").splitlines():
        if line.lower().startswith("model name") and ":" in line:
            return line.split(":", 1)[1].strip()
    return None


def _torch_version() -> str | None:
    try:
        return metadata.version("torch")
    except metadata.PackageNotFoundError:
        return None


def test_machine_names_the_cpu_model_and_torch():
    m = bench.machine()
    assert {"processor", "cpus", "python", "torch", "cuda"} <= set(m)
    assert m["torch"] == _torch_version()
    model = _cpu_model_in_proc()
    if model is None:
        pytest.skip("no 'model name' in /proc/cpuinfo here: the CPU model comes from platform.processor()")
    assert m["processor"] == model


def _fake_run(quick=False):
    return {"name": "fake", "rows": [], "quick": quick}


def test_workbench_bench_prints_where_it_ran_and_writes_it(tmp_path, monkeypatch, capsys):
    from workbench.cli import main

    monkeypatch.setattr(bench, "load", lambda name: types.SimpleNamespace(run=_fake_run))
    out = tmp_path / "fake.json"
    assert main(["bench", "fake", "--quick", "--json", str(out)]) == 0
    said = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("ran on: ")]
    assert len(said) == 1, said
    torch = _torch_version()
    assert (f"torch {torch}" if torch else "no torch") in said[0]
    figures = json.loads(out.read_text())
    assert figures["quick"] is True and figures["machine"]["torch"] == torch
    assert figures["machine"]["processor"] in said[0] and f"{figures['machine']['cpus']} logical CPUs" in said[0]


def test_a_script_says_it_too_and_keeps_a_benchmarks_own_machine_field(tmp_path, capsys):
    out = tmp_path / "t.json"
    run = lambda quick=False: {"name": "t", "machine": "x86_64"}  # noqa: E731 (as trackers.py gives it: a string)
    assert bench.script_main("t", None, run, ["--json", str(out)]) == 0
    assert sum(ln.startswith("ran on: ") for ln in capsys.readouterr().out.splitlines()) == 1
    figures = json.loads(out.read_text())
    assert figures["machine"] == "x86_64" and figures["ran_on"]["torch"] == _torch_version()
