"""``fast`` changed on a built tracker takes effect whole at the next ``initialize``: switched off, the sequence
runs the plain path (the network's own modules and the autograd classifier: the same boxes as a tracker built
plain), not a hybrid of the folded network and the plain optimiser; switched on mid-way, the next sequence runs
the fast path (it raised IndexError: its samples lacked the padded copy the fast optimiser reads)."""
import numpy as np

from workbench.core.boxes import Box
from workbench.core.data.synthetic import demo_sequence
from workbench_nas_tir import NASTIRConfig, default_weights
from workbench_nas_tir.tracker import NASTIRTracker
from workbench_nas_tir.train import load_backbone


def _run(t, seq, n=2):
    t.initialize(seq.frame(0), Box(*seq.groundtruth[0]))
    return np.array([tuple(t.track(seq.frame(i)).box) for i in range(1, n)])


def test_fast_switched_between_sequences_takes_effect_whole():
    seq = demo_sequence(frames=2, width=96, height=80, seed=5)
    net = load_backbone(default_weights())[0]  # loaded once, shared (neither path changes it)
    cfg = NASTIRConfig(update_every=1, init_iters=2, scales=1)
    built_plain = NASTIRTracker(cfg, "cpu", net=net, train_crop=32, context=2.0, fast=False)
    reference = _run(built_plain, seq)

    t = NASTIRTracker(cfg, "cpu", net=net, train_crop=32, context=2.0, fast=True)
    t.fast = False
    boxes = _run(t, seq)
    assert t._tnet is None and all(len(s) == 5 for s in t.samples)
    np.testing.assert_array_equal(boxes, reference)

    built_plain.fast = True  # on between sequences: the next one runs fast throughout
    _run(built_plain, seq)
    assert built_plain._tnet is not None and all(len(s) == 6 for s in built_plain.samples)
