"""``python -m workbench_siamfcpp_prune.device_bench --json F`` keeps an earlier F unless ``--force`` (it was
replaced without a word after the timing), refused before the run as ``workbench bench`` refuses it."""
from __future__ import annotations

import json

import pytest

pytest.importorskip("torch")


@pytest.fixture
def timed(monkeypatch):
    from workbench_siamfcpp_prune import device_bench

    runs = []

    def fake_rows(devices, quick=False):  # the timing takes minutes: a row stands in (the refusal is tested)
        runs.append(quick)
        return [{"what": "siamfcpp host path", "kind": "tracker", "unit": "FPS", "input": "x", "cpu": 12.5}]

    monkeypatch.setattr(device_bench, "device_path_rows", fake_rows)
    return runs


def test_an_earlier_json_is_kept_without_force(timed, tmp_path, capsys):
    from workbench_siamfcpp_prune import device_bench

    out = tmp_path / "bench.json"
    out.write_text("my earlier figures")
    with pytest.raises(SystemExit) as exc:
        device_bench.main(["--quick", "--json", str(out)])
    assert exc.value.code == 2 and timed == []  # refused before the run
    assert f"--json {out}: already there; pass --force" in capsys.readouterr().err
    assert out.read_text() == "my earlier figures"

    assert device_bench.main(["--quick", "--json", str(out), "--force"]) == 0
    assert timed == [True] and json.loads(out.read_text())["rows"][0]["cpu"] == 12.5


def test_a_new_json_is_written(timed, tmp_path):
    from workbench_siamfcpp_prune import device_bench

    out = tmp_path / "new.json"
    assert device_bench.main(["--json", str(out)]) == 0
    assert timed == [False] and json.loads(out.read_text())["devices"][0] == "cpu"
