"""`workbench train siamfcpp` / `prune siamfcpp` on bad input: one line, exit 2, before any work. Generated data."""
import numpy as np
import pytest

COMMON = ["--epochs", "1", "--steps", "1", "--batch-size", "1", "--x-size", "199", "--demo-sequences", "1",
          "--shape-sequences", "0", "--threads", "1", "--device", "cpu"]


def _one_line(capsys, words):
    err = capsys.readouterr().err.strip()
    assert err.startswith("workbench: error: ") and len(err.splitlines()) == 1 and words in err, err


@pytest.mark.parametrize("extra, words", [
    (["--seed", "-1"], "--seed -1: must be between 0 and"),  # numpy's "expected non-negative integer" traceback
    (["--x-size", "100000"], "--x-size 100000: must be at most 1024"),  # OpenCV's out-of-memory traceback
    (["--corpus-weights", "labelled=2"], "--corpus-weights labelled=2: belongs to a training corpus"),  # ignored
    (["--self-prob", "0.5"], "--self-prob 0.5: belongs to a training corpus"),
])
def test_train_numbers_are_refused(tmp_path, capsys, extra, words):
    from workbench.cli import main as cli

    assert cli(["train", "siamfcpp", "--out", str(tmp_path / "run"), *COMMON, *extra]) == 2
    _one_line(capsys, words)
    assert not (tmp_path / "run").exists()


def test_prune_numbers_are_refused(tmp_path, capsys):
    from workbench.cli import main as cli

    for extra, words in ((["--seed", "-5"], "--seed -5: must be between 0 and"),
                         (["--x-size", "100000"], "--x-size 100000: must be at most 1024")):
        assert cli(["prune", "siamfcpp", "--out", str(tmp_path / "p.pt"), "--images", "1", *extra]) == 2
        _one_line(capsys, words)
    assert not (tmp_path / "p.pt").exists()


def test_data_without_two_boxes_is_refused(tmp_path, capsys):
    """A --data root of unlabelled images, or whose boxes are all absent (NaN), gave no pair: the run trained
    on the generated sequences alone, and said 'real sequences: none' at most."""
    from workbench.cli import main as cli
    from workbench.core.data.images import write_image

    plain = tmp_path / "plain"
    nan = tmp_path / "nan"
    for root in (plain, nan):
        for i in range(3):
            write_image(root / "img" / f"{i + 1:04d}.png", np.full((40, 48), 60 * i, np.uint8))
    (nan / "groundtruth_rect.txt").write_text("NaN,NaN,NaN,NaN\n" * 3)
    for root in (plain, nan):
        assert cli(["train", "siamfcpp", "--out", str(tmp_path / "run"), *COMMON, "--data", str(root)]) == 2
        _one_line(capsys, f"{root}: no sequence with at least two annotated frames")
    assert not (tmp_path / "run").exists()


def test_corpus_weights_must_be_finite_and_not_negative():
    from argparse import Namespace

    from workbench.core.errors import WorkbenchError
    from workbench.core.training.corpus import corpus_config_from_args

    for text in ("labelled=-1", "labelled=nan", "synthetic=inf"):
        with pytest.raises(WorkbenchError, match=r"a weight is a finite number, at least 0"):
            corpus_config_from_args(Namespace(corpus_weights=text))
    assert corpus_config_from_args(Namespace(corpus_weights="labelled=0,hsi=2")).weights["hsi"] == 2


def test_a_corpus_root_with_nothing_in_it_is_refused(tmp_path, capsys):
    """An empty folder or a stray file as --corpus: the run trained on the generated sources alone."""
    from workbench.cli import main as cli

    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.txt").write_text("x\n")
    for root in (tmp_path / "empty", tmp_path / "notes.txt"):
        assert cli(["train", "siamfcpp", "--out", str(tmp_path / "run"), *COMMON, "--corpus", str(root)]) == 2
        _one_line(capsys, f"corpus root {root}: no sequence, image set, video or cube found there")
    assert not (tmp_path / "run").exists()
