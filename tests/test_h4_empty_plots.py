"""A dataset whose groundtruth has no visible target scores no frame: its plots (eval --plots, report) printed
matplotlib's 'No artists with labels found to put in legend' UserWarning with a source line; drawn without it."""
from __future__ import annotations

import warnings

import pytest

from workbench.core.evaluation.plots import curve_figure


@pytest.mark.parametrize("kind", ["success", "precision", "norm_precision"])
def test_a_plot_without_curves_draws_without_a_warning(kind):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = curve_figure({}, kind)
    assert fig.axes[0].get_legend() is None
