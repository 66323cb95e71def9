"""list --dataset of a demo's output folder listed plots/ (exported PNG / SVG / PDF figures) as an rgb sequence
and missed data/demo_thermal, a sequence two levels down; figures are not sequences, and a plain folder of
sequences one level down is looked into. A numbered image set of mixed sizes stays a sequence."""
import cv2
import numpy as np

from workbench.cli import main
from workbench.core.data import open_dataset
from workbench.core.data.synthetic import write_demo


def _png(path, h, w):
    path.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(path), np.full((h, w, 3), 200, np.uint8))


def test_a_demo_output_folder_lists_its_sequence_not_its_plots(tmp_path, capsys):
    root = tmp_path / "demo"
    write_demo(root / "data", frames=3, width=40, height=32, seed=1, name="demo_thermal")
    for stem in ("success", "precision"):
        _png(root / "plots" / f"{stem}.png", 30, 40)
        for ext in (".svg", ".pdf"):
            (root / "plots" / f"{stem}{ext}").write_text("figure")
    (root / "results" / "data" / "kcf").mkdir(parents=True)
    (root / "results" / "data" / "kcf" / "demo_thermal.txt").write_text("1,1,4,4\n" * 3)
    assert [(e.name, e.layout) for e in open_dataset(root)] == [("demo_thermal", "otb")]
    assert main(["list", "--dataset", str(root)]) == 0
    out = capsys.readouterr().out
    assert "demo_thermal" in out and "plots" not in out


def test_screenshots_are_figures_but_a_numbered_mixed_image_set_stays(tmp_path):
    root = tmp_path / "root"
    _png(root / "shots" / "overview.png", 30, 40)
    _png(root / "shots" / "detail.png", 50, 20)
    _png(root / "set" / "Misc_1.png", 30, 40)
    _png(root / "set" / "Misc_2.png", 50, 20)
    assert [(e.name, e.layout) for e in open_dataset(root)] == [("set", "folder")]
