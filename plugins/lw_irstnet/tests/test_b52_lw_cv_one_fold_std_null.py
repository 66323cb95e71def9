"""A cross-validation with one fold scored records no spread: ``std`` is null in cv.json (it was 0.0 for every
figure, which read as folds that agreed exactly); the readers (the command's table, the Train tab's block) cope
with null and write "—" where a spread would stand."""
import json

import numpy as np
import pytest
from tiny_sirst import tiny_sirst

pytestmark = pytest.mark.usefixtures("one_thread")


def _fold(k, miou):
    return {"fold": k, "val_images": 2, "train_images": 2, "miou": miou, "niou": miou, "f1": miou, "pd": 1.0,
            "fa_e6": 3.5}


def test_one_scored_fold_writes_a_null_std_and_the_table_still_reads(tmp_path, capsys):
    from workbench_lw_irstnet import command

    data = tiny_sirst(tmp_path / "set", n=4, size=16)
    out = tmp_path / "out"
    assert command.main(["--data", str(data), "--split", "", "--epochs", "1", "--batch-size", "2", "--crop", "16",
                         "--threads", "1", "--out", str(out), "--cv", "2", "--folds", "0"]) == 0
    cv = json.loads((out / "cv.json").read_text())
    assert len(cv["folds"]) == 1 and not cv["complete"]
    assert cv["std"] and all(v is None for v in cv["std"].values()), cv["std"]
    assert cv["mean"]["miou"] == pytest.approx(cv["folds"][0]["miou"])  # the mean of one fold is that fold
    printed = capsys.readouterr().out
    assert "1 fold" in printed and "±0.0000" not in printed


def test_summaries_say_a_dash_for_an_undefined_spread():
    from workbench.core.evaluation.plots import spread_text  # the one helper, seq_irst's LOSO uses it too
    from workbench_lw_irstnet.cv import cv_table, summarize

    one = summarize([_fold(0, 0.5)])
    assert one["std"] == {m: None for m in one["mean"]}
    assert json.loads(json.dumps(one))["std"]["miou"] is None  # null in the file
    two = summarize([_fold(0, 0.5), _fold(1, 0.7)])
    assert two["std"]["miou"] == pytest.approx(np.std([0.5, 0.7], ddof=1))
    assert spread_text(None, 3) == "—" and spread_text(0.25, 2) == "0.25"
    # a record with a null spread beside several folds (written by hand, or merged) is read, not a TypeError
    rec = {"folds": [_fold(0, 0.5), _fold(1, 0.7)], **two, "std": {**two["std"], "miou": None}}
    assert "0.6000±—" in cv_table(rec)


def test_the_train_tabs_block_reads_a_null_std():
    pytest.importorskip("PySide6")
    from workbench_lw_irstnet.cv import summarize
    from workbench_lw_irstnet.panel import cv_summary

    one = [_fold(0, 0.5)]
    rec = json.loads(json.dumps({"folds": one, **summarize(one)}))  # as read back from cv.json
    block = cv_summary(rec)
    assert block.splitlines()[0] == "1 fold" and "0.500" in block and "±" not in block
    two = [_fold(0, 0.5), _fold(1, 0.7)]
    rec = {"folds": two, **summarize(two)}
    rec["std"]["niou"] = None
    block = cv_summary(rec)
    assert "0.600 ± 0.141" in block and "0.600 ± —" in block
