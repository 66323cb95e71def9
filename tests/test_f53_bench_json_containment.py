"""``bench --json F``'s check that ``F`` is not in the data folder (``$WORKBENCH_BENCH_DATA``) used
``os.path.commonpath``, which on Windows raises ValueError for paths on two drives (``--json C:\\o.json`` with the
data on ``D:``): a traceback for any existing ``--json`` file. The check cannot raise now: another drive is outside.
Windows is emulated with ``ntpath`` (its ``commonpath`` raises as on Windows)."""
from __future__ import annotations

import ntpath
import os

import pytest

from workbench.core import bench
from workbench.core.errors import WorkbenchError


def _as_windows(tmp, data, drive_of):
    """os.path.realpath giving the Windows path of ``tmp`` (on drive C:) and ``data`` (on drive_of(data)), and
    commonpath / normcase ntpath's."""
    def realpath(p, *a, **k):
        p = os.path.abspath(os.fspath(p))
        for folder, drive in ((str(data), drive_of), (str(tmp), "C:")):
            if p == folder or p.startswith(folder + os.sep):
                return drive + "\\" + os.path.relpath(p, tmp).replace(os.sep, "\\")
        return p
    return realpath


@pytest.mark.parametrize("drive", ["D:", "C:"])
def test_another_drive_is_outside_and_nothing_raises(tmp_path, monkeypatch, drive):
    data = tmp_path / "data"
    (data / "irst").mkdir(parents=True)
    (data / "irst" / "list.txt").write_text("Misc_1\n")
    out = tmp_path / "o.json"
    out.write_text("{}")  # an existing --json: the case that raised
    monkeypatch.setenv(bench.DATA_ENV, str(data))
    with monkeypatch.context() as m:
        m.setattr(os.path, "realpath", _as_windows(tmp_path, data, drive))
        m.setattr(os.path, "commonpath", ntpath.commonpath)
        m.setattr(os.path, "normcase", ntpath.normcase)
        bench._refuse_an_input(str(out))  # C:\o.json; the data on D: (not inside) or C: (not inside either)
        if drive == "C:":  # same drive: a file in the data folder is still refused
            with pytest.raises(WorkbenchError, match="is a file in the data folder"):
                bench._refuse_an_input(str(data / "irst" / "list.txt"))


def test_inside_by_windows_rules():
    assert not bench._inside("C:\\out\\o.json", "D:\\data", ntpath)
    assert bench._inside("d:\\DATA\\irst\\new.json", "D:\\data", ntpath)  # case-blind, as Windows
    assert not bench._inside("D:\\data2\\o.json", "D:\\data", ntpath)
    assert not bench._inside("D:\\data\\..\\o.json", "D:\\data", ntpath)
