"""LW-IRSTNet's segment made --out / --views / --plots before it checked its options, weights and split: a refusal
there (here --threads -1) left those folders behind empty. They go again when nothing was written into them."""
import numpy as np
import pytest

from workbench.core.data.images import write_image
from workbench.core.errors import WorkbenchError


def test_a_refused_segment_leaves_no_empty_output_folders(tmp_path):
    from workbench_lw_irstnet import evaluate

    data = tmp_path / "unl"
    write_image(data / "a.png", np.full((32, 32), 60, np.uint8))
    kept = tmp_path / "kept"  # a folder that was there stays, as it was
    kept.mkdir()
    with pytest.raises(WorkbenchError, match="--threads -1"):
        evaluate.main(["--dataset", str(data), "--out", str(tmp_path / "res" / "run"), "--views", str(kept),
                       "--plots", str(tmp_path / "plots"), "--threads", "-1"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept", "unl"]
