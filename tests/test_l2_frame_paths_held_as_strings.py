"""An image-file sequence keeps its frame files as one list of str (``FramePaths``), a ``Path`` each when asked
for: 20,000 ``Path`` objects and their lists of parts were 40,000 of the 40,300 objects the garbage collector
walked (on the GUI thread) while a 20,000-frame sequence was open in the window."""
from __future__ import annotations

import gc
import types
from pathlib import Path

import numpy as np


def _tracked_reachable(obj) -> int:
    """Objects the cyclic collector tracks that ``obj`` holds (classes, modules and functions left out)."""
    seen, todo, n = set(), [obj], 0
    while todo:
        o = todo.pop()
        if id(o) in seen or isinstance(o, (type, types.ModuleType, types.FunctionType)):
            continue
        seen.add(id(o))
        if gc.is_tracked(o):
            n += 1
            todo.extend(gc.get_referents(o))
    return n


def test_thousands_of_frames_hold_a_handful_of_tracked_objects():
    from workbench.core.data.sequence import ImageFiles

    files = ImageFiles([Path(f"/data/Long/img/{i:05d}.jpg") for i in range(1, 5_001)])
    assert _tracked_reachable(files) < 10  # (10,003: a Path and its parts list a frame)
    paths = files.paths
    assert len(paths) == 5_000 and paths[0] == Path("/data/Long/img/00001.jpg")
    assert paths[-1].name == "05000.jpg" and paths[41].parent == Path("/data/Long/img")
    assert isinstance(paths[5], Path) and [p.stem for p in paths[:3]] == ["00001", "00002", "00003"]
    assert paths[10:12] == [Path("/data/Long/img/00011.jpg"), Path("/data/Long/img/00012.jpg")]
    assert next(iter(paths)) == Path("/data/Long/img/00001.jpg") and paths


def test_frames_read_and_said_by_their_files(tmp_path):
    import cv2

    from workbench.core.data.detect import open_sequence
    from workbench.core.data.sequence import FramePaths, frame_paths

    img = tmp_path / "Car" / "img"
    img.mkdir(parents=True)
    for i in range(1, 4):
        cv2.imwrite(str(img / f"{i:04d}.jpg"), np.full((12, 16), 40 * i, np.uint8))
    (tmp_path / "Car" / "groundtruth_rect.txt").write_text("1,1,4,4\n" * 3)
    seq = open_sequence(tmp_path / "Car")
    assert isinstance(seq.frames.paths, FramePaths)
    assert [p.name for p in seq.frames.paths] == ["0001.jpg", "0002.jpg", "0003.jpg"]
    assert abs(float(seq.frame(2).mean()) - 120) < 3
    assert frame_paths(seq.frames) is seq.frames.paths  # not listed again (20,000 Paths at every check)
