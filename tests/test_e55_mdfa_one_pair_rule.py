"""MDvsFA's training/ pairs (``<k>_1`` image, ``<k>_2`` mask) had two rules: the SIRST-style reader took a folder with
a lone ``<k>_2`` (a mask whose image is gone) as the training set, the plain folder's warning ('MDvsFA's training
set?') wanted every ``<k>`` to be a pair and said nothing of the same folder renamed. One rule, ``mdfa.all_paired``."""
import cv2
import numpy as np

from workbench.core.data import open_sequence
from workbench.core.data.mdfa import all_paired, mask_stem, pair_ends, paired_frames_said, set_images
from workbench.core.data.sirst import image_mask_dirs


def _set(folder, stems):
    folder.mkdir(parents=True)
    for stem in stems:
        a = np.zeros((16, 16), np.uint8)
        if stem.endswith("_2"):
            a[4:7, 4:7] = 255
        else:
            a[:] = 40
        cv2.imwrite(str(folder / f"{stem}.png"), a)
    return folder


LONE_MASK = ["000001_1", "000001_2", "000002_1", "000002_2", "000003_2"]


def test_a_lone_mask_is_said_of_a_renamed_folder_as_the_reader_takes_it_named_training(tmp_path):
    renamed = _set(tmp_path / "mdfa_train", LONE_MASK)
    seq = open_sequence(renamed)
    assert seq.meta.get("layout") == "folder" and len(seq) == 5
    assert any("<k>_1 / <k>_2" in w for w in seq.meta.get("warnings") or ()), seq.meta.get("warnings")
    training = _set(tmp_path / "set" / "training", LONE_MASK)
    assert image_mask_dirs(training) == (training, training)  # (the reader's side of the one rule)
    seq = open_sequence(training)
    assert seq.meta["layout"] == "masks" and len(seq) == 2
    assert [m.name for m in seq.meta["mask_files"]] == ["000001_2.png", "000002_2.png"]


def test_the_rule_and_the_reader_agree(tmp_path):
    for i, stems in enumerate((LONE_MASK, ["000001_1", "000001_2", "000002_1"], ["000001_2", "000002_2"],
                               ["000001_1", "000001_2"])):
        folder = _set(tmp_path / f"s{i}" / "training", stems)
        assert all_paired(pair_ends(stems)) == (image_mask_dirs(folder) == (folder, folder)), stems
        assert (paired_frames_said(folder, sorted(folder.iterdir())) is not None) == all_paired(pair_ends(stems))
    assert pair_ends(["cam_1", "cam_2"]) is None and not all_paired(None)


def test_a_set_of_one_folder_takes_its_k_1_images_and_their_k_2_masks(tmp_path):
    files = [tmp_path / f"{s}.png" for s in LONE_MASK]
    assert [p.stem for p in set_images(files, tmp_path, tmp_path)] == ["000001_1", "000002_1"]
    assert set_images(files, tmp_path / "images", tmp_path / "masks") == files
    assert mask_stem("000001_1", tmp_path, tmp_path) == "000001_2"
    assert mask_stem("000001_1", tmp_path / "images", tmp_path / "masks") == "000001_1"
