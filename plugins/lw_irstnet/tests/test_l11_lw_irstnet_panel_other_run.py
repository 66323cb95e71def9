"""The Train tab's check of its output folder said "holds a training already: put that last.pt in Resume" for
another command's last.pt too, which Resume then refused as another network's. It names what is there."""
import pytest

from tests.test_l11_earlier_run import last_checkpoint

pytest.importorskip("torch")


def test_another_commands_run_in_the_output_is_named_not_offered_to_resume(tmp_path):
    import torch

    from workbench_lw_irstnet.panel import _refusal

    out = last_checkpoint(tmp_path / "run", {"grid_stride": torch.tensor(4)},
                          log="# 2026 workbench train seq_irst --data x\n")
    why = _refusal(["--data", str(tmp_path), "--out", str(out)])
    assert why is not None and "holds another command's run" in why and "`workbench train seq_irst`" in why, why
    assert "Resume" in why and "holds a training already" not in why
    own = last_checkpoint(tmp_path / "own", {"stage1.conv.weight": torch.zeros(1)})
    assert "holds a training already" in _refusal(["--data", str(tmp_path), "--out", str(own)])
