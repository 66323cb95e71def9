"""GOT-10k folders' edge cases: an ``inf`` time stays in the speed (the toolkit drops NaN, keeps t > 0, and 1 / inf
adds 0 to the mean; we dropped it); a ``<seq>_001_time.txt`` (a VOT toolkit's times) is never a repetition (it
matched ``<seq>_[0-9]*.txt``: a false "2 repetitions" and its times read as boxes); and the window and the export
take one times column by one rule (``results.saved_times``)."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.evaluation.got10k import valid_times
from workbench.core.results import repetition_files, saved_times


def test_inf_time_counts_as_the_toolkit_counts_it(tmp_path):
    f = tmp_path / "a_time.txt"
    np.savetxt(f, [[0.1, np.inf], [np.nan, 0.5], [0.0, 0.25]], delimiter=",")
    t = valid_times(f)
    assert sorted(t.tolist()) == [0.1, 0.25, 0.5, np.inf]
    assert np.mean(1.0 / t) == pytest.approx((10 + 0 + 2 + 4) / 4)


def test_times_files_are_not_repetitions_and_columns_follow_the_repetition(tmp_path):
    d = tmp_path / "seq"
    d.mkdir()
    for k in (1, 2):
        np.savetxt(d / f"seq_00{k}.txt", [[1, 2, 3, 4]] * 3, delimiter=",")
    np.savetxt(d / "seq_001_time.txt", [0.1] * 3)
    assert [p.name for p in repetition_files(d)] == ["seq_001.txt", "seq_002.txt"]
    (d / "seq_001_time.txt").unlink()
    np.savetxt(d / "seq_time.txt", [[0.1, 0.2], [0.1, 0.2], [0.1, 0.2]], delimiter=",")
    t2, why = saved_times(d / "seq_002.txt")
    assert why is None and np.allclose(t2, 0.2)  # repetition 2: the toolkit's column 2
    np.savetxt(d / "seq_time.txt", [0.1] * 3)
    t2, why = saved_times(d / "seq_002.txt")
    assert t2 is None and "none for repetition 2" in why
