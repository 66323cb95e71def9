"""A TIFF whose later pages are smaller copies of the first (GeoTIFF overviews, a thumbnail) is one image,
as it was before multi-page stacks were read as sequences; its second page stopped a run
('frame 1 is 40x32 ... but frame 0 is 80x64')."""
import numpy as np

from workbench.core.data import open_sequence


def test_reduced_resolution_pages_are_not_frames(tmp_path):
    import cv2

    img = (np.arange(64 * 80, dtype=np.uint16).reshape(64, 80) * 3)
    f = tmp_path / "scene.tif"
    assert cv2.imwritemulti(str(f), [img, img[::2, ::2].copy(), img[::4, ::4].copy()])
    seq = open_sequence(f)
    assert len(seq) == 1
    np.testing.assert_array_equal(seq.frame(0), img)
    assert any("2 more TIFF page(s) of another size" in w for w in seq.meta["warnings"])


def test_a_stack_of_equal_pages_is_still_a_sequence(tmp_path):
    import cv2

    pages = [np.full((32, 40), 100 * k, np.uint16) for k in range(4)]
    f = tmp_path / "stack.tif"
    assert cv2.imwritemulti(str(f), pages)
    seq = open_sequence(f)
    assert len(seq) == 4 and int(seq.frame(3)[0, 0]) == 300
