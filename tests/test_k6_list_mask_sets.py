"""`workbench list --dataset` printed `no gt` for a mask set (SIRST, SIRST-V2), which reads as unlabelled: its
labels are the masks, and it says `masks`."""
import cv2
import numpy as np

from workbench.cli import main


def test_a_mask_set_is_listed_as_labelled_by_masks(tmp_path, capsys):
    root = tmp_path / "sirst_like"
    for sub in ("images", "masks"):
        (root / sub).mkdir(parents=True)
    for i in range(2):
        img = np.full((16, 16), 40, np.uint8)
        img[5:8, 5:8] = 200
        cv2.imwrite(str(root / "images" / f"Misc_{i}.png"), img)
        cv2.imwrite(str(root / "masks" / f"Misc_{i}.png"), (img > 100).astype(np.uint8) * 255)
    assert main(["list", "--dataset", str(root)]) == 0
    line = capsys.readouterr().out.splitlines()[1]
    assert line.split()[1] == "masks" and line.split()[-1] == "masks" and "no gt" not in line, line
