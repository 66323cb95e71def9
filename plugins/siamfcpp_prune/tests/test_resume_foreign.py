"""`workbench train siamfcpp / ps_siamfcpp --resume` of a checkpoint that training cannot continue:
one line naming the file, the checkpoint left as it was. Generated data only."""
from __future__ import annotations

import pytest
import torch

from workbench_siamfcpp_prune.model import SiamFCpp


def _train_args(out, extra=()):
    return ["--out", str(out), "--epochs", "2", "--steps", "1", "--batch-size", "1", "--x-size", "199", "--data",
            "--demo-sequences", "1", "--shape-sequences", "0", "--threads", "1", "--device", "cpu", *extra]


def test_resume_of_a_foreign_checkpoint_is_one_line_and_keeps_it(tmp_path, capsys):
    from workbench.cli import main as cli

    other = tmp_path / "other.pt"  # another method's checkpoint
    torch.save({"format": "workbench-checkpoint/1", "model": {"stage1.conv.weight": torch.zeros(8, 3, 3, 3)},
                "optimizer": {}, "epoch": 3, "history": [], "extra": {}}, other)
    torch.manual_seed(0)
    torch.save(SiamFCpp().state_dict(), tmp_path / "base.pt")
    ft = tmp_path / "ft"
    assert cli(["train", "ps_siamfcpp", "--init", str(tmp_path / "base.pt"), "--heads", "2", "--head-dim", "8",
                *_train_args(ft, ["--epochs", "1"])]) == 0
    kept = (ft / "last.pt").read_bytes()
    capsys.readouterr()
    for argv, words in (
            (["train", "siamfcpp", *_train_args(tmp_path / "a", ["--resume", str(other)])], "do not fit SiamFCpp"),
            (["train", "siamfcpp", *_train_args(tmp_path / "b", ["--resume", str(ft / "last.pt")])],
             "attention-guided finetune"),
            (["train", "ps_siamfcpp", "--init", str(tmp_path / "base.pt"), "--no-attention",
              *_train_args(ft, ["--resume", str(ft / "last.pt")])], "attention-guided finetune")):
        assert cli(argv) == 2, argv
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and words in err and "Traceback" not in err, err
    assert (ft / "last.pt").read_bytes() == kept
    # refused before any sequence is read or --out made (the recipe and the checkpoint were checked after both)
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_weights_of_another_network_name_what_is_missing(tmp_path):
    """`--set weights=` another method's file said only "not SiamFC++ weights: 'backbone.conv1'"."""

    from workbench.core.training import CheckpointError
    from workbench_siamfcpp_prune.checkpoint import load_model

    other = tmp_path / "lw.pt"
    torch.save({"stage1.conv.weight": torch.zeros(8, 3, 3, 3)}, other)
    with pytest.raises(CheckpointError, match=r"lw\.pt: not SiamFC\+\+ weights: no backbone\.conv1\.conv\.weight "
                                              r"\(it holds 1 tensors, the first 'stage1\.conv\.weight'"):
        load_model(other)
    released = tmp_path / "released.pkl"
    torch.save({"basemodel.conv1.conv.weight": torch.zeros(96, 3, 11, 11)}, released)
    with pytest.raises(CheckpointError, match=r"released\.pkl: .*workbench import siamfcpp"):
        load_model(released)


def test_training_numbers_out_of_range_are_one_line(tmp_path, capsys):
    """--threads -1, --lr -1, --weight-decay -1, --x-size 100 / 0 were torch or ZeroDivision tracebacks."""
    from workbench.cli import main as cli

    for extra, words in ((["--threads", "-1"], "--threads -1: must be between 0 and "),
                         (["--lr", "-1"], "--lr -1: must be greater than 0"),
                         (["--weight-decay", "-1"], "--weight-decay -1: must be at least 0"),
                         (["--steps", "0"], "--steps 0: must be at least 1"),  # was one line for three options
                         (["--max-gap", "-1"], "--max-gap -1: must be at least 0"),  # pairs of no frames
                         (["--x-size", "100"], "--x-size 100: the search crop leaves no score map; at least 175"),
                         (["--x-size", "0"], "--x-size 0: the search crop")):
        argv = _train_args(tmp_path / "run", ["--epochs", "1"])
        argv[argv.index("--x-size"):argv.index("--x-size") + 2] = []
        argv[argv.index("--threads"):argv.index("--threads") + 2] = []
        assert cli(["train", "siamfcpp", *argv, *extra]) == 2, extra
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and words in err, err
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize("backend", ["torch", "onnxruntime"])
def test_weights_whose_box_head_overflows_track_without_a_traceback(tmp_path, backend):
    """Weights from a training that diverged (finite, but the box head's exp overflows: inf offsets) made every
    box NaN; the next frame's crop stopped the run with "cannot convert float NaN to integer"."""
    import numpy as np

    from workbench.core.data.synthetic import demo_sequence
    from workbench_siamfcpp_prune.config import SiamFCppConfig
    from workbench_siamfcpp_prune.tracker import make_siamfcpp

    torch.manual_seed(0)
    sd = SiamFCpp().state_dict()
    sd["head.bbox.bias"] = torch.full_like(sd["head.bbox.bias"], 200.0)  # exp(200 * stride) -> inf
    torch.save(sd, tmp_path / "diverged.pt")
    tr = make_siamfcpp(SiamFCppConfig(weights=str(tmp_path / "diverged.pt"), backend=backend), "cpu")
    seq = demo_sequence(frames=4, width=160, height=128)
    tr.initialize(seq.frame(0), seq.gt_box(0))
    for i in range(1, 4):
        out = tr.track(seq.frame(i))
        assert np.isfinite(list(out.box)).all() and np.isfinite(out.score)


def test_import_of_our_own_weights_says_they_need_none(tmp_path):
    """`workbench import siamfcpp` of a file our training wrote said "missing basemodel...; unexpected format,
    model (+4 more)"."""
    from workbench.core.training import CheckpointError
    from workbench.core.training.checkpoints import save_checkpoint
    from workbench_siamfcpp_prune.import_released import import_file

    torch.manual_seed(0)
    net = SiamFCpp()
    torch.save(net.state_dict(), tmp_path / "weights.pt")
    save_checkpoint(tmp_path / "last.pt", net, torch.optim.SGD(net.parameters(), lr=0.1), epoch=1)
    for name in ("weights.pt", "last.pt"):
        with pytest.raises(CheckpointError, match=name.replace(".", r"\.") + r": already SiamFC\+\+ weights"):
            import_file(tmp_path / name)


def test_prune_names_the_rank_file_of_another_model_and_refuses_a_small_crop(tmp_path, capsys):
    """`prune --ranks R.json --weights PRUNED.pt` said "backbone.conv1: 96 ranks stored for 64 filters" without
    the file; `prune --x-size 100` was a torch conv RuntimeError traceback."""
    from workbench.cli import main as cli

    torch.manual_seed(0)
    torch.save(SiamFCpp().state_dict(), tmp_path / "base.pt")
    common = ["--images", "2", "--batch-size", "2", "--x-size", "199", "--data", "--threads", "1"]
    assert cli(["prune", "siamfcpp", "--weights", str(tmp_path / "base.pt"), "--ratio", "0.4",
                "--out", str(tmp_path / "p.pt"), *common]) == 0
    capsys.readouterr()
    assert cli(["prune", "siamfcpp", "--weights", str(tmp_path / "p.pt"), "--ratio", "0.4", "--ranks",
                str(tmp_path / "p_ranks.json"), "--out", str(tmp_path / "pp.pt")]) == 2
    err = capsys.readouterr().err
    assert "p_ranks.json: backbone.conv1:" in err and "ranks stored for" in err, err
    assert cli(["prune", "siamfcpp", "--weights", str(tmp_path / "base.pt"), "--ratio", "0.4",
                "--out", str(tmp_path / "q.pt"), "--images", "2", "--x-size", "100", "--data"]) == 2
    assert "--x-size 100: the search crop leaves no score map" in capsys.readouterr().err
    assert not (tmp_path / "pp.pt").exists() and not (tmp_path / "q.pt").exists()


def test_prune_numbers_are_refused_before_the_weights_are_read(tmp_path, capsys):
    """--images 0 / --batch-size 0 were tracebacks of the rank pass after the weights were read; --ratio and
    --align said it in their own words."""
    from workbench.cli import main as cli

    argv = ["prune", "siamfcpp", "--weights", str(tmp_path / "missing.pt"), "--out", str(tmp_path / "p.pt")]
    for extra, words in ((["--images", "0"], "--images 0: must be at least 1"),
                         (["--batch-size", "0"], "--batch-size 0: must be at least 1"),
                         (["--ratio", "1"], "--ratio 1: must be at least 0 and less than 1 (the share of filters cut)"),
                         (["--align", "0"], "--align 0: must be at least 1"),
                         (["--threads", "-2"], "--threads -2: must be between 0 and ")):
        assert cli(argv + extra) == 2, extra
        err = capsys.readouterr().err.strip()
        assert err == f"workbench: error: {words}" or err.startswith(f"workbench: error: {words}"), err
    assert not (tmp_path / "p.pt").exists()


def test_finetune_with_no_attention_heads_is_refused(tmp_path, capsys):
    """`train ps_siamfcpp --heads 0` (or --head-dim 0) trained an attention guide of nothing without a word."""
    from workbench.cli import main as cli

    torch.manual_seed(0)
    torch.save(SiamFCpp().state_dict(), tmp_path / "base.pt")
    for flag in ("--heads", "--head-dim"):
        assert cli(["train", "ps_siamfcpp", "--init", str(tmp_path / "base.pt"),
                    *_train_args(tmp_path / "ft", [flag, "0"])]) == 2
        assert f"{flag} 0: must be at least 1" in capsys.readouterr().err
    assert not (tmp_path / "ft").exists()


def test_a_new_training_into_a_folder_with_one_is_refused(tmp_path, capsys):
    """Training again into --out without --resume wrote over the earlier run's last.pt and weights."""
    from workbench.cli import main as cli

    out = tmp_path / "run"
    assert cli(["train", "siamfcpp", *_train_args(out, ["--epochs", "1"])]) == 0
    kept = (out / "last.pt").read_bytes()
    capsys.readouterr()
    assert cli(["train", "siamfcpp", *_train_args(out, ["--epochs", "1"])]) == 2
    assert "holds a training already" in capsys.readouterr().err
    assert (out / "last.pt").read_bytes() == kept


def _walker_root(tmp_path):
    from workbench.core.data.images import write_image
    from workbench.core.data.synthetic import demo_sequence

    seq = demo_sequence(frames=3, width=64, height=48)
    d = tmp_path / "data" / "walker" / "img"
    d.mkdir(parents=True)
    for i in range(3):
        write_image(d / f"{i + 1:04d}.png", seq.frame(i))
    (tmp_path / "data" / "walker" / "groundtruth_rect.txt").write_text(
        "".join(",".join(f"{v:g}" for v in seq.gt_box(i)) + "\n" for i in range(3)))
    return tmp_path / "data"


def test_an_exclude_name_not_in_data_is_refused(tmp_path, capsys):
    """`train siamfcpp --data ROOT --exclude NAME` with a mistyped name logged "(excluded: NAME)", later a note,
    while it left nothing out: the held-out sequence trained. Refused with the close name, before --out is made;
    the same for `--corpus` and for `prune siamfcpp`'s rank images."""
    from workbench.cli import main as cli
    from workbench_siamfcpp_prune.train import base_parser, make_sampler

    root = _walker_root(tmp_path)
    args = base_parser("workbench train siamfcpp", "").parse_args(
        ["--out", str(tmp_path / "o"), "--data", str(root), "--exclude", "walker",
         "--demo-sequences", "0", "--shape-sequences", "1"])
    said = []
    _, seqs = make_sampler(args, said.append)  # the right name: left out
    assert "walker" not in [s.name for s in seqs] and any("(excluded: walker)" in m for m in said), said
    common = ["--demo-sequences", "0", "--shape-sequences", "1", "--epochs", "1", "--steps", "1", "--batch-size", "1",
              "--x-size", "199", "--threads", "1", "--device", "cpu"]
    for source in ("--data", "--corpus"):
        assert cli(["train", "siamfcpp", "--out", str(tmp_path / "o"), source, str(root), "--exclude", "walkr",
                    *common]) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith("workbench: error: --exclude walkr: not ") and "(did you mean walker?)" in err, err
    assert not (tmp_path / "o").exists()
    torch.manual_seed(0)
    torch.save(SiamFCpp().state_dict(), tmp_path / "base.pt")
    assert cli(["prune", "siamfcpp", "--weights", str(tmp_path / "base.pt"), "--out", str(tmp_path / "p.pt"),
                "--images", "2", "--batch-size", "2", "--x-size", "199", "--data", str(root),
                "--exclude", "Walker", "zz"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("workbench: error: --exclude Walker, zz: not a sequence under --data (Walker: did you mean "
                          "walker?; zz: nothing close); known sequences (1): walker"), err
    assert not (tmp_path / "p.pt").exists() and not (tmp_path / "p_ranks.json").exists()


def test_probabilities_budgets_and_loss_weights_out_of_range_are_refused(tmp_path, capsys):
    """--self-prob 2 and --time-budget -5 ran without a word (the budget as none)."""
    from workbench.cli import main as cli

    for extra, words in ((["--self-prob", "2"], "--self-prob 2: must be between 0 and 1"),
                         (["--time-budget", "-5"], "--time-budget -5: must be at least 0 (seconds; 0: use --steps")):
        assert cli(["train", "siamfcpp", *_train_args(tmp_path / "run", ["--epochs", "1", *extra])]) == 2
        assert words in capsys.readouterr().err
    assert not (tmp_path / "run").exists()


def test_import_onto_its_own_file_is_refused(tmp_path, capsys):
    """`workbench import siamfcpp X.pkl --out X.pkl` replaced the authors' file with the converted weights."""
    import importlib.util
    from pathlib import Path

    from workbench.cli import main as cli

    spec = importlib.util.spec_from_file_location("_released", Path(__file__).with_name("test_import_released.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    theirs = tmp_path / "siamfcpp.pkl"
    torch.save(mod.released_like(), theirs)
    before = theirs.read_bytes()
    assert cli(["import", "siamfcpp", str(theirs), "--out", str(theirs)]) == 2
    assert "is the file being imported" in capsys.readouterr().err
    assert theirs.read_bytes() == before
    assert cli(["import", "siamfcpp", str(theirs), "--out", str(tmp_path / "ours.pt")]) == 0


def test_prune_onto_the_weights_it_cuts_is_refused(tmp_path, capsys):
    """`prune siamfcpp --weights W --out W` replaced the unpruned weights with the pruned ones."""
    from workbench.cli import main as cli

    torch.manual_seed(0)
    w = tmp_path / "base.pt"
    torch.save(SiamFCpp().state_dict(), w)
    before = w.read_bytes()
    assert cli(["prune", "siamfcpp", "--weights", str(w), "--ratio", "0.4", "--out", str(w), "--images", "2",
                "--x-size", "199", "--data"]) == 2
    assert "is the --weights file" in capsys.readouterr().err
    assert w.read_bytes() == before


def test_resume_with_another_lr_or_batch_is_refused_and_more_epochs_continue(tmp_path, capsys):
    """`train siamfcpp --resume last.pt --lr X` (or another --batch-size) continued the run with the new values,
    its history mixing two recipes; refused as LW-IRSTNet's training refuses it, naming both values."""
    from workbench.cli import main as cli

    out = tmp_path / "run"
    assert cli(["train", "siamfcpp", *_train_args(out, ["--epochs", "1"])]) == 0
    kept = (out / "last.pt").read_bytes()
    capsys.readouterr()
    resume = ["--epochs", "2", "--resume", str(out / "last.pt")]
    for extra, words in ((["--lr", "0.01"], "(--lr 0.001 there, 0.01 now)"),
                         (["--batch-size", "2"], "(--batch-size 1 there, 2 now)")):
        argv = _train_args(out, resume + extra)
        if "--batch-size" in extra:
            del argv[argv.index("--batch-size"):argv.index("--batch-size") + 2]
        assert cli(["train", "siamfcpp", *argv]) == 2, extra
        err = capsys.readouterr().err.strip()
        assert f"last.pt: trained with another recipe {words}: resume with its options, or start a new --out " \
               f"with --init" in err and len(err.splitlines()) == 1, err
    assert (out / "last.pt").read_bytes() == kept
    assert cli(["train", "siamfcpp", *_train_args(out, resume)]) == 0  # the same recipe, more epochs
