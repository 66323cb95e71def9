"""`workbench bench -h` said "run a benchmark from benchmarks/", but plugins contribute benchmarks too."""
import pytest

from workbench.cli import main


def test_bench_help_says_plugins_contribute_benchmarks(capsys):
    with pytest.raises(SystemExit) as got:
        main(["bench", "-h"])
    assert got.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "plugin contributes" in text and "benchmarks/" in text
