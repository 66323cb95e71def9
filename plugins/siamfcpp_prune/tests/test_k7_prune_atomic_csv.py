"""The pruning figures' export opened each CSV (pruning summary, filter ranks) in place and wrote it row by row:
an export cut off half way left a truncated table over the earlier one. Each table is built in memory and
written whole, so a failed write leaves the earlier file as it was."""
import csv

import numpy as np
import pytest


class Cut(Exception):
    pass


def test_ranks_csv_cut_off_mid_write_leaves_the_earlier_file(tmp_path, monkeypatch):
    from workbench_siamfcpp_prune import figures

    cuts = [figures.LayerCut("conv1", np.array([3.0, 1.0, 2.0, 4.0]), np.array([0, 2, 3]), 2.0)]
    rows = [{"quantity": "parameters (M)", "before": 2.0, "after": 1.5, "ratio": 0.75}]
    monkeypatch.setattr(figures, "histogram_figure", lambda *_a: None)  # no figures asked for (formats=())
    first = figures.export(tmp_path, cuts, rows, 0.25, formats=())
    earlier = {p.name: p.read_bytes() for p in first}
    assert sorted(earlier) == ["filter_ranks_rho0.25.csv", "pruning_summary_rho0.25.csv"]
    real = csv.writer

    def cut_writer(fh, *a, **k):  # the serialiser writes a few rows, then fails
        w = real(fh, *a, **k)

        class Writer:
            rows = 0

            def writerow(self, row):
                Writer.rows += 1
                if Writer.rows > 2:
                    raise Cut
                w.writerow(row)

            def writerows(self, rows):
                for row in rows:
                    self.writerow(row)

        return Writer()

    # the tables are serialised by the workbench's one CSV rule (csvtable.csv_text, 50e344d), written whole after
    from workbench.core import csvtable

    monkeypatch.setattr(csvtable.csv, "writer", cut_writer)
    with pytest.raises(Cut):
        figures.export(tmp_path, cuts, rows, 0.25, formats=())
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == earlier  # was the summary's first two rows
