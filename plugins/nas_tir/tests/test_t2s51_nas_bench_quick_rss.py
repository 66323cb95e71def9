"""`workbench bench nas --quick` printed "nan" in the RSS growth column (--quick does not run the subprocess that
measures it): the cell now reads "—" and a note under the table says it was not measured and why; the JSON holds
null, not NaN."""
from __future__ import annotations

import json

import pytest

pytest.importorskip("torch")
bench = pytest.importorskip("workbench_nas_tir.bench")


def test_quick_bench_says_rss_not_measured(monkeypatch, capsys):
    # the derived networks and the tracking timing are not what is under test: stubbed to keep this fast
    monkeypatch.setattr(bench, "derived_sizes", lambda quick: [{"cell": "dual", "cells": 16, "dims": 512,
                                                                "width": 16, "params": 1, "flops": 1,
                                                                "genotype": "stub"}])
    monkeypatch.setattr(bench, "tracking_times", lambda quick: None)
    monkeypatch.setattr(bench, "SEARCH", dict(bench.SEARCH, cells=2, width=4, dims=8, reductions=1, n_classes=4))
    monkeypatch.setattr(bench, "BATCH", (2, 16))
    monkeypatch.setattr(bench, "RES", bench.RES / "no-such-folder")  # no shipped-backbone section either
    monkeypatch.setattr(bench, "_rss_child", lambda partial: pytest.fail("--quick ran the RSS subprocess"))
    figures = bench.run(quick=True)
    out = capsys.readouterr().out
    table = out.split("step_time_ratio")[0]
    assert "nan" not in table.lower()
    rows = [line for line in table.splitlines() if line.lstrip().startswith(("full", "partial"))]
    assert len(rows) == 2 and all("—" in r for r in rows)
    assert "not measured with --quick" in table
    assert all(s["rss_growth_mb"] is None for s in figures["search_step"].values())
    assert "NaN" not in json.dumps(figures["search_step"], default=str)


def test_failed_rss_subprocess_is_said_not_printed_as_nan():
    assert bench._mb(float("nan")) == "—" and bench._mb(None) == "—" and bench._mb(12.34) == "12.3"
    assert "failed" in bench._rss_note(False)
