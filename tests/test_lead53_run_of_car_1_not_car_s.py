"""A run folder holding only ``car-1.txt`` counted as naming sequence ``car`` (a rule added for OTB's Jogging-1 of
Jogging/, whose readers now pass the sequence's own name): with ``car`` opened alone, another dataset's ``car-1`` run
folder had its manifest read and was merged into ``car``'s entry."""
from __future__ import annotations

from workbench.core.results import _names_sequence


def test_a_run_of_car_1_does_not_name_car(tmp_path):
    folder = tmp_path / "kcf" / "default"
    folder.mkdir(parents=True)
    (folder / "car-1.txt").write_text("1,2,3,4\n")
    (folder / "car-1_time.txt").write_text("0.01\n")
    assert not _names_sequence(folder, {"car"})
    assert _names_sequence(folder, {"car-1"})
    assert _names_sequence(folder, {"car-1", "car"})
