"""`workbench detect seq_irst --out` stopped part-way by a frame that cannot be read (a PNG cut short, as a copy
stopped part-way): the frames of that sequence detected before it were thrown away (only Ctrl-C kept them) and
nothing said what the finished sequences left. They are kept, marked partial in the manifest (reason 'error', the
error's line), said in one line before the error, which names the file. (Few frames: each is a forward pass of the
model, 0.4 s under load; seqA 4, all whole; seqB 5, the 5th cut short, so frame 0 alone, whose F1..F4 are frames
0-3, is detected before it.)"""
import json

import numpy as np
import pytest

pytest.importorskip("torch")


def _seq(root, n=8):
    from workbench.core.data.images import write_image

    for i in range(n):
        x = np.full((32, 32), 40, np.uint8)
        x[10 + i, 12] = 220
        write_image(root / "frames" / f"{i + 1:04d}.png", x)
    (root / "anno_xy.txt").write_text("".join(f"12\t{10 + i}\n" for i in range(n)))
    return root


def test_frames_before_an_unreadable_frame_are_kept_marked_and_said(tmp_path, capsys):
    from workbench.cli import main as cli

    a, b = _seq(tmp_path / "data" / "seqA", 4), _seq(tmp_path / "data" / "seqB", 5)
    bad = b / "frames" / "0005.png"
    bad.write_bytes(bad.read_bytes()[:40])  # cut short
    out = tmp_path / "out"
    assert cli(["detect", "seq_irst", "--sequence", str(a), "--sequence", str(b), "--device", "cpu",
                "--out", str(out), "--json", str(tmp_path / "r.json")]) != 0
    cap = capsys.readouterr()
    assert "Traceback" not in cap.out + cap.err
    assert f"{bad}: not a readable image" in cap.err, cap.err  # the error names the file
    manifest = next(out.rglob("manifest.json"))
    seqs = json.loads(manifest.read_text())["sequences"]
    assert seqs["seqA"]["completed"] is True and seqs["seqA"]["frames_done"] == 4
    entry = seqs["seqB"]  # the old code: no entry, no seqB.csv
    done = entry["frames_done"]
    assert entry["completed"] is False and 0 < done < 5
    assert entry["partial"]["reason"] == "error" and entry["partial"]["frame"] == done
    assert str(bad) in entry["partial"]["error"]
    assert (manifest.parent / "seqB.csv").is_file() and not (tmp_path / "r.json").exists()
    line = (f"detect stopped by the error below: 1 of 2 sequences written whole to {out}; seqB: {done} of 5 frames "
            f"(up to frame index {done - 1}) kept, marked partial in its manifest.json")
    assert line in cap.err, cap.err
    assert cap.err.index(line) < cap.err.index("not a readable image")  # the kept line, then the error
