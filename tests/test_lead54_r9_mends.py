"""Review R9's findings on this session's mends: (1) the figures' glyph fallback kept a first slow fontconfig
answer's None for that character for good, so its "second chance" never came for it; (2) a float of 2**63 into an
int64 buffer passed the range check (int64's max as a double is 2**63) and loaded as -2**63; (3) an unknown
robustness protocol was reported as a fault of the sequence's box file."""
from __future__ import annotations

import os

import pytest


@pytest.mark.skipif(os.name == "nt", reason="the fake fc-list is a POSIX shell script")
def test_a_character_whose_first_answer_was_slow_is_asked_again(tmp_path, monkeypatch):
    from workbench.core.evaluation import plots

    monkeypatch.setattr(plots, "_FC_LIST_FAILED", False)
    monkeypatch.setattr(plots, "_FC_LIST_TIMEOUTS", 0)
    monkeypatch.setattr(plots, "_COVERING", {})
    monkeypatch.setattr(plots, "FC_LIST_TIMEOUT_S", 0.5)
    flag = tmp_path / "slow_once"
    flag.write_text("")
    exe = tmp_path / "bin" / "fc-list"
    exe.parent.mkdir()
    exe.write_text(f'#!/bin/sh\nif [ -e "{flag}" ]; then rm "{flag}"; exec sleep 30; fi\necho "Noto Sans CJK SC"\n')
    exe.chmod(0o755)
    monkeypatch.setenv("PATH", f"{exe.parent}:/usr/bin:/bin")
    assert plots._covering(0x4E2D) is None  # slow: not kept
    assert plots._covering(0x4E2D) == frozenset({"Noto Sans CJK SC"})


def test_two_to_the_63_into_an_int64_buffer_is_refused(tmp_path):
    torch = pytest.importorskip("torch")
    from workbench.core.training.checkpoints import CheckpointError, fit_state_dict

    class M(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.register_buffer("stride", torch.tensor(8, dtype=torch.int64))

    with pytest.raises(CheckpointError, match="stride holds"):
        fit_state_dict(M(), {"stride": torch.tensor(2.0 ** 63, dtype=torch.float64)}, tmp_path / "w.pt")


def test_an_unknown_protocol_is_not_blamed_on_the_box_file(tmp_path):
    import numpy as np

    from workbench.core.data.sequence import ArrayFrames, Sequence
    from workbench.core.errors import WorkbenchError
    from workbench.core.runs import run_robustness

    gt = np.asarray([(4, 4, 5, 5)] * 4, float)
    seq = Sequence(name="s", frames=ArrayFrames.from_array(np.full((4, 16, 16), 30, np.uint8)), modality="gray",
                   groundtruth=gt, path=tmp_path, meta={"groundtruth_file": str(tmp_path / "groundtruth.txt")})
    with pytest.raises(WorkbenchError) as got:
        run_robustness(lambda: None, seq, "ope")
    assert "unknown robustness protocol 'ope'" in str(got.value)
    assert "groundtruth.txt" not in str(got.value)


def test_a_resumed_checkpoint_of_rounded_weights_is_refused_as_a_loaded_one_is(tmp_path):
    """Last read: the numbers check (``_kind_mismatch``) ran only when weights were loaded (``fit_state_dict``); a
    training resumed from a checkpoint whose weights were whole numbers (``check_resumable``) cast them without a
    word. It is part of ``state_dict_mismatch`` now, which both use."""
    torch = pytest.importorskip("torch")
    from workbench.core.training.checkpoints import CheckpointError, check_resumable

    net = torch.nn.Conv2d(1, 2, 3)
    ck = {"model": {k: v.to(torch.int64) if k == "weight" else v for k, v in net.state_dict().items()}}
    with pytest.raises(CheckpointError, match="weight is int64 in the file, float32 in the model"):
        check_resumable(tmp_path / "last.pt", torch.nn.Conv2d(1, 2, 3), None, checkpoint=ck)
