"""A researcher's own data in the layouts of the public sets, through the plugin's own commands."""
import json
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch

from workbench.core.errors import WorkbenchError


def _irstd1k(root: Path, n=8, size=(40, 48)) -> Path:
    """IRSTD-1k's layout: IRSTD1k_Img/ + IRSTD1k_Label/ (masks named as the images), trainval.txt / test.txt."""
    rng = np.random.default_rng(3)
    (root / "IRSTD1k_Img").mkdir(parents=True)
    (root / "IRSTD1k_Label").mkdir()
    names = []
    for i in range(n):
        img = rng.normal(60, 8, size).clip(0, 255).astype(np.uint8)
        m = np.zeros(size, np.uint8)
        y, x = int(rng.integers(5, size[0] - 5)), int(rng.integers(5, size[1] - 5))
        cv2.circle(img, (x, y), 2, 230, -1)
        cv2.circle(m, (x, y), 2, 255, -1)
        cv2.imwrite(str(root / "IRSTD1k_Img" / f"XDU{i}.png"), img)
        cv2.imwrite(str(root / "IRSTD1k_Label" / f"XDU{i}.png"), m)
        names.append(f"XDU{i}")
    (root / "trainval.txt").write_text("\n".join(names[:6]) + "\n")
    (root / "test.txt").write_text("\n".join(names[6:]) + "\n")
    return root


def _weights(path: Path) -> Path:
    from workbench_lw_irstnet.model import LWIRSTNet

    torch.manual_seed(0)
    torch.save(LWIRSTNet().state_dict(), path)
    return path


def test_segment_scores_an_irstd1k_layout_split(tmp_path, capsys):
    """`segment --dataset IRSTD1K --split test.txt` was taken for pictures without masks: all images
    segmented, the split ignored, 'nothing scored'."""
    from workbench_lw_irstnet import evaluate

    data = _irstd1k(tmp_path / "irstd")
    assert not evaluate.is_plain_images(data)
    js = tmp_path / "seg.json"
    assert evaluate.main(["--dataset", str(data), "--split", "test.txt", "--weights", str(_weights(tmp_path / "w.pt")),
                          "--json", str(js), "--device", "cpu", "--threads", "1"]) == 0
    assert "nothing scored" not in capsys.readouterr().out
    res = json.loads(js.read_text())
    assert "miou" in res and len(res["per_image"]) == 2


def _sirst(root: Path, n=8, size=(40, 48)) -> Path:
    data = _irstd1k(root / "src", n, size)
    for d in ("images", "masks", "splits"):
        (root / d).mkdir(parents=True, exist_ok=True)
    for p in sorted((data / "IRSTD1k_Img").glob("*.png")):
        (root / "images" / p.name).write_bytes(p.read_bytes())
        (root / "masks" / f"{p.stem}_pixels0.png").write_bytes((data / "IRSTD1k_Label" / p.name).read_bytes())
    (root / "splits" / "train.txt").write_text((data / "trainval.txt").read_text())
    (root / "splits" / "val.txt").write_text((data / "test.txt").read_text())
    return root


def test_resume_refuses_another_optimizer_or_network_and_keeps_the_checkpoint(tmp_path):
    """--resume with --optimizer sgd on an Adam checkpoint stopped in the first step with a KeyError
    traceback; a checkpoint of another network printed torch's key lists in a traceback."""
    from workbench_lw_irstnet import train

    data = _sirst(tmp_path / "data")
    out = tmp_path / "run"
    base = ["--data", str(data), "--batch-size", "3", "--crop", "32", "--threads", "1", "--device", "cpu",
            "--out", str(out)]
    assert train.main(base + ["--epochs", "1"]) == 0
    last = out / "last.pt"
    before = last.read_bytes()
    with pytest.raises(WorkbenchError, match=r"last\.pt: trained with --optimizer adam.*--optimizer sgd"):
        train.main(base + ["--epochs", "2", "--optimizer", "sgd", "--resume", str(last)])
    assert last.read_bytes() == before
    other = tmp_path / "other.pt"
    torch.save({"backbone.conv1.weight": torch.zeros(4, 3, 3, 3)}, other)
    with pytest.raises(WorkbenchError, match=r"other\.pt: .*do not fit LWIRSTNet"):
        train.main(base + ["--epochs", "2", "--resume", str(other)])
    assert last.read_bytes() == before
    assert train.main(base + ["--epochs", "2", "--resume", str(last)]) == 0  # the same recipe continues


def test_cv_and_final_refuse_a_folder_trained_with_another_recipe(tmp_path, capsys):
    """--cv with another --crop (or --cv K) into a cross-validation folder silently kept the old folds'
    figures under the new recipe; --final with another --lr / --epochs silently resumed the old final
    training and wrote its weights with the new recipe in final.json."""
    from workbench_lw_irstnet import command

    data = _sirst(tmp_path / "data", n=8)
    common = ["--data", str(data), "--split", "train.txt", "--epochs", "1", "--batch-size", "2", "--threads", "1",
              "--device", "cpu"]
    cv = tmp_path / "cv"
    assert command.main(["--cv", "2", "--crop", "32", "--out", str(cv)] + common) == 0
    score = (cv / "fold_0" / "score.json").read_text()
    with pytest.raises(WorkbenchError, match=r"fold_0.last\.pt: trained with another recipe \(--crop 32 there, 16 now"):
        command.main(["--cv", "2", "--crop", "16", "--out", str(cv)] + common)
    with pytest.raises(WorkbenchError, match=r"fold_0.score\.json: this fold held out other images"):
        command.main(["--cv", "3", "--crop", "32", "--out", str(cv)] + common)
    assert (cv / "fold_0" / "score.json").read_text() == score
    with pytest.raises(WorkbenchError, match="holds a finished cross-validation"):  # done: not written over
        command.main(["--cv", "2", "--crop", "32", "--out", str(cv)] + common)
    assert (cv / "fold_0" / "score.json").read_text() == score

    final = tmp_path / "final"
    assert command.main(["--final", "--crop", "32", "--out", str(final)] + common) == 0
    kept = {p.name: p.read_bytes() for p in final.glob("*.pt")}
    info = (final / "final.json").read_text()
    with pytest.raises(WorkbenchError, match=r"last\.pt: trained with another recipe \(--lr 0.0005 there, 0.01 now"):
        command.main(["--final", "--crop", "32", "--lr", "0.01", "--out", str(final)] + common)
    assert {p.name: p.read_bytes() for p in final.glob("*.pt")} == kept and (final / "final.json").read_text() == info


def test_final_checks_the_folder_s_recipe_before_reading_the_images(tmp_path, monkeypatch):
    """--final into a folder of another recipe decoded every image of the pool before refusing it."""
    from workbench.core.training.checkpoints import save_checkpoint
    from workbench_lw_irstnet import cv, train

    final = tmp_path / "final"
    args = train.parser().parse_args(["--final", "--data", str(tmp_path / "data"), "--crop", "32", "--out", str(final)])
    final.mkdir()
    save_checkpoint(final / "last.pt", torch.nn.Linear(1, 1), extra={"recipe": {**train.recipe_of(args), "crop": 64}})
    monkeypatch.setattr(cv, "build_pool", lambda *a, **k: pytest.fail("the pool was read first"))
    with pytest.raises(WorkbenchError, match=r"last\.pt: trained with another recipe \(--crop 64 there, 32 now\): "
                                             r"rerun with its options"):
        cv.run_final(None, args, log=lambda m: None)


def test_export_refuses_sizes_opsets_and_folders_it_cannot_write(tmp_path):
    """--fixed -8 and --opset 99 were torch tracebacks; --opset 5 wrote a graph onnxruntime refuses to load;
    --onnx FOLDER failed on its hidden temporary file."""
    from workbench_lw_irstnet import export

    w = str(_weights(tmp_path / "w.pt"))
    onnx = tmp_path / "lw.onnx"
    for argv, words in ((["--fixed", "-8"], r"--fixed -8: .*positive multiple of 8"),
                        (["--fixed", "12"], r"--fixed 12: must be 0 \(dynamic height / width\) or a positive multiple"),
                        (["--opset", "5"], r"--opset 5: must be between \d+ and \d+ \(the opsets torch .* exports"),
                        (["--opset", "99"], r"--opset 99: must be between")):
        with pytest.raises(WorkbenchError, match=words):
            export.main(["--onnx", str(onnx), "--weights", w, *argv])
    with pytest.raises(WorkbenchError, match=r"--onnx .*: is a folder"):
        export.main(["--onnx", str(tmp_path), "--weights", w])
    with pytest.raises(WorkbenchError, match=r"^--fixed 12: "):  # before the weights are read (was: after)
        export.main(["--onnx", str(onnx), "--weights", str(tmp_path / "missing.pt"), "--fixed", "12"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.pt"]
    assert export.main(["--onnx", str(onnx), "--weights", w, "--fixed", "32", "--opset", "13", "--check"]) == 0


@pytest.mark.parametrize("argv, words", [
    (["--threads", "-1"], r"--threads -1: must be at least 0 \(0: torch's default\)"),  # was torch's RuntimeError
    (["--weight-decay", "-1"], r"--weight-decay -1: must be at least 0$"),  # was Adam's ValueError traceback
    (["--val-every", "0"], r"--val-every 0: must be at least 1$"),
    (["--lr", "-1"], r"--lr -1: must be greater than 0$"),  # the one wording of workbench.core.options
    (["--ema", "1"], r"--ema 1: must be at least 0 and less than 1 \(0: off\)$"),
    (["--bg-frames", "0"], r"--bg-frames 0: must be at least 1$"),
    (["--extra", "elsewhere"], r"--extra belongs to --cv / --final"),  # was ignored without a word
])
def test_train_options_out_of_range_are_one_line(tmp_path, argv, words):
    from workbench_lw_irstnet import command

    data = _sirst(tmp_path / "data")
    with pytest.raises(WorkbenchError, match=words):
        command.main(["--data", str(data), "--epochs", "1", "--batch-size", "2", "--crop", "32", "--device", "cpu",
                      "--out", str(tmp_path / "run"), *argv])
    assert not (tmp_path / "run").exists()


def test_a_batch_larger_than_the_training_set_names_the_option(tmp_path):
    """Said as "6 training images is fewer than one batch of 64", without the option to change."""
    from workbench_lw_irstnet import command

    data = _sirst(tmp_path / "data")
    with pytest.raises(WorkbenchError, match=r"^--batch-size 64: more than the \d+ training images"):
        command.main(["--data", str(data), "--epochs", "1", "--batch-size", "64", "--crop", "32", "--device", "cpu",
                      "--threads", "1", "--out", str(tmp_path / "run")])


def test_segment_threads_below_zero_is_one_line(tmp_path):
    from workbench_lw_irstnet import evaluate

    data = _irstd1k(tmp_path / "irstd")
    # was torch's RuntimeError; core.options' wording
    with pytest.raises(WorkbenchError, match=r"^--threads -1: must be at least 0 \(0: torch's default\)$"):
        evaluate.main(["--dataset", str(data), "--weights", str(_weights(tmp_path / "w.pt")), "--threads", "-1"])


def test_import_of_our_own_weights_says_they_need_none(tmp_path):
    """`workbench import lw_irstnet` of a file our training wrote listed 490 missing and 574 unexpected keys."""
    from workbench.core.training import CheckpointError
    from workbench_lw_irstnet.import_released import import_file

    with pytest.raises(CheckpointError, match=r"w\.pt: already LW-IRSTNet weights of this workbench"):
        import_file(_weights(tmp_path / "w.pt"))


def test_resume_with_another_recipe_is_refused_and_more_epochs_continue(tmp_path, capsys):
    """`--resume last.pt --crop 16` (or --invert, another --lr ...) continued a run of another recipe, its
    history and checkpoint mixing the two; more --epochs is what resuming is for."""
    from workbench_lw_irstnet import train

    data = _sirst(tmp_path / "data")
    out = tmp_path / "run"
    base = ["--data", str(data), "--val-split", "", "--batch-size", "3", "--threads", "1", "--device", "cpu",
            "--out", str(out)]
    assert train.main(base + ["--epochs", "1", "--crop", "32"]) == 0
    assert "nan" not in capsys.readouterr().out.strip().splitlines()[-1]  # was "best epoch 0 (val miou nan)"
    kept = (out / "last.pt").read_bytes()
    with pytest.raises(WorkbenchError, match=r"last\.pt: trained with another recipe \(--crop 32 there, 16 now"):
        train.main(base + ["--epochs", "2", "--crop", "16", "--resume", str(out / "last.pt")])
    assert (out / "last.pt").read_bytes() == kept
    assert train.main(base + ["--epochs", "2", "--crop", "32", "--resume", str(out / "last.pt")]) == 0


def test_a_new_training_into_a_folder_with_one_is_refused(tmp_path):
    """Training again into --out without --resume wrote over the earlier run's last.pt / best weights."""
    from workbench_lw_irstnet import train

    data = _sirst(tmp_path / "data")
    argv = ["--data", str(data), "--epochs", "1", "--batch-size", "3", "--crop", "32", "--threads", "1",
            "--device", "cpu", "--out", str(tmp_path / "run")]
    assert train.main(argv) == 0
    kept = {p.name: p.read_bytes() for p in (tmp_path / "run").glob("*.pt")}
    with pytest.raises(WorkbenchError, match=r"--out .*run: holds a training already .*--resume"):
        train.main(argv)
    assert {p.name: p.read_bytes() for p in (tmp_path / "run").glob("*.pt")} == kept


def test_import_onto_its_own_file_is_refused(tmp_path):
    """`workbench import lw_irstnet X.pth --out X.pth` replaced the authors' weights with the converted ones."""
    import importlib.util

    from workbench_lw_irstnet import import_released

    spec = importlib.util.spec_from_file_location("_released", Path(__file__).with_name("test_lw_irstnet_import.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    theirs = tmp_path / "lw_state.pth"
    torch.save(mod.released_like(), theirs)
    before = theirs.read_bytes()
    with pytest.raises(WorkbenchError, match=r"--out .*lw_state\.pth: is the file being imported"):
        import_released.main([str(theirs), "--out", str(theirs)])
    assert theirs.read_bytes() == before
    assert import_released.main([str(theirs), "--out", str(tmp_path / "ours.pt")]) == 0


def test_export_onto_its_weights_is_refused(tmp_path):
    """`export lw_irstnet --weights W.pt --onnx W.pt` replaced the weights with the ONNX graph."""
    from workbench_lw_irstnet import export

    w = _weights(tmp_path / "w.pt")
    before = w.read_bytes()
    with pytest.raises(WorkbenchError, match=r"--onnx .*w\.pt: is the --weights file"):
        export.main(["--onnx", str(w), "--weights", str(w)])
    assert w.read_bytes() == before


def test_segment_takes_the_papers_fa_rule_and_dnanet_roc(tmp_path):
    """`segment --fa-rule areas --dnanet-roc 10`: DNANet's Fa rule and ROCMetric (the core had them, the
    command did not), named in the JSON; the default stays BasicIRSTD's current rule."""
    from workbench_lw_irstnet import evaluate

    data = _irstd1k(tmp_path / "irstd")
    w = str(_weights(tmp_path / "w.pt"))
    out = {}
    for rule in ("components", "areas"):
        js = tmp_path / f"{rule}.json"
        extra = ["--fa-rule", rule, "--dnanet-roc", "10"] if rule == "areas" else []
        assert evaluate.main(["--dataset", str(data), "--weights", w, "--json", str(js), "--device", "cpu",
                              "--threads", "1", *extra]) == 0
        out[rule] = json.loads(js.read_text())
    assert out["components"]["fa_rule"] == "components" and "roc_dnanet" not in out["components"]
    assert out["areas"]["fa_rule"] == "areas" and len(out["areas"]["roc_dnanet"]["tpr"]) == 11
    assert out["areas"]["fa"] <= out["components"]["fa"]  # the areas rule drops components, never adds
    assert out["areas"]["miou"] == out["components"]["miou"]
    with pytest.raises(WorkbenchError, match="--dnanet-roc"):
        evaluate.main(["--dataset", str(data), "--weights", w, "--dnanet-roc", "-1"])
