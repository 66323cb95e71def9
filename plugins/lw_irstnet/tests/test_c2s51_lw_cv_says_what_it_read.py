"""--cv / --final read a downloaded set's quirks as the plain training does: a split name with no image and a mask of
another size than its image are said (they were skipped / resized without a word), and a fold count or --folds the
pool cannot take is refused before --out is made (it left a folder holding only cv_log.txt)."""
import cv2
import numpy as np
import pytest

from workbench.core.errors import WorkbenchError

pytestmark = pytest.mark.usefixtures("one_thread")


def _quirky_set(root):
    """Five 32 x 32 images with a target each; img0's mask at twice the size; the split names one image more."""
    for d in ("images", "masks", "splits"):
        (root / d).mkdir(parents=True)
    names = [f"img{i}" for i in range(5)]
    for i, name in enumerate(names):
        img = np.full((32, 32), 40 + 5 * i, np.uint8)
        m = np.zeros((32, 32), np.uint8)
        img[10:13, 10 + i:13 + i], m[10:13, 10 + i:13 + i] = 220, 255
        if i == 0:
            m = cv2.resize(m, (64, 64), interpolation=cv2.INTER_NEAREST)
        cv2.imwrite(str(root / "images" / f"{name}.png"), img)
        cv2.imwrite(str(root / "masks" / f"{name}_pixels0.png"), m)
    (root / "splits" / "train.txt").write_text("\r\n".join(names + ["img_gone"]) + "\r\n")
    return root


def _args(data, out, *more):
    return ["--data", str(data), "--split", "train.txt", "--epochs", "1", "--batch-size", "2", "--crop", "16",
            "--threads", "1", "--out", str(out), *more]


@pytest.mark.parametrize("mode", [["--cv", "2", "--folds", "0"], ["--final"]])
def test_selection_runs_say_the_names_skipped_and_the_masks_resized(tmp_path, capsys, mode):
    from workbench_lw_irstnet import command

    data = _quirky_set(tmp_path / "set")
    out = tmp_path / "out"
    assert command.main(_args(data, out, *mode)) == 0
    printed = capsys.readouterr().out
    log = (out / ("cv_log.txt" if "--cv" in mode else "train_log.txt")).read_text()
    for text in (printed, log):
        assert "img_gone: no image" in text
        assert "img0_pixels0.png: mask 64x64 differs from image 32x32" in text
    assert printed.count("img_gone: no image") == 1  # once, not again at each fold's reading


@pytest.mark.parametrize("more, said", [(["--cv", "2", "--folds", "5"], "fold 5 is not in 0..1"),
                                        (["--cv", "9"], "cannot be split into 9 folds")])
def test_a_cross_validation_refused_for_its_folds_makes_no_out_folder(tmp_path, more, said):
    from workbench_lw_irstnet import command

    data = _quirky_set(tmp_path / "set")
    out = tmp_path / "out"
    with pytest.raises(WorkbenchError, match=said):
        command.main(_args(data, out, *more))
    assert not out.exists()


def test_a_corrupt_image_is_refused_before_out_is_made_and_the_mended_set_runs(tmp_path):
    """A corrupt image stopped the first fold after cv.json held the pool's fingerprint: the same command, the image
    mended, was refused as 'this cross-validation was started on other data' with nothing trained."""
    from workbench_lw_irstnet import command

    data = _quirky_set(tmp_path / "set")
    good = (data / "images" / "img3.png").read_bytes()
    (data / "images" / "img3.png").write_bytes(good[:60])
    out = tmp_path / "out"
    with pytest.raises(WorkbenchError, match="img3.png: not a readable image"):
        command.main(_args(data, out, "--cv", "2", "--folds", "0"))
    assert not out.exists()
    (data / "images" / "img3.png").write_bytes(good)
    assert command.main(_args(data, out, "--cv", "2", "--folds", "0")) == 0
    assert (out / "fold_0" / "score.json").is_file()


@pytest.mark.parametrize("mode", [[], ["--cv", "2"], ["--final"]])
def test_an_out_that_cannot_be_a_folder_is_refused_before_the_images_are_read(tmp_path, monkeypatch, mode):
    """A read-only or misplaced --out was found once every image was read (13 s for SIRST) and said without its
    option ('ro/t: Operation not permitted')."""
    import workbench.core.data.sirst as sirst
    from workbench_lw_irstnet import command

    data = _quirky_set(tmp_path / "set")
    (tmp_path / "a_file").write_text("mine")

    def not_read(*a, **k):
        raise AssertionError("an image was read before --out was checked")

    monkeypatch.setattr(sirst, "read_image", not_read)
    with pytest.raises(WorkbenchError, match=r"^--out .*a_file.*(is a file|cannot hold a folder)"):
        command.main(_args(data, tmp_path / "a_file" / "run", *mode))
    assert (tmp_path / "a_file").read_text() == "mine"
