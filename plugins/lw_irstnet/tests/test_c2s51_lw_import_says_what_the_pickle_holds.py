"""`workbench import lw_irstnet F` on a file that needs pickle said 'a pickled network (their .pkl), refused; re-save
its .state_dict()' whatever it held: a training's checkpoint dict (its weights beside an argparse.Namespace of its
args) is no network and has no .state_dict(). The error says what the file stores, as every other loader does."""
import argparse

import pytest
import torch

from workbench.core.training.checkpoints import CheckpointError


def test_a_checkpoint_dict_with_its_args_is_said_as_such(tmp_path):
    from workbench_lw_irstnet.import_released import main
    from workbench_lw_irstnet.model import LWIRSTNet

    f = tmp_path / "ckpt.pth"
    torch.save({"state_dict": LWIRSTNet().state_dict(), "args": argparse.Namespace(lr=0.05)}, f)
    with pytest.raises(CheckpointError) as e:
        main([str(f), "--out", str(tmp_path / "o.pt")])
    msg = str(e.value)
    assert "it stores argparse.Namespace" in msg and "a dict's weights" in msg and msg.endswith("-h)")
    assert "a pickled network" not in msg and "\n" not in msg and not (tmp_path / "o.pt").exists()


def test_their_pickled_network_is_still_said_with_the_way_out(tmp_path):
    from workbench_lw_irstnet.import_released import main
    from workbench_lw_irstnet.model import LWIRSTNet

    torch.save(LWIRSTNet(), tmp_path / "merged.pkl")
    said = r"it stores workbench_lw_irstnet\.model\.LWIRSTNet; .*\.state_dict\(\).*-h\)$"
    with pytest.raises(CheckpointError, match=said):
        main([str(tmp_path / "merged.pkl"), "--out", str(tmp_path / "o.pt")])
