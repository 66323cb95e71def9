"""A labels.csv of box centres says so in a '# point_centres: continuous ...' line under its header (4081c5c); the
note held a comma, so a CSV reader split it into a ragged row ('# point_centres: continuous (box centres x + w / 2',
' pixel i spans ...') that looked like the start of a data row. The note is one field now: a reader that skips
'#' lines (pandas comment="#", a row whose one field starts with '#') reads the labels alone."""
from __future__ import annotations

import csv

import pytest


def test_the_centres_note_is_one_csv_field_and_readers_skipping_comments_read_the_labels(tmp_path):
    from workbench.core.data.irseq import CONTINUOUS, Label, labels_centres, read_labels, write_labels

    labels = [[Label(0, 100.5, 90.5, 3.0, 3.0, 0)], [Label(1, 101.5, 90.5, 3.0, 3.0, 1)]]
    p = write_labels(tmp_path / "labels.csv", labels, CONTINUOUS)
    rows = list(csv.reader(p.read_text().splitlines()))
    notes = [r for r in rows if r and r[0].startswith("#")]
    assert len(notes) == 1 and len(notes[0]) == 1, notes  # was 2 fields
    assert all(len(r) == 6 for r in rows if r not in notes)
    data = [r for r in csv.DictReader(p.read_text().splitlines()) if not r["frame"].startswith("#")]
    assert [(int(r["frame"]), float(r["cx"]), r["class"]) for r in data] == [(0, 100.5, "target"),
                                                                          (1, 101.5, "interference")]
    assert all(v is not None for r in data for v in r.values())
    assert labels_centres(p) == CONTINUOUS and read_labels(p, 2) == labels  # our reader as before


def test_pandas_reads_the_labels_skipping_the_note(tmp_path):
    pd = pytest.importorskip("pandas", reason="pandas not installed: the note's reading by pandas is not checked")
    from workbench.core.data.irseq import CONTINUOUS, Label, write_labels

    p = write_labels(tmp_path / "labels.csv", [[Label(0, 100.5, 90.5, 3.0, 3.0, 0)]], CONTINUOUS)
    df = pd.read_csv(p, comment="#")
    assert list(df.columns) == ["frame", "cx", "cy", "w", "h", "class"] and df["frame"].tolist() == [0]
