"""``bench generalisation``'s choice of learned trackers (``$WORKBENCH_BENCH_TRACKERS``)."""
import pytest

from workbench.core.bench import load
from workbench.core.errors import WorkbenchError


def test_bench_trackers_env_picks_learned_trackers(monkeypatch):
    gen = load("generalisation")
    monkeypatch.delenv("WORKBENCH_BENCH_TRACKERS", raising=False)
    assert gen.learned_trackers() == gen.LEARNED
    monkeypatch.setenv("WORKBENCH_BENCH_TRACKERS", " nas_tir , siamfcpp")
    assert gen.learned_trackers() == ("nas_tir", "siamfcpp")
    for bad in ("kcf", "nas_tir,nope", ","):
        monkeypatch.setenv("WORKBENCH_BENCH_TRACKERS", bad)
        with pytest.raises(WorkbenchError, match="WORKBENCH_BENCH_TRACKERS"):
            gen.learned_trackers()
