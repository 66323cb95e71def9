"""File > Export result boxes counts the files each run's save wrote. It counted '<seq>_time.txt' beside the boxes as
the run's times: for a sequence 'race' beside a sequence 'race_time' that file is race_time's boxes, and race's times
are written to 'times/race_time.txt' (3aed6cb): one file miscounted, one left out. It asks results.time_file."""
from __future__ import annotations

import numpy as np


def _run(seq):
    from workbench.core.runs import RunResult

    n = 3
    return RunResult("kcf", seq, np.tile([4.0, 5, 6, 7], (n, 1)), np.ones(n), np.full(n, 0.01))


def test_the_times_counted_are_the_times_written(tmp_path):
    from workbench.gui.controllers.export import save_exported

    done = save_exported(tmp_path / "out", [_run("race_time"), _run("race")])
    run = done[0].parent
    assert (run / "times" / "race_time.txt").is_file()  # race's times, apart from race_time's boxes
    # race_time: boxes, its times, the manifest; race: boxes and its times in times/ (race_time.txt counted once)
    assert done.what == "2 runs (5 files)", done.what
