"""``workbench bench`` without a name printed the benchmarks' names only: which are the core's and which a
plugin's (and which plugin) was left for the user to find in the code; it prints ``bench.listing()``."""
from workbench.cli import main


def test_bench_without_a_name_says_where_each_comes_from(capsys):
    assert main(["bench"]) == 0
    out = capsys.readouterr().out
    lines = {ln.split()[0]: ln for ln in out.splitlines()[1:] if ln.strip()}
    assert "core (benchmarks/trackers.py)" in lines["trackers"]
    assert "plugin lw_irstnet" in lines["lw_irstnet"]
