"""The Train tab's cross-validation figures: the mean ± spread block keeps its columns apart whatever the
figures' size. Its widths were fixed (7 characters), so an early model's false-alarm rate ran the spread into
the range: "Fa 1e-6 252197.27 ± 3107.40250000.00–254394.53"."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("torch")


def _cv(fa):
    folds = [{"fold": k, "val_images": 2, "train_images": 2, "miou": 0.022 + 0.002 * k, "niou": 0.022, "f1": 0.043, "pd": 1.0, "fa_e6": v}
             for k, v in enumerate(fa)]
    mean = {m: sum(f[m] for f in folds) / len(folds) for m in folds[0] if m not in ("fold", "val_images", "train_images")}
    std = {m: abs(folds[0][m] - folds[-1][m]) / 2 ** 0.5 for m in mean}
    return {"folds": folds, "mean": mean, "std": std, "complete": True, "k": len(folds)}


def test_cv_figures_keep_their_columns_apart_in_the_train_tab(qtbot):
    from workbench.core.registry import Registry
    from workbench_lw_irstnet import PLUGIN
    from workbench_lw_irstnet.panel import Panel, cv_summary

    reg = Registry()
    reg.add(PLUGIN)
    panel = Panel(reg.get("lw_irstnet"))
    qtbot.addWidget(panel)
    panel.setCurrentIndex(1)  # the Train tab, built when opened
    qtbot.waitUntil(lambda: hasattr(panel, "cv_result_label") and not panel.__dict__.get("_lazy", {}).get(1))
    panel._train_out = Path("/nowhere/cv")
    for fa in ((254394.53, 250000.0), (12.5, 2.5)):
        cv = _cv(fa)
        panel._on_cv_done(cv)
        shown = panel.cv_result_label.text()
        block = cv_summary(cv)
        assert block.splitlines()[0] in shown
        lines = block.splitlines()[1:]
        for line in lines:  # name, mean ± spread, then the range, each apart from the next
            m = re.fullmatch(r"(\S.*?)\s+(\d+\.\d+) ± (\d+\.\d+)\s{2,}(\d+\.\d+)–(\d+\.\d+)", line)
            assert m, line
        fa_line = lines[-1].split()
        assert fa_line[-1] == f"{min(fa):.2f}–{max(fa):.2f}", lines[-1]
        # one column each: the ± signs and the ranges start at the same place on every line
        assert len({line.index("±") for line in lines}) == 1, block
        assert len({re.search(r"\d+\.\d+–", line).start() for line in lines}) == 1, block
