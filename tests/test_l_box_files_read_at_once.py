"""Box files of four numbers a line are read at once, with the same values as the line-by-line reading.

LaSOT-sized results (a dozen trackers, 280 sequences of ~2,500 frames) went through a reader that took
~25 us a line, token by token; a plain file is now read in one pass and only files with anything else
(polygons, "0" lines, headers, stray characters) take the careful line-by-line path, which names the line.
"""
import random

import numpy as np
import pytest

from workbench.core.data import groundtruth as gt
from workbench.core.errors import DataError


def _careful(monkeypatch, text, **kw):
    with monkeypatch.context() as m:
        m.setattr(gt, "_four_per_line", lambda text, lines: None)
        return _outcome(text, **kw)


def _outcome(text, **kw):
    try:
        return gt.parse_boxes(text, "f.txt", **kw)
    except DataError as exc:
        return str(exc)


def _same(a, b):
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return a.shape == b.shape and np.array_equal(a, b, equal_nan=True)


def test_plain_file_is_not_read_token_by_token(monkeypatch):
    calls = []
    real = gt._number
    monkeypatch.setattr(gt, "_number", lambda *a: calls.append(a) or real(*a))
    text = "".join(f"{i},{i + 0.5}\t20 16\n" if i % 7 else "NaN,NaN,NaN,NaN\n" for i in range(300))
    boxes = gt.parse_boxes(text, "f.txt", expect_rows=300)
    assert boxes.shape == (300, 4) and np.isnan(boxes[0]).all() and boxes[1].tolist() == [1, 1.5, 20, 16]
    assert len(calls) < 300, f"{len(calls)} tokens read one by one"


@pytest.mark.parametrize("text", [
    "1,2,3,4\n5,6,7,8\n",
    "1 2 3 4\r\n5\t6\t7\t8\r\n\r\n\n",
    "1;2;3;4\n,5,6,7,8,\n",
    "nan,NaN,-inf,Infinity\n+.5e-3,1E2,-0,7\n",
    "1,2,3,4\n0\n5,6,7,8\n",                 # VOT's absent line
    "1,2,3,4,5,6,7,8\n1,2,3,4,5,6,7,8\n",     # polygons
    "x,y,w,h\n1,2,3,4\n",                     # a header
    "1,2,3,4\n\n5,6,7,8\n",                   # a blank line inside
    "1,2,3\n",
    "1,2,3,4\n1,2,3,4,5\n",
    "1,2,3,fine\n",
    "1,2,3,1_0\n",
    "1,2,3,4\x0c\n",
    "1,2,3,\u0664\n",
    "1,,2,3,4\n",
])
def test_same_as_the_careful_reading(monkeypatch, text):
    assert _same(_outcome(text), _careful(monkeypatch, text))
    assert _same(_outcome(text, expect_rows=3), _careful(monkeypatch, text, expect_rows=3))


def test_same_on_generated_files(monkeypatch):
    rng = random.Random(5)
    pieces = ["1", "-2.5", "nan", "NaN", "inf", "3e2", ".5", "0", "e", "-", "+1", "7.", "x"]
    seps = [",", " ", "\t", ";", ", ", ",,"]
    for _ in range(300):
        lines = []
        for _ in range(rng.randint(1, 4)):
            n = rng.choice([4, 4, 4, 1, 3, 5, 8])
            toks = [rng.choice(pieces) for _ in range(n)]
            lines.append(rng.choice(["", " "]) + rng.choice(seps).join(toks) + rng.choice(["", " ", ","]))
        text = rng.choice(["\n", "\r\n"]).join(lines) + rng.choice(["", "\n", "\n\n"])
        assert _same(_outcome(text), _careful(monkeypatch, text)), repr(text)
