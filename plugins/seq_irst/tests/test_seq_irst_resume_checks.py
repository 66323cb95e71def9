"""`workbench train seq_irst --resume` that cannot continue: one line, nothing overwritten. Generated data."""
import pytest

from workbench.core.errors import WorkbenchError


def _argv(out, *extra):
    return ["--synthetic", "1", "--synthetic-size", "64x48", "--synthetic-frames", "6", "--crop", "16",
            "--epochs", "1", "--device", "cpu", "--threads", "1", "--out", str(out), *extra]


def test_resume_of_another_backbone_or_a_missing_checkpoint_is_refused(tmp_path):
    from workbench_seq_irst import train

    out = tmp_path / "run"
    assert train.main(_argv(out)) == 0
    kept = (out / "last.pt").read_bytes()
    # darknet19 on a darknet19_tiny checkpoint: torch's size-mismatch list in a traceback
    with pytest.raises(WorkbenchError, match=r"last\.pt: the checkpoint's weights do not fit SeqIRSTNet.*--backbone"):
        train.main(_argv(out, "--epochs", "2", "--backbone", "darknet19", "--resume"))
    assert (out / "last.pt").read_bytes() == kept
    # --resume into a folder without last.pt (a mistyped --out) trained from scratch without a word; rerunning
    # one command with --resume stays the way to continue, so it starts, and says so
    assert train.main(_argv(tmp_path / "typo", "--resume")) == 0
    assert "--resume: no " in (tmp_path / "typo" / "train_log.txt").read_text()


@pytest.mark.parametrize("extra, words", [
    (["--threads", "-1"], r"--threads -1: must be between 0 and "),  # torch's RuntimeError traceback
    (["--lr", "-1"], r"--lr -1: must be greater than 0$"),  # Adam's ValueError traceback
    (["--batch-size", "0"], r"--batch-size 0: must be at least 1"),  # range() ValueError traceback
    (["--crop", "-16"], r"--crop -16: must be at least 0 \(0: full frames\)$"),  # ran
    (["--crop", "10"], r"--crop 10: must be a multiple of darknet19_tiny's grid stride 4"),  # "crop size 10" after
    #                                                                         the crop set was cut, --out made
    (["--epochs", "0"], r"--epochs 0: must be at least 1"),  # ran, trained nothing
])
def test_training_numbers_out_of_range_are_one_line(tmp_path, extra, words):
    from workbench_seq_irst import train

    with pytest.raises(WorkbenchError, match=words):
        train.main(_argv(tmp_path / "run", *extra))
    assert not (tmp_path / "run").exists()


def test_a_run_without_validation_names_its_weights(tmp_path, capsys):
    from workbench_seq_irst import train

    assert train.main(_argv(tmp_path / "run")) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert "nan" not in last and "best_weights.pt" in last, last  # was "best F1 nan at epoch 0"


def test_loso_refuses_an_unknown_fold_and_numbers_out_of_range(tmp_path):
    """--fold NAME of no group ran no fold and wrote a table of zeros ("mean 0.000") to loso.json;
    --threads -1 / --lr -1 were tracebacks; --every 0 ran as 1."""
    from tests.helpers import save_daub
    from workbench.core.data.irseq_synth import make_sequence
    from workbench_seq_irst.command import main

    for name, seed in (("sequence1", 1), ("sequence4", 2)):
        save_daub(make_sequence(seed, width=16, height=16, frames=4, flicker_rate=0), tmp_path / "daub" / name)
    base = ["--loso", "--root", str(tmp_path / "daub"), "--epochs", "1", "--batch-size", "4", "--mine-epochs", "0"]
    with pytest.raises(WorkbenchError, match=r"--fold daub_4-9: not a recording group of --root \(did you mean "
                                             r"daub_4-8\?\); known groups \(2\): daub_1-2-3, daub_4-8"):
        main(base + ["--out", str(tmp_path / "l"), "--fold", "daub_4-9"])
    assert not (tmp_path / "l" / "loso.json").exists()
    for extra, words in ((["--threads", "-1"], "--threads -1: must be between 0 and "),
                         (["--lr", "-1"], "--lr -1: must be greater than 0"),
                         (["--every", "0"], "--every 0: must be at least 1"),
                         # a whole fold trained, then "ema must be in [0, 1), got 1.0" named no option
                         (["--ema", "1"], r"--ema 1: must be at least 0 and less than 1 \(0: off\)"),
                         # mined and scored nothing: no detection score reaches 2
                         (["--threshold", "2"], r"--threshold 2: must be between 0 and 1"),
                         (["--score-threshold", "-0.5"], r"--score-threshold -0.5: must be between 0 and 1"),
                         (["--members", "0"], r"--members 0: must be between 1 and 16"),
                         (["--mine-epochs", "1"], r"--mine-epochs 1: must be fewer than --epochs \(1\)")):
        with pytest.raises(WorkbenchError, match=words):
            main(base + ["--out", str(tmp_path / "m"), *extra])
    assert not (tmp_path / "m").exists()


def test_loso_device_cuda_without_a_gpu_is_one_line(tmp_path, monkeypatch):
    """`--loso --device cuda` on a machine without CUDA: torch's "Torch not compiled with CUDA enabled"
    AssertionError from inside the first fold."""
    import workbench.core.device as device
    from workbench.core.data.irseq import save_irseq
    from workbench.core.data.irseq_synth import make_sequence
    from workbench_seq_irst.command import main

    monkeypatch.setattr(device, "cuda_available", lambda: False)
    for name, seed in (("sequence1", 1), ("sequence4", 2)):
        save_irseq(make_sequence(seed, width=16, height=16, frames=4, flicker_rate=0), tmp_path / "daub" / name)
    with pytest.raises(WorkbenchError, match=r"device 'cuda' was asked for but no CUDA GPU"):
        main(["--loso", "--root", str(tmp_path / "daub"), "--epochs", "1", "--batch-size", "4", "--mine-epochs", "0",
              "--device", "cuda", "--out", str(tmp_path / "l")])
    assert not (tmp_path / "l").exists()


def test_a_new_training_into_a_folder_with_one_is_refused(tmp_path):
    """Training again into --out without --resume wrote over the earlier run's checkpoints."""
    from workbench_seq_irst import train

    assert train.main(_argv(tmp_path / "run")) == 0
    kept = (tmp_path / "run" / "last.pt").read_bytes()
    with pytest.raises(WorkbenchError, match=r"--out .*run: holds a training already .*--resume"):
        train.main(_argv(tmp_path / "run"))
    assert (tmp_path / "run" / "last.pt").read_bytes() == kept


def test_loso_fixed_weights_refuse_an_unknown_saw_name_and_a_binary_fill_file(tmp_path):
    """`--loso --weights W --saw NAME` with a name of no sequence (a typo) scored W on the recording it was
    trained on as if unseen; `--fill-from` a binary file was a UnicodeDecodeError traceback."""
    from workbench.core.data.irseq import save_irseq
    from workbench.core.data.irseq_synth import make_sequence
    from workbench_seq_irst import train
    from workbench_seq_irst.command import main

    for name, seed in (("sequence1", 1), ("sequence4", 2)):
        save_irseq(make_sequence(seed, width=16, height=16, frames=4, flicker_rate=0), tmp_path / "daub" / name)
    assert train.main(_argv(tmp_path / "w")) == 0
    base = ["--loso", "--root", str(tmp_path / "daub"), "--weights", str(tmp_path / "w" / "best_weights.pt")]
    with pytest.raises(WorkbenchError, match=r"--saw sequence_1: not a sequence under --root \(did you mean "
                                             r"sequence1"):
        main(base + ["--saw", "sequence_1", "--out", str(tmp_path / "a")])
    binary = tmp_path / "x.onnx"
    binary.write_bytes(b"\x08\x08\x12\x07pytorch\x84\xff")
    with pytest.raises(WorkbenchError, match=r"--fill-from .*x\.onnx: not a loso\.json"):
        main(base + ["--saw", "sequence1", "--fill-from", str(binary), "--out", str(tmp_path / "b")])
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_a_label_size_of_no_mode_names_the_option():
    """training_set's check said "label size must be one of ('point', ...)", not the option a user gives."""
    from workbench_seq_irst.loso import Recipe, training_set

    with pytest.raises(WorkbenchError, match=r"^--label-size box: must be one of point, "):
        training_set([], Recipe(label_size="box"))


def test_resume_with_another_lr_or_batch_size_is_refused_naming_both(tmp_path):
    """`train seq_irst --resume --lr X` (or another --batch-size) continued the run with the new values, its history
    mixing two recipes (only the weights were checked); refused as siamfcpp's and LW-IRSTNet's trainings refuse it."""
    import torch

    from workbench_seq_irst import train

    out = tmp_path / "run"
    assert train.main(_argv(out)) == 0
    kept, log = (out / "last.pt").read_bytes(), (out / "train_log.txt").read_text()
    for extra, words in ((["--lr", "0.01"], "--lr 0.002 there, 0.01 now"),
                         (["--batch-size", "8"], "--batch-size 32 there, 8 now")):
        with pytest.raises(WorkbenchError, match=rf"^{out / 'last.pt'}: trained with another recipe \({words}\): "
                                                 rf"resume with its options, or start a new --out with --init"):
            train.main(_argv(out, "--epochs", "2", "--resume", *extra))
    assert (out / "last.pt").read_bytes() == kept and (out / "train_log.txt").read_text() == log  # before any work
    # a checkpoint from before recipes were recorded is not checked
    ck = torch.load(out / "last.pt", weights_only=True)
    del ck["extra"]["recipe"]
    torch.save(ck, out / "last.pt")
    assert train.main(_argv(out, "--epochs", "2", "--resume", "--lr", "0.01")) == 0
    # the same recipe, more epochs: what resuming is for
    assert train.main(_argv(out, "--epochs", "3", "--resume", "--lr", "0.01")) == 0


def test_resume_of_another_optimizer_state_is_refused_before_the_crop_set_is_cut(tmp_path, monkeypatch):
    """The optimizer state was checked after the whole crop set was cut (only the weights before it)."""
    import torch

    from workbench.core.training.checkpoints import CheckpointError, save_checkpoint
    from workbench_seq_irst import crops, train
    from workbench_seq_irst.model import build_model

    model = build_model("darknet19_tiny", norm="frame")
    save_checkpoint(tmp_path / "last.pt", model, torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9), epoch=1)
    monkeypatch.setattr(crops, "build_crops", lambda *a, **k: pytest.fail("the crop set was cut first"))
    with pytest.raises(CheckpointError, match=r"last\.pt: the optimizer state is another optimizer's"):
        train.train(None, [], [], train.TrainSettings(epochs=2), tmp_path, resume=True, log=lambda m: None)
