"""`workbench segment lw_irstnet --views DIR` wrote each picture over a file of its name already in DIR (an earlier
run's pictures, a user's own PNGs) without a word, where the --json file and the --plots curves are refused without
--force. Refused before any image is segmented, for mask sets, box-labelled sets and plain images alike."""
import numpy as np
import pytest

from tiny_sirst import tiny_sirst
from workbench.core.data.images import write_image
from workbench.core.options import OptionError

pytestmark = pytest.mark.usefixtures("one_thread")


def _segment(dataset, views, *more):
    from workbench_lw_irstnet import evaluate

    return evaluate.main(["--dataset", str(dataset), "--views", str(views), "--device", "cpu", "--threads", "1",
                          "--tta", "none", *more])


def _mine(views, name):
    views.mkdir(exist_ok=True)
    (views / f"{name}.png").write_bytes(b"the user's own file")


def test_a_mask_set_keeps_the_pictures_there_unless_forced(tmp_path):
    data = tiny_sirst(tmp_path / "set")
    views = tmp_path / "views"
    _mine(views, "img2")
    with pytest.raises(OptionError, match=r"--views .*holds 1 of the 4 pictures this run writes \(first img2\.png\); "
                                          r"pass --force"):
        _segment(data, views)
    assert (views / "img2.png").read_bytes() == b"the user's own file" and len(list(views.iterdir())) == 1
    assert _segment(data, views, "--force") == 0
    assert (views / "img2.png").read_bytes().startswith(b"\x89PNG") and len(list(views.iterdir())) == 4


def test_plain_images_and_a_box_set_keep_them_too(tmp_path):
    plain = tmp_path / "frames"
    for i in range(3):
        write_image(plain / f"f{i}.png", np.full((16, 16), 40 + i, np.uint8))
    _mine(tmp_path / "v1", "f1")
    with pytest.raises(OptionError, match="first f1.png"):
        _segment(plain, tmp_path / "v1")
    boxes = tmp_path / "boxes"
    for i in range(2):
        write_image(boxes / "images" / f"{i:06d}.png", np.full((16, 16), 40 + i, np.uint8))
        (boxes / "labels").mkdir(exist_ok=True)
        (boxes / "labels" / f"{i:06d}.txt").write_text("1 0.5 0.5 0.2 0.2\n")
    _mine(tmp_path / "v2", "000001")
    with pytest.raises(OptionError, match="first 000001.png"):
        _segment(boxes, tmp_path / "v2")
    assert (tmp_path / "v1" / "f1.png").read_bytes() == (tmp_path / "v2" / "000001.png").read_bytes() \
        == b"the user's own file"


def test_the_images_folder_of_a_labelled_set_says_where_its_labels_are(tmp_path, capsys):
    """`segment --dataset SET/images` segmented the images and said 'no masks to score against' with SET/masks
    beside them; it says which --dataset scores them."""
    data = tiny_sirst(tmp_path / "set", n=2)
    assert _segment(data / "images", tmp_path / "v") == 0
    assert f"nothing scored ({data} holds the labels of these images: --dataset {data} scores them)" \
        in capsys.readouterr().out
    plain = tmp_path / "frames"
    write_image(plain / "f0.png", np.full((16, 16), 40, np.uint8))
    assert _segment(plain, tmp_path / "v2") == 0
    assert "no masks to score against: nothing scored\n" in capsys.readouterr().out
