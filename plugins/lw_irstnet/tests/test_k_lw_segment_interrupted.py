"""Ctrl-C in the middle of `workbench segment lw_irstnet --out`: the masks written so far are kept and said in one
line, and the run's manifest records them as an unfinished run (none was written: the masks went unsaid, and an
earlier whole run of the same settings left its ``completed: true`` over a folder of this run's masks and that
one's)."""
import json

from tiny_sirst import tiny_sirst


def test_segment_stopped_keeps_its_masks_and_marks_the_run_unfinished(tmp_path, capsys, monkeypatch):
    from workbench.cli import main as cli
    from workbench.core import results

    data, out = tiny_sirst(tmp_path / "set", n=4), tmp_path / "out"
    line = ["segment", "lw_irstnet", "--dataset", str(data), "--out", str(out), "--device", "cpu", "--threads", "1"]
    run = out / "set" / "lw_irstnet" / "default"
    written = results.write_mask

    def write_mask(path, mask):  # Ctrl-C arrives as the third mask is due
        if len(calls) == 2:
            raise KeyboardInterrupt
        calls.append(path)
        return written(path, mask)

    calls = []
    monkeypatch.setattr(results, "write_mask", write_mask)
    assert cli(line) == 130
    said = capsys.readouterr()
    assert "Traceback" not in said.err
    assert said.out.strip().splitlines()[-1] == (f"segment stopped (Ctrl-C): 2 of 4 masks kept in {run / 'all'} "
                                                 "(marked unfinished in its manifest.json); the same command again "
                                                 "segments them all")
    entry = json.loads((run / "manifest.json").read_text())["sequences"]["all"]
    assert entry["completed"] is False and entry["frames_done"] == 2 and entry["frames"] == 4
    assert entry["partial"]["reason"] == "interrupted"
    assert not [p for p in run.rglob("*.tmp")]
