"""`workbench train / search nas_tir` under a careless user (H2 sweep): a crop the network's stride leaves no
room for (--crop 3 trained a 1 x 1 feature map, --crop 1 was the search network's max-pool traceback,
--crop 1000000 OpenCV's out-of-memory one), --context 1e9 (a segmentation fault in the crop's warp),
--frames-per-id 1 and --val-synthetic 0 (both said "no training crops ... synthetic > 0", the second of the
held-out set): one line naming the option, exit 2, no --out folder made."""
from pathlib import Path

import pytest

TINY = ["--cells", "2", "--width", "4", "--dims", "8", "--reductions", "1", "--crop", "16", "--m", "2", "--n", "2",
        "--synthetic", "2", "--frames-per-id", "4", "--epochs", "1", "--steps-per-epoch", "1", "--threads", "1",
        "--no-real"]
CROP = "(pixels; at least twice the network's stride {s} at --reductions {r}, a feature map of 2 x 2; the paper crops 128)"


@pytest.mark.parametrize("verb, extra, words", [
    ("train", ["--crop", "3", "--reductions", "2", "--cells", "5"], "--crop 3: must be between 8 and 512 " + CROP.format(s=4, r=2)),
    ("train", ["--crop", "1000000"], "--crop 1000000: must be between 4 and 512 " + CROP.format(s=2, r=1)),
    ("search", ["--crop", "1"], "--crop 1: must be between 4 and 512 " + CROP.format(s=2, r=1)),
    ("search", ["--cells", "12", "--reductions", "9"], "--reductions 9: must be at most 8: each halves the crop"),
    ("train", ["--context", "1e9"], "--context 1e+09: must be greater than 0 and at most 16"),
    ("search", ["--frames-per-id", "1"], "--frames-per-id 1: must be at least 2 (an identity is kept with two crops"),
    ("train", ["--val-synthetic", "0"], "--val-synthetic 0: leaves no held-out identity to validate on"),
])
def test_h2_crops_and_sets_the_network_cannot_take(tmp_path, capsys, verb, extra, words):
    import workbench_nas_tir
    from workbench.cli import main as cli

    shipped = Path(workbench_nas_tir.__file__).parent / "weights" / "genotype_dual.json"
    genotype = ["--genotype", str(shipped)] if verb == "train" else []
    assert cli([verb, "nas_tir", "--out", str(tmp_path / "o"), *genotype, *TINY, *extra]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("workbench: error: ") and len(err.splitlines()) == 1 and words in err, err
    assert not (tmp_path / "o").exists()


def test_h2_genotype_that_is_a_folder_or_an_alpha_history(tmp_path, capsys):
    """--genotype SEARCH_DIR said 'genotype file is missing' of a folder that is there; --genotype
    alpha_history.json said "'normal' must list 4 nodes". search --data with --no-real read none of the data."""
    import json

    from workbench.cli import main as cli

    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "genotype.json").write_text("{}")
    (tmp_path / "s" / "alpha_history.json").write_text(json.dumps({"cell": "dual", "epochs": []}))
    for given, said in ((tmp_path / "s", "is a folder; a genotype .json file is needed (genotype.json is in it: give "
                                         "that)"),
                        (tmp_path / "s" / "alpha_history.json", "a search's alpha history, not a genotype: give the "
                                                                "genotype.json the search wrote beside it")):
        assert cli(["train", "nas_tir", "--genotype", str(given), "--out", str(tmp_path / "o"), *TINY]) == 2
        assert capsys.readouterr().err.strip() == f"workbench: error: {given}: {said}"
    assert cli(["search", "nas_tir", "--out", str(tmp_path / "o"), *TINY, "--data", str(tmp_path / "s")]) == 2
    assert capsys.readouterr().err.strip() == f"workbench: error: --data {tmp_path / 's'}: --no-real searches on the " \
                                              "generated crops alone; drop one of the two"
    assert not (tmp_path / "o").exists()


def test_h2_resume_of_another_run_is_refused(tmp_path, capsys):
    """train --resume with another --crop / --lr / --seed continued the run without a word (16 px crops then 32),
    with another genotype it was the weights' key mismatch; a search's last.pt said 'trained without the centre
    loss' to train, a retraining's 'searched with seed=...' to search. (Checkpoints as the commands write them.)"""
    from dataclasses import asdict

    import torch

    import workbench_nas_tir
    from workbench.cli import main as cli
    from workbench.core.training.checkpoints import FORMAT, save_file
    from workbench_nas_tir.genotype import load
    from workbench_nas_tir.train import RetrainConfig

    weights = Path(workbench_nas_tir.__file__).parent / "weights"
    dual, single = weights / "genotype_dual.json", weights / "genotype_single.json"
    run, search = tmp_path / "run", tmp_path / "search"
    cfg = RetrainConfig(cells=2, width=4, dims=8, reductions=1, crop=16, m=2, n=2, synthetic=2, frames_per_id=4,
                        epochs=1, steps_per_epoch=1, real=False)
    w = {"stem.0.weight": torch.zeros(1)}
    save_file({"format": FORMAT, "model": w, "optimizer": {"sgd": {}, "centers": {}}, "epoch": 1, "history": [],
               "extra": {"config": asdict(cfg), "genotype": load(dual)}}, run / "last.pt")
    save_file({"format": FORMAT, "model": dict(w, alpha_normal=torch.zeros(1)), "optimizer": {"w": {}, "a": {}},
               "epoch": 1, "history": [], "extra": {"config": {"seed": 0}}}, search / "last.pt")
    before = (run / "last.pt").read_bytes()
    hint = "resume it with the options that wrote it, or give another --out"
    for argv, said in (
            (["train", "nas_tir", "--genotype", str(dual), "--out", str(run), *TINY, "--crop", "32", "--lr", "0.5"],
             f"{run / 'last.pt'}: trained with another recipe (--crop 16 there, 32 now; --lr 0.01 there, 0.5 now): {hint}"),
            (["train", "nas_tir", "--genotype", str(single), "--out", str(run), *TINY],
             f"{run / 'last.pt'}: that run retrains another genotype (the one in {run / 'history.json'}); resume it "
             "with that --genotype, or give another --out"),
            (["train", "nas_tir", "--genotype", str(dual), "--out", str(search), *TINY],
             f"{search / 'last.pt'}: a `workbench search nas_tir` checkpoint, not a retraining's"),
            (["search", "nas_tir", "--out", str(run), *TINY],
             f"{run / 'last.pt'}: a `workbench train nas_tir` checkpoint, not a search's")):
        assert cli([*argv, "--epochs", "2", "--resume"]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert err[-1].startswith(f"workbench: error: {said}"), err
    assert (run / "last.pt").read_bytes() == before


def test_h2_corpus_without_a_labelled_video(tmp_path, capsys):
    """--corpus of unlabelled frames (or image sets only) gave no identity; the run went on with the generated
    crops alone, without a word."""
    import numpy as np

    from workbench.cli import main as cli
    from workbench.core.data.images import write_image

    frames = tmp_path / "frames"
    for i in range(3):
        write_image(frames / f"{i + 1:04d}.png", np.full((24, 24), 40 * i, np.uint8))
    assert cli(["search", "nas_tir", "--out", str(tmp_path / "o"), *TINY, "--corpus", str(frames)]) == 2
    assert capsys.readouterr().err.strip() == f"workbench: error: --corpus {frames}: holds no labelled video: nas_tir " \
                                              "takes its identities from labelled tracking sequences (image sets and " \
                                              "unlabelled videos are left out)"
