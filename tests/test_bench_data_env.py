"""$WORKBENCH_BENCH_DATA naming a folder that is not there (a typo) is said, not quietly replaced by generated data."""
from __future__ import annotations

import pytest

from workbench.core.errors import WorkbenchError


def test_bench_data_folder_that_is_not_there_is_said(tmp_path, monkeypatch):
    from workbench.core.bench import DATA_ENV, data_root

    monkeypatch.setenv(DATA_ENV, str(tmp_path / "shraed" / "data"))
    with pytest.raises(WorkbenchError, match=r"shraed/data: no such folder; name the data folder"):
        data_root()
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "file"))
    with pytest.raises(WorkbenchError, match="is a file"):
        data_root()
    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    assert data_root() == tmp_path
    monkeypatch.setenv(DATA_ENV, " ")
    assert data_root() is None
