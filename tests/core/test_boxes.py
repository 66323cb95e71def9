import numpy as np
import pytest

from workbench.core import boxes as B


def test_iou_hand_values_no_plus_one():
    a = np.array([[0, 0, 10, 10], [0, 0, 10, 10], [0, 0, 10, 10], [0, 0, 10, 10]], float)
    b = np.array([[0, 0, 10, 10], [5, 0, 10, 10], [20, 20, 5, 5], [np.nan] * 4], float)
    np.testing.assert_allclose(B.iou(a, b), [1.0, 50 / 150, 0.0, 0.0], atol=1e-12)


def test_center_error_and_normalized():
    gt = np.array([[0, 0, 10, 20]], float)
    pr = np.array([[3, 4, 10, 20]], float)
    assert B.center_error(pr, gt)[0] == pytest.approx(5.0)
    assert B.normalized_center_error(pr, gt)[0] == pytest.approx(np.hypot(0.3, 0.2))


def test_polygon_reduction_and_conversions():
    poly = [[1, 2, 11, 2, 11, 22, 1, 22], [np.nan] * 8]
    out = B.polygon_to_xywh(poly)
    np.testing.assert_allclose(out[0], [1, 2, 10, 20])
    assert np.all(np.isnan(out[1]))
    xyxy = B.xywh_to_xyxy([[1, 2, 3, 4]])
    np.testing.assert_allclose(B.xyxy_to_xywh(xyxy), [[1, 2, 3, 4]])
    np.testing.assert_allclose(B.cxcywh_to_xywh(B.xywh_to_cxcywh([[1, 2, 3, 4]])), [[1, 2, 3, 4]])
    np.testing.assert_allclose(B.one_based_to_zero_based([[1, 1, 5, 5]]), [[0, 0, 5, 5]])


def test_absent_mask_and_parse_box():
    m = B.absent_mask(np.array([[0, 0, 1, 1], [0, 0, 0, 5], [np.nan, 0, 1, 1], [0, 0, -1, 2]]))
    assert m.tolist() == [False, True, True, True]
    assert B.parse_box("1, 2 3\t4") == B.Box(1, 2, 3, 4)
    with pytest.raises(ValueError):
        B.parse_box("1,2,3")
    with pytest.raises(ValueError):
        B.parse_box("1,2,0,4")
    assert B.clip_to_image((-5, -5, 10, 10), 8, 8) == B.Box(0, 0, 5, 5)
