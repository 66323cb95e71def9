"""``train lw_irstnet --final`` resumes by itself (it refuses --resume) but did not tell ``fit`` so: a Ctrl-C /
SIGTERM said 'the same command with --resume ... carries on' (refused), and a rerun after its last epoch advised a
larger --epochs (another recipe, refused too). Its fit is told that it resumes by itself, as a --cv fold's is."""
from tiny_sirst import tiny_sirst


def test_the_final_training_tells_fit_it_resumes_by_itself(tmp_path, monkeypatch):
    import workbench.core.training as training
    from workbench.core.training.loop import FitResult
    from workbench_lw_irstnet import command

    told = []

    def fit(*a, **k):  # nothing trained: the keyword is what is looked at
        told.append(k.get("resume_expected"))
        return FitResult(cancelled=True)

    monkeypatch.setattr(training, "fit", fit)
    data = tiny_sirst(tmp_path / "a")
    command.main(["--final", "--data", str(data), "--split", "", "--epochs", "1", "--batch-size", "2", "--crop",
                  "16", "--threads", "1", "--device", "cpu", "--out", str(tmp_path / "final")])
    assert told == ["writing its final weights"]
