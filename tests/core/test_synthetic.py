import numpy as np

from workbench.core.data import open_sequence
from workbench.core.data.synthetic import demo_sequence, write_demo


def test_demo_is_deterministic_16bit_with_occlusion():
    a, b = demo_sequence(frames=60), demo_sequence(frames=60)
    f = a.frame(10)
    assert f.dtype == np.uint16 and f.shape == (256, 320) and a.modality == "ir16"
    np.testing.assert_array_equal(f, b.frame(10))
    assert not np.array_equal(a.frame(10), a.frame(11))  # temporal noise and motion
    occl = a.attributes["occlusion"]
    assert 2 <= occl.sum() <= 15, "a short occlusion"
    # the target is warmer than its surroundings where it is not occluded
    i = int(np.flatnonzero(~occl)[5])
    x, y, w, h = a.groundtruth[i].astype(int)
    inner = a.frame(i)[y + h // 4:y + h // 2, x + w // 3:x + 2 * w // 3].astype(float)
    ring = a.frame(i)[max(0, y - 10):y, x:x + w].astype(float)
    assert inner.mean() > ring.mean() + 500


def test_other_seed_differs_and_write_demo_reads_back(tmp_path):
    assert not np.array_equal(demo_sequence(frames=5, seed=1).frame(0), demo_sequence(frames=5, seed=2).frame(0))
    root = write_demo(tmp_path, frames=12, width=96, height=80)
    seq = open_sequence(root)
    mem = demo_sequence(frames=12, width=96, height=80)
    assert len(seq) == 12 and seq.frame(3).dtype == np.uint16
    np.testing.assert_array_equal(seq.frame(3), mem.frame(3))
    np.testing.assert_allclose(seq.groundtruth, mem.groundtruth, atol=0.01)
    np.testing.assert_array_equal(seq.attributes["occlusion"], mem.attributes["occlusion"])
