"""A training stopped by Ctrl-C / SIGTERM says how to carry on. ``fit`` is also reached from commands that resume
by themselves and refuse --resume (``train seq_irst --loso``'s stages, ``train lw_irstnet --cv`` folds and
``--final``: their callers pass ``resume_expected``); their line said 'the same command with --resume ... carries
on', which those commands refuse. They say that the same command again carries on; a plain training still names
--resume. Both SIGINT and SIGTERM while an epoch's files were written re-raised the first alone (Ctrl-C: exit 130
though the system stopped it too); SIGTERM's comes first."""
import signal

import pytest
import torch
from torch import nn

from workbench.core.training import fit
from workbench.core.errors import held_interrupts


def _stopped_in_epoch_2(tmp_path, **kw):
    torch.manual_seed(0)
    model = nn.Linear(2, 1)
    xs = torch.randn(4, 2)
    seen, said = [], []

    def batches(epoch):
        seen.append(epoch)
        return [xs]

    def step(m, x):
        if seen[-1] == 1:
            raise KeyboardInterrupt("SIGTERM")
        return m(x).pow(2).mean()

    with pytest.raises(KeyboardInterrupt):
        fit(None, model, torch.optim.SGD(model.parameters(), lr=0.01), step, batches, 3, tmp_path, log=said.append,
            **kw)
    return said[-1]


def test_a_caller_that_resumes_by_itself_is_told_to_rerun_the_same_command(tmp_path):
    line = _stopped_in_epoch_2(tmp_path / "fold", resume_expected="scoring it")
    assert line == (f"training stopped (SIGTERM) in epoch 2 of 3: {tmp_path / 'fold' / 'last.pt'} holds epoch 1 "
                    "(history.json beside it); the same command again carries on from it")
    assert "--resume" not in line


def test_a_plain_training_still_names_resume(tmp_path):
    assert "the same command with --resume" in _stopped_in_epoch_2(tmp_path / "plain")


def test_sigterm_wins_over_ctrl_c_when_both_came_while_held():
    got = []

    def handler(signum, frame):
        got.append(signum)
        raise KeyboardInterrupt(signal.Signals(signum).name)

    old = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        with pytest.raises(KeyboardInterrupt, match="SIGTERM"):
            with held_interrupts():
                signal.raise_signal(signal.SIGINT)
                signal.raise_signal(signal.SIGTERM)
        assert got == [signal.SIGTERM]
    finally:
        for s, h in old.items():
            signal.signal(s, h)
