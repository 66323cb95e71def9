"""`workbench train lw_irstnet --out DIR` on a folder holding another command's last.pt said "holds a training
already: continue it with --resume", which --resume then refused as another network's. It says what is there."""
import pytest
import torch

from workbench.core.errors import WorkbenchError
from tests.test_l11_earlier_run import last_checkpoint as _checkpoint


def test_another_commands_run_is_named_not_offered_to_resume(tmp_path):
    from workbench_lw_irstnet.train import main

    argv = ["--data", str(tmp_path / "d"), "--epochs", "1", "--device", "cpu"]
    out = _checkpoint(tmp_path / "sq", {"grid_stride": torch.tensor(4)}, log="# 2026 workbench train seq_irst --data x\n")
    with pytest.raises(WorkbenchError, match=r"holds another command's run: .*last\.pt is a `workbench train seq_irst` "
                                             r"run's checkpoint, not a `workbench train lw_irstnet` one.*give another --out"):
        main(argv + ["--out", str(out)])
    # its own run keeps the advice to resume
    own = _checkpoint(tmp_path / "lw", {"stage1.conv.weight": torch.zeros(1)},
                      {"command": "workbench train lw_irstnet --data x"})
    with pytest.raises(WorkbenchError, match=r"holds a training already .*continue it with --resume"):
        main(argv + ["--out", str(own)])
