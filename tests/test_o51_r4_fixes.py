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


def test_each_image_name_read_once_by_every_image_set_reader(tmp_path, capsys):
    """f1.png beside a converted f1.jpg: the SIRST reader read it once, the window's masks layout and a plain
    folder (detect.open_sequence, plain segment) twice: the window's mIoU counted f1 twice, segment listed 4
    images and wrote 3 masks."""
    import json

    from workbench.core.data import masks, sirst
    from workbench.core.data.detect import open_sequence

    data = _set(tmp_path / "set", n=3)
    write_image(data / "images" / "f1.jpg", np.full((32, 32), 60, np.uint8))
    seq = masks.open(data)
    assert [p.name for p in seq.frames.paths] == ["f0.png", "f1.png", "f2.png"]
    assert any("f1.png, f1.jpg" in w for w in seq.meta["warnings"]), seq.meta["warnings"]
    assert len(open_sequence(data / "images")) == len(sirst.open_sirst(data).names) == 3
    out = tmp_path / "t.json"
    assert main(["segment", "tophat", "--dataset", str(data / "images"), "--json", str(out)]) == 0
    assert [p["name"] for p in json.loads(out.read_text())["per_image"]] == ["f0", "f1", "f2"]
    assert "f1.png, f1.jpg" in capsys.readouterr().out
    plain = tmp_path / "unl"  # an analyst's own folder (the folder layout), 0001.bmp beside 0001.png
    for i in range(3):
        write_image(plain / f"{i:04d}.png", np.full((32, 32), 60, np.uint8))
    write_image(plain / "0001.bmp", np.full((32, 32), 60, np.uint8))
    seq = open_sequence(plain)
    assert [p.name for p in seq.frames.paths] == ["0000.png", "0001.png", "0002.png"]
    assert any("0001.png, 0001.bmp" in w for w in seq.meta["warnings"]), seq.meta.get("warnings")


def test_a_refused_plain_segment_leaves_no_empty_output_folders(tmp_path, capsys):
    """--out / --views were made before the split was read: refused, they stayed behind empty."""
    plain = tmp_path / "unl"
    for i in range(2):
        write_image(plain / f"f{i}.png", np.full((32, 32), 60, np.uint8))
    (plain / "splits").mkdir()
    (plain / "splits" / "s.txt").write_text("nothere\n")
    rc = main(["segment", "tophat", "--dataset", str(plain), "--split", "s", "--out", str(tmp_path / "res"),
               "--views", str(tmp_path / "v" / "pics")])
    assert rc != 0
    assert "names none of the 2 images" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["unl"]


def test_a_split_file_decoded_as_box_files_are_with_any_name(tmp_path):
    """read_split had its own copy of groundtruth.decode_text, kept because that one refused UTF-16 text that is
    not ASCII (box files are ASCII; image names need not be): one decoder, with ascii_only=False for names."""
    from workbench.core.data.groundtruth import decode_text
    from workbench.core.data.sirst import read_split
    from workbench.core.errors import DataError

    data = "caf\u00e9_1\r\nMisc_2.png\r\n".encode("utf-16")
    assert decode_text(data, "s.txt", ascii_only=False).splitlines() == ["caf\u00e9_1", "Misc_2.png"]
    with pytest.raises(DataError, match="UTF-16"):
        decode_text(data, "gt.txt")  # a box file stays ASCII
    f = tmp_path / "train.txt"
    f.write_bytes(data)
    assert read_split(f) == ["caf\u00e9_1", "Misc_2"]
    f.write_bytes("\ufeffMisc_1\n".encode("utf-8"))
    assert read_split(f) == ["Misc_1"]
