"""`workbench detect seq_irst --out` stopped by Ctrl-C / SIGTERM (here a KeyboardInterrupt at the second sequence's
third frame): it ended with 'workbench: interrupted' alone. The sequences done before it are written (and said) as
each is done, the interrupted one's frames kept and marked partial in its manifest, as `run` does, in one line."""
import json

import numpy as np
import pytest

pytest.importorskip("torch")


def _seq(root, n=4):
    from workbench.core.data.images import write_image

    for i in range(n):
        x = np.full((32, 32), 40, np.uint8)
        x[10 + i, 12] = 220
        write_image(root / "frames" / f"{i + 1:04d}.png", x)
    (root / "anno_xy.txt").write_text("".join(f"12\t{10 + i}\n" for i in range(n)))
    return root


def test_detect_interrupted_keeps_what_it_did_and_says_so(tmp_path, capsys, monkeypatch):
    import workbench.core.loops as loops
    from workbench.cli import main as cli

    a, b = _seq(tmp_path / "data" / "seqA"), _seq(tmp_path / "data" / "seqB")
    real, seen = loops.iter_detect, []

    def iter_detect(det, s, idx, ctx):
        for i, out in real(det, s, idx, ctx):
            seen.append((s.name, i))
            if (s.name, i) == ("seqB", 2):
                raise KeyboardInterrupt  # Ctrl-C while seqB's frame 2 is detected
            yield i, out

    monkeypatch.setattr(loops, "iter_detect", iter_detect)
    out = tmp_path / "out"
    assert cli(["detect", "seq_irst", "--sequence", str(a), "--sequence", str(b), "--device", "cpu",
                "--out", str(out), "--json", str(tmp_path / "r.json")]) == 130
    cap = capsys.readouterr()
    manifest = next(out.rglob("manifest.json"))
    folder = manifest.parent
    assert f"wrote {folder / 'seqA.csv'}" in cap.out
    assert (f"detect stopped (Ctrl-C): 1 of 2 sequences written whole to {out}; seqB: 2 of 4 frames (up to frame "
            "index 1) kept, marked partial in its manifest.json; --json / --detections not written (written at the "
            "end); the same command again detects them all") in cap.out, cap.out
    seqs = json.loads(manifest.read_text())["sequences"]
    assert seqs["seqA"]["completed"] is True and seqs["seqA"]["frames_done"] == 4
    assert seqs["seqB"]["completed"] is False and seqs["seqB"]["frames_done"] == 2
    assert seqs["seqB"]["partial"] == {"reason": "interrupted", "frame": 2, "error": "interrupted (Ctrl-C)"}
    assert (folder / "seqB.csv").is_file() and not (tmp_path / "r.json").exists()
