"""`train hanet`'s record of its videos (``fingerprint.videos_fingerprint``) read every byte of every given video at
each start (seconds to minutes on a HOT2020-sized corpus). The SHA-256 of unchanged files is now taken from a small
cache keyed by each file's resolved path, size, mtime, ctime and inode: the same record as before (a checkpoint the
old code wrote still matches the same data), no file read again, and a changed file still seen. Hand-written files,
so the record of the old code is known to the byte."""
from __future__ import annotations

import os

import numpy as np
import pytest

# videos_fingerprint of _videos() as the code before the cache computed it (every file read each time)
OLD_SHA256 = "125d4e0682a061eb97cf9bf0c540e306bd11656890ffb9936a4c7942f44954ca"
OLD_BYTES = 2451


class _Frames:
    def __init__(self, paths=None):
        if paths is not None:
            self.paths = paths


class _Seq:
    """What the fingerprint reads of a sequence: name, length, groundtruth, path, ``frames.paths``."""

    def __init__(self, name, n, path, paths=None):
        self.name, self._n, self.path, self.frames = name, n, path, _Frames(paths)
        self.groundtruth = np.arange(n * 4, dtype=np.float64).reshape(n, 4) + 1

    def __len__(self):
        return self._n


def _write(path, data: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    old = 1_600_000_000 * 10**9  # long before the hash: not a file still being written
    os.utime(path, ns=(old, old))
    return path


def _videos(root):
    """One video of frame files (its folder holds a groundtruth too), an ENVI pair (header and data beside it),
    a folder of files, and a second video on the same ENVI file (read once)."""
    frames = [_write(root / "a" / "img" / f"{i:04d}.png", bytes([i]) * (100 + i)) for i in (1, 2, 3)]
    _write(root / "a" / "groundtruth_rect.txt", b"1,2,3,4\n")
    hdr = _write(root / "b" / "clip.hdr", b"ENVI\nbands = 4\n")
    _write(root / "b" / "clip.img", bytes(range(256)) * 8)
    _write(root / "c" / "sub" / "x.bin", b"x" * 77)
    _write(root / "c" / "y.bin", b"y" * 5)
    return [_Seq("a", 3, root / "a", frames), _Seq("b", 2, hdr), _Seq("c", 2, root / "c"), _Seq("b2", 2, hdr)]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "hanet-fingerprints"


def _reads(monkeypatch):
    """The files DataHash reads from now on."""
    from workbench.core.training.fingerprint import DataHash

    read, real = [], DataHash.file
    monkeypatch.setattr(DataHash, "file", lambda self, path, sized=False: (read.append(path), real(self, path, sized))[1])
    return read


def test_the_record_is_the_old_one_and_unchanged_files_are_not_read_again(tmp_path, cache, monkeypatch):
    from workbench_hanet.fingerprint import same_videos, videos_fingerprint

    seqs = _videos(tmp_path / "data")
    read = _reads(monkeypatch)
    first = videos_fingerprint(seqs)
    assert (first["sha256"], first["bytes"], first["videos"]) == (OLD_SHA256, OLD_BYTES, 4)
    assert len(read) == 7  # three frames, the ENVI pair, the folder's two files (clip.* once)
    assert len(list(cache.glob("*.json"))) == 1
    read.clear()
    again = videos_fingerprint(seqs)
    assert read == [] and again == first
    # a checkpoint written by the old code records the same fingerprint: a resume over the same data matches
    old_record = {"given": dict(first, sha256=OLD_SHA256, bytes=OLD_BYTES), "generated": []}
    assert same_videos(old_record, {"given": again, "generated": []}) is True
    assert videos_fingerprint(seqs, cache=False) == first and len(read) == 7


def test_a_changed_file_is_seen(tmp_path, cache, monkeypatch):
    from workbench_hanet.fingerprint import videos_fingerprint

    seqs = _videos(tmp_path / "data")
    first = videos_fingerprint(seqs)
    # the same size, its mtime put back as it was: only the ctime tells
    img = tmp_path / "data" / "b" / "clip.img"
    st = img.stat()
    img.write_bytes(bytes(reversed(range(256))) * 8)
    os.utime(img, ns=(st.st_atime_ns, st.st_mtime_ns))
    read = _reads(monkeypatch)
    other = videos_fingerprint(seqs)
    assert other["sha256"] != first["sha256"] and other["bytes"] == first["bytes"] and len(read) == 7
    # a file of another size; a file just written (racy) is read but not cached
    _write(tmp_path / "data" / "c" / "y.bin", b"y" * 6)
    assert videos_fingerprint(seqs)["bytes"] == first["bytes"] + 1
    (tmp_path / "data" / "a" / "img" / "0001.png").write_bytes(b"\1" * 101)
    read.clear()
    fresh = videos_fingerprint(seqs)
    assert fresh["sha256"] not in (first["sha256"], other["sha256"]) and len(read) == 7
    assert videos_fingerprint(seqs) == fresh and len(read) == 14  # read again: it was not cached


def test_a_broken_cache_entry_is_read_over(tmp_path, cache):
    from workbench_hanet.fingerprint import videos_fingerprint

    seqs = _videos(tmp_path / "data")
    videos_fingerprint(seqs)
    (entry,) = cache.glob("*.json")
    entry.write_text('{"sha256": "no", "bytes": 3}')
    assert videos_fingerprint(seqs)["sha256"] == OLD_SHA256
    assert '"sha256": "125d4e' in entry.read_text()
