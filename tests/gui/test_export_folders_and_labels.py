"""Export dialogs start where the user last exported (else the workspace), never inside the data or a
tracker's sub-folder written by the last export; the video export shows the frames as the viewer does."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.gui.conftest import dataset_scored, near_the_end


class Dialogs:
    """File dialogs answered from the test; the folder each one started in is recorded."""

    def __init__(self, monkeypatch):
        from PySide6.QtWidgets import QFileDialog

        self.starts: list[str] = []
        self.answer = ""
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", self._folder)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self._file)

    def _folder(self, parent, caption, start, *a, **k):
        self.starts.append(str(start))
        return str(self.answer)

    def _file(self, parent, caption, start, *a, **k):
        self.starts.append(str(Path(start).parent))
        return str(self.answer), ""


def test_export_dialogs_start_in_the_last_export_folder_else_the_workspace(qtbot, window, tmp_path, monkeypatch):
    from workbench.gui import settings as wsettings

    w = window
    data = tmp_path / "data"
    data.mkdir()
    wsettings.settings().setValue("paths/last_dir", str(data))  # the last folder a sequence was opened from
    w.open_demo()
    near_the_end(w)
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    dialogs = Dialogs(monkeypatch)
    dialogs.answer = tmp_path / "exports" / "f.png"
    w.exporter.export_dialog("frame")
    assert dialogs.starts[-1] == str(wsettings.workspace_dir())  # not the data folder
    assert w.exporter.wait(60)  # written on a worker
    assert (tmp_path / "exports" / "f.png").is_file()
    dialogs.answer = tmp_path / "exports" / "boxes"
    w.exporter.export_dialog("boxes")
    assert w.exporter.wait(60)
    assert dialogs.starts[-1] == str(tmp_path / "exports")  # where the frame went
    assert (tmp_path / "exports" / "boxes" / "fake" / "default" / "demo_thermal.txt").is_file()
    dialogs.answer = ""  # cancelled: the last folder chosen stays
    w.exporter.export_dialog("numbers")
    assert dialogs.starts[-1] == str(tmp_path / "exports" / "boxes")  # the folder chosen, not fake/default
    wsettings.flush()
    assert wsettings.export_dir() == tmp_path / "exports" / "boxes"  # kept with the settings
    assert wsettings.settings().value("paths/last_dir") == str(data)  # opening data keeps its own folder
    w.scores.export_dialog()
    assert dialogs.starts[-1] == str(tmp_path / "exports" / "boxes")


# --- the video export shows the frames as the viewer does ---------------------------------------------

def _video_frame(path, i: int) -> np.ndarray:
    import cv2

    cap = cv2.VideoCapture(str(path))
    cap.set(cv2.CAP_PROP_POS_FRAMES, i)
    ok, bgr = cap.read()
    cap.release()
    assert ok, path
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB).astype(np.float32)


def _export_video_and_frame(qtbot, w, tmp_path, name: str, i: int) -> tuple[np.ndarray, np.ndarray]:
    """(frame ``i`` of the exported video, the frame export of frame ``i``), RGB float."""
    import cv2

    w.set_frame(i)
    png = w.exporter.export_frame(tmp_path / f"{name}.png")
    assert w.exporter.export_video(tmp_path / f"{name}.mp4")
    assert w.exporter.wait(120)
    shown = cv2.cvtColor(cv2.imread(str(png)), cv2.COLOR_BGR2RGB).astype(np.float32)
    return _video_frame(tmp_path / f"{name}.mp4", i), shown


def _colourful(img: np.ndarray) -> float:
    return float(np.mean(np.abs(img[..., 0] - img[..., 2])))


def test_video_export_shows_the_cie_colours_of_a_cube_as_the_viewer(qtbot, window, tmp_path):
    """A cube shown in colour from its wavelengths: the video's frames are in those colours, as the frame
    export is (they were the grey band mean)."""
    from workbench.core.data import hsi_generate as gen

    w = window
    v = gen.make_video(gen.load_scene(None, 16, seed=2), gen.VideoSpec(frames=8, width=96, height=64, seed=2))
    assert w.open_path(gen.write_video(v, tmp_path / "cube", "h5"))
    w.spectrum.mode.setCurrentIndex(1)  # colour from wavelengths (CIE 1931)
    assert w.spectrum.view().mode == "cie"
    video, shown = _export_video_and_frame(qtbot, w, tmp_path, "cie", 5)
    assert video.shape == shown.shape
    assert _colourful(shown) > 8  # the viewer's picture is in colour ...
    assert np.mean(np.abs(video - shown)) < 6  # ... and so is the video's (mp4 loses a little)


def test_video_export_follows_the_colour_map_and_contrast(qtbot, window, tmp_path):
    w = window
    w.open_demo()
    w.cmap_combo.setCurrentText("inferno")
    w.stretch_combo.setCurrentText("5–95 %")
    video, shown = _export_video_and_frame(qtbot, w, tmp_path, "inferno", 3)
    assert _colourful(shown) > 8
    assert np.mean(np.abs(video - shown)) < 6


# --- one run, one name ---------------------------------------------------------------------------------

def test_a_rerun_has_the_name_it_is_reopened_under(qtbot, window):
    """A second run of a tracker was "fake #2" in the window and "fake/default-run2" once reopened (and in
    the dataset's scores): it is called by its folder from the start, in the legends too."""
    w = window
    w.open_demo()
    near_the_end(w)
    for _ in range(2):
        assert w.run_selected(["fake"])
        qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    live = {k: (r.saved_to, w.tracking.color(k)) for k, r in w.live.items()}
    assert list(live) == ["fake", "fake/default-run2"]
    assert live["fake/default-run2"][0].parent.name == "default-run2"
    assert w.runner.planned == ["fake/default-run2"] and list(w.runner.runs) == ["fake/default-run2"]
    assert any(t.startswith("fake/default-run2 [") for t in w.plots.legend_texts())
    assert w.methods.run_status.text().startswith("fake/default-run2: ")
    w.open_demo()  # reopened from the workspace: the same names, files and colours
    assert {k: (r.saved_to, w.tracking.color(k)) for k, r in w.live.items()} == live


# --- success AUC per attribute ---------------------------------------------------------------------------

def _vot_dataset(root: Path, n: int = 24) -> Path:
    """Two VOT-style sequences: a bright square moving right, frames tagged ``occlusion`` (the second
    half) and, in the first sequence only, ``camera_motion`` (the first third)."""
    import cv2

    for k, name in enumerate(("seq_a", "seq_b")):
        d = root / name
        d.mkdir(parents=True)
        lines = []
        for i in range(n):
            img = np.full((60, 80), 20, np.uint8)
            x = 10 + i
            img[20:36, x:x + 16] = 220
            cv2.imwrite(str(d / f"{i + 1:08d}.jpg"), img)
            lines.append(f"{x},20,16,16")
        (d / "groundtruth.txt").write_text("\n".join(lines) + "\n")
        (d / "occlusion.tag").write_text("\n".join("1" if i >= n // 2 else "0" for i in range(n)) + "\n")
        if k == 0:
            (d / "camera_motion.tag").write_text("\n".join("1" if i < n // 3 else "0" for i in range(n)) + "\n")
    return root


def test_success_auc_by_attribute_for_the_sequence_and_the_dataset(qtbot, window, tmp_path, monkeypatch):
    """The plots dock shows the success AUC per attribute (rows) of each scored tracker (columns), with the
    frames scored, for the sequence and the dataset scope, and exports it as CSV; the numbers are the
    core's (TrackerReport.attributes)."""
    import csv

    from PySide6.QtWidgets import QFileDialog

    w = window
    assert w.open_path(_vot_dataset(tmp_path / "vot"), as_dataset=True)
    names = [e.name for e in w.dataset_entries]
    for name in ("seq_a", "seq_b"):
        w.dataset._open_row(names.index(name))
        for tracker in ("fake", "fake_b"):
            assert w.run_selected([tracker])
            qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    dock = w.plots
    dock.view.setCurrentIndex(1)
    assert dock.current_view() == "attributes" and dock.stack.currentWidget() is dock.attributes
    table = dock.attributes

    def shown():
        return ([table.horizontalHeaderItem(j).text() for j in range(table.columnCount())],
                [[table.item(i, j).text() for j in range(table.columnCount())] for i in range(table.rowCount())])

    head, rows = shown()  # seq_b: occlusion only
    assert head == ["attribute", "frames", "fake", "fake_b"]
    rep = {r.tracker: r for r in w.scoring.reports}
    assert rows == [["occlusion", str(rep["fake"].attributes["occlusion"].frames),
                     f"{rep['fake'].attributes['occlusion'].success_auc:.3f}",
                     f"{rep['fake_b'].attributes['occlusion'].success_auc:.3f}"]]
    dock.scope.setCurrentIndex(1)  # the dataset: both sequences' tagged frames
    dataset_scored(qtbot, w)
    head, rows = shown()
    rep = {r.tracker: r for r in w.scoring.reports}
    assert [r[0] for r in rows] == ["camera_motion", "occlusion"] and head[2:] == ["fake", "fake_b"]
    assert rows[0][1] == "8" and rows[1][1] == "24"
    assert rows[1][2:] == [f"{rep[t].attributes['occlusion'].success_auc:.3f}" for t in ("fake", "fake_b")]

    out = tmp_path / "exp" / "attributes.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    dock.sigExport.emit("attributes")  # the dock's Export… › AUC by attribute (CSV)
    assert w.exporter.wait(30)  # written on a worker
    with open(out, newline="") as f:
        got = list(csv.reader(f))
    assert got[0] == ["attribute", "frames", "fake", "fake_b"]
    assert [g[:2] for g in got[1:]] == [["camera_motion", "8"], ["occlusion", "24"]]
    assert float(got[2][3]) == pytest.approx(rep["fake_b"].attributes["occlusion"].success_auc, abs=1e-4)
