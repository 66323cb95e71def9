"""LW-IRSTNet's ``segment --json`` wrote its Pd-Fa curve raw (probabilities alone) where the core's ``segment`` writes
it through ``irst_curves.pd_fa_json`` (a ``logit`` list and the operating point, as ``pd_fa.csv``): one writer now.
And LW-IRSTNet's ``--out`` on a labelled set and a peer's ``--out`` on its ``images/`` folder put their masks under
one dataset name (``OUT/<set>/<method>/default/all/``; the peer's was ``OUT/images/...``)."""
import json

from tiny_sirst import tiny_sirst


def test_lw_json_pd_fa_as_the_core_writes_it(tmp_path):
    from workbench.cli import main as cli
    from workbench.core.evaluation.irst_curves import PROBABILITY, pd_fa_json

    root = tiny_sirst(tmp_path / "set", 2, 16)
    assert cli(["segment", "lw_irstnet", "--dataset", str(root), "--json", str(tmp_path / "s.json"),
                "--device", "cpu", "--threads", "1"]) == 0
    pd_fa = json.loads((tmp_path / "s.json").read_text())["pd_fa"]
    assert pd_fa["operating_point"] == PROBABILITY.label
    assert len(pd_fa["logit"]) == len(pd_fa["thresholds"]) and 0.0 in pd_fa["logit"]
    raw = {k: v for k, v in pd_fa.items() if k not in ("logit", "operating_point")}
    assert pd_fa == json.loads(json.dumps(pd_fa_json(raw, PROBABILITY)))  # the core's writer, nothing else


def test_lw_and_a_peer_masks_of_one_set_under_one_name(tmp_path):
    from workbench.cli import main as cli

    root = tiny_sirst(tmp_path / "set", 2, 16)
    out = tmp_path / "res"
    assert cli(["segment", "lw_irstnet", "--dataset", str(root), "--out", str(out), "--device", "cpu",
                "--threads", "1"]) == 0
    assert cli(["segment", "tophat", "--dataset", str(root / "images"), "--out", str(out)]) == 0
    for method in ("lw_irstnet", "tophat"):
        masks = out / "set" / method / "default" / "all"
        assert sorted(p.name for p in masks.iterdir()) == ["img0.png", "img1.png"], method
    assert sorted(p.name for p in out.iterdir()) == ["set"]
