"""`train lw_irstnet --resume last.pt --epochs N` with N at or below the epochs done trained nothing and exited 0
without a word. It says so, and a run stopped between its last epoch and its final files (no best_weights.pt, no
summary.json) is completed from the checkpoint, as before (R2: skipping them left such a run without weights)."""
from tiny_sirst import tiny_sirst


def test_resume_with_no_epoch_left_says_so_and_completes_the_final_files(tmp_path, capsys):
    from workbench.core.training.checkpoints import save_checkpoint
    from workbench_lw_irstnet.model import LWIRSTNet
    from workbench_lw_irstnet.train import main, parser, recipe_of

    data, out = tiny_sirst(tmp_path / "a"), tmp_path / "run"
    out.mkdir()
    argv = ["--data", str(data), "--split", "", "--val-split", "", "--out", str(out), "--batch-size", "2", "--crop",
            "16", "--threads", "1", "--device", "cpu", "--epochs", "2"]
    last = save_checkpoint(out / "last.pt", LWIRSTNet(), None, 2, [{"epoch": 1, "loss": 1.0}, {"epoch": 2, "loss": 0.9}],
                           {"recipe": recipe_of(parser().parse_args(argv))})
    capsys.readouterr()
    assert main(argv + ["--resume", str(last)]) == 0
    said = capsys.readouterr().out
    assert "nothing more to train" in said and "give a larger --epochs" in said, said
    assert (out / "best_weights.pt").is_file() and (out / "summary.json").is_file()


def test_a_resume_keeps_the_earlier_runs_wall_time_in_summary_json(tmp_path):
    """A resume that trained nothing rewrote summary.json with a wall time near 0 over the run's own."""
    import json

    from workbench.core.training.checkpoints import save_checkpoint
    from workbench_lw_irstnet.model import LWIRSTNet
    from workbench_lw_irstnet.train import main, parser, recipe_of

    data, out = tiny_sirst(tmp_path / "a"), tmp_path / "run"
    out.mkdir()
    argv = ["--data", str(data), "--split", "", "--val-split", "", "--out", str(out), "--batch-size", "2", "--crop",
            "16", "--threads", "1", "--device", "cpu", "--epochs", "1"]
    last = save_checkpoint(out / "last.pt", LWIRSTNet(), None, 1, [{"epoch": 1, "loss": 1.0}],
                           {"recipe": recipe_of(parser().parse_args(argv))})
    (out / "summary.json").write_text(json.dumps({"wall_s": 1234.5}))
    assert main(argv + ["--resume", str(last)]) == 0
    assert json.loads((out / "summary.json").read_text())["wall_s"] >= 1234.5
