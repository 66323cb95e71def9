"""A corpus root given twice, or a root and a sequence folder inside it, put the same sequence in twice (drawn
twice as often in training, packed twice as 'seq (data)'): it is taken once, with a line saying so."""
from __future__ import annotations

from tests.test_h4_outputs import make_tiny
from workbench.core.training.corpus import Corpus, CorpusConfig


def test_a_sequence_under_two_roots_is_taken_once(tmp_path):
    data = make_tiny(tmp_path) / "data"
    said = []
    cfg = CorpusConfig(generated_demo=0, generated_irseq=0)
    corpus = Corpus.from_roots([data, data, data / "seqA"], cfg, log=said.append)
    assert corpus.names() == ["seqA"]
    assert sum("is under an earlier root too: taken once" in line for line in said) == 2
