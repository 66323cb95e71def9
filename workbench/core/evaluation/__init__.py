"""Scoring: one-pass tracking evaluation (``ope``), plots and tables (``plots``, ``report``)."""
