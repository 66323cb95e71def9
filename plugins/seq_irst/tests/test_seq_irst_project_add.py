"""Adding data to a workflow project from the panel (Data tab): a YOLO images/ + labels/ folder of mixed
frame sizes (the Anti-UAV layout: runs of consecutive frames, 640x512 and 512x512) is added as one labelled
sequence per run; a plain folder of frames of two sizes is refused naming the folder and two files. Before,
such a folder was added as one unlabelled sequence (its YOLO labels unread) and "Build crop set" / "Train"
failed with "ValueError: frames must be 2-D and of one size, got [(32, 32), (32, 48), ...]", naming nothing."""
from __future__ import annotations

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")


def _yolo_folder(root, runs=((100, 6, (48, 32)), (200, 6, (32, 32)))):
    """``runs``: (first number, frames, (width, height)); a bright 3x3 target labelled in every frame."""
    (root / "images").mkdir(parents=True)
    (root / "labels").mkdir()
    rng = np.random.default_rng(0)
    for first, n, (w, h) in runs:
        for k in range(n):
            img = rng.integers(40, 60, (h, w), dtype=np.uint8)
            cx, cy = 8 + k, h // 2
            img[cy - 1:cy + 2, cx - 1:cx + 2] = 250
            cv2.imwrite(str(root / "images" / f"{first + k:06d}.png"), img)
            (root / "labels" / f"{first + k:06d}.txt").write_text(f"0 {(cx + 0.5) / w:.6f} {(cy + 0.5) / h:.6f} "
                                                                  f"{3 / w:.6f} {3 / h:.6f}\n")
    return root


def _plain_mixed(root):
    (root / "frames").mkdir(parents=True)
    for k in range(6):
        w = 48 if k < 3 else 32
        cv2.imwrite(str(root / "frames" / f"{k + 1:04d}.png"), np.full((32, w), 50, np.uint8))
    return root


def test_project_adds_yolo_runs_with_labels_and_refuses_mixed_sizes(tmp_path):
    from workbench.core.errors import DataError
    from workbench_seq_irst.crops import build_crops
    from workbench_seq_irst.project import Project

    pr = Project.create(tmp_path / "proj")
    names = pr.add_sequences(_yolo_folder(tmp_path / "uav"), "train")
    assert names == ["run_000100-000105", "run_000200-000205"]
    seqs = [pr.sequence(n) for n in names]
    assert [s.frame_size for s in seqs] == [(48, 32), (32, 32)]
    assert all(s.labelled and all(len(labs) == 1 for labs in s.labels) for s in seqs)
    # the YOLO box centre 10.5 is the target's pixel index 10 in the project (pixel indices throughout: 1833c47)
    assert seqs[0].labels[2][0].cx == pytest.approx(10.0, abs=0.01)
    assert len(build_crops(pr.train_set(), 16, 1.0, 0, "past")) > 0  # raised ValueError before
    reopened = Project.open(pr.root)
    assert reopened.sequence(names[1]).labels[0][0].cy == pytest.approx(16.0, abs=0.01)

    folder = _plain_mixed(tmp_path / "mixed")
    with pytest.raises(DataError) as e:
        pr.add_sequences(folder, "val")
    text = str(e.value)
    assert str(folder) in text and "0001.png" in text and "0004.png" in text and "48x32" in text and "32x32" in text
    assert pr.names() == names


def test_panel_adds_on_the_worker_and_names_a_refused_folder(qtbot, tmp_path):
    from workbench_seq_irst.panel import SeqIRSTPanel

    panel = SeqIRSTPanel(None)
    panel.quiet = True
    qtbot.addWidget(panel)
    panel.open_project(tmp_path / "proj")
    panel.add_sequence(_yolo_folder(tmp_path / "uav"), "train")
    assert not all(b.isEnabled() for b in panel.add_buttons) or not panel.busy
    qtbot.waitUntil(lambda: not panel.busy, timeout=20000)
    assert panel.last_error == ""
    assert panel.seq_list.count() == 2 and "run_000100-000105  [train]" in panel.seq_list.item(0).text()
    assert "Added 2 train sequences" in panel.status.text()
    assert all(b.isEnabled() for b in panel.add_buttons)

    folder = _plain_mixed(tmp_path / "mixed")
    panel.add_sequence(folder, "train")
    qtbot.waitUntil(lambda: not panel.busy, timeout=20000)
    assert str(folder) in panel.last_error and "differ in size" in panel.last_error
    assert panel.seq_list.count() == 2
    panel.build_crops()
    qtbot.waitUntil(lambda: not panel.busy, timeout=60000)
    assert panel.last_error == "" and "samples" in panel.crop_info.text()


def test_detect_and_train_refuse_an_image_set_of_mixed_sizes_naming_it(tmp_path):
    """``workbench detect seq_irst --sequence`` on a folder of images of several sizes (SIRST: single
    images, 135x96 to 456x278) ended in a traceback, "ValueError: frames must be 2-D and of one size";
    now the command's one line names the folder, two files and sizes (``train --data`` the same)."""
    from workbench.core.errors import DataError
    from workbench_seq_irst.detector import main
    from workbench_seq_irst.sequences import open_many

    folder = tmp_path / "set"
    (folder / "images").mkdir(parents=True)
    for k, (w, h) in enumerate([(40, 30), (40, 30), (52, 36)]):
        cv2.imwrite(str(folder / "images" / f"img_{k}.png"), np.full((h, w), 60, np.uint8))
    with pytest.raises(DataError) as e:
        main(["--sequence", str(folder), "--device", "cpu", "--weights", str(tmp_path / "never_loaded.pt")])
    text = str(e.value)
    assert text.startswith(str(folder)) and "img_0.png" in text and "img_2.png" in text
    assert "40x30" in text and "52x36" in text and "…" not in text
    labelled = _plain_mixed(tmp_path / "labelled")
    (labelled / "labels.csv").write_text("frame,cx,cy,w,h,class\n")
    with pytest.raises(DataError, match="differ in size"):
        open_many([labelled])
    # one size: opened as before
    assert len(open_many([_yolo_folder(tmp_path / "uav")])) == 2


def test_a_run_that_fails_adds_none_and_the_list_stays_the_projects(qtbot, tmp_path):
    """A YOLO folder whose third run has a broken label file: the first two runs were added and saved, yet
    the panel's list was not refreshed (its ``done`` never ran). Now every run is opened and checked
    before any is added: none is, and the list is the project's."""
    from workbench.core.errors import DataError
    from workbench_seq_irst.panel import SeqIRSTPanel
    from workbench_seq_irst.project import Project

    root = _yolo_folder(tmp_path / "uav", runs=((100, 3, (32, 32)), (200, 3, (32, 32)), (300, 3, (32, 32))))
    (root / "labels" / "000301.txt").write_text("0 0.5 0.5\n")  # four numbers: refused naming the file
    pr = Project.create(tmp_path / "p1")
    with pytest.raises(DataError, match="000301.txt"):
        pr.add_sequences(root, "train")
    assert pr.names() == [] and Project.open(pr.root).names() == []

    panel = SeqIRSTPanel(None)
    panel.quiet = True
    qtbot.addWidget(panel)
    panel.open_project(tmp_path / "p2")
    panel.add_sequence(root, "train")
    qtbot.waitUntil(lambda: not panel.busy, timeout=20000)
    assert "000301.txt" in panel.last_error
    assert panel.project.names() == [] and panel.seq_list.count() == 0
    assert Project.open(panel.project.root).names() == []


def test_runs_are_opened_from_one_listing_and_saved_once(tmp_path, monkeypatch):
    """Each run re-listed the folder, re-read every image header and saved the project (800 images in 80
    runs: 2.6 s against 0.02 s for one listing). Now each header is read once and the project saved once."""
    from workbench.core.data import images
    from workbench_seq_irst.project import Project

    root = _yolo_folder(tmp_path / "uav", runs=tuple((100 * k, 3, (32, 32)) for k in range(1, 6)))
    pr = Project.create(tmp_path / "proj")
    headers, saves = [], []
    real_size, real_save = images.image_size, Project.save
    monkeypatch.setattr(images, "image_size", lambda p, *a, **k: headers.append(p) or real_size(p, *a, **k))
    monkeypatch.setattr(Project, "save", lambda self: saves.append(1) or real_save(self))
    names = pr.add_sequences(root, "train")
    assert len(headers) == 15 and len(set(headers)) == 15  # each of the 15 images' header once
    assert len(saves) == 1
    assert len(names) == 5 and all(pr.sequence(n).labelled and len(pr.sequence(n)) == 3 for n in names)
    assert Project.open(pr.root).names() == names
