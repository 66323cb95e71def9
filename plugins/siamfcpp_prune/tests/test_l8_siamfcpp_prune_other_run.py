"""`workbench train siamfcpp --out DIR` on a folder holding another command's last.pt said "holds a training
already: continue it with --resume", which --resume then refused. It says what is there (and a ps_siamfcpp
finetune's folder is not a siamfcpp training's)."""
import pytest
import torch

from workbench.core.errors import WorkbenchError
from tests.test_l11_earlier_run import last_checkpoint as _checkpoint


def test_another_commands_run_is_named_not_offered_to_resume(tmp_path):
    from workbench_siamfcpp_prune.train import check_out

    def args(out):
        from types import SimpleNamespace

        return SimpleNamespace(out=str(out), resume=None)

    out = _checkpoint(tmp_path / "ps", {"backbone.conv1.conv.weight": torch.zeros(1)},
                      {"command": "workbench train ps_siamfcpp --init w.pt"})
    with pytest.raises(WorkbenchError, match=r"is a `workbench train ps_siamfcpp` run's checkpoint, not a `workbench "
                                             r"train siamfcpp` one"):
        check_out(args(out))
    with pytest.raises(WorkbenchError, match=r"holds a training already .*continue it with --resume"):
        check_out(args(out), "train ps_siamfcpp")
