"""`train lw_irstnet --cv K` stopped half done and rerun with another --data whose images have the same names
(or stopped in a fold) passed every per-fold check (the held-out names, the recipe) and went on training its folds on other images than
the folds already scored. cv.json records a fingerprint of the pool (sizes + SHA-256 of the image and mask bytes)
before any fold trains; a run over other data is refused naming both folders, the same files elsewhere are not."""
import json
import shutil

import numpy as np
import pytest

from tiny_sirst import tiny_sirst


def test_cv_resumed_on_other_data_with_the_same_names_is_refused(tmp_path, capsys, monkeypatch):
    from workbench.cli import main as cli
    from workbench_lw_irstnet import command, train
    from workbench.core.data.images import write_image
    from workbench_lw_irstnet.cv import build_pool, pool_fingerprint

    a = tiny_sirst(tmp_path / "a")
    b = tiny_sirst(tmp_path / "b")
    write_image(b / "images" / "img2.png", np.full((16, 16), 99, np.uint8))  # one image differs, names all alike
    shutil.copytree(a, tmp_path / "a_moved")
    assert pool_fingerprint(build_pool(str(a), None)) == pool_fingerprint(build_pool(str(tmp_path / "a_moved"), None))
    out = tmp_path / "cv"
    argv = ["train", "lw_irstnet", "--cv", "2", "--epochs", "1", "--batch-size", "2", "--crop", "16", "--threads",
            "1", "--split", "", "--out", str(out)]

    class Stopped(Exception):
        pass

    def stopped(*_a, **_k):  # the run stopped in its first fold (Ctrl-C, a crash, the machine's end)
        raise Stopped

    monkeypatch.setattr(train, "run_training", stopped)
    with pytest.raises(Stopped):
        command.main(argv[2:] + ["--data", str(a)])
    recorded = json.loads((out / "cv.json").read_text())
    assert recorded["pool"]["fingerprint"]["images"] == 4 and not recorded["complete"]
    capsys.readouterr()
    assert cli(argv + ["--data", str(b)]) == 2  # was taken: fold 0 trained on b's images
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"workbench: error: {out / 'cv.json'}: this cross-validation was started on other data "
                          f"({a}: 4 images") and f"than this run's ({b}: 4 images" in err, err
    assert json.loads((out / "cv.json").read_text()) == recorded


def test_final_resumed_on_other_data_is_refused(tmp_path, capsys, monkeypatch):
    """The same for `--final`: stopped after its folder was made, rerun over another --data, it resumed last.pt on
    the other images. Its pool is recorded in final_pool.json when --out is made."""
    from workbench.cli import main as cli
    from workbench.core.data.images import write_image
    from workbench_lw_irstnet import command, cv, train

    a, b = tiny_sirst(tmp_path / "a"), tiny_sirst(tmp_path / "b")
    write_image(b / "masks" / "img0.png", np.zeros((16, 16), np.uint8))  # a mask differs, the names all alike
    out = tmp_path / "final"

    class Stopped(Exception):
        pass

    def stopped(*_a, ready=None, **_k):  # stopped in its first epoch, a last.pt of an earlier one left
        out.mkdir()  # as the training makes it, then calls ready()
        ready()
        (out / "last.pt").write_bytes(b"a checkpoint")
        raise Stopped

    monkeypatch.setattr(train, "run_training", stopped)
    monkeypatch.setattr(cv, "check_same_recipe", lambda *_a: None)  # the stand-in checkpoint has no recipe
    argv = ["train", "lw_irstnet", "--final", "--epochs", "1", "--split", "", "--out", str(out)]
    with pytest.raises(Stopped):
        command.main(argv[2:] + ["--data", str(a)])
    capsys.readouterr()
    assert cli(argv + ["--data", str(b)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"workbench: error: {out / 'final_pool.json'}: this final training was started on other "
                          f"data ({a}: 4 images") and f"than this run's ({b}: 4 images" in err, err
