"""`--set weights=` a search's or a retraining's last.pt (not the tracker's weights.pt): the error says which
file it is and what to use, instead of "make one with `workbench train nas_tir`". Generated data only."""
import pytest

from workbench.core.training import CheckpointError

TINY = ["--cells", "2", "--width", "4", "--dims", "8", "--reductions", "1", "--crop", "16", "--m", "2", "--n", "2",
        "--synthetic", "2", "--frames-per-id", "4", "--epochs", "1", "--steps-per-epoch", "1", "--threads", "1"]


def test_a_search_or_training_checkpoint_names_the_file_to_use(tmp_path):
    from workbench_nas_tir.search import main as search_main
    from workbench_nas_tir.train import load_backbone
    from workbench_nas_tir.train import main as train_main

    assert search_main(["--out", str(tmp_path / "s"), "--no-real", *TINY]) == 0
    assert train_main(["--genotype", str(tmp_path / "s" / "genotype.json"), "--out", str(tmp_path / "r"),
                       "--no-real", *TINY]) == 0
    with pytest.raises(CheckpointError, match=r"s.last\.pt: a `workbench search nas_tir` checkpoint"):
        load_backbone(tmp_path / "s" / "last.pt")
    with pytest.raises(CheckpointError, match=r"r.last\.pt: a `workbench train nas_tir` checkpoint, .* the weights\.pt"):
        load_backbone(tmp_path / "r" / "last.pt")
    load_backbone(tmp_path / "r" / "weights.pt")


def test_resume_without_the_centre_loss_of_a_run_with_it_is_one_line(tmp_path):
    """`train nas_tir --resume --no-center` of a run trained with the centre loss: torch's "loaded state dict
    contains a parameter group that doesn't match" ValueError traceback."""
    from workbench.core.errors import WorkbenchError
    from workbench_nas_tir.search import main as search_main
    from workbench_nas_tir.train import main as train_main

    assert search_main(["--out", str(tmp_path / "s"), "--no-real", *TINY]) == 0
    argv = ["--genotype", str(tmp_path / "s" / "genotype.json"), "--out", str(tmp_path / "r"), "--no-real", *TINY]
    assert train_main(argv) == 0
    kept = (tmp_path / "r" / "last.pt").read_bytes()
    with pytest.raises(WorkbenchError, match=r"last\.pt: that run was trained with the centre loss.*--center"):
        train_main(argv + ["--epochs", "2", "--resume", "--no-center"])
    assert (tmp_path / "r" / "last.pt").read_bytes() == kept
    assert train_main(argv + ["--epochs", "2", "--resume"]) == 0


def test_rates_out_of_range_and_a_binary_genotype_are_one_line(tmp_path):
    """--lr -1 / --lr-w -1 were torch's ValueError tracebacks; --genotype of a binary file a UnicodeDecodeError."""
    from workbench.core.errors import DataError, WorkbenchError
    from workbench_nas_tir.search import main as search_main
    from workbench_nas_tir.train import main as train_main

    for extra, words in ((["--lr-w", "-1"], r"^--lr-w -1: must be greater than 0$"),
                         (["--beta2", "1"], r"^--beta2 1: must be at least 0 and less than 1$"),
                         (["--live-every", "-1"], r"^--live-every -1: must be at least 0 \(0: off\)$"),
                         # ignored: nothing was held out, without a word
                         (["--holdout", "walker"], r"^--holdout walker: names sources of the training corpus: give "
                                                   r"--corpus$")):
        with pytest.raises(WorkbenchError, match=words):
            search_main(["--out", str(tmp_path / "s"), "--no-real", *TINY, *extra])
    assert not (tmp_path / "s").exists()
    binary = tmp_path / "w.onnx"
    binary.write_bytes(b"\x08\x08\x12\x07pytorch\x84\xff\x00")
    with pytest.raises(DataError, match=r"w\.onnx: not a genotype JSON"):
        train_main(["--genotype", str(binary), "--out", str(tmp_path / "r"), "--no-real", *TINY])
    good = tmp_path / "g.json"
    assert search_main(["--out", str(tmp_path / "s2"), "--no-real", *TINY]) == 0
    good.write_text((tmp_path / "s2" / "genotype.json").read_text())
    for extra, words in ((["--lr", "-1"], r"^--lr -1: must be greater than 0$"),
                         (["--invert", "2"], r"^--invert 2: must be between 0 and 1 \(a probability per crop\)$"),
                         (["--val-synthetic", "-1"], r"^--val-synthetic -1: must be at least 0$")):
        with pytest.raises(WorkbenchError, match=words):
            train_main(["--genotype", str(good), "--out", str(tmp_path / "r"), "--no-real", *TINY, *extra])
    assert not (tmp_path / "r").exists()


def test_an_even_filter_size_is_refused():
    """`--set filter_size=4` ran a 5-cell filter (scales=2: 3 scales) while the manifest recorded 4 (2)."""
    from workbench.core.errors import WorkbenchError
    from workbench_nas_tir import NASTIRConfig
    from workbench_nas_tir.tracker import make_tracker

    with pytest.raises(WorkbenchError, match=r"^plugin 'nas_tir': setting 'filter_size' must be odd .*; got 4$"):
        make_tracker(NASTIRConfig(filter_size=4), "cpu")
    with pytest.raises(WorkbenchError, match=r"setting 'scales' must be odd .*; got 2$"):  # ran 3 scales
        make_tracker(NASTIRConfig(scales=2), "cpu")


def test_resume_with_nothing_to_resume_says_it_starts(tmp_path, capsys):
    from workbench_nas_tir.search import main as search_main
    from workbench_nas_tir.train import main as train_main

    assert search_main(["--out", str(tmp_path / "s"), "--no-real", *TINY]) == 0
    capsys.readouterr()
    assert train_main(["--genotype", str(tmp_path / "s" / "genotype.json"), "--out", str(tmp_path / "typo"),
                       "--no-real", "--resume", *TINY]) == 0
    assert "--resume: no " in capsys.readouterr().out  # was a fresh training without a word


def test_a_new_search_or_training_into_a_folder_with_one_is_refused(tmp_path):
    """Searching / training again into --out without --resume wrote over the earlier run's checkpoint."""
    from workbench.core.errors import WorkbenchError
    from workbench_nas_tir.search import main as search_main
    from workbench_nas_tir.train import main as train_main

    assert search_main(["--out", str(tmp_path / "s"), "--no-real", *TINY]) == 0
    kept = (tmp_path / "s" / "last.pt").read_bytes()
    with pytest.raises(WorkbenchError, match=r"--out .*s: holds a search already .*--resume"):
        search_main(["--out", str(tmp_path / "s"), "--no-real", *TINY])
    argv = ["--genotype", str(tmp_path / "s" / "genotype.json"), "--out", str(tmp_path / "r"), "--no-real", *TINY]
    assert train_main(argv) == 0
    with pytest.raises(WorkbenchError, match=r"--out .*r: holds a training already .*--resume"):
        train_main(argv)
    assert (tmp_path / "s" / "last.pt").read_bytes() == kept
