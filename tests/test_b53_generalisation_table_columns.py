"""``bench generalisation``'s table: the held-out column was 40 characters wide, and NAS-TIR's entry ("7 (all but
otb_crossing,vottir2016_horse)", 41) pushed that row's figures one place right of their columns; and the table gave
the tracker's AUC beside KCF's and NanoTrack's without a ratio, where the other benchmarks give one to their peers.
The column is as wide as its longest entry, every figure row lines up, and each row has its AUC as a ratio of KCF's
and NanoTrack's, printed and in the JSON rows."""
from __future__ import annotations

import types

import pytest

from workbench.core.bench import load

SEVEN = ["boat5", "car14", "person11", "vot2017_book", "vot2017_tiger", "vottir2016_crowd", "wakeboard7"]
PAIR = ["vottir2016_crowd", "vottir2016_horse"]


@pytest.fixture
def gen():
    return load("generalisation")


def _scores(auc):
    return {s: {"auc": auc, "p20": 0.5, "fps": 10.0, "tre_auc": auc / 2, "tre_p20": 0.25} for s in SEVEN + PAIR +
            ["otb_crossing"]}


def _run(gen, monkeypatch, capsys):
    seqs = [types.SimpleNamespace(name=n) for n in sorted(set(SEVEN + PAIR + ["otb_crossing"]))]
    monkeypatch.setattr(gen, "sequences", lambda quick: (seqs, "real: test"))
    monkeypatch.setattr(gen, "tre_starts", lambda: 10)
    monkeypatch.setattr(gen, "track_all", lambda names, s, tre=0: {
        "kcf": _scores(0.4), "nanotrack": _scores(0.8), "siamfcpp": _scores(0.44), "ps_siamfcpp": _scores(0.2),
        "nas_tir": _scores(0.6)})
    monkeypatch.setattr(gen, "sampler_throughput", lambda quick: {
        "pairs_per_s_first_pass": 1.0, "pairs_per_s_second_pass": 1.0, "pairs": 1, "x_size": 255, "sources": 1})
    monkeypatch.setattr(gen, "train_throughput", lambda quick: {"status": "not reachable: test"})
    result = gen.run(quick=True)
    return result, capsys.readouterr().out


def test_every_figure_row_lines_up(gen, monkeypatch, capsys):
    _, out = _run(gen, monkeypatch, capsys)
    lines = out.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("tracker "))
    rows = [ln for ln in lines[start + 2:] if " / " in ln and "settings chosen" not in ln]
    assert len(rows) == 6, rows  # three trackers, each one-pass and TRE
    assert any(ln.startswith("nas_tir      7 (all but otb_crossing,vottir2016_horse)") for ln in rows), rows
    assert len({ln.index(" / ") for ln in rows}) == 1, rows
    assert len({len(ln) for ln in rows}) == 1, rows
    assert lines[start].split()[-4:] == ["x", "KCF", "x", "Nano"]


def test_ratios_to_the_peers_printed_and_in_the_rows(gen, monkeypatch, capsys):
    result, out = _run(gen, monkeypatch, capsys)
    by = {r["tracker"]: r for r in result["rows"]}
    assert by["siamfcpp"]["auc_vs_kcf"] == pytest.approx(1.1) and by["siamfcpp"]["auc_vs_nanotrack"] == pytest.approx(0.55)
    assert by["ps_siamfcpp"]["tre_auc_vs_kcf"] == pytest.approx(0.5)
    line = next(ln for ln in out.splitlines() if ln.startswith("siamfcpp "))
    assert line.split()[-2:] == ["1.10x", "0.55x"]
