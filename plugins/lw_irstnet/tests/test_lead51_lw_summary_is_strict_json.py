"""A training without validation wrote summary.json with ``"best_miou": NaN``: not JSON (a strict reader, jq, a
browser's JSON.parse refuse it). It is written as null."""
import json

from tiny_sirst import tiny_sirst


def _strict(text: str):
    def refuse(token):
        raise ValueError(f"not JSON: {token}")
    return json.loads(text, parse_constant=refuse)


def test_summary_without_validation_is_strict_json(tmp_path):
    from workbench.core.training.checkpoints import save_checkpoint
    from workbench_lw_irstnet.model import LWIRSTNet
    from workbench_lw_irstnet.train import main, parser, recipe_of

    data, out = tiny_sirst(tmp_path / "a"), tmp_path / "run"
    out.mkdir()
    argv = ["--data", str(data), "--split", "", "--val-split", "", "--out", str(out), "--batch-size", "2", "--crop",
            "16", "--threads", "1", "--device", "cpu", "--epochs", "1"]
    last = save_checkpoint(out / "last.pt", LWIRSTNet(), None, 1, [{"epoch": 1, "loss": 1.0}],
                           {"recipe": recipe_of(parser().parse_args(argv))})
    assert main(argv + ["--resume", str(last)]) == 0
    summary = _strict((out / "summary.json").read_text())
    assert summary["best_miou"] is None and summary["epochs"] == 1
