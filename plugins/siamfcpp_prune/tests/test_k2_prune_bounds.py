"""`prune siamfcpp --align 100000` was taken: wider than every layer, the multiple rounded nothing, every layer
kept its exact count (the cut of --align 1) and the file said align 100000. --images 10**20 ran for ever and a
--batch-size of 100000 pairs ran out of memory. Each is one line, exit 2, before the rank pass; no --out."""
import pytest


@pytest.mark.parametrize("extra, words", [
    (["--align", "100000"], "--align 100000: must be between 1 and 384 (the widest layer of scope backbone+neck"),
    (["--align", "385", "--scope", "all"], "--align 385: must be between 1 and 384"),
    (["--images", "100000000000000000000"], "--images 100000000000000000000: must be at most 10000"),
    (["--images", "-3"], "--images -3: must be at least 1"),
    (["--batch-size", "100000"], "--batch-size 100000: must be at most 1024 (pairs per forward pass)"),
])
def test_prune_numbers_out_of_range(tmp_path, capsys, extra, words):
    from workbench.cli import main as cli

    assert cli(["prune", "siamfcpp", "--out", str(tmp_path / "p.pt"), "--threads", "1", *extra]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("workbench: error: ") and words in err[-1], err
    assert list(tmp_path.iterdir()) == []


def test_plan_refuses_an_alignment_wider_than_every_layer(small_model):
    from workbench.core.errors import WorkbenchError
    from workbench_siamfcpp_prune.surgery import plan

    model, ranks = small_model
    assert len(plan(model, ranks, 0.4, "backbone", 384)["backbone.conv3"]) == 384  # the widest layer: one block
    with pytest.raises(WorkbenchError, match="channel alignment 385: must be between 1 and 384"):
        plan(model, ranks, 0.4, "backbone", 385)
