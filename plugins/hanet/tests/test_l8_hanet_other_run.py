"""`workbench train hanet --out DIR` on a folder holding another command's last.pt said "holds a training
already: continue it with --resume", which --resume then refused. It says what is there."""
import pytest
import torch

from workbench.core.errors import WorkbenchError
from tests.test_l11_earlier_run import last_checkpoint as _checkpoint


def test_another_commands_run_is_named_not_offered_to_resume(tmp_path):
    from workbench_hanet.train import main

    argv = ["--generate", "1", "--epochs", "1", "--device", "cpu"]
    out = _checkpoint(tmp_path / "sf", {"backbone.conv1.conv.weight": torch.zeros(1)},
                      {"command": "workbench train siamfcpp --data x --out y"})
    with pytest.raises(WorkbenchError, match=r"is a `workbench train siamfcpp` run's checkpoint, not a `workbench "
                                             r"train hanet` one, and --resume cannot continue it here"):
        main(argv + ["--out", str(out)])
    own = _checkpoint(tmp_path / "ha", {"rgb.a": torch.zeros(1), "hsi.b": torch.zeros(1)}, {"argv": []})
    with pytest.raises(WorkbenchError, match=r"holds a training already .*continue it with --resume"):
        main(argv + ["--out", str(own)])
