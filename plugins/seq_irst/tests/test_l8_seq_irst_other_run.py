"""`workbench train seq_irst --out DIR` on a folder holding another command's last.pt said "holds a training
already: continue it with --resume", which --resume then refused. It says what is there; its own run keeps the
advice."""
import pytest
import torch

from workbench.core.errors import WorkbenchError

def _checkpoint(folder, model: dict, extra: dict | None = None, log: str | None = None):
    """A tiny training checkpoint in ``folder`` (and a log beside it), as another command leaves one."""
    import torch

    folder.mkdir(parents=True, exist_ok=True)
    torch.save({"format": "workbench-checkpoint/1", "model": model, "optimizer": {}, "epoch": 1, "history": [],
                "extra": extra or {}}, folder / "last.pt")
    if log is not None:
        (folder / "train_log.txt").write_text(log)
    return folder


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
