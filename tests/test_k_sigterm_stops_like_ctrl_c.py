"""SIGTERM (``kill PID``, a scheduler stopping a job) in the middle of ``workbench run`` stops it as Ctrl-C does:
the frames tracked so far are saved, marked partial in the manifest, one line says so, exit status 143. Before,
the process died at once with nothing said and the interrupted sequence's frames were lost."""
from __future__ import annotations

import json
import os
import signal
import sys

import numpy as np


def _linked_sequence(root, frames=200):
    """A frames folder of ``frames`` hard links to one small image: long enough to be stopped mid-run, cheap."""
    from workbench.core.data.images import write_image

    img = root / "seq" / "img"
    img.mkdir(parents=True)
    x = np.zeros((40, 40), np.uint8)
    x[16:24, 16:24] = 200
    write_image(img / "0001.png", x)
    for i in range(2, frames + 1):
        os.link(img / "0001.png", img / f"{i:04d}.png")
    return root / "seq"


def test_sigterm_mid_run_keeps_the_frames_tracked_and_exits_143(tmp_path, monkeypatch, capsys):
    from workbench import cli
    from workbench.core import jobs

    seq = _linked_sequence(tmp_path / "data")
    out = tmp_path / "out"
    monkeypatch.setenv("OMP_NUM_THREADS", "1")  # no sampling of the machine's load
    monkeypatch.setattr(sys, "argv", ["workbench", "run", "--tracker", "kcf", "--sequence", str(seq),
                                      "--init", "14,14,12,12", "--out", str(out)])
    shown = jobs.TextProgress.__call__
    sent = []

    def progress(self, fraction, message=""):  # the process is told to stop once a quarter is tracked
        shown(self, fraction, message)
        if fraction >= 0.25 and not sent:
            sent.append(fraction)
            os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(jobs.TextProgress, "__call__", progress)
    before = signal.getsignal(signal.SIGTERM)
    received = []
    # the test's own handler stands in for the default (which would end the test process) where main sets none
    signal.signal(signal.SIGTERM, lambda signum, frame: received.append(signum))
    try:
        code = cli.main()
    finally:
        signal.signal(signal.SIGTERM, before)
    err = capsys.readouterr().err
    assert sent and not received, "SIGTERM was not taken by the command"
    assert code == 143, err
    assert "Traceback" not in err
    kept, last = err.strip().splitlines()[-2:]
    assert last == "workbench: stopped by SIGTERM"
    assert kept.startswith("workbench: kcf seq: seq: stopped at frame index ") and "interrupted (SIGTERM)" in kept
    assert kept.endswith(f"kept, marked partial, in {out / 'data' / 'kcf' / 'default' / 'seq.txt'}; the same command "
                         "again tracks it whole"), kept
    run = out / "data" / "kcf" / "default"
    entry = json.loads((run / "manifest.json").read_text())["sequences"]["seq"]
    assert entry["completed"] is False and entry["partial"]["reason"] == "interrupted"
    assert "SIGTERM" in entry["partial"]["error"]
    rows = (run / "seq.txt").read_text().splitlines()
    assert len(rows) == 200 and 0 < entry["tracked"] < 200
    assert all(r != "nan,nan,nan,nan" for r in rows[:entry["tracked"]])
    assert all(r == "nan,nan,nan,nan" for r in rows[entry["tracked"]:])
    assert not [p for p in run.iterdir() if p.name.endswith(".tmp")]
