"""A training whose validation F1 was undefined at every epoch (neither target labels nor detections in the validation
frames: None since 45038af, NaN in the loop) ended "best F1 nan at epoch 2": the loop took a NaN epoch as the best.
No epoch is the best then (summary.json best_epoch 0, best_f1 null), the last line says why, and best_weights.pt holds
the last epoch's weights. Generated data; the validation's scores stand in for such frames."""
import json


def _argv(out, *extra):
    return ["--synthetic", "1", "--synthetic-size", "64x48", "--synthetic-frames", "6", "--crop", "16",
            "--synthetic-val", "1", "--epochs", "2", "--device", "cpu", "--threads", "1", "--out", str(out), *extra]


def test_no_epoch_with_an_f1_is_not_a_best_f1_nan(tmp_path, capsys, monkeypatch):
    from workbench_seq_irst import detector, train

    monkeypatch.setattr(detector, "evaluate", lambda *a, **k: ({"precision": None, "recall": None, "f1": None}, {}))
    out = tmp_path / "run"
    assert train.main(_argv(out)) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert "nan" not in last and "undefined at every epoch" in last and "best_weights.pt" in last, last
    summary = json.loads((out / "summary.json").read_text())
    assert summary["best_epoch"] == 0 and summary["best_f1"] is None
    assert (out / "best_weights.pt").is_file()
