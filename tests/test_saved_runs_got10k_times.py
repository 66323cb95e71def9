"""The window's saved-run reader (``read_saved_runs``) on a GOT-10k toolkit result folder: the per-frame times
come from the toolkit's ``<seq>/<seq>_time.txt`` (one column per repetition; the shown ``_001`` is column 1),
where it looked for ``<seq>_001_time.txt`` and so never had them; several repetitions are said in a note."""
from __future__ import annotations

import numpy as np

from tests import test_l7_got10k_repetitions as l7
from workbench.core.data import got10k
from workbench.gui.controllers.tracking import read_saved_runs


got_folder = l7.got_folder  # the fixture: a GOT-10k val split and the toolkit's folders of two trackers


def test_got10k_folder_times_and_repetitions_in_the_window(got_folder):
    split, res = got_folder
    out = read_saved_runs(got10k.open(split / "GOT-10k_Val_000001"), res, None)
    runs = {r.label: r for r in out.records}
    assert set(runs) == {"rnd", "det"}
    assert runs["rnd"].path.name == "GOT-10k_Val_000001_001.txt"
    np.testing.assert_allclose(runs["rnd"].times, np.array(l7.TIMES_A)[:, 0])
    assert runs["det"].times is None
    assert any("3 repetitions" in n and "rnd" in n for n in out.notes), out.notes
    assert not any("det" in n and "repetitions" in n for n in out.notes)
