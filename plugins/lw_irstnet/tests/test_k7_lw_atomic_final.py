"""`train lw_irstnet --final` wrote final_weights.pt with torch.save straight into the file: a write cut off half way
(disk full, the process killed) left half a checkpoint over the weights of the run it resumed. The weights are
serialised in memory and renamed over the file, so a failed write leaves the earlier file as it was."""
import pytest

from tiny_sirst import tiny_sirst


class Cut(Exception):
    pass


def test_final_weights_cut_off_mid_write_leaves_the_earlier_file(tmp_path, monkeypatch):
    import torch

    from workbench_lw_irstnet import command, cv, train

    data = tiny_sirst(tmp_path / "data")
    out = tmp_path / "final"
    out.mkdir()
    (out / "last.pt").write_bytes(b"a checkpoint")  # a stopped run to resume
    earlier = b"the earlier final weights"
    (out / "final_weights.pt").write_bytes(earlier)

    class Done:
        cancelled = False

    monkeypatch.setattr(cv, "check_same_recipe", lambda *_a: None)  # the stand-in checkpoint has no recipe
    monkeypatch.setattr(cv, "refuse_finished", lambda *_a: None)
    monkeypatch.setattr(cv, "check_same_pool", lambda *_a, **_k: None)
    monkeypatch.setattr(train, "run_training", lambda *_a, **_k: Done())
    monkeypatch.setattr(cv, "_final_state", lambda *_a: ({"w": torch.zeros(3)}, 1))

    def cut_save(_obj, f, *_a, **_k):  # the serialiser writes a few bytes, then fails
        if hasattr(f, "write"):
            f.write(b"PK\x03\x04")
        else:
            with open(f, "wb") as fh:
                fh.write(b"PK\x03\x04")
        raise Cut

    monkeypatch.setattr(torch, "save", cut_save)
    with pytest.raises(Cut):
        command.main(["--final", "--epochs", "1", "--split", "", "--out", str(out), "--data", str(data)])
    assert (out / "final_weights.pt").read_bytes() == earlier  # was b"PK\x03\x04": half a file
    assert sorted(p.name for p in out.iterdir()) == ["final_weights.pt", "last.pt"]  # no temporary file left
