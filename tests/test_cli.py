"""The command line, in-process through ``main(argv)`` and once as a real subprocess."""
import json
import subprocess
import sys

import numpy as np
import pytest

from workbench.cli import main
from workbench.core.data.synthetic import write_demo
from workbench.core.results import write_boxes


@pytest.fixture
def demo_dir(tmp_path):
    return write_demo(tmp_path / "data", frames=25, width=160, height=128)


def test_run_then_eval_writes_layout_json_csv_plots(tmp_path, demo_dir, capsys):
    out = tmp_path / "res"
    assert main(["run", "--tracker", "kcf", "--sequence", str(demo_dir), "--out", str(out)]) == 0
    boxes = np.loadtxt(out / "data" / "kcf" / "default" / "demo_thermal.txt", delimiter=",")
    assert boxes.shape == (25, 4)
    js, csvf, plots = tmp_path / "s.json", tmp_path / "s.csv", tmp_path / "plots"
    assert main(["eval", str(out), "--dataset", str(demo_dir.parent), "--json", str(js), "--csv", str(csvf),
                 "--plots", str(plots), "--attributes"]) == 0
    text = capsys.readouterr().out
    assert "kcf" in text and "AUC" in text
    assert "success_auc by attribute" in text and "occlusion" in text
    data = json.loads(js.read_text())
    assert set(data) == {"kcf"}
    assert {"success_auc", "precision_20", "norm_precision"} <= set(data["kcf"]["demo_thermal"])
    assert data["kcf"]["_all"]["success_auc"] == pytest.approx(data["kcf"]["demo_thermal"]["success_auc"])
    assert (plots / "success.svg").exists() and (plots / "precision.pdf").exists()
    assert csvf.read_text().startswith("tracker,sequence,")


def test_eval_of_known_boxes_matches_hand_value(tmp_path, demo_dir, capsys):
    from workbench.core.data import open_sequence

    gt = open_sequence(demo_dir).groundtruth
    shifted = gt.copy()
    shifted[:, 0] += gt[:, 2] / 2  # half-width shift: IoU = 0.5 / 1.5 = 1/3 on every frame
    shifted[0] = gt[0]
    write_boxes(tmp_path / "r" / "half" / "demo_thermal.txt", shifted)
    js = tmp_path / "s.json"
    assert main(["eval", str(tmp_path / "r"), "--dataset", str(demo_dir), "--json", str(js)]) == 0
    auc = json.loads(js.read_text())["half"]["_all"]["success_auc"]
    # frame 0: IoU 1 -> 20 of 21 thresholds; other 24 frames: IoU 1/3 -> thresholds 0..0.3 (7 of 21)
    assert auc == pytest.approx((20 + 24 * 7) / (21 * 25), abs=1e-4)


def test_user_errors_exit_2_with_a_clear_message(tmp_path, demo_dir, capsys):
    assert main(["run", "--tracker", "nope", "--sequence", str(demo_dir), "--out", str(tmp_path)]) == 2
    assert "no plugin named 'nope'" in capsys.readouterr().err
    assert main(["run", "--tracker", "kcf", "--sequence", str(tmp_path / "missing"), "--out", str(tmp_path)]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    bad = tmp_path / "r" / "kcf" / "demo_thermal.txt"
    bad.parent.mkdir(parents=True)
    bad.write_text("1,2,3,4\n1,2,3\n")
    assert main(["eval", str(tmp_path / "r"), "--dataset", str(demo_dir)]) == 2
    err = capsys.readouterr().err
    assert "demo_thermal.txt, line 2" in err and "Traceback" not in err
    assert main(["run", "--tracker", "kcf", "--sequence", str(demo_dir), "--init", "1,2,3",
                 "--out", str(tmp_path)]) == 2


def test_list_plugins_and_dataset(tmp_path, demo_dir, capsys):
    assert main(["list"]) == 0
    assert "kcf" in capsys.readouterr().out
    assert main(["list", "--dataset", str(demo_dir.parent)]) == 0
    out = capsys.readouterr().out
    assert "demo_thermal" in out and "25 frames" in out and "occlusion" in out


def test_subprocess_error_has_no_traceback(tmp_path):
    p = subprocess.run([sys.executable, "-m", "workbench.cli", "eval", str(tmp_path), "--dataset",
                        str(tmp_path / "nothing")], capture_output=True, text=True, timeout=120)
    assert p.returncode == 2
    assert "workbench: error:" in p.stderr and "Traceback" not in p.stderr


def test_bench_lists_and_runs_quick(tmp_path, capsys):
    assert main(["bench"]) == 0
    assert "evaluation" in capsys.readouterr().out
    js = tmp_path / "b.json"
    assert main(["bench", "evaluation", "--quick", "--json", str(js)]) == 0
    data = json.loads(js.read_text())
    assert data["name"] == "evaluation" and len(data["rows"]) == 2
    # both implementations agree on the score: the speed comparison is of equal work
    assert data["rows"][0]["success_auc"] == pytest.approx(data["rows"][1]["success_auc"], abs=1e-9)


def test_bad_frames_and_boxes_name_the_file(tmp_path, demo_dir, capsys):
    (demo_dir / "img" / "0005.png").write_bytes(b"not a png")
    assert main(["run", "--tracker", "kcf", "--sequence", str(demo_dir), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert f"{demo_dir / 'img' / '0005.png'}: not a readable image" in err
    # issue 23: the frames before the unreadable one are kept (the rest NaN), the manifest says so
    (kept,) = (tmp_path / "o").rglob("demo_thermal.txt")
    boxes = np.loadtxt(kept, delimiter=",")
    assert np.all(np.isfinite(boxes[:4])) and np.all(np.isnan(boxes[4:]))
    assert "stopped at frame index 4" in err
    assert main(["run", "--tracker", "kcf", "--sequence", str(demo_dir), "--init", "500,500,10,10",
                 "--out", str(tmp_path / "o")]) == 2
    assert "lies outside the 160x128 frame" in capsys.readouterr().err
    gt = demo_dir / "groundtruth_rect.txt"
    lines = gt.read_text().splitlines()
    lines[2] = "5,5,0,10"
    gt.write_text("\n".join(lines) + "\n")
    (demo_dir / "img" / "0005.png").unlink()
    assert main(["list", "--dataset", str(demo_dir)]) == 2
    assert "has 25 boxes but" in capsys.readouterr().err


def test_suspicious_groundtruth_is_read_with_a_warning(tmp_path, demo_dir, capsys):
    gt = demo_dir / "groundtruth_rect.txt"
    lines = gt.read_text().splitlines()
    lines[2] = "5,5,0,10"
    lines[4] = "900,900,10,10"
    gt.write_text("\n".join(lines) + "\n")
    assert main(["list", "--dataset", str(demo_dir)]) == 0
    err = capsys.readouterr().err
    assert f"{gt}, line 3: zero or negative box size" in err
    assert f"{gt}, line 5: box lies entirely outside the 160x128 image" in err
