"""Leave-one-recording-out over DAUB as released (``data<n>/<k>.bmp`` + ``data<n>.txt`` in or beside the folder):
the group rule matched ``sequence<n>`` (and ``datasequence<n>``) but not ``data<n>``, and knew DAUB by an
``anno_xy.txt`` alone, so every released sequence went to its folder's group: one group, and `workbench train
seq_irst --loso --root dataset/` refused with "needs at least two recording groups". And DAUB 5-7, one recording
(the data's MANIFEST), were three groups: held out one, trained on the other two of the same recording."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from workbench_seq_irst.loso import discover, folds, group_of


def _release(folder: Path, beside: bool = False, frames: int = 4) -> Path:
    from workbench.core.data.images import write_image

    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"team7\t{folder.name}\t{frames}\t{frames}"]
    for k in range(1, frames + 1):
        img = np.full((24, 24), 20, np.uint8)
        img[10, 5 + k] = 250
        write_image(folder / f"{k}.bmp", img)
        lines.append(f"frame:{k}\t1\tobject:1\t{5 + k}\t10")
    (folder.parent if beside else folder).joinpath(f"{folder.name}.txt").write_text("\n".join(lines) + "\n")
    return folder


def test_released_daub_folders_are_grouped_by_recording(tmp_path):
    root = tmp_path / "dataset"
    for n in (1, 2, 5, 6, 12):
        _release(root / f"data{n}", beside=n == 2)
    groups = discover([root])
    assert {g: sorted(p.name for p in ps) for g, ps in groups.items()} == {
        "daub_1-2-3": ["data1", "data2"], "daub_5-6-7": ["data5", "data6"], "daub_12": ["data12"]}
    for g, held, train in folds(groups):
        assert not {group_of(p, p.name) for p in train} & {group_of(p, p.name) for p in held}


def test_a_data_folder_that_is_not_daub_keeps_its_folders_group(tmp_path):
    (tmp_path / "mine" / "data3" / "frames").mkdir(parents=True)
    assert group_of(tmp_path / "mine" / "data3", "data3") == "mine"


def test_daub_5_to_7_are_one_recording(tmp_path):
    def g(name):
        (tmp_path / "daub" / name).mkdir(parents=True, exist_ok=True)
        (tmp_path / "daub" / name / "anno_xy.txt").write_text("1\t1\n")
        return group_of(tmp_path / "daub" / name, name)

    assert g("sequence5") == g("sequence6") == g("sequence7") == "daub_5-6-7"
    assert g("sequence4") != g("sequence5")
