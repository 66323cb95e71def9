"""The training pairs' frames by one rule (``pairs.usable_frames`` / ``pairs.temporal_frames``), which
``PairSampler``, the corpus's sources and both corpus samplers ask (each restated it before)."""
import numpy as np

from workbench.core.data.synthetic import demo_sequence
from workbench.core.training.corpus import source_of
from workbench.core.training.pairs import PairConfig, PairSampler, temporal_frames, usable_frames


def test_a_frame_without_a_target_or_under_the_smallest_side_is_not_usable():
    gt = np.array([[1, 1, 4, 4], [1, 1, 3.9, 8], [np.nan] * 4, [1, 1, 0, 5], [2, 2, 8, 4]], float)
    assert usable_frames(gt).tolist() == [0, 4]  # PairConfig.min_size: 4 px a side
    assert usable_frames(gt, 3.0).tolist() == [0, 1, 4]


def test_the_pair_sampler_and_the_corpus_use_the_same_frames():
    seq = demo_sequence(frames=12, width=64, height=48, seed=3, name="walk")
    seq.groundtruth[[2, 7]] = np.nan
    seq.groundtruth[5, 2] = 2.0
    expected = usable_frames(seq.groundtruth, PairConfig().min_size)
    assert 2 not in expected and 5 not in expected and 7 not in expected
    assert PairSampler([seq]).valid[0].tolist() == expected.tolist()
    assert source_of(seq, kind="labelled").valid.tolist() == expected.tolist()


def test_the_search_frame_is_within_max_gap_of_the_template():
    valid = np.array([0, 1, 2, 10, 11, 30])
    rng = np.random.default_rng(0)
    for _ in range(200):
        fa, fb = temporal_frames(rng, valid, 2)
        assert fa in valid and fb in valid and abs(fa - fb) <= 2
