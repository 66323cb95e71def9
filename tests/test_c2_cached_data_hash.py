"""``DataHash.cached(kind)``: the core's cache of data fingerprints (moved from HA-Net's, for every plugin). The
record is the one a plain ``DataHash`` gives for the same calls (the SHA-256 below is the old code's, so checkpoints
and cross-validation records written before stay comparable), unchanged files are not read again, a changed file
is seen, a file just written is not cached."""
from __future__ import annotations

import os

import numpy as np
import pytest

from workbench.core.training.fingerprint import DataHash

# _feed's record as the plain DataHash computed it before the cache existed (every file read)
OLD_SHA256 = "9e791fcb6843a9e0731b814b533c58c1dbed5916cfa28a4ab565f07300b10ed1"
OLD_BYTES = 1175


def _write(path, data: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    old = 1_600_000_000 * 10**9  # long before the hash: not a file still being written
    os.utime(path, ns=(old, old))
    return path


def _files(root):
    return [_write(root / "img" / "0001.png", b"\1" * 300), _write(root / "img" / "0002.png", b"\2" * 400),
            _write(root / "masks" / "0001.png", b"\3" * 250)]


def _feed(h, files):
    """Every kind of call the plugins make: seq_irst (names, files, a generated frame's pixels), lw_irstnet (files
    with their size, an absent mask), HA-Net and siamfcpp (labels)."""
    h.name('{"name": "a"}')
    h.labels("a", 2, np.arange(8, dtype=np.float32).reshape(2, 4))
    h.file(files[0])
    h.file(files[1], sized=True)
    h.file(None, sized=True)
    h.file(files[2], sized=True)
    h.data(bytes(range(200)) + b"\0" * 25)
    h.labels("b", 0, None)
    return h


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "c2-test"


def _reads(monkeypatch):
    read, real = [], DataHash.file
    monkeypatch.setattr(DataHash, "file", lambda self, path, sized=False: (read.append(path), real(self, path, sized))[1])
    return read


def test_the_record_is_the_old_one_and_unchanged_files_are_not_read_again(tmp_path, cache, monkeypatch):
    files = _files(tmp_path / "d")
    plain = _feed(DataHash(), files)
    assert (plain.sha256, plain.bytes) == (OLD_SHA256, OLD_BYTES)
    read = _reads(monkeypatch)
    first = _feed(DataHash.cached("c2-test"), files)
    assert (first.sha256, first.bytes) == (OLD_SHA256, OLD_BYTES) and len(read) == 4
    assert len(list(cache.glob("*.json"))) == 1
    read.clear()
    again = _feed(DataHash.cached("c2-test"), files)
    assert (again.sha256, again.bytes) == (OLD_SHA256, OLD_BYTES) and read == []
    (entry,) = cache.glob("*.json")  # a broken entry is read over
    entry.write_text('{"sha256": "no", "bytes": 3}')
    assert _feed(DataHash.cached("c2-test"), files).sha256 == OLD_SHA256 and len(read) == 4
    assert f'"sha256": "{OLD_SHA256}"' in entry.read_text()


def test_a_changed_file_is_seen_and_a_fresh_one_not_cached(tmp_path, cache, monkeypatch):
    files = _files(tmp_path / "d")
    assert _feed(DataHash.cached("c2-test"), files).sha256 == OLD_SHA256
    st = files[1].stat()
    files[1].write_bytes(b"\4" * 400)  # the same size, its mtime put back: only the ctime tells
    os.utime(files[1], ns=(st.st_atime_ns, st.st_mtime_ns))
    read = _reads(monkeypatch)
    other = _feed(DataHash.cached("c2-test"), files)
    assert other.sha256 != OLD_SHA256 and other.sha256 == _feed(DataHash(), files).sha256 and len(read) == 8
    files[0].write_bytes(b"\1" * 301)  # just written: read, not cached
    read.clear()
    for _ in range(2):
        assert _feed(DataHash.cached("c2-test"), files).bytes == OLD_BYTES + 1
    assert len(read) == 8 and len(list(cache.glob("*.json"))) == 2
