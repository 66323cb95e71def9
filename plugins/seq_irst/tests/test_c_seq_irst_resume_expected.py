"""--loso reruns its finished stages by design (train() without ``ready``): their fit is told so
(``resume_expected``), so that it says the stage goes on with its weights instead of advising a larger --epochs;
``train seq_irst --resume`` (main, which passes ``ready``) is not."""


def test_loso_stages_tell_fit_their_resume_is_expected_main_does_not(tmp_path, monkeypatch):
    import workbench.core.training as training
    from workbench.core.data.irseq_synth import make_sequence
    from workbench.core.training.loop import FitResult
    from workbench_seq_irst.train import TrainSettings, train

    told = []

    def fit(*a, **k):  # nothing trained: the keyword is what is looked at
        told.append(k.get("resume_expected"))
        return FitResult(cancelled=True)

    monkeypatch.setattr(training, "fit", fit)
    data = [(make_sequence(1, width=16, height=16, frames=4, flicker_rate=0), None)]
    st = TrainSettings(crop=16, batch_size=4, epochs=1, threads=1)
    train(None, data, [], st, tmp_path / "stage1", resume=True, log=lambda m: None)  # as --loso calls it
    train(None, data, [], st, tmp_path / "main", resume=True, log=lambda m: None, ready=lambda: None)  # as main
    assert told == ["going on with its weights", None]
