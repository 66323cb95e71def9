"""`workbench segment lw_irstnet --views` into a folder the --dataset is read from wrote each picture under its
image's name over that image (images/ of a SIRST set, a plain folder of frames), without --force; refused before
anything is read. `--dnanet-roc 100000000` ran for hours (a threshold pass per bin): the range is said."""
from tiny_sirst import tiny_sirst
import pytest


def _sirst(root, n=2, size=16):
    return tiny_sirst(root, n, size)


def _tree(root):
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("dataset, views", [("set", "set/images"), ("set", "set/masks/"), ("set/images", "set/images")])
def test_views_into_the_dataset_s_own_folder_are_refused(tmp_path, capsys, dataset, views):
    from workbench.cli import main as cli

    _sirst(tmp_path / "set")
    before = _tree(tmp_path)
    assert cli(["segment", "lw_irstnet", "--dataset", str(tmp_path / dataset), "--views", str(tmp_path / views),
                "--device", "cpu", "--threads", "1"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (f"workbench: error: --views {tmp_path / views}: is a folder the --dataset {tmp_path / dataset} is "
                   "read from; a picture named as each image would replace that image or its mask: give another "
                   "folder"), err
    assert _tree(tmp_path) == before


def test_views_beside_the_images_and_a_huge_dnanet_roc(tmp_path, capsys):
    from workbench.cli import main as cli
    from workbench_lw_irstnet.evaluate import check_views_folder

    _sirst(tmp_path / "set")
    check_views_folder(tmp_path / "set", tmp_path / "set")  # the root of a SIRST set holds no image: allowed
    check_views_folder(tmp_path / "set", tmp_path / "set" / "views")
    assert cli(["segment", "lw_irstnet", "--dataset", str(tmp_path / "set"), "--dnanet-roc", "100000000"]) == 2
    assert capsys.readouterr().err.strip() == ("workbench: error: --dnanet-roc 100000000: must be between 0 and 1000 "
                                               "(0: off; DNANet uses 10)")
