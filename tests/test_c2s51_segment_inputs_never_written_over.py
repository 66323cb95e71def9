"""`workbench segment NAME --split val --json splits/val.txt --force` wrote the scores over the split file it had just
read (a mask file or the --weights likewise): --force is for the outputs of an earlier run. A file the run reads is
refused, --force or not, as `detect` refuses its inputs; --plots in the images folder (its curves joining the set's
images) is refused as --views there is."""
import re

import numpy as np
import pytest

from workbench.cli import main
from workbench.core.data.images import write_image

pytestmark = pytest.mark.usefixtures("one_thread")


def _set(root, n=3, size=16):
    for i in range(n):
        x = np.full((size, size), 30 + 10 * i, np.uint8)
        m = np.zeros((size, size), np.uint8)
        x[5:8, 5:8], m[5:8, 5:8] = 200, 255
        write_image(root / "images" / f"img{i}.png", x)
        write_image(root / "masks" / f"img{i}_pixels0.png", m)
    (root / "splits").mkdir()
    (root / "splits" / "val.txt").write_text("img0\nimg1\n")
    return root


def _refused(capsys, argv, said):
    assert main(argv) == 2
    assert re.search(said, capsys.readouterr().err), said


@pytest.mark.parametrize("model", ["tophat", "lw_irstnet"])
def test_the_split_and_the_masks_are_not_written_over(tmp_path, capsys, model):
    data = _set(tmp_path / "set")
    before = {p: p.read_bytes() for p in (data / "splits" / "val.txt", data / "masks" / "img1_pixels0.png")}
    for target in before:
        _refused(capsys, ["segment", model, "--dataset", str(data), "--split", "val", "--json", str(target), "--force"],
                 r"error: --json .*: is a file this run reads")
    assert all(p.read_bytes() == b for p, b in before.items())
    scores = data / "scores.json"  # beside them, not read: written over with --force as before
    scores.write_text("{}")
    assert main(["segment", "tophat", "--dataset", str(data), "--split", "val", "--json", str(scores), "--force"]) == 0
    assert scores.read_text() != "{}"


def test_lw_weights_and_plots_among_the_images_are_refused(tmp_path, capsys):
    import shutil

    from workbench_lw_irstnet import default_weights

    data = _set(tmp_path / "set")
    weights = shutil.copy(default_weights(), tmp_path / "w.pt")
    kept = (tmp_path / "w.pt").read_bytes()
    _refused(capsys, ["segment", "lw_irstnet", "--dataset", str(data), "--weights", str(weights), "--json",
                      str(weights), "--force"], "is a file this run reads")
    assert (tmp_path / "w.pt").read_bytes() == kept
    _refused(capsys, ["segment", "lw_irstnet", "--dataset", str(data), "--plots", str(data / "images")],
             r"--plots .*: is a folder the --dataset .* is read from")
    assert sorted(p.name for p in (data / "images").iterdir()) == ["img0.png", "img1.png", "img2.png"]
