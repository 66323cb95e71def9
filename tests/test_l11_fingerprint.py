"""``workbench.core.training.fingerprint``: the one hash of a training's data and the one --resume check against
its record (four plugins each wrote both). The plugins' own hashes on real data are checked unchanged by their
tests; here the pieces and the three outcomes of the check."""
import hashlib

import numpy as np
import pytest

from workbench.core.errors import WorkbenchError


def test_the_hash_is_the_bytes_fed_in_order(tmp_path):
    from workbench.core.training.fingerprint import DataHash

    (tmp_path / "a.png").write_bytes(b"pixels")
    h = DataHash()
    h.name("seq")
    h.labels("seq", 2, np.ones((2, 4)))
    h.file(tmp_path / "a.png")
    h.file(tmp_path / "a.png", sized=True)
    h.file(None, sized=True)
    h.data(b"xy")
    want = hashlib.sha256(b"seq\0" + b"seq\x002\0" + np.ones((2, 4)).tobytes() + b"pixels"
                          + (6).to_bytes(8, "little") + b"pixels" + bytes(8) + b"xy").hexdigest()
    assert (h.sha256, h.bytes) == (want, 14)


def test_a_record_is_the_same_other_or_absent():
    from workbench.core.training.fingerprint import check_same_data, listed

    def said(fp):
        return f"{listed(fp['sources'])}: {fp['n']} images"

    now = {"sha256": "b", "n": 2, "sources": ["B", "C", "D"]}
    notes = []
    kw = dict(kind="images", described=said, todo="resume it with its --data", log=notes.append)
    assert check_same_data("o/last.pt", dict(now), now, **kw) is True
    with pytest.raises(WorkbenchError, match=r"^o/last\.pt: this training was started on other images \(A: 1 images\) "
                                             r"than this run's \(B, C \(and 1 more\): 2 images\): resume it with its "
                                             r"--data$"):
        check_same_data("o/last.pt", {"sha256": "a", "n": 1, "sources": ["A"]}, now, **kw)
    assert notes == []
    assert check_same_data("o/last.pt", None, now, **kw) is None
    assert check_same_data("o/last.pt", {"n": 1}, now, **kw) is None  # a record without its hash: as none
    assert notes[0] == ("note: o/last.pt was written before training images were fingerprinted: the images given "
                        "now are not checked against those it started on; they are recorded from here on")
