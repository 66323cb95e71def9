"""A --cv fold trained but not scored is resumed by design on the rerun: its fit is told so (``resume_expected``),
so that it says the fold is being scored instead of advising a larger --epochs; a plain training's --resume is not."""
from tiny_sirst import tiny_sirst


def test_cv_folds_tell_fit_their_resume_is_expected_a_plain_training_does_not(tmp_path, monkeypatch):
    import workbench.core.training as training
    from workbench.core.training.loop import FitResult
    from workbench_lw_irstnet import command

    told = []

    def fit(*a, **k):  # nothing trained: the keyword is what is looked at
        told.append(k.get("resume_expected"))
        return FitResult(cancelled=True)

    monkeypatch.setattr(training, "fit", fit)
    data = tiny_sirst(tmp_path / "a")
    common = ["--data", str(data), "--split", "", "--epochs", "1", "--batch-size", "2", "--crop", "16", "--threads",
              "1", "--device", "cpu"]
    command.main(["--cv", "2", *common, "--out", str(tmp_path / "cv")])
    command.main([*common, "--val-split", "", "--out", str(tmp_path / "one")])
    assert told == ["scoring it", None]
