"""One corrupt frame of one sequence stopped a corpus training with the reader's error: the lazy sampler
(CorpusSampler) leaves that frame out of its draws, the device pair cache (frames read up front) leaves that
source out, each with one line naming the file; the training goes on with the rest."""
import numpy as np
import pytest

from workbench.core.data.synthetic import write_demo
from workbench.core.errors import DataError
from workbench.core.training.corpus import Corpus, CorpusConfig
from workbench.core.training.pairs import PairConfig


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "data"
    for seed, name in ((1, "good"), (2, "bad")):
        write_demo(root, frames=5, width=48, height=40, seed=seed, name=name)
    broken = sorted((root / "bad" / "img").iterdir())[2]
    broken.write_bytes(b"not an image")
    return root, broken


def _sampler(root, lines):
    corpus = Corpus.from_roots([root], CorpusConfig(self_prob=0.5), log=lines.append)
    return corpus.sampler(PairConfig(x_size=64, z_size=32))


def test_the_lazy_sampler_skips_the_corrupt_frame_with_one_line(root):
    root, broken = root
    lines = []
    sampler = _sampler(root, lines)
    rng = np.random.default_rng(0)
    pairs = [sampler.sample(rng) for _ in range(60)]
    assert {p.sequence for p in pairs} == {"good", "bad"}
    skipped = [x for x in lines if x.startswith("corpus: skipped")]
    assert len(skipped) == 1 and str(broken) in skipped[0] and "frame 2 of bad" in skipped[0]
    bad = next(s for s in sampler.sources if s.name == "bad")
    assert 2 not in bad.valid and all(2 not in p.frames for p in pairs if p.sequence == "bad")


def test_a_source_with_no_frame_left_is_dropped_and_none_left_is_the_error(root):
    root, broken = root
    lines = []
    sampler = _sampler(root, lines)
    for p in (root / "good" / "img").iterdir():
        p.write_bytes(b"")
    for p in (root / "bad" / "img").iterdir():
        p.write_bytes(b"")
    with pytest.raises(DataError):
        sampler.batch(4, np.random.default_rng(1))
    assert any("source dropped" in x for x in lines)


def test_the_device_pair_cache_skips_the_source(root):
    pytest.importorskip("torch")
    from workbench.core.training.device_pairs import DevicePairSampler

    root, broken = root
    lines = []
    dev = DevicePairSampler(_sampler(root, lines), device="cpu", log=lines.append)
    assert [s.name for s in dev.sources] == ["good"] and np.isclose(dev.weights.sum(), 1.0)
    skipped = [x for x in lines if "skipped" in x]
    assert len(skipped) == 1 and "bad" in skipped[0] and str(broken) in skipped[0]
    z, x, boxes = dev.batch(3, np.random.default_rng(0))
    assert tuple(z.shape) == (3, 3, 32, 32) and tuple(x.shape) == (3, 3, 64, 64)
