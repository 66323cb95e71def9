"""``CachedDataHash``: its racy guard looked at the files' mtime only, so a file whose mtime was put back (a copy,
an unpacked archive: its ctime fresh) was cached within the ctime tick it changed in, where a rewrite putting the
mtime back again would leave its stat as it was; and a cache hit left its entry's age alone, so eviction dropped
the entry written longest ago, however often it was hit, not the least recently used."""
from __future__ import annotations

import os

from workbench.core.training import fingerprint as fp
from workbench.core.training.fingerprint import DataHash

OLD = 1_600_000_000 * 10**9  # an mtime long before the hash


def _file(path, data: bytes):
    path.write_bytes(data)
    os.utime(path, ns=(OLD, OLD))  # the mtime put back; the ctime is now
    return path


def _hash(path) -> str:
    h = DataHash.cached("f1-test")
    h.name("set")
    h.file(path)
    return h.sha256


def test_a_file_whose_ctime_is_in_this_tick_is_not_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_CACHE", str(tmp_path / "cache"))
    f = _file(tmp_path / "a.bin", b"\1" * 100)
    slept = []

    class FrozenClock:  # the hash runs 1 ms after the file changed, and no clock tick passes
        @staticmethod
        def time_ns():
            return f.stat().st_ctime_ns + 10**6

        sleep = staticmethod(slept.append)

    monkeypatch.setattr(fp, "time", FrozenClock)
    _hash(f)
    assert list((tmp_path / "cache" / "f1-test").glob("*.json")) == [] and slept
    monkeypatch.undo()
    monkeypatch.setenv("WORKBENCH_CACHE", str(tmp_path / "cache"))
    _hash(f)  # the real clock passes the tick (waited out): cached
    assert len(list((tmp_path / "cache" / "f1-test").glob("*.json"))) == 1


def test_eviction_drops_the_least_recently_used_entry(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(fp, "CACHE_KEEP", 2)
    cache = tmp_path / "cache" / "f1-test"
    files = [_file(tmp_path / f"{k}.bin", k.encode() * 50) for k in "abc"]
    entries = []
    for i, f in enumerate(files[:2]):
        _hash(f)
        (new,) = set(cache.glob("*.json")) - set(entries)
        os.utime(new, ns=(OLD + i * 10**9,) * 2)  # a written long ago, b after it
        entries.append(new)
    a_sha = _hash(files[0])  # a hit on a: used now
    _hash(files[2])  # a third entry: one must go
    assert entries[0].is_file() and not entries[1].is_file()
    assert a_sha == _hash(files[0])
