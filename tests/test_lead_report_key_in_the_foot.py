"""The report's key to the shaded frames stood at a fraction of the figure's height: with the grid placed by fixed
margins in inches (cdc760f) it climbed into the bottom row of plots on reports of 60 sequences and more (R2: 0.95 in
up a 300-sequence figure, inside the plots). It stands in the foot kept for it, whatever the figure's height."""
import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402

from workbench.core.evaluation import report  # noqa: E402
from workbench.core.evaluation.ope import evaluate_tracker  # noqa: E402


def _key_inches(nseq: int) -> tuple[float, float]:
    gt = np.tile([10.0, 10, 20, 20], (12, 1))
    gt[::5] = np.nan  # frames without a target: shaded, so the key is drawn
    seqs = {f"s{i:02d}": gt for i in range(nseq)}
    res = {k: gt + 1 for k in seqs}
    fig = report.timeline_figure([evaluate_tracker("t", res, seqs)], {"t": res}, {}, seqs, {})
    key = fig.texts[0]
    h = fig.get_size_inches()[1]
    return key.get_position()[1] * h, h


def test_shading_key_stays_in_its_foot_on_a_tall_report():
    y_small, h_small = _key_inches(2)
    y_tall, h_tall = _key_inches(40)
    assert h_tall > 4 * h_small  # the case in question: a much taller figure
    assert abs(y_tall - y_small) < 1e-9 and y_tall < 0.1  # same place, low in the 0.25 in foot
