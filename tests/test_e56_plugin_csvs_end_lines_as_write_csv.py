"""The NAS inspector's alpha_history.csv and the pruning inspector's two CSVs were written with ``csv.writer``'s
own ``\\r\\n`` line ends, where every other CSV of the workbench ends its lines as ``csvtable.csv_text`` does
(``\\n``): one convention, the plugins' tables built by ``csv_text`` too. Task E (s56)."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.csvtable import csv_text


def test_the_nas_alpha_history_csv_ends_its_lines_as_every_csv(tmp_path):
    pytest.importorskip("torch")
    from workbench_nas_tir.figures import history_rows, write_history_csv
    from workbench_nas_tir.ops import PRIMITIVES

    rng = np.random.default_rng(0)
    history = [{"epoch": e, "alpha_normal": rng.random((5, len(PRIMITIVES))),
                "alpha_reduce": rng.random((5, len(PRIMITIVES)))} for e in range(2)]
    data = write_history_csv(tmp_path / "alpha_history.csv", history, "single").read_bytes()
    assert b"\r" not in data
    assert data.decode("utf-8") == csv_text(history_rows(history, "single"),
                                            ["epoch", "cell_type", "edge", "edge_label", "op", "softmax_alpha"])


def test_the_pruning_export_csvs_end_their_lines_as_every_csv(tmp_path):
    from workbench_siamfcpp_prune.figures import LayerCut, export

    cuts = [LayerCut("backbone.conv1", np.array([0.5, 0.1, 0.9]), np.array([0, 2]), 0.5),
            LayerCut("head.cls", np.array([0.2, 0.3]), np.array([0, 1]), float("nan"))]
    rows = [{"quantity": "parameters (M)", "before": 2.0, "after": 1.5, "ratio": 0.75},
            {"quantity": "CPU FPS", "before": None, "after": None, "ratio": None}]
    paths = export(tmp_path, cuts, rows, 0.5, formats=(), weights="mine.pt")
    assert [p.name for p in paths] == ["pruning_summary_rho0.50.csv", "filter_ranks_rho0.50.csv"]
    summary, ranks = (p.read_bytes() for p in paths)
    assert b"\r" not in summary and b"\r" not in ranks
    assert summary.decode("utf-8").splitlines()[:3] == ["quantity,before,after,ratio", "parameters (M),2,1.5,0.75",
                                                        "CPU FPS,,,"]
    assert "\n\nlayer,filters,kept,pruned,cut_rank\nbackbone.conv1,3,2,1,0.5\nhead.cls,2,2,0,\n\n" in summary.decode()
    assert summary.decode().endswith("weights,mine.pt\nrho,0.50\n")
    assert ranks.decode("utf-8") == ("layer,filter,rank,kept\nbackbone.conv1,0,0.5000,1\nbackbone.conv1,1,0.1000,0\n"
                                     "backbone.conv1,2,0.9000,1\nhead.cls,0,0.2000,1\nhead.cls,1,0.3000,1\n")
