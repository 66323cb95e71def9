"""Output options a careless user gets wrong, refused in one line before any work and with nothing written:
eval's --json / --csv / --plots (a folder for a file, a file for a folder, one file for two outputs) and
bench --json (a folder found after the benchmark's minutes; given without a benchmark, ignored)."""
from __future__ import annotations

import types

import cv2
import numpy as np
import pytest

from workbench.cli import main
from workbench.core.results import update_manifest, write_boxes


def make_tiny(root):
    """A 5-frame OTB-style dataset (``root/data``) and a results folder of ours (``root/res``) with two runs (kcf,
    mil) of its sequence; ``root``."""
    seq = root / "data" / "seqA"
    (seq / "img").mkdir(parents=True)
    jpg = cv2.imencode(".jpg", np.full((24, 32), 90, np.uint8))[1].tobytes()
    for k in range(1, 6):
        (seq / "img" / f"{k:04d}.jpg").write_bytes(jpg)
    gt = np.array([[5.0 + k, 6.0, 8.0, 7.0] for k in range(5)])
    (seq / "groundtruth_rect.txt").write_text("".join(",".join(f"{v:g}" for v in r) + "\n" for r in gt))
    for method in ("kcf", "mil"):
        folder = root / "res" / "data" / method / "default"
        write_boxes(folder / "seqA.txt", gt + 1.0, 1)
        update_manifest(folder, {"method": method, "kind": "tracker", "variant": "default"}, "seqA",
                        {"box_offset": 1, "start_frame": 0, "completed": True})
    return root


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return make_tiny(tmp_path_factory.mktemp("h4"))


def _eval(tiny, *extra):
    return main(["eval", str(tiny / "res"), "--dataset", str(tiny / "data"), *map(str, extra)])


def test_eval_refuses_one_file_for_json_and_csv_before_scoring(tiny, tmp_path, capsys):
    out = tmp_path / "s.json"
    assert _eval(tiny, "--json", out, "--csv", out) == 2
    cap = capsys.readouterr()
    assert f"--csv {out}: is also the --json file" in cap.err and "Traceback" not in cap.err
    assert "AUC" not in cap.out  # refused before the scoring, not after it
    assert not out.exists()


def test_eval_refuses_a_folder_for_a_file_and_a_file_for_plots_before_scoring(tiny, tmp_path, capsys):
    assert _eval(tiny, "--json", tmp_path) == 2
    cap = capsys.readouterr()
    assert f"--json {tmp_path}: is a folder" in cap.err and "AUC" not in cap.out
    f = tmp_path / "scores.json"
    f.write_text("mine")
    assert _eval(tiny, "--plots", f) == 2
    cap = capsys.readouterr()
    assert f"--plots {f}: is a file, not a folder" in cap.err and "AUC" not in cap.out
    assert f.read_text() == "mine"


def test_bench_json_checked_before_the_benchmark_and_not_ignored_without_one(monkeypatch, tmp_path, capsys):
    from workbench.core import bench

    def run(quick=False):
        raise AssertionError("the benchmark ran before its --json was checked")

    monkeypatch.setattr(bench, "load", lambda name: types.SimpleNamespace(run=run))
    assert main(["bench", "evaluation", "--quick", "--json", str(tmp_path)]) == 2
    assert f"--json {tmp_path}: is a folder" in capsys.readouterr().err
    assert main(["bench", "--json", str(tmp_path / "b.json")]) == 2
    assert "give a benchmark name" in capsys.readouterr().err
