"""``workbench detect ... --json det.json`` (and ``--detections d.csv``) wrote the file without a word, where the
other verbs say each file they write ("wrote PATH"); both are said now."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("torch")

from workbench.core.data.irseq import save_irseq  # noqa: E402
from workbench.core.data.irseq_synth import make_sequence  # noqa: E402


def test_detect_says_the_json_and_detections_it_wrote(tmp_path, capsys):
    from workbench_seq_irst import detector
    from workbench_seq_irst.config import default_weights

    weights = default_weights()
    if not Path(weights).is_file():
        pytest.skip(f"no shipped seq_irst weights ({weights})")
    seq = save_irseq(make_sequence(77, frames=4, width=64, height=48, depth=16), tmp_path / "s16")
    js, csv = tmp_path / "d.json", tmp_path / "d.csv"
    assert detector.main(["--sequence", str(seq), "--json", str(js), "--detections", str(csv),
                          "--device", "cpu"]) == 0
    out = capsys.readouterr().out
    assert f"wrote {js}" in out and f"wrote {csv}" in out, out
    assert json.loads(js.read_text())["per_sequence"]["s16"]["frames"] == 4
    assert csv.read_text().startswith("sequence,frame,cx,cy,w,h,score,class")
