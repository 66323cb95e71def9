"""Found exporting figures for a paper (F, session 52): the PDF plots (eval --plots, report, the window's Export…,
the EAO plot) carried their text in Type 3 fonts, matplotlib's default, which journals' PDF checks (IEEE PDF
eXpress) refuse. They are written with TrueType fonts embedded now."""
from __future__ import annotations

import numpy as np

from workbench.core.evaluation.ope import IOU_THRESHOLDS, Curves
from workbench.core.evaluation.plots import curve_figure, save_figure


def test_pdf_plots_embed_truetype_not_type3_fonts(tmp_path):
    p = np.linspace(0, 0.8, 51)
    fig = curve_figure({"kcf": Curves(0.8 * (1 - IOU_THRESHOLDS), p, p.copy(), 10)}, "success")
    pdf = save_figure(fig, tmp_path / "success.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and b"/Type /Page" in pdf
    assert b"/Subtype /Type3" not in pdf
    assert b"/FontFile2" in pdf  # the TrueType font file, embedded
