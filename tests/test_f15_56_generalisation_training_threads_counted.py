"""``bench generalisation``'s training line said "1 threads": one thread is said in the singular, more in the
plural, and a history that records none says so."""
from __future__ import annotations

import pytest

from workbench.core.bench import load


def _line(capsys, threads):
    gen = load("generalisation")
    result = {"source": "test", "rows": [], "settings": {"tre_starts": 0, "cpus": 2},
              "sampler": {"pairs_per_s_first_pass": 1.0, "pairs_per_s_second_pass": 2.0, "pairs": 4, "x_size": 255,
                          "sources": 1},
              "train": {"status": "ok", "pairs_per_s": 3.0, "steps": 2, "batch": 4, "device": "cpu",
                        "threads": threads, "train_s": 2.5}}
    gen.print_table(result)
    out = capsys.readouterr().out
    return next(ln for ln in out.splitlines() if ln.startswith("siamfcpp training:"))


@pytest.mark.parametrize("threads, said", [(1, "cpu, 1 thread;"), (4, "cpu, 4 threads;"),
                                           (None, "cpu, threads not recorded;")])
def test_threads_said_in_their_number(capsys, threads, said):
    line = _line(capsys, threads)
    assert said in line, line
