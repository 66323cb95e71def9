"""The training corpus: discovery per layout, splits by whole sequence, self-supervised pair geometry,
source weights, determinism (generated data always; the real data folder when present)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.helpers import shared
from workbench.core.data.images import write_image
from workbench.core.errors import WorkbenchError
from workbench.core.training.corpus import (AugmentConfig, Corpus, CorpusConfig, discover, map_box,
                                            object_region)
from workbench.core.training.pairs import PairConfig

SMALL = PairConfig(z_size=63, x_size=127, gray_prob=0.0)
NO_PHOTO = AugmentConfig(gain=(1.0, 1.0), gamma=0.0, contrast=(1.0, 1.0), blur_prob=0.0, noise_prob=0.0,
                         invert_prob=0.0)


def _bg(rng, h, w):
    return np.clip(60 + rng.normal(0, 3, (h, w)), 0, 255).astype(np.uint8)


def _otb(root: Path, name: str, n: int = 12, seed: int = 0) -> Path:
    """A bright 20x14 square walking right over a dark background (OTB layout, 1-based boxes)."""
    rng = np.random.default_rng(seed)
    d = root / name / "img"
    d.mkdir(parents=True)
    lines = []
    for i in range(n):
        img = _bg(rng, 96, 128)
        x, y = 20 + 3 * i, 40
        img[y:y + 14, x:x + 20] = 220
        write_image(d / f"{i + 1:04d}.png", img)
        lines.append(f"{x + 1},{y + 1},20,14\n")
    (root / name / "groundtruth_rect.txt").write_text("".join(lines))
    return root / name


def _image_set(root: Path, name: str = "images_set", n: int = 5) -> Path:
    """An unlabelled image set, sizes differing between images (as SIRST's)."""
    rng = np.random.default_rng(3)
    d = root / name / "images"
    d.mkdir(parents=True)
    for i in range(n):
        h, w = 80 + 8 * i, 100 + 4 * i
        img = _bg(rng, h, w)
        cv2.circle(img, (w // 2, h // 2), 9, 230, -1)
        write_image(d / f"im_{i}.png", img)
    return root / name


def _daub(root: Path, name: str = "daubseq", n: int = 6) -> Path:
    rng = np.random.default_rng(4)
    d = root / name / "frames"
    d.mkdir(parents=True)
    for i in range(n):
        write_image(d / f"{i + 1:04d}.png", _bg(rng, 64, 64))
    (root / name / "anno_xy.txt").write_text("".join(f"{10 + i}\t{20}\n" for i in range(n)))
    return root / name


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    r = tmp_path_factory.mktemp("corpus")
    _otb(r / "tracking", "walk_a", seed=1)
    _otb(r / "tracking", "walk_b", seed=2)
    _otb(r / "tracking", "walk_c", seed=5)
    _image_set(r / "irst")
    _daub(r / "irst" / "daub")
    return r


def test_discovery_finds_every_layout(root):
    srcs = {s.name: s for s in discover(root)}
    assert {"walk_a", "walk_b", "walk_c", "images_set", "daubseq"} <= set(srcs)
    assert srcs["walk_a"].kind == "labelled" and srcs["walk_a"].temporal and srcs["walk_a"].frames == 12
    assert srcs["images_set"].kind == "unlabelled" and not srcs["images_set"].temporal
    # DAUB's point labels (3 px boxes) are too small for temporal pairs: its frames are unlabelled material
    assert srcs["daubseq"].kind == "unlabelled" and srcs["daubseq"].frames == 6
    c = Corpus.from_roots([root], CorpusConfig(generated_demo=1, generated_irseq=1))
    assert set(c.names("synthetic")) == {"gen_demo_0", "gen_irseq_0"}


def test_uav123_sequences_are_found_once(tmp_path):
    """A UAV123 entry is its annotation file; its frame folder under data_seq/ is the same sequence and
    used to be found, and packed, a second time."""
    rng = np.random.default_rng(6)
    for name in ("boat5", "car14"):
        d = tmp_path / "uav" / "data_seq" / "UAV123_10fps" / name
        d.mkdir(parents=True)
        for i in range(5):
            write_image(d / f"{i + 1:06d}.jpg", _bg(rng, 48, 64))
        (tmp_path / "uav" / "anno" / "UAV123_10fps").mkdir(parents=True, exist_ok=True)
        (tmp_path / "uav" / "anno" / "UAV123_10fps" / f"{name}.txt").write_text("11,11,12,10\n" * 5)
    srcs = discover(tmp_path / "uav")
    assert sorted(s.name for s in srcs) == ["boat5", "car14"]
    assert all(s.kind == "labelled" and s.frames == 5 for s in srcs)
    assert sorted(Corpus.from_roots([tmp_path]).names()) == ["boat5", "car14"]


def test_split_and_kfold_are_by_whole_sequence(root):
    c = Corpus.from_roots([root], CorpusConfig(weights={"labelled": 1, "unlabelled": 1, "synthetic": 0, "hsi": 0}))
    train, held = c.split(holdout=["walk_b"])
    assert held.names() == ["walk_b"] and "walk_b" not in train.names()
    seen = {p.sequence for p in (train.sampler(SMALL).sample(np.random.default_rng(i)) for i in range(60))}
    assert "walk_b" not in seen and "walk_a" in seen
    with pytest.raises(Exception, match="not in the corpus"):
        c.split(holdout=["nope"])
    folds = c.kfold(3, seed=1)
    vals = [v.names() for _, v in folds]
    assert sorted(n for v in vals for n in v) == ["walk_a", "walk_b", "walk_c"]
    for tr, va in folds:
        assert not set(tr.names()) & set(va.names())
        assert "images_set" in tr.names()


def test_self_supervised_pair_maps_the_region(root):
    """Every pixel of the template's region appears in the search crop where the recorded transform
    puts it, and the label box is the region's corners under that transform."""
    cfg = CorpusConfig(augment=replace(NO_PHOTO, rotation=20.0, scale=0.3, aspect=0.2))
    c = Corpus.from_roots([root / "irst"], cfg)
    sampler = Corpus([s for s in c.sources if s.name == "images_set"], cfg).sampler(SMALL)
    rng = np.random.default_rng(0)
    for k in range(12):
        p = sampler.sample(rng)
        assert p.kind == "self"
        np.testing.assert_allclose(p.box, map_box(p.transform, p.source_box), atol=1e-3)
        img = sampler.sources[0].read(p.frames[0]).astype(np.float32)
        x, y, w, h = p.source_box
        pts = np.stack(np.meshgrid(np.linspace(x + 1, x + w - 2, 7), np.linspace(y + 1, y + h - 2, 7)), -1).reshape(-1, 2)
        q = pts @ p.transform[:, :2].T + p.transform[:, 2]
        inside = (q[:, 0] > 1) & (q[:, 1] > 1) & (q[:, 0] < SMALL.x_size - 2) & (q[:, 1] < SMALL.x_size - 2)
        src = cv2.remap(img, pts[:, :1].astype(np.float32), pts[:, 1:].astype(np.float32), cv2.INTER_LINEAR)[:, 0]
        dst = cv2.remap(np.ascontiguousarray(p.x[:, :, 0]), q[:, :1].astype(np.float32), q[:, 1:].astype(np.float32),
                        cv2.INTER_LINEAR)[:, 0]
        assert inside.sum() >= 20
        # bilinear resampling twice: values agree within a few grey levels (image contrast ~170)
        assert np.median(np.abs(src[inside] - dst[inside])) < 12, k


def test_temporal_pair_box_covers_the_target(root):
    cfg = CorpusConfig(augment=NO_PHOTO, augment_temporal=False)
    c = Corpus.from_roots([root / "tracking"], cfg)
    s = c.sampler(SMALL)
    rng = np.random.default_rng(1)
    for _ in range(8):
        p = s.sample(rng)
        assert p.kind == "temporal"
        x0, y0, x1, y1 = np.round(p.box).astype(int)
        m = np.zeros(p.x.shape[:2], bool)
        m[max(y0 + 2, 0):y1 - 2, max(x0 + 2, 0):x1 - 2] = True
        assert p.x[:, :, 0][m].mean() > 180 and p.x[:, :, 0][~m].mean() < 120


def test_object_region_prefers_structure():
    rng = np.random.default_rng(0)
    img = _bg(rng, 200, 200).astype(np.float32)
    img[120:160, 30:70] = 230  # the one object
    hits = 0
    for k in range(40):
        x, y, w, h = object_region(img, np.random.default_rng(k), AugmentConfig())
        hits += (x < 70 and x + w > 30 and y < 160 and y + h > 120)
    # a uniform random box of the same sizes touches the object about a quarter of the time
    assert hits >= 32


def test_weights_are_respected_and_sampling_is_deterministic(root):
    base = CorpusConfig(weights={"labelled": 3.0, "unlabelled": 1.0, "synthetic": 0.0, "hsi": 0.0})
    c = Corpus.from_roots([root], base)
    s = c.sampler(SMALL)
    assert abs(s.share()["labelled"] - 0.75) < 1e-9
    kinds = [c.sources[[x.name for x in c.sources].index(p.sequence)].kind
             for p in (s.sample(np.random.default_rng(100 + i)) for i in range(240))]
    frac = kinds.count("labelled") / len(kinds)
    assert 0.65 < frac < 0.85
    named = Corpus(c.sources, replace(base, source_weights={"images_set": 0.0, "daubseq": 0.0}))
    assert all(p.sequence != "images_set" for p in (named.sampler(SMALL).sample(np.random.default_rng(i))
                                                      for i in range(40)))
    # a weight for a name that is no source (a typo) weighted nothing without a word
    with pytest.raises(WorkbenchError, match="'imagse_set' is neither a kind"):
        Corpus(c.sources, replace(base, source_weights={"imagse_set": 2.0})).sampler(SMALL)
    a = s.batch(4, np.random.default_rng(7))
    b = Corpus.from_roots([root], base).sampler(SMALL).batch(4, np.random.default_rng(7))
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)


def test_real_data_corpus():
    tracking = shared("tracking")
    daub = shared("irst/daub")
    c = Corpus.from_roots([tracking, daub])
    assert "vottir2016_horse" in c.names("labelled")
    assert {"sequence1", "sequence12"} <= set(c.names("unlabelled"))
    train, held = c.split(["vottir2016_horse"])
    s = train.sampler(PairConfig(x_size=255))
    p = s.sample(np.random.default_rng(0))
    assert p.x.shape == (255, 255, 3) and p.sequence != "vottir2016_horse"
