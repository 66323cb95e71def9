"""``bench generalisation``'s table padded its cells with f-strings and sized the held-out column by ``len()``, so a
sequence named in Chinese (shown two columns a character) pushed that row's figures off their columns, where every
other benchmark's table pads by the columns a terminal shows (plots.render_table). The figures line up, counted in
terminal columns, with such a name in a row."""
from __future__ import annotations

import types

from workbench.core.bench import load
from workbench.core.evaluation.plots import text_columns

NAMES = ["红外无人机一号", "boat5", "vottir2016_horse"]


def _scores(auc):
    return {s: {"auc": auc, "p20": 0.5, "fps": 10.0} for s in NAMES}


def test_a_chinese_sequence_name_keeps_the_figures_in_their_columns(monkeypatch, capsys):
    gen = load("generalisation")
    seqs = [types.SimpleNamespace(name=n) for n in NAMES]
    monkeypatch.setattr(gen, "sequences", lambda quick: (seqs, "real: test"))
    monkeypatch.setattr(gen, "tre_starts", lambda: 0)
    monkeypatch.setattr(gen, "TRAINED_ON", {"siamfcpp": ("红外无人机一号",), "ps_siamfcpp": ("boat5",),
                                            "nas_tir": ()})
    monkeypatch.setattr(gen, "SELECTED_ON", {})
    monkeypatch.setattr(gen, "track_all", lambda names, s, tre=0: {
        "kcf": _scores(0.4), "nanotrack": _scores(0.8), "siamfcpp": _scores(0.44), "ps_siamfcpp": _scores(0.2),
        "nas_tir": _scores(0.6)})
    monkeypatch.setattr(gen, "sampler_throughput", lambda quick: {
        "pairs_per_s_first_pass": 1.0, "pairs_per_s_second_pass": 1.0, "pairs": 1, "x_size": 255, "sources": 1})
    monkeypatch.setattr(gen, "train_throughput", lambda quick: {"status": "not reachable: test"})
    gen.run(quick=True)
    lines = capsys.readouterr().out.splitlines()
    rows = [ln for ln in lines if ln.split()[:1] in (["siamfcpp"], ["ps_siamfcpp"], ["nas_tir"]) and " / " in ln]
    assert len(rows) == 3, lines
    assert any("红外无人机一号" in ln for ln in rows) and "红外无人机一号" not in rows[0], rows
    head = next(ln for ln in lines if ln.startswith("tracker "))
    at = {text_columns(ln[:ln.index(" / ")]) for ln in rows}  # where the first figure's " / " is shown
    assert len(at) == 1, rows
    assert {text_columns(ln) for ln in rows} == {text_columns(head)}, [head] + rows  # each ends under "x Nano"
