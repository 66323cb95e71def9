"""`workbench train lw_irstnet --final` into a finished `--cv` folder was accepted and wrote last.pt /
best_weights.pt / final_weights.pt beside cv.json, although the --cv refusal there tells users to train --final
into another --out; `--cv` into a final training's folder wrote its folds beside the final weights. Both are refused
in one line naming the file, before anything is written. Folders made by hand (no training needed)."""
import json

from tiny_sirst import tiny_sirst


def _argv(data, out, *more):
    return ["train", "lw_irstnet", "--data", str(data), "--split", "", "--val-split", "", "--epochs", "1",
            "--batch-size", "1", "--crop", "16", "--threads", "1", "--device", "cpu", "--out", str(out), *more]


def _files(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_final_into_a_cross_validation_folder_is_refused_and_writes_nothing(tmp_path, capsys):
    from workbench.cli import main as cli

    data, out = tiny_sirst(tmp_path / "set"), tmp_path / "cv"
    for k in range(2):
        (out / f"fold_{k}").mkdir(parents=True)
        (out / f"fold_{k}" / "score.json").write_text(json.dumps({"fold": k, "epoch": 1, "miou": 0.5}))
    (out / "cv.json").write_text('{"k": 2, "complete": true, "command": "the earlier run"}')
    before = _files(out)
    assert cli(_argv(data, out, "--final")) == 2
    err = capsys.readouterr().err.strip()
    assert err == (f"workbench: error: --out {out}: holds a cross-validation ({out / 'cv.json'}): train the chosen "
                   "recipe with --final into another --out"), err
    assert _files(out) == before  # no last.pt, best_weights.pt, final_weights.pt, log


def test_final_into_a_cancelled_cross_validation_folder_names_its_fold(tmp_path, capsys):
    from workbench.cli import main as cli

    data, out = tiny_sirst(tmp_path / "set"), tmp_path / "cv"
    (out / "fold_0").mkdir(parents=True)  # stopped in its first fold: no cv.json yet
    assert cli(_argv(data, out, "--final")) == 2
    assert f"holds a cross-validation ({out / 'fold_0'})" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["fold_0"]


def test_cross_validation_into_a_final_training_folder_is_refused(tmp_path, capsys):
    from workbench.cli import main as cli

    data, out = tiny_sirst(tmp_path / "set"), tmp_path / "final"
    out.mkdir()
    (out / "final_pool.json").write_text('{"pool": {"images": 4}}')
    (out / "final.json").write_text('{"epochs": 1}')
    before = _files(out)
    assert cli(_argv(data, out, "--cv", "2")) == 2
    err = capsys.readouterr().err.strip()
    assert err == (f"workbench: error: --out {out}: holds a final training ({out / 'final_pool.json'}): give "
                   "another --out for the cross-validation"), err
    assert _files(out) == before
