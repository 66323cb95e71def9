"""The seed ensemble (``model.SeqIRSTEnsemble``, ``loso --members K``): one weights file holding K networks of
one recipe; the detector's raw output is the mean of theirs; a LOSO / all-data run with ``--members`` trains each
member with its own seed (SEED, SEED+1, ...) and writes one file; training from an ensemble starts from its
first member."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from workbench.core.data.irseq import save_irseq  # noqa: E402
from workbench.core.data.irseq_synth import make_sequence  # noqa: E402
from workbench.core.training.checkpoints import load_checkpoint, save_weights  # noqa: E402
from workbench_seq_irst.detector import load_detector  # noqa: E402
from workbench_seq_irst.model import (SeqIRSTEnsemble, build_model, ensemble_state_dict, member_state_dicts,  # noqa: E402
                                      model_from_state_dict, save_ensemble)


def _nets(tmp_path, k=3, norm="frame"):
    files = []
    for i in range(k):
        torch.manual_seed(100 + i)
        m = build_model("darknet19_tiny", norm=norm)
        for p in m.parameters():  # make the members really differ, heads included
            p.data.add_(0.05 * torch.randn_like(p))
        files.append(save_weights(tmp_path / f"m{i}.pt", m))
    return files


def test_ensemble_file_loads_and_outputs_the_members_mean(tmp_path):
    files = _nets(tmp_path)
    ens = save_ensemble(files, tmp_path / "ens.pt")
    sd = load_checkpoint(ens)["model"]  # weights_only load
    assert isinstance(model_from_state_dict(sd), SeqIRSTEnsemble)
    assert len(member_state_dicts(sd)) == 3
    det = load_detector(ens)
    singles = [load_detector(f) for f in files]
    x = np.random.default_rng(0).standard_normal((3, 64, 48)).astype(np.float32)
    want = np.mean([d.outputs(x) for d in singles], axis=0)
    np.testing.assert_allclose(det.outputs(x), want, rtol=1e-5, atol=1e-5)
    assert not np.allclose(singles[0].outputs(x), want, atol=1e-3)  # the members differ: a mean is not a copy
    assert det.stride == singles[0].stride and det.norm == "frame"
    seq = make_sequence(5, frames=5, width=64, height=48)
    assert len(det.run(seq)) == 5


def test_members_setting_runs_the_first_k_networks(tmp_path):
    from workbench_seq_irst import SeqIRSTConfig
    from workbench_seq_irst.detector import make_detector

    files = _nets(tmp_path)
    ens = save_ensemble(files, tmp_path / "ens.pt")
    x = np.random.default_rng(1).standard_normal((3, 32, 32)).astype(np.float32)
    singles = [load_detector(f).outputs(x) for f in files]
    np.testing.assert_allclose(load_detector(ens, members=1).outputs(x), singles[0], rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(load_detector(ens, members=2).outputs(x), (singles[0] + singles[1]) / 2,
                               rtol=1e-5, atol=1e-5)
    from workbench.core.training.checkpoints import CheckpointError

    with pytest.raises(CheckpointError, match="holds 3 network"):  # more than it has: refused, naming the file
        load_detector(ens, members=9)
    det = make_detector(SeqIRSTConfig(weights=str(ens), members=1))
    np.testing.assert_allclose(det.outputs(x), singles[0], rtol=1e-6, atol=1e-6)


def test_ensemble_refuses_mixed_members_and_nesting(tmp_path):
    from workbench.core.training.checkpoints import CheckpointError, save_file

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = _nets(tmp_path / "a", 1)[0]
    b = _nets(tmp_path / "b", 1, norm="channel")[0]
    with pytest.raises(CheckpointError, match="cannot join") as e:  # one clear error naming the files
        save_ensemble([a, b], tmp_path / "x.pt")
    assert str(b) in str(e.value) and "share" in str(e.value)  # the member that does not fit, and why
    pair = save_ensemble([a, a], tmp_path / "pair.pt")
    with pytest.raises(CheckpointError, match="ensemble itself"):
        save_ensemble([pair, a], tmp_path / "y.pt")
    bad = ensemble_state_dict([load_checkpoint(a)["model"]] * 2)
    save_file({k.replace("members.1.", "members.5."): v for k, v in bad.items()}, tmp_path / "gap.pt")
    with pytest.raises(CheckpointError, match="expected 0"):
        load_detector(tmp_path / "gap.pt")
    sd = ensemble_state_dict([load_checkpoint(a)["model"]] * 2)
    with pytest.raises(ValueError, match="ensemble itself"):
        ensemble_state_dict([sd, sd])
    with pytest.raises(ValueError, match="expected 0"):
        member_state_dicts({k.replace("members.1.", "members.2."): v for k, v in sd.items()})


def test_training_from_an_ensemble_starts_from_its_first_member(tmp_path):
    from workbench.core.jobs import JobContext
    from workbench_seq_irst.train import TrainSettings, train

    files = _nets(tmp_path, 2)
    ens = save_ensemble(files, tmp_path / "ens.pt")
    seq = make_sequence(9, frames=4, width=48, height=48)
    said = []
    _res, _crops, model = train(JobContext(), [(seq, None)], [], TrainSettings(crop=16, epochs=1, batch_size=8, lr=0.0),
                                tmp_path / "run", init_weights=ens, log=said.append)
    assert any("member 1 of its 2" in s for s in said), said
    first = load_checkpoint(files[0])["model"]
    got = model.state_dict()
    assert torch.equal(got["backbone.0.0.weight"].cpu(), first["backbone.0.0.weight"])  # lr 0: unchanged


def test_loso_members_train_one_network_per_seed_and_write_one_file(tmp_path):
    from workbench_seq_irst.command import main as train_main

    save_irseq(make_sequence(21, width=48, height=48, frames=6, flicker_rate=0), tmp_path / "a" / "seqA")
    save_irseq(make_sequence(22, width=48, height=48, frames=6, flicker_rate=0), tmp_path / "b" / "seqB")
    out = tmp_path / "loso"
    argv = ["--loso", "--root", str(tmp_path / "a"), "--root", str(tmp_path / "b"), "--out", str(out),
            "--epochs", "1", "--crop", "16", "--synthetic", "0", "--batch-size", "8", "--threads", "1",
            "--members", "2", "--seed", "3"]
    assert train_main(argv) == 0
    rep = json.loads((out / "loso.json").read_text())
    assert rep["recipe"]["members"] == 2 and set(rep["folds"]) == {"a", "b"}
    for g in ("a", "b"):
        f = out / f"fold_{g}"
        sd = load_checkpoint(f / "weights.pt")["model"]
        members = member_state_dicts(sd)
        assert len(members) == 2
        for k in range(2):  # each member is its own run, with its own seed, stored whole
            mk = load_checkpoint(f / f"member_{k}" / "weights.pt")["model"]
            assert all(torch.equal(mk[n], members[k][n]) for n in mk)
        assert not torch.equal(members[0]["head.1.weight"], members[1]["head.1.weight"])
    assert train_main(argv + ["--all"]) == 0
    assert len(member_state_dicts(load_checkpoint(out / "all" / "weights.pt")["model"])) == 2
    with pytest.raises(Exception, match="members"):
        train_main(argv[:-4] + ["--members", "0"])
    # the same folder with another recipe is refused: its finished folds would be reported as the new recipe's
    from workbench.core.errors import WorkbenchError

    with pytest.raises(WorkbenchError, match=r"recipe\.json: trained with another recipe "
                                             r"\(.*--members 2 there, 1 now.*\): choose another --out"):
        train_main(argv[:-4] + ["--members", "1", "--seed", "3"])


def test_shipped_detector_is_an_ensemble_of_two_or_skip():
    from workbench_seq_irst import default_weights

    if not Path(default_weights()).is_file():
        pytest.skip("no shipped weights")
    sd = load_checkpoint(default_weights())["model"]
    assert len(member_state_dicts(sd)) == 2  # the shipped recipe (weights/PROVENANCE.md, round 10)
