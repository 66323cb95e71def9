"""The report's per-frame IoU timelines draw a dotted line where a partial run stopped, and said nothing of it (the
key under them named the shaded frames only): a reader took it for a cut or a grid line. The key says it, on a line
of its own (a one-sequence report is one plot wide). Task E (s56)."""
from __future__ import annotations

import numpy as np


def _key(fig) -> str:
    return "\n".join(t.get_text() for t in fig.texts)


def test_the_timeline_key_says_what_the_dotted_line_is():
    from workbench.core.evaluation.ope import evaluate_tracker
    from workbench.core.evaluation.report import timeline_figure

    gt = np.tile([10.0, 10, 20, 20], (40, 1))
    boxes = gt.copy()
    boxes[30:] = np.nan  # stopped at frame index 30
    r = evaluate_tracker("mil", {"s": boxes}, {"s": gt})
    r.partial = {"s": {"frame": 30, "reason": "interrupted"}}
    occluded = np.zeros(40, bool)
    occluded[5:9] = True
    fig = timeline_figure([r], {"mil": {"s": boxes}}, {}, {"s": gt}, {"s": {"occlusion": occluded}})
    assert [ln.get_xdata()[0] for ax in fig.axes for ln in ax.lines if ln.get_linestyle() == ":"] == [31]
    assert _key(fig).splitlines() == ["shaded frames: light grey: occlusion",
                                      "dotted line: where a partial run (*) stopped; frames after it are failures"]
    whole = evaluate_tracker("kcf", {"s": gt.copy()}, {"s": gt})
    fig = timeline_figure([whole], {"kcf": {"s": gt.copy()}}, {}, {"s": gt})
    assert "dotted" not in _key(fig)  # no stop drawn: not said
