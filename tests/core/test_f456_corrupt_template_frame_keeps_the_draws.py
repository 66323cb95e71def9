"""Since 8b69c07 (one pair geometry for both samplers) CorpusSampler read a temporal pair's template frame after
the template's and search region's draws, where it had read it before them: a template frame that cannot be read
(skipped, the pair drawn again) left the random stream elsewhere, and every later pair of a fixed seed differed
from what the same seed drew before. The frame is read between the frames' draws and the regions'
(``temporal_geometry``'s ``template``): the pairs are those the pre-8b69c07 sampler drew."""
from __future__ import annotations

import numpy as np

from workbench.core.data.synthetic import write_demo
from workbench.core.training.corpus import Corpus, CorpusConfig
from workbench.core.training.pairs import PairConfig

# (sequence's initial, template frame, search frame) of 40 pairs, seed 0, as ``git show 8b69c07^:...corpus.py``
# drew them over this corpus (computed once with that file in a copy of the package); HEAD before this fix drew
# the same first 4, then ('g', 2, 3), ('g', 4, 3), ('b', 4, 3), ...
PRE_8B69C07 = [
    ("g", 1, 0), ("g", 4, 4), ("g", 3, 2), ("g", 3, 0), ("g", 1, 4), ("g", 1, 4), ("b", 3, 0), ("b", 1, 0),
    ("b", 3, 3), ("g", 1, 2), ("g", 0, 4), ("g", 3, 2), ("g", 4, 1), ("b", 3, 4), ("b", 4, 4), ("g", 2, 1),
    ("g", 4, 0), ("g", 3, 0), ("g", 4, 4), ("g", 2, 2), ("g", 2, 2), ("b", 1, 0), ("g", 2, 1), ("g", 0, 4),
    ("b", 3, 0), ("g", 4, 1), ("g", 2, 3), ("b", 1, 4), ("b", 1, 0), ("g", 4, 3), ("g", 0, 2), ("g", 1, 0),
    ("b", 3, 3), ("b", 1, 3), ("g", 1, 3), ("b", 4, 0), ("b", 1, 4), ("b", 3, 4), ("b", 4, 4), ("g", 3, 3),
]


def test_a_corrupt_template_frame_leaves_the_later_pairs_as_they_were(tmp_path):
    root = tmp_path / "data"
    for seed, name in ((1, "good"), (2, "bad")):
        write_demo(root, frames=5, width=48, height=40, seed=seed, name=name)
    corrupt = sorted((root / "bad" / "img").iterdir())[2]
    corrupt.write_bytes(b"not an image")
    lines: list[str] = []
    sampler = Corpus.from_roots([root], CorpusConfig(self_prob=0.0), log=lines.append).sampler(
        PairConfig(x_size=64, z_size=32))
    rng = np.random.default_rng(0)
    pairs = [sampler.sample(rng) for _ in range(40)]
    skipped = [line for line in lines if "skipped frame 2 of bad" in line]
    assert len(skipped) == 1 and corrupt.name in skipped[0], lines  # met as a template (the pairs differed only so)
    assert all(p.kind == "temporal" and 2 not in p.frames for p in pairs if p.sequence == "bad")
    assert [(p.sequence[0], *p.frames) for p in pairs] == PRE_8B69C07
