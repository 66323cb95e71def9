"""--cv's table says "1 fold" and no spread when one fold is scored (it read "0.5000±0.0000", as if folds had agreed
exactly); --cv / --final on a set without splits/ and no --split take every image (they refused "no split
'train.txt'", an option the user never gave), while a --split the user names is still refused when not there."""
import cv2
import numpy as np
import pytest

from workbench.core.errors import WorkbenchError

pytestmark = pytest.mark.usefixtures("one_thread")


def _fold(k, miou):
    return {"fold": k, "val_images": 3, "train_images": 2, "miou": miou, "niou": miou, "f1": miou, "pd": 1.0,
            "fa_e6": 12.5}


def test_one_fold_shows_no_spread_and_two_do():
    from workbench_lw_irstnet.cv import cv_table, summarize

    one = [_fold(0, 0.5)]
    table = cv_table({"folds": one, **summarize(one)})
    assert "±" not in table and "1 fold" in table
    two = [_fold(0, 0.5), _fold(1, 0.7)]
    table = cv_table({"folds": two, **summarize(two)})
    assert "mean ± std" in table and f"0.6000±{np.std([0.5, 0.7], ddof=1):.4f}" in table


def test_the_train_tabs_block_shows_no_spread_for_one_fold():
    pytest.importorskip("PySide6")
    from workbench_lw_irstnet.cv import summarize
    from workbench_lw_irstnet.panel import cv_summary

    one = [_fold(0, 0.5)]
    block = cv_summary({"folds": one, **summarize(one)})
    assert block.splitlines()[0] == "1 fold" and "±" not in block and "0.500" in block
    two = [_fold(0, 0.5), _fold(1, 0.7)]
    block = cv_summary({"folds": two, **summarize(two)})
    assert block.startswith("2 folds") and "0.600 ± 0.141" in block


def _set_without_splits(root):
    for d in ("images", "masks"):
        (root / d).mkdir(parents=True)
    for i in range(5):
        img, m = np.full((32, 32), 40 + 5 * i, np.uint8), np.zeros((32, 32), np.uint8)
        img[10:13, 10 + i:13 + i], m[10:13, 10 + i:13 + i] = 220, 255
        cv2.imwrite(str(root / "images" / f"img{i}.png"), img)
        cv2.imwrite(str(root / "masks" / f"img{i}_pixels0.png"), m)
    return root


def _args(data, out, *more):
    return ["--data", str(data), "--epochs", "1", "--batch-size", "2", "--crop", "16", "--threads", "1",
            "--out", str(out), *more]


def test_cv_on_a_set_without_splits_pools_every_image(tmp_path, capsys):
    import json

    from workbench_lw_irstnet import command

    data = _set_without_splits(tmp_path / "set")
    out = tmp_path / "out"
    assert command.main(_args(data, out, "--cv", "2", "--folds", "0")) == 0
    cv = json.loads((out / "cv.json").read_text())
    assert cv["pool"]["images"] == 5
    assert "no splits/ folder: the pool is every image" in (out / "cv_log.txt").read_text()
    assert "1 fold" in capsys.readouterr().out


def test_a_split_named_on_a_set_without_splits_is_refused_saying_what_to_give(tmp_path):
    from workbench_lw_irstnet import command

    data = _set_without_splits(tmp_path / "set")
    out = tmp_path / "out"
    with pytest.raises(WorkbenchError, match=r"no split 'train.txt' \(no splits/ folder\).*--split '' trains on every"):
        command.main(_args(data, out, "--cv", "2", "--split", "train.txt"))
    assert not out.exists()


def test_the_train_tabs_cross_validation_pools_every_image_of_a_set_without_splits(qtbot, tmp_path, monkeypatch):
    pytest.importorskip("PySide6")
    from workbench.core.registry import Registry
    from workbench_lw_irstnet import PLUGIN, cv
    from workbench_lw_irstnet.panel import Panel

    seen = []

    def fake_run_cv(ctx, args, log, command="", ready=None):  # the split the window's job asks for; no training
        seen.append(args.split)
        rows = [_fold(0, 0.5)]
        return {"folds": rows, **cv.summarize(rows), "complete": False}

    monkeypatch.setattr(cv, "run_cv", fake_run_cv)
    reg = Registry()
    reg.add(PLUGIN)
    panel = Panel(reg.get("lw_irstnet"))
    qtbot.addWidget(panel)
    panel.setCurrentIndex(1)  # the Train tab, built when opened
    qtbot.waitUntil(lambda: hasattr(panel, "cv_result_label") and not panel.__dict__.get("_lazy", {}).get(1))
    panel.tr_root.setText(str(_set_without_splits(tmp_path / "set")))
    panel.tr_out.setText(str(tmp_path / "out"))
    assert panel.start_cv()
    qtbot.waitUntil(lambda: bool(seen), timeout=20000)
    assert seen == [""]  # every image (the job refused "no split 'train.txt'" before)
    qtbot.waitUntil(lambda: "1 fold" in panel.cv_result_label.text(), timeout=20000)  # the job done and shown


def test_a_plain_training_on_a_set_without_splits_is_told_the_command_that_runs(tmp_path):
    import shlex

    from workbench_lw_irstnet import command

    data = _set_without_splits(tmp_path / "set")
    out = tmp_path / "out"
    with pytest.raises(WorkbenchError, match="no splits/ folder, so no train.txt / val.txt") as exc:
        command.main(_args(data, out))
    assert not out.exists()
    said = str(exc.value)
    cmd = shlex.split(said.split("`")[1])  # the command it gives runs
    assert cmd[:3] == ["workbench", "train", "lw_irstnet"] and cmd[-4:] == ["--split", "", "--val-split", ""]
    assert command.main(cmd[3:]) == 0 and (out / "last.pt").is_file()
