"""`workbench search nas_tir` / `train nas_tir` numbers the network cannot be built with: one line, exit 2,
before anything is written (the model's ValueError, numpy's seed error: tracebacks)."""
import pytest

TINY = ["--cells", "2", "--width", "4", "--dims", "8", "--reductions", "1", "--crop", "16", "--m", "2", "--n", "2",
        "--synthetic", "2", "--frames-per-id", "4", "--epochs", "1", "--steps-per-epoch", "1", "--threads", "1",
        "--no-real"]


@pytest.mark.parametrize("verb, extra, words", [
    ("search", ["--reductions", "2"], "--reductions 2: must be fewer than --cells (2)"),
    ("search", ["--k", "3"], "--k 3: must divide --width (4)"),
    ("search", ["--seed", "-1"], "--seed -1: must be between 0 and"),
    ("train", ["--reductions", "5"], "--reductions 5: must be fewer than --cells (2)"),
    ("train", ["--neck", "bogus"], "--neck bogus: must be map or pooled"),
    ("train", ["--seed", "-1"], "--seed -1: must be between 0 and"),
    ("search", ["--threads", "-1"], "--threads -1: must be between 0 and "),  # ran on one thread
    ("train", ["--threads", "-2"], "--threads -2: must be between 0 and "),
])
def test_numbers_the_network_cannot_take(tmp_path, capsys, verb, extra, words):
    from pathlib import Path

    import workbench_nas_tir
    from workbench.cli import main as cli

    shipped = Path(workbench_nas_tir.__file__).parent / "weights" / "genotype_dual.json"
    genotype = ["--genotype", str(shipped)] if verb == "train" else []
    assert cli([verb, "nas_tir", "--out", str(tmp_path / "o"), *genotype, *TINY, *extra]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("workbench: error: ") and len(err.splitlines()) == 1 and words in err, err
    assert not (tmp_path / "o").exists()


def test_data_without_boxes_is_refused(tmp_path, capsys):
    """--data of unlabelled images or of boxes all NaN gave no crop: the search ran on the generated crops alone."""
    import numpy as np

    from workbench.cli import main as cli
    from workbench.core.data.images import write_image

    plain, nan = tmp_path / "plain", tmp_path / "nan"
    for root in (plain, nan):
        for i in range(3):
            write_image(root / "img" / f"{i + 1:04d}.png", np.full((40, 48), 60 * i, np.uint8))
    (nan / "groundtruth_rect.txt").write_text("NaN,NaN,NaN,NaN\n" * 3)
    argv = [a for a in TINY if a != "--no-real"]
    for root in (plain, nan):
        assert cli(["search", "nas_tir", "--out", str(tmp_path / "o"), *argv, "--real", "--data", str(root)]) == 2
        err = capsys.readouterr().err.strip()
        assert err == f"workbench: error: {root}: no sequence with groundtruth boxes here; --data takes labelled " \
                      "tracking sequences (OTB, LaSOT, GOT-10k, UAV123 ... layouts)", err


@pytest.mark.parametrize("verb, rates", [("search", ["--lr-w", "1e9", "--lr-a", "1e9"]), ("train", ["--lr", "1e9"])])
def test_a_diverged_run_writes_no_nan_weights(tmp_path, capsys, verb, rates):
    """--lr 1e9: the weights went NaN, and last.pt / weights.pt / genotype.json were written from them, 'done'."""
    from pathlib import Path

    import workbench_nas_tir
    from workbench.cli import main as cli

    shipped = Path(workbench_nas_tir.__file__).parent / "weights" / "genotype_dual.json"
    genotype = ["--genotype", str(shipped)] if verb == "train" else []
    out = tmp_path / "o"
    assert cli([verb, "nas_tir", "--out", str(out), *genotype, *TINY, "--steps-per-epoch", "3", *rates]) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith(f"workbench: error: {out}: the training diverged in epoch 1 (") and \
        "nothing was saved; lower the learning rate" in err, err
    assert not [p.name for p in out.glob("*") if p.suffix in (".pt", ".json") and p.name != "search_config.json"]
