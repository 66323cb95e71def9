"""An RGB-T root with one stray image beside its sequences (a teaser.jpg) listed as one 1-frame "folder" sequence:
the RGB-T lister stopped at the root's image (R4); the root's images are passed over. A thermal stream's frames had
no ``paths`` (the 3-channel-gray wrapper), so the HA-Net fingerprint fell back to every file under the sequence
folder, the visible stream's included (R4)."""
import cv2
import numpy as np

from workbench.core.data import open_dataset

from tests.test_d2_rgbt_layouts import _rgbt_seq


def test_a_stray_image_at_the_root_hides_no_sequence_and_thermal_paths_are_its_own(tmp_path):
    root = tmp_path / "RGBT234"
    _rgbt_seq(root / "afterrain")
    _rgbt_seq(root / "baby")
    cv2.imwrite(str(root / "teaser.jpg"), np.zeros((8, 8), np.uint8))
    entries = open_dataset(root)
    assert [(e.name, e.layout) for e in entries] == [("afterrain", "rgbt"), ("baby", "rgbt")]
    paths = entries[0].open().frames.paths
    assert paths is not None and len(paths) == 3 and all("infrared" in str(p) for p in paths)
