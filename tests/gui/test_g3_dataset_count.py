"""The Dataset dock's title counts its sequences in words that fit the count: "1 sequence", "2 sequences"
(it said "1 sequences")."""
from __future__ import annotations

from tests.gui.test_open_bad_input import _otb


def test_dataset_title_says_one_sequence(window, tmp_path):
    w = window
    one, two = tmp_path / "one", tmp_path / "two"
    _otb(one, "alpha")
    _otb(two, "alpha")
    _otb(two, "beta")
    assert w.open_path(one, as_dataset=True)  # (a folder of one sequence opens as it, unless asked)
    assert "— 1 sequence<" in w.dataset.title.text(), w.dataset.title.text()
    assert w.open_path(two)
    assert "— 2 sequences<" in w.dataset.title.text(), w.dataset.title.text()
