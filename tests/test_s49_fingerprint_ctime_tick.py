"""The fingerprint cache's ctime guard waited out the file's ctime tick after reading it, so a same-size rewrite with
its mtime put back, landing between the read and the tick's end, shared the key's ctime and its old hash was cached
for the new content (R3). The tick is waited out before the read. Coarse ctimes (a kernel without fine-grained
timestamps) are simulated by rounding st_ctime_ns down to a 10 ms tick, as in R3's reproduction."""
import os
from pathlib import PosixPath

OLD = 1_600_000_000 * 10**9
TICK = 10_000_000


class _Coarse:
    def __init__(self, st):
        self._st = st

    def __getattr__(self, k):
        v = getattr(self._st, k)
        return v - v % TICK if k == "st_ctime_ns" else v


class _CoarsePath(PosixPath):
    def stat(self, *a, **k):
        return _Coarse(super().stat(*a, **k))


def test_a_rewrite_right_after_the_read_is_never_cached_stale(tmp_path, monkeypatch):
    from workbench.core.training import fingerprint as fp
    from workbench.core.training.fingerprint import CachedDataHash, DataHash

    monkeypatch.setattr(fp, "Path", _CoarsePath)
    monkeypatch.setenv("WORKBENCH_CACHE", str(tmp_path / "cache"))
    orig = CachedDataHash._replay
    stale = 0
    for trial in range(4):
        f = tmp_path / f"a{trial}.bin"
        f.write_bytes(b"A" * 100)
        os.utime(f, ns=(OLD, OLD))

        def replay(self, h, f=f):  # the file rewritten (same size, mtime put back) the moment it was read
            r = orig(self, h)
            f.write_bytes(b"B" * 100)
            os.utime(f, ns=(OLD, OLD))
            return r

        monkeypatch.setattr(CachedDataHash, "_replay", replay)
        h = DataHash.cached("tick")
        h.name("set")
        h.file(f)
        assert h.sha256
        monkeypatch.setattr(CachedDataHash, "_replay", orig)
        again, fresh = DataHash.cached("tick"), DataHash()
        for x in (again, fresh):
            x.name("set")
            x.file(f)
        stale += again.sha256 != fresh.sha256
    assert stale == 0
