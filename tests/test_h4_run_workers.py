"""`workbench run --workers`: taken without a word and unused on the local backend and with --address, and
--workers 1000 started that many worker processes until memory ran out; both refused before any work."""
from __future__ import annotations

import os

from tests.test_h4_outputs import make_tiny
from workbench.cli import main


def test_workers_refused_where_unused_or_beyond_the_machine(tmp_path, capsys):
    seq = make_tiny(tmp_path) / "data" / "seqA"
    base = ["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(tmp_path / "out")]
    assert main(base + ["--workers", "2"]) == 2  # first: the old code ran this one (locally, --workers unused)
    assert "--workers sizes the loopback Dask cluster" in capsys.readouterr().err
    too_many = 4 * (os.cpu_count() or 1) + 1
    assert main(base + ["--backend", "dask", "--workers", str(too_many)]) == 2
    assert f"--workers {too_many}: must be at most {too_many - 1}" in capsys.readouterr().err
    assert main(base + ["--backend", "dask", "--address", "tcp://127.0.0.1:1", "--workers", "2"]) == 2
    assert "a cluster at --address has its own workers" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
