"""The packed corpus and the device pair sampler: labels exact, crops equal to OpenCV's, seeds reproducible."""
from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")
cv2 = pytest.importorskip("cv2")

from workbench.core.data.synthetic import demo_sequence  # noqa: E402
from workbench.core.errors import DataError, WorkbenchError  # noqa: E402
from workbench.core.training.corpus import Corpus, CorpusConfig  # noqa: E402
from workbench.core.training.device_pairs import DevicePairSampler  # noqa: E402
from workbench.core.training.pack import open_pack, pack_corpus  # noqa: E402
from workbench.core.training.pairs import PairConfig  # noqa: E402


def _corpus(self_prob=0.3):
    seqs = [demo_sequence(frames=30, width=w, height=h, seed=s, name=f"walk{s}")
            for s, (w, h) in ((1, (320, 256)), (2, (400, 300)))]
    c = Corpus.from_roots([], CorpusConfig(generated_irseq=1, self_prob=self_prob))
    return c.add(seqs, "labelled")


def test_pack_round_trip_scales_boxes_with_frames(tmp_path):
    c = _corpus()
    out = tmp_path / "c.wbpack.npz"
    info = pack_corpus(c, out, max_side=200, quality=100)  # PNG: lossless, so frames compare exactly
    assert info["sources"] == 2 and info["frames"] == 60  # generated sources are not packed
    srcs = {m["name"]: (m, seq) for m, seq in open_pack(out)}
    assert set(srcs) == {"walk1", "walk2"} and all(m["kind"] == "labelled" for m, _ in srcs.values())
    orig = {s.name: s for s in c.sources}
    for name, (_, seq) in srcs.items():
        o = orig[name].sequence
        f0 = seq.frame(5)
        k = f0.shape[1] / o.frame(5).shape[1]
        assert max(f0.shape[:2]) == 200
        x, y, w, h = o.groundtruth[5]
        np.testing.assert_allclose(seq.groundtruth[5], [(x + 0.5) * k - 0.5, (y + 0.5) * k - 0.5, w * k, h * k],
                                   rtol=0, atol=0.02 * max(1.0, w * k))
    # a pack is a corpus root like a folder, its sources keep kind and temporal flag
    packed = Corpus.from_roots([out])
    assert set(packed.names()) == {"walk1", "walk2"}
    assert all(s.kind == "labelled" and s.temporal for s in packed.sources)


def test_pack_refuses_bad_files(tmp_path):
    bad = tmp_path / "x.wbpack.npz"
    bad.write_bytes(b"not a pack")
    with pytest.raises(DataError, match="x.wbpack.npz"):
        open_pack(bad)
    with pytest.raises(WorkbenchError, match="wbpack"):
        pack_corpus(_corpus(), tmp_path / "wrong.npz")


def test_device_crops_equal_opencv_and_labels_follow_the_matrix():
    d = DevicePairSampler(_corpus().sampler(PairConfig(x_size=127)), "cpu")
    p = d._plan(24, np.random.default_rng(1))
    xs = d._cut(p["fx"], p["mx"], p["src"], 127).numpy()
    kinds = set()
    for k in range(24):
        si = p["src"][k]
        frame = d.frames[si][p["fx"][k]].permute(1, 2, 0).numpy().astype(np.float32)
        fill = tuple(float(v) for v in d.means[si][p["fx"][k]].numpy())
        ref = cv2.warpAffine(frame, p["mx"][k], (127, 127), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                             borderValue=fill)
        err = np.abs(ref[2:-2, 2:-2] - xs[k].transpose(1, 2, 0)[2:-2, 2:-2])
        assert err.mean() < 0.05 and err.max() < 2.0
        # the label is the source box (or self-supervised region) mapped by the same matrix: inside the crop
        x0, y0, x1, y1 = p["boxes"][k]
        assert x1 > x0 and y1 > y0
        kinds.add(bool(p["fz"][k] == p["fx"][k]))
    assert kinds == {True, False}  # both temporal and self-supervised pairs were drawn


def test_device_batches_are_reproducible_and_in_range():
    d = DevicePairSampler(_corpus().sampler(PairConfig(x_size=127)), "cpu")
    a = d.batch(6, np.random.default_rng(7))
    b = d.batch(6, np.random.default_rng(7))
    c = d.batch(6, np.random.default_rng(8))
    assert all(torch.equal(u, v) for u, v in zip(a, b))
    assert not torch.equal(a[1], c[1])
    z, x, boxes = a
    assert z.shape == (6, 3, 127, 127) and x.shape == (6, 3, 127, 127) and boxes.shape == (6, 4)
    assert float(z.min()) >= 0 and float(x.max()) <= 1


def test_temporal_label_marks_the_target_in_the_search_crop():
    """On a bright walker over a darker background, the labelled box is brighter than the crop around it."""
    c = Corpus([s for s in _corpus(self_prob=0.0).sources if s.kind == "labelled"])
    d = DevicePairSampler(c.sampler(PairConfig(x_size=127, gray_prob=0.0)), "cpu")
    d.aug.invert_prob = 0.0
    d.augment_temporal = False
    z, x, boxes = d.batch(12, np.random.default_rng(3))
    inside, outside = [], []
    for k in range(12):
        x0, y0, x1, y1 = boxes[k].numpy()
        img = x[k].mean(0).numpy()
        m = np.zeros_like(img, bool)
        m[max(0, int(y0 + 0.5)):int(y1), max(0, int(x0 + 0.5)):int(x1)] = True
        inside.append(img[m].mean())
        outside.append(img[~m].mean())
    assert np.mean(np.array(inside) > np.array(outside)) >= 0.9


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU (none on this machine)")
def test_device_pairs_cuda_equal_cpu():
    base = _corpus().sampler(PairConfig(x_size=127))
    cpu, gpu = DevicePairSampler(base, "cpu"), DevicePairSampler(base, "cuda")
    cpu.aug.noise_prob = gpu.aug.noise_prob = 0.0  # noise comes from each device's own generator
    a = cpu.batch(16, np.random.default_rng(2))
    b = gpu.batch(16, np.random.default_rng(2))
    for u, v in zip(a, b):
        assert (u - v.cpu()).abs().max() < 1e-3


def test_pack_keeps_image_sets_of_mixed_sizes_readable(tmp_path):
    # SIRST's images differ in size; packed, they were read back as one video's frames and the
    # first frame of another size stopped a --corpus training ("every frame of a sequence must match")
    (tmp_path / "set" / "images").mkdir(parents=True)
    rng = np.random.default_rng(0)
    sizes = [(64, 48), (80, 60), (64, 48)]
    for i, (w, h) in enumerate(sizes):
        cv2.imwrite(str(tmp_path / "set" / "images" / f"im{i}.png"), (rng.random((h, w)) * 255).astype(np.uint8))
    c = Corpus.from_roots([tmp_path / "set"], CorpusConfig(generated_irseq=0))
    out = tmp_path / "p.wbpack.npz"
    pack_corpus(c, out, quality=100)
    ((_, seq),) = open_pack(out)
    assert not seq.uniform
    assert [seq.frame(i).shape[::-1] for i in range(len(seq))] == sizes


def test_the_cache_means_are_numpys_bit_for_bit():
    """The pair cache's per-frame colour means and grey images (cv2 sums, in-place channel adds) equal numpy's
    ``mean``: the same pairs are drawn as before the speed-up."""
    from workbench.core.training.device_pairs import _grey_mean

    rng = np.random.default_rng(3)
    for h, w in ((1, 1), (7, 13), (240, 320)):
        img = rng.integers(0, 256, (h, w, 3), np.uint8)
        assert np.array_equal(_grey_mean(img), img.mean(2))
        assert np.array_equal(np.asarray(cv2.sumElems(img)[:3], np.float64) / (h * w), img.reshape(-1, 3).mean(0))
