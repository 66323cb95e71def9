"""`workbench bench` (no name) listed the core's and the plugins' benchmarks in one line of names, none saying
where it came from; ``bench.listing()`` gives one a line with the core's file or the plugin(s) contributing it."""
from __future__ import annotations

from workbench.core import bench
from workbench.core import registry as reg_mod
from workbench.core.registry import Plugin, Registry


def test_each_benchmark_says_where_it_comes_from(monkeypatch):
    reg = Registry()
    reg.add(Plugin("mine", "tracker", lambda c, d: None, benchmarks={"mine_speed": "mypkg.bench"}))
    reg.add(Plugin("mine_pruned", "tracker", lambda c, d: None, benchmarks={"mine_speed": "mypkg.bench"}))
    reg.add(Plugin("other", "segmenter", lambda c, d: None, benchmarks={"evaluation": "otherpkg.bench"}))
    monkeypatch.setattr(reg_mod, "default_registry", lambda reload=False: reg)
    where = bench.origins()
    assert where["trackers"] == "core (benchmarks/trackers.py)"
    assert where["mine_speed"] == "plugins mine, mine_pruned"
    # a plugin's benchmark under a core name: the core's runs; said rather than listed twice
    assert where["evaluation"] == "core (benchmarks/evaluation.py); plugin other's is not run by this name"
    assert sorted(where) == bench.available()
    lines = bench.listing().splitlines()
    assert lines[0].startswith("benchmarks (workbench bench NAME")
    row = next(r for r in lines if r.split()[0] == "mine_speed")
    assert row.endswith("plugins mine, mine_pruned") and len(lines) == len(where) + 1
