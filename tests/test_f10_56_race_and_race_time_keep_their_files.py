"""Folder sequences 'race' and 'race_time' side by side: 'race_time.txt' is race's times file (OTB's, pytracking's
'<seq>_time.txt') and race_time's box file. A --dataset run wrote race's times, then race_time's boxes over them
(eval --protocol got10k read the boxes as race's times: 0.1 fps); --sequence race_time then --sequence race into one
folder wrote race's times over race_time's boxes. Race's times now go to 'times/race_time.txt' (the GOT-10k
toolkit's OTB-style place) and ``time_file`` passes over a '<seq>_time.txt' that is a sequence's boxes; a foreign
flat folder holding only 'race_time.txt' is that sequence's boxes."""
from __future__ import annotations

import cv2
import numpy as np

from workbench.cli import main
from workbench.core.methods import TrackOutput
from workbench.core.results import find_runs, read_times, time_file


class _Still:
    """A tracker that says the first box on every frame."""
    name, modalities = "f10_still", ("rgb",)

    def initialize(self, frame, box):
        self.box = box

    def track(self, frame):
        return TrackOutput(self.box)


def _registry(monkeypatch):
    from workbench.core import registry as registry_mod
    from workbench.core.registry import Plugin, Registry

    reg = Registry()
    reg.add(Plugin(name="f10_still", kind="tracker", factory=lambda c, d: _Still(), modalities=("rgb",)))
    monkeypatch.setattr(registry_mod, "_DEFAULT", reg)


def _dataset(root, frames=4):
    for name in ("race", "race_time"):
        img = root / name / "img"
        img.mkdir(parents=True)
        for k in range(frames):
            cv2.imwrite(str(img / f"{k + 1:04d}.png"), np.full((24, 32, 3), 40 + 10 * k, np.uint8))
        (root / name / "groundtruth_rect.txt").write_text("".join(f"{8 + k},6,8,8\n" for k in range(frames)))
    return root


def _columns(path):
    return np.loadtxt(path, delimiter=",", ndmin=2).shape[1]


def test_a_dataset_run_keeps_race_times_apart_from_race_time_boxes(tmp_path, monkeypatch, capsys):
    _registry(monkeypatch)
    ds, res = _dataset(tmp_path / "ds"), tmp_path / "res"
    assert main(["run", "--tracker", "f10_still", "--dataset", str(ds), "--out", str(res)]) == 0
    run = next(res.rglob("manifest.json")).parent
    assert _columns(run / "race_time.txt") == 4  # race_time's boxes, not overwritten
    assert time_file(run / "race.txt") == run / "times" / "race_time.txt"  # the old code: race_time.txt, the boxes
    assert time_file(run / "race_time.txt") == run / "race_time_time.txt"
    assert read_times(run / "times" / "race_time.txt").shape == (4, 1)
    (found,) = find_runs(res)
    assert sorted(found.files) == ["race", "race_time"] and found.layout == "ours"
    capsys.readouterr()
    assert main(["eval", str(res), "--dataset", str(ds), "--protocol", "got10k", "--per-sequence"]) == 0
    rows = {r[1]: r for r in (ln.split() for ln in capsys.readouterr().out.splitlines()) if r and r[0] == "f10_still"}
    assert set(rows) == {"race", "race_time", "ALL"}
    assert float(rows["race"][-1]) > 1.0  # its own seconds per frame, not race_time's boxes read as seconds (0.1 fps)


def test_race_after_race_time_leaves_its_boxes(tmp_path, monkeypatch):
    _registry(monkeypatch)
    ds, res = _dataset(tmp_path / "ds"), tmp_path / "res"
    assert main(["run", "--tracker", "f10_still", "--sequence", str(ds / "race_time"), "--out", str(res)]) == 0
    run = next(res.rglob("manifest.json")).parent
    boxes = (run / "race_time.txt").read_text()
    assert main(["run", "--tracker", "f10_still", "--sequence", str(ds / "race"), "--out", str(res)]) == 0
    assert (run / "race_time.txt").read_text() == boxes  # the old code wrote race's times over them
    assert time_file(run / "race.txt") == run / "times" / "race_time.txt"
    assert read_times(run / "times" / "race_time.txt").shape == (4, 1)


def test_race_time_after_race_moves_race_times(tmp_path, monkeypatch):
    _registry(monkeypatch)
    ds, res = _dataset(tmp_path / "ds"), tmp_path / "res"
    assert main(["run", "--tracker", "f10_still", "--sequence", str(ds / "race"), "--out", str(res)]) == 0
    run = next(res.rglob("manifest.json")).parent
    times = (run / "race_time.txt").read_text()
    assert main(["run", "--tracker", "f10_still", "--sequence", str(ds / "race_time"), "--out", str(res)]) == 0
    assert _columns(run / "race_time.txt") == 4
    assert (run / "times" / "race_time.txt").read_text() == times  # race's times kept, moved beside
    assert time_file(run / "race.txt") == run / "times" / "race_time.txt"


def test_a_foreign_folder_holding_only_race_time_is_its_boxes(tmp_path):
    flat = tmp_path / "res" / "kcf"
    flat.mkdir(parents=True)
    (flat / "race_time.txt").write_text("1,2,3,4\n2,2,3,4\n")
    (found,) = find_runs(tmp_path / "res")  # the old code: no run ("no result files found")
    assert sorted(found.files) == ["race_time"]


def test_an_export_beside_race_time_leaves_its_boxes(tmp_path, monkeypatch):
    from workbench.core.results import export_results

    _registry(monkeypatch)
    ds, res = _dataset(tmp_path / "ds", frames=3), tmp_path / "res"
    assert main(["run", "--tracker", "f10_still", "--dataset", str(ds), "--out", str(res)]) == 0
    for toolkit in ("pysot", "pytracking"):
        (done,) = export_results(res, tmp_path / toolkit, toolkit)
        boxes = np.loadtxt(done.folder / "race_time.txt", delimiter="\t" if toolkit == "pytracking" else ",",
                           ndmin=2)
        assert boxes.shape == (3, 4), toolkit  # the old code: race's times written over race_time's boxes
        assert any("race: times not copied" in n for n in done.notes), done.notes
