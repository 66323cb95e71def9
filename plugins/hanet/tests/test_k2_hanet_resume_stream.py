"""`train hanet --resume` drew its pairs from a new stream (the sampler seeded with seed + the epochs done), so a
run stopped after epoch 1 and resumed trained to other weights than the same run unbroken. The checkpoint keeps
the sampler's state now: stopped + resumed equals unbroken, tensor for tensor (CPU, one thread, generated videos)."""
import torch

STEPS = 1


def _argv(out, *extra):
    return ["--generate", "1", "--frames", "6", "--size", "96x64", "--val", "0", "--out", str(out), "--epochs", "2",
            "--steps", str(STEPS), "--batch", "1", "--threads", "1", "--device", "cpu", "--hsi-width", "8",
            "--bands", "3", "--seed", "3", *extra]


def test_stopped_and_resumed_equals_unbroken(tmp_path, monkeypatch):
    import workbench.core.training.loop as loop
    from workbench.core.training.checkpoints import load_checkpoint
    from workbench_hanet.train import main

    assert main(_argv(tmp_path / "unbroken")) == 0
    real_fit = loop.fit

    def stopped_after_one_epoch(ctx, model, opt, step, *args, **kw):  # as a Ctrl-C / Cancel between epochs
        done = []

        def counted(m, b):
            done.append(1)
            if len(done) == STEPS:
                ctx.cancel()
            return step(m, b)

        return real_fit(ctx, model, opt, counted, *args, **kw)

    monkeypatch.setattr(loop, "fit", stopped_after_one_epoch)
    assert main(_argv(tmp_path / "resumed")) == 0
    assert load_checkpoint(tmp_path / "resumed" / "last.pt")["epoch"] == 1
    monkeypatch.setattr(loop, "fit", real_fit)
    assert main(_argv(tmp_path / "resumed", "--resume")) == 0
    a, b = (load_checkpoint(tmp_path / d / "last.pt") for d in ("unbroken", "resumed"))
    assert a["epoch"] == b["epoch"] == 2
    assert a["model"].keys() == b["model"].keys()
    for k in a["model"]:
        assert torch.equal(a["model"][k], b["model"][k]), k
