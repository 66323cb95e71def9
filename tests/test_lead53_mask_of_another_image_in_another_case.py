"""The case-blind mask lookup (``sirst.MaskFinder``) matched the image's name in any case too: an image ``A`` with no
mask of its own took image ``a``'s (``a_pixels0.png``) without a word, where it had been "no mask: unlabelled". Only
the pattern's part of a mask name (suffix, ``_pixels0``) may differ in case."""
from __future__ import annotations

from workbench.core.data.sirst import MaskFinder, find_mask


def test_an_image_without_a_mask_does_not_take_one_named_for_another_image_in_another_case(tmp_path):
    masks = tmp_path / "masks"
    masks.mkdir()
    (masks / "a_pixels0.png").write_bytes(b"")
    (masks / "b_PIXELS0.Png").write_bytes(b"")
    find = MaskFinder(masks)
    assert find("a") == masks / "a_pixels0.png"
    assert find("A") is None and find_mask(masks, "A") is None
    assert find("b") == masks / "b_PIXELS0.Png"  # the pattern's part in another case is still found
