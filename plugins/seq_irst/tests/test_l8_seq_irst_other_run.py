"""`workbench train seq_irst --out DIR` on a folder holding another command's last.pt said "holds a training
already: continue it with --resume", which --resume then refused. It says what is there; its own run keeps the
advice."""
import pytest
import torch

from workbench.core.errors import WorkbenchError
from tests.test_l11_earlier_run import last_checkpoint as _checkpoint


def test_another_networks_checkpoint_is_named_not_offered_to_resume(tmp_path):
    from workbench_seq_irst.train import main

    argv = ["--synthetic", "1", "--epochs", "1", "--device", "cpu"]
    out = _checkpoint(tmp_path / "ha", {"rgb.backbone.0.0.weight": torch.zeros(1), "hsi.x": torch.zeros(1)})
    with pytest.raises(WorkbenchError, match=r"last\.pt is another network's checkpoint \(2 weights, the first "
                                             r"'rgb\.backbone\.0\.0\.weight'\), not a `workbench train seq_irst` one"):
        main(argv + ["--out", str(out)])
    own = _checkpoint(tmp_path / "sq", {"grid_stride": torch.tensor(4)}, {"backbone": "darknet19_tiny"})
    with pytest.raises(WorkbenchError, match=r"holds a training already .*continue it with --resume"):
        main(argv + ["--out", str(own)])
