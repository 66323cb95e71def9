"""`workbench train ps_siamfcpp --resume` of another network's last.pt (lw_irstnet's, hanet's, nas_tir's) was refused
as "a checkpoint without the attention guide (`workbench train siamfcpp` or --no-attention)": it advised resuming
it with `train siamfcpp`, which then refused its weights. Only a SiamFC++ checkpoint is said to be the other
command's now; another network's is refused by its weights, naming the file and the network (was "_Wrap"). The file
is left as it was and nothing is made."""
from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")


def _args(out, resume):
    return ["--out", str(out), "--epochs", "2", "--steps", "1", "--batch-size", "1", "--x-size", "199", "--data",
            "--demo-sequences", "1", "--shape-sequences", "0", "--threads", "1", "--device", "cpu",
            "--resume", str(resume)]


def test_ps_resume_of_another_networks_checkpoint_names_its_weights_not_the_unguided_training(tmp_path, capsys):
    from workbench.cli import main as cli
    from workbench.core.training.checkpoints import FORMAT
    from workbench_siamfcpp_prune.model import SiamFCpp

    other = tmp_path / "lw" / "last.pt"  # an lw_irstnet training's checkpoint (its first weight)
    other.parent.mkdir()
    net = torch.nn.Linear(2, 2)
    torch.save({"format": FORMAT, "model": {"stage1.conv.weight": torch.zeros(8, 3, 3, 3)},
                "optimizer": torch.optim.Adam(net.parameters()).state_dict(), "epoch": 3, "history": [],
                "extra": {}}, other)
    kept = other.read_bytes()
    torch.manual_seed(0)
    torch.save(SiamFCpp().state_dict(), tmp_path / "base.pt")
    capsys.readouterr()
    rc = cli(["train", "ps_siamfcpp", "--init", str(tmp_path / "base.pt"), "--heads", "2", "--head-dim", "8",
              *_args(tmp_path / "ft", other)])
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert rc == 2, err
    assert err.startswith(f"workbench: error: {other}: the checkpoint's weights do not fit AttentionGuidedSiamFCpp: "
                          "missing net.backbone.conv1.conv.weight"), err
    assert "attention guide" not in err and "Traceback" not in err, err
    assert other.read_bytes() == kept and not (tmp_path / "ft").exists()
