"""`workbench train hanet`: an unreadable --cube was said after --out was made and its train_log.txt written
(the cube is read now before anything is written); --init naming a folder said "weights file not found" of a
folder that is there (now: a folder, and the file to give)."""
from pathlib import Path

import pytest


def _train(tmp_path, *extra):
    from workbench.cli import main as cli

    return cli(["train", "hanet", "--generate", "1", "--frames", "4", "--size", "64x64", "--val", "0", "--out",
                str(tmp_path / "run"), "--epochs", "1", "--steps", "1", "--batch", "2", *extra])


@pytest.mark.parametrize("kind", ["h5", "txt", "folder"])
def test_an_unreadable_cube_leaves_no_out_folder(tmp_path, capsys, kind):
    cube = tmp_path / f"scene.{kind}"
    cube.mkdir() if kind == "folder" else cube.write_bytes(b"not a cube")
    assert _train(tmp_path, "--cube", str(cube)) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith(f"workbench: error: {cube}: "), err
    assert not (tmp_path / "run").exists()


def test_init_naming_a_folder_says_it_is_a_folder(tmp_path, capsys):
    run = tmp_path / "earlier"
    run.mkdir()
    (run / "best_weights.pt").write_bytes(b"")  # only its name is used
    assert _train(tmp_path, "--init", str(run)) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert "not found" not in err, err
    assert err == (f"workbench: error: {run}: a folder, not a weights file: give a file, e.g. "
                   f"{run / 'best_weights.pt'}"), err
    assert not (tmp_path / "run").exists()


def test_init_naming_an_empty_folder_says_what_a_training_writes(tmp_path):
    from workbench.core.errors import WorkbenchError
    from workbench_hanet.tracker import load_model

    with pytest.raises(WorkbenchError, match=r"a folder, not a weights file: give a file, e.g. a training's "
                                             r"DIR/best_weights.pt"):
        load_model(Path(tmp_path))
