"""``workbench detect --model seq_irst`` had no ``--split`` (``open_many`` takes one since d7ea200, its parser did
not pass it): an ITSDT-15K root's train and test sequences could only be scored together. ``--split`` takes one
split's sequences alone (an ITSDT-15K COCO split, an Anti-UAV split folder); the --json report names it
(``split``) and each sequence's split (``per_sequence[<name>]["split"]``, also without --split)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("torch")

from tests.test_e2_53_box_scored_ir_sequences import _antiuav, _itsdt  # noqa: E402


def _detect(tmp_path, root, *more) -> dict:
    from workbench_seq_irst import detector
    from workbench_seq_irst.config import default_weights

    if not Path(default_weights()).is_file():
        pytest.skip(f"no shipped seq_irst weights ({default_weights()})")
    js = tmp_path / f"d{len(list(tmp_path.glob('d*.json')))}.json"
    assert detector.main(["--sequence", str(root), "--json", str(js), "--device", "cpu", *more]) == 0
    return json.loads(js.read_text())


def test_detect_split_takes_one_split_and_names_it(tmp_path):
    root = _itsdt(tmp_path / "ITSDT")
    rep = _detect(tmp_path, root, "--split", "test")
    assert rep["split"] == "test"
    assert sorted(rep["per_sequence"]) == ["58"] and rep["per_sequence"]["58"]["split"] == "test"
    rep = _detect(tmp_path, root)  # both splits, each sequence's named
    assert rep["split"] is None
    assert {k: v["split"] for k, v in rep["per_sequence"].items()} == {"1": "train", "58": "test"}
    uav = _detect(tmp_path, _antiuav(tmp_path / "AntiUAV410"), "--split", "val")
    assert sorted(uav["per_sequence"]) == ["03_y"] and uav["per_sequence"]["03_y"]["split"] == "val"


def test_detect_split_not_there_is_refused_naming_those_there(tmp_path):
    from workbench.core.errors import WorkbenchError

    with pytest.raises(WorkbenchError, match="no sequence of split 'val' here .its splits: test, train"):
        _detect(tmp_path, _itsdt(tmp_path / "ITSDT"), "--split", "val")
    assert not list(tmp_path.glob("d*.json"))
