"""Refused checkpoints: one line under 200 characters naming the file and the real problem (issue 25)."""
import argparse
import pickle
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from workbench.core.training.checkpoints import CheckpointError, fit_state_dict, load_file, load_weights  # noqa: E402

from tests.helpers import unrooted  # noqa: E402


def _msg(fn, *a) -> str:
    with pytest.raises(CheckpointError) as e:
        fn(*a)
    text = str(e.value)
    # measured without the pytest temporary folder's root (its run number grows: pytest-1000 ...)
    assert "\n" not in text and "\x1b" not in text and len(unrooted(text)) < 200, text
    return text


def test_each_bad_file_says_what_it_is(tmp_path):
    good = tmp_path / "good.pt"
    torch.save({"w": torch.zeros(3)}, good)
    data = good.read_bytes()
    cases = {
        "text.pt": (b"hello world\nthis is text\n", "not a torch checkpoint (a text file"),
        "empty.pt": (b"", "empty file"),
        "trunc.pt": (data[: len(data) // 2], "truncated"),
        "junk.pt": (bytes(range(7, 200)), "not a torch checkpoint (it starts with bytes"),
    }
    for name, (content, words) in cases.items():
        (tmp_path / name).write_bytes(content)
        text = _msg(load_file, tmp_path / name)
        assert str(tmp_path / name) in text and words in text and "pickle" not in text, text
    torch.save(argparse.Namespace(x=1), tmp_path / "obj.pt")
    text = _msg(load_file, tmp_path / "obj.pt")
    assert "needs pickle (refused: weights_only)" in text and "argparse.Namespace" in text
    (tmp_path / "raw.pkl").write_bytes(pickle.dumps(argparse.Namespace(x=1)))
    assert "needs pickle" in _msg(load_file, tmp_path / "raw.pkl")
    # an ONNX export given as weights (its protobuf header: ir_version 8, producer 'pytorch'), and a path
    # that is there but no file: said as such, not 'starts with bytes 08 08 12 07 ...' / 'missing'
    (tmp_path / "lw.onnx").write_bytes(b"\x08\x08\x12\x07pytorch\x1a\x032.1:\x9a\x01\n" + bytes(40))
    assert "an ONNX model" in _msg(load_file, tmp_path / "lw.onnx")
    if Path("/dev/null").exists():
        assert "not a regular file" in _msg(load_file, Path("/dev/null"))


def test_weights_mismatch_names_the_keys(tmp_path):
    model = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3), torch.nn.BatchNorm2d(8))
    sd = dict(model.state_dict())
    sd.pop("1.running_var")
    sd["2.weight"] = torch.zeros(1)
    p = tmp_path / "w.pt"
    torch.save(sd, p)
    text = _msg(load_weights, p, model)
    assert str(p) in text and "missing 1.running_var" in text and "unexpected 2.weight" in text
    sd = dict(model.state_dict())
    sd["0.weight"] = torch.zeros(4, 3, 3, 3)
    text = _msg(fit_state_dict, model, sd, p)
    assert "0.weight is 4x3x3x3 in the file, 8x3x3x3 in the model" in text
    fit_state_dict(model, dict(model.state_dict()), p)  # a fitting one loads


def test_siamfcpp_weights_mismatch_is_one_line(tmp_path):
    pytest.importorskip("workbench_siamfcpp_prune")
    from importlib.resources import files

    from workbench_siamfcpp_prune.checkpoint import load_model, load_state

    shipped = next(p for p in files("workbench_siamfcpp_prune").joinpath("weights").iterdir() if p.name.endswith(".pt"))
    sd, _ = load_state(shipped)
    key = sorted(sd)[3]
    sd.pop(key)
    bad = tmp_path / "bad.pt"
    torch.save(sd, bad)
    text = _msg(load_model, bad)
    assert str(bad) in text and f"missing {key}" in text and "SiamFCpp" in text


def test_check_resumable_names_the_file_and_the_hint(tmp_path):
    """One check for every training's --resume (it was a copy in each plugin): a checkpoint of another
    network is one line naming the file, a mismatched key and what to resume with."""
    from workbench.core.errors import WorkbenchError
    from workbench.core.training.checkpoints import check_resumable, save_checkpoint

    a = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3))
    b = torch.nn.Sequential(torch.nn.Conv2d(3, 16, 3))
    save_checkpoint(tmp_path / "last.pt", a, epoch=3)
    assert check_resumable(tmp_path / "last.pt", a, "x")["epoch"] == 3
    with pytest.raises(WorkbenchError) as e:
        check_resumable(tmp_path / "last.pt", b, "resume with --width 8")
    text = str(e.value)
    assert str(tmp_path / "last.pt") in text and "0.weight" in text and text.endswith("resume with --width 8")
    assert "\n" not in text


@pytest.mark.parametrize("content, says", [(b"", "empty file"), (b"PK\x03\x04" + b"\0" * 40, "checkpoint")],
                         ids=["empty", "zip-stub"])
def test_check_resumable_says_a_damaged_file_without_the_other_network_hint(tmp_path, content, says):
    """A damaged last.pt was said with the hint meant for another network ('...; resume with --width 8') in
    every training but lw_irstnet's, which read the file first itself: the file's fault is said alone."""
    from workbench.core.errors import WorkbenchError
    from workbench.core.training.checkpoints import check_resumable

    f = tmp_path / "last.pt"
    f.write_bytes(content)
    with pytest.raises(WorkbenchError) as e:
        check_resumable(f, torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3)), "resume with --width 8")
    text = str(e.value)
    assert str(f) in text and says in text and "resume with --width 8" not in text and "\n" not in text
