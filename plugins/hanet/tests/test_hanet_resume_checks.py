"""`workbench train hanet --resume` of a run with another --hsi-width: one line, checkpoint kept; the end of a run
without validation names the weights it made. Generated videos only."""
import pytest

from workbench.core.errors import WorkbenchError


def _argv(out, *extra):
    return ["--generate", "1", "--frames", "6", "--size", "96x64", "--val", "0", "--out", str(out),
            "--steps", "1", "--batch", "2", "--threads", "1", "--device", "cpu", *extra]


def test_resume_of_another_width_is_one_line_and_keeps_the_checkpoint(tmp_path, capsys):
    from workbench_hanet.train import main

    out = tmp_path / "run"
    assert main(_argv(out, "--epochs", "1", "--hsi-width", "16")) == 0
    said = capsys.readouterr().out
    assert "nan" not in said.splitlines()[-1] and str(out / "last.pt") in said.splitlines()[-1]
    kept, log, videos = (out / "last.pt").read_bytes(), (out / "train_log.txt").read_text(), sorted(out.rglob("*.h5"))
    with pytest.raises(WorkbenchError, match=r"last\.pt: the checkpoint's weights do not fit HANet.*--hsi-width"):
        main(_argv(out, "--epochs", "2", "--hsi-width", "32", "--resume", "--generate", "2"))  # was torch's
        #                                                                                      size-mismatch traceback
    assert (out / "last.pt").read_bytes() == kept
    # before anything is generated or written (was after the videos were generated and the log written)
    assert (out / "train_log.txt").read_text() == log and sorted(out.rglob("*.h5")) == videos


@pytest.mark.parametrize("extra, words", [
    (["--lr", "-1"], r"--lr -1: must be greater than 0$"),  # SGD's ValueError traceback
    (["--batch", "0"], r"--batch 0: must be at least 1"),  # numpy's "need at least one array to stack"
    (["--bands", "0"], r"--bands 0: must be at least 1"),  # torch's reshape RuntimeError
    (["--size", "abc"], r"--size abc: give WIDTHxHEIGHT"),  # int() ValueError traceback
    (["--epochs", "0"], r"--epochs 0: must be at least 1"),  # "finished", no weights written at all
    (["--twins", "2"], r"--twins 2: must be between 0 and 1$"),  # taken as 1 without a word
    (["--hsi-width", "10"], r"--hsi-width 10: must be a multiple of 4"),  # said after the videos were generated
    (["--exclude", "hsi_1000"], r"--exclude hsi_1000: leaves sources of the training corpus out: give --corpus"),
])
def test_training_numbers_out_of_range_are_one_line(tmp_path, extra, words):
    from workbench_hanet.train import main

    with pytest.raises(WorkbenchError, match=words):
        main(_argv(tmp_path / "run", "--epochs", "1", *extra))
    assert not (tmp_path / "run").exists()


def test_a_new_training_into_a_folder_with_one_is_refused(tmp_path):
    """Training again into --out without --resume wrote over the earlier run's checkpoints."""
    from workbench_hanet.train import main

    out = tmp_path / "run"
    assert main(_argv(out, "--epochs", "1", "--hsi-width", "16")) == 0
    kept = (out / "last.pt").read_bytes()
    with pytest.raises(WorkbenchError, match=r"--out .*run: holds a training already .*--resume"):
        main(_argv(out, "--epochs", "1", "--hsi-width", "16"))
    assert (out / "last.pt").read_bytes() == kept


def test_an_exclude_name_not_in_the_corpus_is_refused(tmp_path, capsys):
    """`--corpus ROOT --exclude NAME` with a name the corpus lacks (a typo) trained on the held-out video with a
    note in the log: refused before --out is made, with the close name."""
    from workbench_hanet.train import main

    assert main(_argv(tmp_path / "gen", "--epochs", "1", "--hsi-width", "16")) == 0  # generated videos, in gen/data
    argv = ["--corpus", str(tmp_path / "gen" / "data"), "--val", "0", "--epochs", "1", "--steps", "1", "--batch", "2",
            "--hsi-width", "16", "--device", "cpu", "--out", str(tmp_path / "run")]
    with pytest.raises(WorkbenchError, match=r"^--exclude hsi_100: not in the corpus \(did you mean hsi_1000\?\); "
                                             r"known sources \(1\): hsi_1000$"):
        main(argv + ["--exclude", "hsi_100"])
    assert not (tmp_path / "run").exists()
    with pytest.raises(WorkbenchError, match=r"^no training videos"):  # the name is known: its video is left out
        main(argv + ["--exclude", "hsi_1000"])
    assert "corpus: 0 hyperspectral video(s)" in capsys.readouterr().out


def test_ensemble_out_over_a_member_is_refused_before_any_work(tmp_path):
    """`--ensemble A B C --out DIR` with DIR/ensemble_weights.pt being a member (or --init) replaced it with the
    ensemble; resolved, so a relative or linked path is caught too."""
    import os

    from workbench.core.training.checkpoints import save_weights
    from workbench_hanet.model import HANet
    from workbench_hanet.train import main

    d = tmp_path / "w"
    d.mkdir()
    base = save_weights(d / "base.pt", HANet(16))
    member = save_weights(d / "ensemble_weights.pt", HANet(16))
    kept = member.read_bytes()
    os.symlink(d, tmp_path / "link")
    for out in (str(d), str(tmp_path / "link"), os.path.relpath(d)):
        with pytest.raises(WorkbenchError, match=r"^--out .*: would write .*ensemble_weights\.pt over the --ensemble "
                                                 r"file .*; give another --out$"):
            main(["--out", out, "--init", str(base), "--ensemble", str(member)])
    assert member.read_bytes() == kept and not (d / "ensemble.json").exists()
    os.replace(member, d / "m.pt")
    os.replace(base, d / "ensemble.json")  # an --init of any name the ensemble writes
    with pytest.raises(WorkbenchError, match=r"ensemble\.json over the --init file"):
        main(["--out", str(d), "--init", str(d / "ensemble.json"), "--ensemble", str(d / "m.pt")])


def test_resume_with_another_lr_or_batch_is_refused_naming_both(tmp_path):
    """`train hanet --resume --lr X` (or another --batch) continued the run with the new values, its history mixing
    two recipes (only the weights were checked); refused as siamfcpp's and LW-IRSTNet's trainings refuse it, before
    any video is generated or anything written."""
    import torch

    from workbench_hanet.train import main

    out = tmp_path / "run"
    assert main(_argv(out, "--epochs", "1", "--hsi-width", "16")) == 0
    kept, log = (out / "last.pt").read_bytes(), (out / "train_log.txt").read_text()
    for extra, words in ((["--lr", "0.02"], "--lr 0.01 there, 0.02 now"), (["--batch", "3"], "--batch 2 there, 3 now")):
        argv = _argv(out, "--epochs", "2", "--hsi-width", "16", "--resume", *extra)
        if "--batch" in extra:
            del argv[argv.index("--batch"):argv.index("--batch") + 2]
        with pytest.raises(WorkbenchError, match=rf"^{out / 'last.pt'}: trained with another recipe \({words}\): "
                                                 rf"resume with its options, or start a new --out with --init"):
            main(argv)
    assert (out / "last.pt").read_bytes() == kept and (out / "train_log.txt").read_text() == log
    ck = torch.load(out / "last.pt", weights_only=True)  # a checkpoint from before recipes: not checked
    del ck["extra"]["recipe"]
    torch.save(ck, out / "last.pt")
    assert main(_argv(out, "--epochs", "2", "--hsi-width", "16", "--resume", "--lr", "0.02")) == 0
