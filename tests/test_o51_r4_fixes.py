"""R4's findings on the IR small-target commits: an input of `segment` on an analyst's own images written over
(the set's masks by --views, a video's split file by --json), the GUI's recorded train command, one file per
image name in every image-set reader, and no empty output folders left by a refused run."""
import re

import numpy as np
import pytest

from workbench.cli import main
from workbench.core.data.images import write_image

pytestmark = pytest.mark.usefixtures("one_thread")


def _set(root, n=2, size=32):
    for i in range(n):
        x = np.full((size, size), 60, np.uint8)
        m = np.zeros((size, size), np.uint8)
        x[10:13, 10:13], m[10:13, 10:13] = 250, 255
        write_image(root / "images" / f"f{i}.png", x)
        write_image(root / "masks" / f"f{i}.png", m)
    return root


def test_views_in_the_masks_beside_a_given_images_folder_refused(tmp_path, capsys):
    """`--dataset SET/images --views SET/masks --force` replaced each mask by a colour picture."""
    data = _set(tmp_path / "set")
    before = {p.name: p.read_bytes() for p in (data / "masks").iterdir()}
    rc = main(["segment", "tophat", "--dataset", str(data / "images"), "--views", str(data / "masks"), "--force"])
    assert rc == 2
    assert re.search(r"--views .*masks: is a folder the --dataset .* is read from", capsys.readouterr().err)
    assert {p.name: p.read_bytes() for p in (data / "masks").iterdir()} == before


def test_a_videos_split_file_not_written_over(tmp_path, capsys):
    """`--dataset d/clip.avi --split s --json d/splits/s.txt --force` wrote the targets over the split file that
    plain_split had read beside the video."""
    import cv2

    video = tmp_path / "clip.avi"
    w = cv2.VideoWriter(str(video), cv2.VideoWriter_fourcc(*"MJPG"), 10, (32, 32), isColor=False)
    for _ in range(3):
        w.write(np.full((32, 32), 60, np.uint8))
    w.release()
    (tmp_path / "splits").mkdir()
    split = tmp_path / "splits" / "s.txt"
    split.write_text("000001\n000002\n")
    rc = main(["segment", "tophat", "--dataset", str(video), "--split", "s", "--json", str(split), "--force"])
    assert rc == 2
    assert re.search(r"--json .*s\.txt: is a file this run reads", capsys.readouterr().err)
    assert split.read_text() == "000001\n000002\n"
