"""`workbench train ps_siamfcpp` under a careless user (H2 sweep): --parent naming the --init file (or a copy of
it) distilled the pruned model from itself, and a --parent narrower than the pruned model in some layer (another
pruning) was taken as its unpruned parent; both trained without a word. One line, exit 2, no --out."""
import pytest

COMMON = ["--epochs", "1", "--steps", "1", "--batch-size", "1", "--x-size", "199", "--demo-sequences", "1",
          "--shape-sequences", "0", "--threads", "1", "--device", "cpu"]


@pytest.fixture(scope="module")
def narrow_models(tmp_path_factory):
    """Two pruned widths of a small SiamFC++ saved as plain state dicts: (pruned.pt, its copy, narrower.pt)."""
    import shutil

    import torch

    from workbench.core.training.checkpoints import save_file
    from workbench_siamfcpp_prune.model import SiamFCpp, default_widths

    root = tmp_path_factory.mktemp("h2_parent")
    torch.manual_seed(0)
    pruned = {k: max(16, w // 4) for k, w in default_widths().items()}
    narrower = dict(pruned, **{"backbone.conv2": 16})
    paths = []
    for name, widths in (("pruned.pt", pruned), ("narrower.pt", narrower)):
        save_file({k: v.detach().clone() for k, v in SiamFCpp(widths).state_dict().items()}, root / name)
        paths.append(root / name)
    shutil.copy(paths[0], root / "copy.pt")
    return paths[0], root / "copy.pt", paths[1]


@pytest.mark.parametrize("which, words", [
    (0, "holds the --init weights ({init}): the pruned model would be distilled from itself; give the unpruned "
        "SiamFC++ it was pruned from"),
    (1, "holds the --init weights ({init}): the pruned model would be distilled from itself"),
    (2, "narrower than the pruned --init model (backbone.conv2: 16 filters against its 64): not the model it was "
        "pruned from"),
])
def test_h2_parent_that_is_not_the_unpruned_model_is_refused(tmp_path, capsys, narrow_models, which, words):
    from workbench.cli import main as cli

    init, parent = narrow_models[0], narrow_models[which]
    out = tmp_path / "run"
    assert cli(["train", "ps_siamfcpp", "--out", str(out), "--init", str(init), "--parent", str(parent), *COMMON]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"workbench: error: --parent {parent}: ") and len(err.splitlines()) == 1, err
    assert words.format(init=init) in err, err
    assert not out.exists()


def test_h2_exclude_without_data_and_data_beside_ranks_are_refused(tmp_path, capsys):
    """`train siamfcpp --exclude NAME` without --data (and `prune --exclude`) left nothing out without a word;
    `prune --ranks R --data D` read no rank image of D, without a word."""
    from workbench.cli import main as cli
    from workbench_siamfcpp_prune import weights_dir

    said = "--exclude seq_a: names sequences under --data; no --data is given, so it would leave nothing out"
    assert cli(["train", "siamfcpp", "--out", str(tmp_path / "run"), *COMMON, "--exclude", "seq_a"]) == 2
    assert capsys.readouterr().err.strip() == f"workbench: error: {said}"
    assert cli(["prune", "siamfcpp", "--out", str(tmp_path / "p.pt"), "--images", "1", "--exclude", "seq_a"]) == 2
    assert capsys.readouterr().err.strip() == f"workbench: error: {said}"
    ranks = weights_dir() / "siamfcpp_alexnet_ranks.json"
    assert cli(["prune", "siamfcpp", "--out", str(tmp_path / "p.pt"), "--ranks", str(ranks), "--data", "d"]) == 2
    assert capsys.readouterr().err.strip() == f"workbench: error: --data d: chooses the rank images; --ranks {ranks} " \
                                              "is used instead of computing ranks: drop one of the two"
    assert not (tmp_path / "run").exists() and not (tmp_path / "p.pt").exists()


def test_h2_resume_of_weights_or_a_folder_is_refused(tmp_path, capsys, narrow_models):
    """--resume DIR/weights.pt (or a pruned file) 'resumed' at epoch 0 with a fresh optimizer and wrote over the
    run's last.pt and weights.pt; --resume DIR said only 'is a folder'."""
    import shutil

    from workbench.cli import main as cli

    run = tmp_path / "run"
    run.mkdir()
    shutil.copy(narrow_models[0], run / "weights.pt")
    (run / "last.pt").write_bytes(b"the run's checkpoint")  # not read: the folder is refused first
    w = run / "weights.pt"
    for verb, given, said in (
            ("siamfcpp", w, f"--resume {w}: weights, not a training checkpoint (no optimizer state, no epoch): resume "
                            f"the run's last.pt, or start from these weights with --init {w} and another --out"),
            ("ps_siamfcpp", w, f"--resume {w}: weights, not a training checkpoint"),
            ("siamfcpp", run, f"--resume {run}: is a folder; give the checkpoint in it ({run / 'last.pt'})")):
        init = ["--init", str(narrow_models[0])] if verb == "ps_siamfcpp" else []
        assert cli(["train", verb, "--out", str(run), *COMMON, *init, "--resume", str(given)]) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith(f"workbench: error: {said}") and len(err.splitlines()) == 1, err
    assert sorted(p.name for p in run.iterdir()) == ["last.pt", "weights.pt"]
    assert (run / "last.pt").read_bytes() == b"the run's checkpoint"
