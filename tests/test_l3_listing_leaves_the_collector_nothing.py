"""Listing a frame folder made a sort key of tuples in a list and a Path per file: 100,000 tracked objects for a
20,000-frame folder, which the cyclic collector walked again and again while the folder was listed (a young
collection on the GUI thread took 48 ms). The keys are strings and the files a FramePaths of strings."""
from __future__ import annotations

import gc

FILES = 2000


def test_listing_a_folder_gives_the_collector_nothing_to_walk(tmp_path):
    from workbench.core.data.images import list_images
    from workbench.core.data.sequence import FramePaths

    folder = tmp_path / "img"
    folder.mkdir()
    for i in range(FILES, 0, -1):
        (folder / f"{i}.jpg").touch()  # unpadded: the order comes from the numbers, not the characters
    (folder / "cover.png").touch()
    walked = []

    def count(phase, info):
        if phase == "start":
            walked.append(sum(len(gc.get_objects(g)) for g in range(info["generation"] + 1)))

    was_enabled, thresholds = gc.isenabled(), gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(700, 10, 10)
    gc.enable()
    gc.callbacks.append(count)
    try:
        got = list_images(folder)
    finally:
        gc.callbacks.remove(count)
        gc.set_threshold(*thresholds)
        gc.unfreeze()
        if not was_enabled:
            gc.disable()
    assert isinstance(got, FramePaths)
    assert [p.name for p in got] == [f"{i}.jpg" for i in range(1, FILES + 1)] + ["cover.png"]
    assert sum(walked) < FILES // 4, f"the collector walked {sum(walked)} objects in {len(walked)} collections"
