"""CSV tables had no UTF-8 byte-order mark option: Excel on Windows opens a CSV without one in the ANSI code page and
garbles CJK / accented sequence names. Every command that writes CSV tables takes --csv-bom (eval --csv, the demo's
scores.csv, segment's roc.csv / pd_fa.csv), written by one helper (csvtable.write_csv); without it the files are as
before (no mark: scripts read them). The workbench's own readers of its CSVs read a marked file too."""
from __future__ import annotations

import csv

import numpy as np
import pytest

from workbench.cli import _parser, main
from workbench.core.csvtable import BOM, csv_text, write_csv

NAME = "序列_Müller"  # a CJK and accented sequence name


def _dataset(root):
    from workbench.core.data.synthetic import write_demo

    return write_demo(root, frames=6, name=NAME)


def _results(root, seq_dir):
    from workbench.core.results import read_boxes, update_manifest, write_boxes

    gt = read_boxes(seq_dir / "groundtruth_rect.txt")
    folder = root / "data" / "kcf" / "default"
    write_boxes(folder / f"{NAME}.txt", gt)  # the groundtruth's own numbers: the file's frame
    update_manifest(folder, {"method": "kcf", "kind": "tracker", "variant": "default"}, NAME,
                    {"box_offset": 1, "start_frame": 0, "completed": True, "frames": len(gt)})


def test_eval_csv_bom_and_default(tmp_path):
    seq = _dataset(tmp_path / "data")
    _results(tmp_path / "res", seq)
    args = ["eval", str(tmp_path / "res"), "--dataset", str(tmp_path / "data")]
    assert main(args + ["--csv", str(tmp_path / "plain.csv")]) == 0
    assert main(args + ["--csv", str(tmp_path / "excel.csv"), "--csv-bom"]) == 0
    plain, excel = (tmp_path / "plain.csv").read_bytes(), (tmp_path / "excel.csv").read_bytes()
    assert not plain.startswith(BOM.encode("utf-8"))  # the default is as it was
    assert excel.startswith(b"\xef\xbb\xbf") and excel[3:] == plain  # the mark, then the same table
    rows = list(csv.DictReader((tmp_path / "excel.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0]["tracker"] == "kcf" and rows[0]["sequence"] == NAME


@pytest.mark.parametrize("command", [["demo"], ["eval", "r", "--dataset", "d"]])
def test_commands_writing_csv_take_the_flag(command):
    assert _parser().parse_args(command + ["--csv-bom"]).csv_bom is True
    assert _parser().parse_args(command).csv_bom is False


def test_segment_takes_the_flag(capsys):
    from workbench.core.segment_command import segment_main

    with pytest.raises(SystemExit):
        segment_main(["--help"], "tophat")
    assert "--csv-bom" in capsys.readouterr().out


def test_roc_and_pd_fa_csv_marked(tmp_path, monkeypatch):
    from workbench.core.evaluation import irst_curves, plots
    from workbench.core.evaluation.irst_curves import export_box_pd_fa

    # the figures are not what is checked here (seconds each): stand-ins, the CSV written as always
    monkeypatch.setattr(irst_curves, "pd_fa_figure", lambda *a, **k: None)
    monkeypatch.setattr(plots, "save_figure", lambda fig, path: path)

    res = {"pd_fa": {"thresholds": [0.2, 0.5, 0.8], "pd": [1.0, 0.8, 0.5], "fa": [3e-5, 1e-5, 0.0]},
           "pd": 0.8, "fa": 1e-5, "fa_e6": 10.0}
    files = export_box_pd_fa(res, tmp_path / "a", bom=True)
    (table,) = [f for f in files if f.suffix == ".csv"]
    assert table.read_bytes().startswith(b"\xef\xbb\xbf")
    files = export_box_pd_fa(res, tmp_path / "b")
    (table,) = [f for f in files if f.suffix == ".csv"]
    assert not table.read_bytes().startswith(b"\xef\xbb\xbf")


def test_detections_read_back_with_a_mark(tmp_path):
    from workbench.core.methods import DetectOutput
    from workbench.core.results import read_detections, write_detections

    out = DetectOutput(points=np.array([[3.0, 4.0]]), scores=np.array([0.9]))
    path = write_detections(tmp_path / "d.csv", [(0, out)], bom=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    got = read_detections(path, 2)
    assert len(got[0]) == 1 and len(got[1]) == 0


def test_helper_does_not_double_the_mark(tmp_path):
    text = csv_text([[NAME, 1]], ["sequence", "n"])
    path = write_csv(tmp_path / "t.csv", BOM + text, bom=True)
    assert path.read_bytes().count(b"\xef\xbb\xbf") == 1
    assert path.read_text(encoding="utf-8-sig") == text  # (how the workbench reads its CSVs)
