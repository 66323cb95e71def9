"""``python -m workbench_nas_tir.validate --out F`` keeps an earlier F unless ``--force`` (it was replaced
without a word after minutes of tracking), refused before any tracking with the project's wording."""
from __future__ import annotations

import json

import pytest

pytest.importorskip("torch")


@pytest.fixture
def tracked(monkeypatch):
    from workbench_nas_tir import validate

    runs = []

    def fake_evaluate(cfg, seqs):  # the tracking takes minutes: its figures stand in (the refusal is tested)
        runs.append(cfg)
        return {"per_sequence": [], "mean": {"auc": 0.5, "p20": 0.25}}

    monkeypatch.setattr(validate, "evaluate", fake_evaluate)
    monkeypatch.setattr(validate, "validation_sequences", lambda *a, **k: [])
    return runs


def test_an_earlier_out_file_is_kept_without_force(tracked, tmp_path, capsys):
    from workbench_nas_tir import validate

    out = tmp_path / "val.json"
    out.write_text("my earlier scores")
    with pytest.raises(SystemExit) as exc:
        validate.main(["--out", str(out)])
    assert exc.value.code == 2 and tracked == []  # refused before any tracking
    err = capsys.readouterr().err
    assert f"--out {out}: already there; pass --force" in err
    assert out.read_text() == "my earlier scores"

    assert validate.main(["--out", str(out), "--force"]) == 0
    assert len(tracked) == 1 and json.loads(out.read_text())["mean"]["auc"] == 0.5


def test_a_new_out_file_is_written(tracked, tmp_path):
    from workbench_nas_tir import validate

    out = tmp_path / "new.json"
    assert validate.main(["--out", str(out)]) == 0
    assert json.loads(out.read_text())["mean"]["p20"] == 0.25
