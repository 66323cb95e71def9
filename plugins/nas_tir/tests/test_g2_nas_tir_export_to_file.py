"""The NAS inspector's export to a path that is a file: said as such, naming it (it was "[Errno 17]
File exists"), and the file is left as it was."""
from __future__ import annotations

import pytest

pytest.importorskip("torch")


def test_export_to_a_file_names_it(tmp_path):
    from workbench.core.errors import WorkbenchError
    from workbench_nas_tir.inspector import _export_files

    target = tmp_path / "figures"
    target.write_text("mine")
    with pytest.raises(WorkbenchError, match="a file, not a folder") as err:
        _export_files(target, "dual", [], None, None, {}, None)
    assert str(err.value).startswith(str(target)) and target.read_text() == "mine"
