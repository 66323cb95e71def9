"""`workbench list --dataset /work/shared/data` listed 9 of its 22 sequences and said nothing of the rest: a listing
looks one level into a folder that is no sequence, and DAUB (irst/daub/<seq>), the sky sequences, UAV123
(tracking/UAV123_10fps) and the HSI cube (hsi/jasper_ridge/) lie deeper. The folders two levels down that were not
looked into are named now, with how to list them."""
from __future__ import annotations

from tests.helpers import shared
from workbench.cli import main
from workbench.core.data.synthetic import write_demo


def _said(capsys) -> list[str]:
    return [x for x in capsys.readouterr().err.splitlines() if x.startswith("note: not looked into")]


def test_a_folder_two_levels_down_is_named(tmp_path, capsys):
    write_demo(tmp_path / "data" / "tracking", frames=2, width=32, height=24, name="near")
    write_demo(tmp_path / "data" / "irst" / "daub", frames=2, width=32, height=24, name="far")
    (tmp_path / "data" / "weights" / "model").mkdir(parents=True)  # nothing a reader takes: not named
    (tmp_path / "data" / "weights" / "model" / "net.onnx").write_bytes(b"x")
    assert main(["list", "--dataset", str(tmp_path / "data")]) == 0
    out = capsys.readouterr()
    assert "near" in out.out and "far" not in out.out  # (the listing itself as it was)
    said = [x for x in out.err.splitlines() if x.startswith("note: not looked into")]
    assert len(said) == 1 and "1 folder two levels below" in said[0], out.err
    assert "irst/daub" in said[0] and "weights" not in said[0] and "tracking" not in said[0], said
    assert f"workbench list --dataset {tmp_path / 'data' / 'irst' / 'daub'}" in said[0]
    # given as the dataset, it lists its sequences, and nothing is left unsaid
    assert main(["list", "--dataset", str(tmp_path / "data" / "irst" / "daub")]) == 0
    assert "far" in capsys.readouterr().out


def test_nothing_deeper_nothing_said(tmp_path, capsys):
    write_demo(tmp_path / "data", frames=2, width=32, height=24, name="s1")
    write_demo(tmp_path / "data" / "more", frames=2, width=32, height=24, name="s2")
    assert main(["list", "--dataset", str(tmp_path / "data")]) == 0
    assert not _said(capsys)


def test_the_shared_data_folder_names_what_it_did_not_list(capsys):
    root = shared("")
    assert main(["list", "--dataset", str(root)]) == 0
    said = _said(capsys)
    assert len(said) == 1, said
    for folder in ("irst/daub", "tracking/UAV123_10fps", "hsi/jasper_ridge"):
        assert folder in said[0], said
