"""`workbench train lw_irstnet --cv K` / `--final` run again into a folder whose run is finished: the cross-validation
rewrote OUT/cv.json with the new run's command and sources (another --data with the same image names took the old
figures as its own), the final training 'resumed' with nothing to do and rewrote final.json with the new pool. Both
are refused in one line naming the file; an unfinished one still resumes. Folders made by hand (no training)."""
import json

from tiny_sirst import tiny_sirst


def _sirst(root, n=4, size=16):
    return tiny_sirst(root, n, size)


def _argv(data, out, *more):
    return ["train", "lw_irstnet", "--data", str(data), "--split", "", "--val-split", "", "--epochs", "1",
            "--batch-size", "1", "--crop", "16", "--threads", "1", "--device", "cpu", "--out", str(out), *more]


def _files(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.suffix != ".txt"}


def test_a_finished_cross_validation_is_refused_and_kept(tmp_path, capsys):
    from workbench.cli import main as cli

    data = _sirst(tmp_path / "set")
    out = tmp_path / "cv"
    for k in range(2):
        (out / f"fold_{k}").mkdir(parents=True)
        (out / f"fold_{k}" / "score.json").write_text(json.dumps({"fold": k, "epoch": 1, "train_images": 2, "val_images": 2, "miou": 0.5,
                                                                "niou": 0.5, "f1": 0.5, "pd": 1.0, "fa_e6": 3.0}))
    (out / "cv.json").write_text('{"k": 2, "complete": true, "command": "the earlier run"}')
    before = _files(out)
    assert cli(_argv(data, out, "--cv", "2")) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"workbench: error: --out {out}: holds a finished cross-validation already "
                          f"({out / 'cv.json'}") and "--final into another --out" in err and len(err.splitlines()) == 1
    assert cli(_argv(data, out, "--cv", "2", "--folds", "1")) == 2  # a fold scored already: nothing to do either
    assert "holds a finished cross-validation" in capsys.readouterr().err
    assert _files(out) == before
    # a fold without its score (cancelled, or its score.json deleted) is still what a rerun trains
    from workbench_lw_irstnet import cv, train

    (out / "fold_1" / "score.json").unlink()
    args = train.parser().parse_args(_argv(data, out, "--cv", "2")[2:])
    assert cv.finished_selection(args) is None


def test_a_finished_final_training_is_refused_and_kept(tmp_path, capsys):
    import torch

    from workbench.cli import main as cli
    from workbench.core.training.checkpoints import save_checkpoint
    from workbench_lw_irstnet import train
    from workbench_lw_irstnet.model import LWIRSTNet

    data = _sirst(tmp_path / "set")
    out = tmp_path / "final"
    out.mkdir()
    args = train.parser().parse_args(_argv(data, out, "--final")[2:])
    net = LWIRSTNet()
    save_checkpoint(out / "last.pt", net, torch.optim.Adam(net.parameters()), epoch=1,
                    extra={"recipe": train.recipe_of(args)})
    (out / "final_weights.pt").write_bytes(b"weights")
    (out / "final.json").write_text('{"names": ["img0", "img1", "img2", "img3"]}')
    before = _files(out)
    assert cli(_argv(data, out, "--final")) == 2
    err = capsys.readouterr().err.strip()
    assert err == (f"workbench: error: --out {out}: holds a finished final training already ({out / 'final.json'}, "
                   f"{out / 'final_weights.pt'}): give another --out"), err
    assert _files(out) == before
