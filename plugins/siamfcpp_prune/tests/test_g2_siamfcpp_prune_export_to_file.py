"""Export… of the pruning figures to a path that is a file: said as such, naming it (it was
"FileExistsError: [Errno 17] File exists"), and the file is left as it was."""
from __future__ import annotations

import pytest

pytest.importorskip("torch")


def test_export_to_a_file_names_it(tmp_path):
    import numpy as np

    from workbench.core.errors import WorkbenchError
    from workbench_siamfcpp_prune.figures import LayerCut, export

    target = tmp_path / "results"
    target.write_text("mine")
    cut = LayerCut("conv1", np.arange(10, dtype=float), np.arange(4, 10), 3.5)
    with pytest.raises(WorkbenchError, match="a file, not a folder") as err:
        export(target, [cut], [], 0.4, formats=())
    assert str(err.value).startswith(str(target)) and target.read_text() == "mine"
