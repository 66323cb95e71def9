"""`workbench export-results` copied a result file shorter or longer than its sequence without a word, where `eval`
leaves the shorter one out of the scores (naming it) and cuts the longer one with a note: the export reads them as
eval does (a shorter one left out, a longer one cut), each said with the file and both lengths; a run whose every
file is left out gets no empty tracker folder."""
import cv2
import numpy as np
import pytest

from workbench.cli import main
from workbench.core.results import export_results, update_manifest, write_boxes


def _flat(root, tracker, rows):
    """A pysot-toolkit flat folder (marked in the dataset file's frame) with one file of ``rows`` rows."""
    folder = root / tracker
    write_boxes(folder / "seq_a.txt", np.tile([5.0, 6.0, 10.0, 8.0], (rows, 1)))
    (folder / "manifest.json").write_text('{"boxes": "dataset file"}', encoding="utf-8")


def _dataset(root, frames):
    seq = root / "seq_a"
    (seq / "img").mkdir(parents=True)
    for i in range(frames):
        cv2.imwrite(str(seq / "img" / f"{i + 1:04d}.png"), np.zeros((24, 32), np.uint8))
    np.savetxt(seq / "groundtruth_rect.txt", np.tile([5.0, 6.0, 10.0, 8.0], (frames, 1)), fmt="%.0f", delimiter=",")


def test_short_left_out_long_cut_with_the_dataset(tmp_path, capsys):
    res, data, out = tmp_path / "res", tmp_path / "data", tmp_path / "out"
    _flat(res, "short", 7)
    _flat(res, "long", 12)
    _dataset(data, 10)
    assert main(["export-results", str(res), "--toolkit", "pysot", "--out", str(out), "--dataset", str(data)]) == 0
    err = capsys.readouterr().err
    short = next(ln for ln in err.splitlines() if "/short/seq_a.txt" in ln)
    assert "left out" in short and "7 rows" in short and "10 frames" in short, short
    long = next(ln for ln in err.splitlines() if "/long/seq_a.txt" in ln)
    assert "12 rows" in long and "10 frames" in long and "2 row(s)" in long, long
    assert not (out / "short").exists()  # no empty tracker folder for a run with nothing exported
    assert len((out / "long" / "seq_a.txt").read_text().splitlines()) == 10


def test_our_run_checked_against_its_manifest_without_the_dataset(tmp_path):
    folder = tmp_path / "res" / "set" / "kcf" / "default"
    write_boxes(folder / "seq_a.txt", np.tile([1.0, 2.0, 10.0, 8.0], (6, 1)), 0)  # edited: the run had 9 frames
    update_manifest(folder, {"method": "kcf", "kind": "tracker", "variant": "default"}, "seq_a",
                    {"box_offset": 0, "start_frame": 0, "completed": True, "frames": 9})
    done = export_results(tmp_path / "res", tmp_path / "out", "got10k")
    assert done[0].files == []
    assert any("seq_a.txt" in n and "6 rows" in n and "9 frames" in n for n in done[0].notes), done[0].notes


def test_same_length_unchanged(tmp_path):
    folder = tmp_path / "res" / "set" / "kcf" / "default"
    write_boxes(folder / "seq_a.txt", np.tile([1.0, 2.0, 10.0, 8.0], (9, 1)), 0)
    update_manifest(folder, {"method": "kcf", "kind": "tracker", "variant": "default"}, "seq_a",
                    {"box_offset": 0, "start_frame": 0, "completed": True, "frames": 9})
    done = export_results(tmp_path / "res", tmp_path / "out", "got10k")
    assert len(done[0].files) == 1 and not any("rows" in n for n in done[0].notes)
    assert len(done[0].files[0].read_text().splitlines()) == 9


if __name__ == "__main__":
    pytest.main([__file__])
