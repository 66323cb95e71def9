"""A damaged corpus pack (``.wbpack.npz``): truncated or with a flipped byte, the archive raised zipfile's
BadZipFile as a traceback; a readable archive with a damaged frame table a KeyError, TypeError or an OpenCV
assertion at the first frame. Found by the session-54 reader fuzzer; each is a DataError naming the pack."""
from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from workbench.core.errors import DataError


def _pack(path, sources=None, boxes=None, offsets=None):
    frames = [cv2.imencode(".png", np.full((8, 10), 30 + i, np.uint8))[1] for i in range(3)]
    data = np.concatenate(frames)
    offs = np.cumsum([0] + [len(f) for f in frames]) if offsets is None else offsets
    src = [{"name": "s", "kind": "labelled", "layout": "otb", "temporal": True, "frames": 3, "labelled": True}]
    meta = {"version": 1, "sources": src if sources is None else sources}
    np.savez(path, meta=np.frombuffer(json.dumps(meta).encode(), np.uint8), data=data, offsets=offs,
             boxes=np.ones((3, 4)) if boxes is None else boxes)
    return path


def _read_all(path):
    from workbench.core.training.pack import open_pack

    return [seq.frame(i) for _, seq in open_pack(path) for i in range(len(seq))]


def test_a_whole_pack_reads(tmp_path):
    assert [f[0, 0] for f in _read_all(_pack(tmp_path / "c.wbpack.npz"))] == [30, 31, 32]


@pytest.mark.parametrize("damage", ["truncated", "flipped"])
def test_a_damaged_archive_is_a_data_error(tmp_path, damage):
    p = _pack(tmp_path / "c.wbpack.npz")
    data = bytearray(p.read_bytes())
    if damage == "truncated":
        data = data[:len(data) // 2]
    else:
        data[200] ^= 0x10  # inside the first member's stored bytes: its CRC no longer matches
    p.write_bytes(bytes(data))
    with pytest.raises(DataError) as err:
        _read_all(p)
    assert "c.wbpack.npz" in str(err.value)


@pytest.mark.parametrize("table", [
    {"sources": [{"name": "s", "kind": "labelled"}]},  # no frame count
    {"sources": {"name": "s"}},
    {"sources": [{"name": "s", "kind": "labelled", "frames": 5}]},  # more frames than the table holds
    {"offsets": np.array([0, 10**6, 10**6 + 1, 10**6 + 2])},  # beyond the data
    {"offsets": np.array([0, 0, 0, 0])},  # empty frames
])
def test_a_damaged_frame_table_is_a_data_error(tmp_path, table):
    p = _pack(tmp_path / "c.wbpack.npz", **table)
    with pytest.raises(DataError) as err:
        _read_all(p)
    assert "c.wbpack.npz" in str(err.value)


def test_training_corpus_of_a_pack_without_source_kinds_is_a_data_error(tmp_path):
    from workbench.core.training.corpus import discover

    p = _pack(tmp_path / "c.wbpack.npz", sources=[{"name": "s", "frames": 3}])
    with pytest.raises(DataError):
        discover(p)
