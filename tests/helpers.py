"""Where the real data lives, and skipping cleanly when it is absent (used by every test folder)."""
from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("WORKBENCH_SHARED_DATA", REPO.parent / "shared" / "data"))


def shared(rel: str) -> Path:
    """Path of a real dataset under ../shared/data, or skip the test saying what is missing."""
    p = SHARED_DATA / rel
    if not p.exists():
        pytest.skip(f"real data {rel} not present under {SHARED_DATA} (CI has it; tests fall back to generated data)")
    return p


def write_envi(folder: Path, a: np.ndarray, interleave: str = "bsq", byte_order: int = 0, name: str = "cube",
               extra: tuple = (), rows: list | None = None, ext: str = ".img", offset: int = 0,
               encoding: str = "utf-8", prefix: bytes = b"", newline: str = "\n") -> Path:
    """An ENVI cube ``a`` (H, W, B) written as ``<name><ext>`` + ``<name>.hdr`` in ``folder`` (``rows``: the
    header's lines instead of the usual ones, ``extra``: lines added); the header's path."""
    from spectral.io.envi import dtype_to_envi

    t = a.dtype.newbyteorder(">" if byte_order else "<")
    lay = {"bip": a, "bil": a.transpose(0, 2, 1), "bsq": a.transpose(2, 0, 1)}[interleave.lower()]
    (folder / f"{name}{ext}").write_bytes(b"\0" * offset + np.ascontiguousarray(lay, dtype=t).tobytes())
    h, w, b = a.shape
    if rows is None:
        rows = ["ENVI", f"samples = {w}", f"lines = {h}", f"bands = {b}", f"header offset = {offset}",
                f"data type = {dtype_to_envi[a.dtype.char]}", f"interleave = {interleave}",
                f"byte order = {byte_order}", "wavelength units = Nanometers",
                "wavelength = {" + ", ".join(str(400 + 10 * k) for k in range(b)) + "}"]
    hdr = folder / f"{name}.hdr"
    hdr.write_bytes(prefix + (newline.join(list(rows) + list(extra)) + newline).encode(encoding))
    return hdr


def video_frames(path: Path) -> list[np.ndarray]:
    """The frames (BGR, as int) of a video ``export-video`` wrote to ``path``, or to its ``.avi`` twin (an OpenCV
    build without mp4v writes MJPG AVI)."""
    import cv2

    path = path if path.exists() else path.with_suffix(".avi")
    cap = cv2.VideoCapture(str(path))
    assert cap.isOpened(), f"{path} does not open"
    out = []
    while True:
        ok, f = cap.read()
        if not ok:
            break
        out.append(f.astype(int))
    cap.release()
    return out


def unrooted(line: str) -> str:
    """``line`` without the pytest temporary folders' roots (/tmp/pytest-of-USER/pytest-NNN/, and
    popen-gwN/ under pytest-xdist): a message's length is measured on what it says, not on how many runs
    numbered that folder (an error naming one path twice grew past 200 characters once pytest-999 became
    pytest-1000) or which worker ran the test."""
    return re.sub(r"\S*/pytest-\d+/(popen-gw\d+/)?", "", line)


def save_daub(seq, folder: Path) -> Path:
    """``seq`` saved in DAUB's layout (``frames/`` + ``anno_xy.txt``, one ``x<TAB>y`` line a frame: its first
    target's centre, an empty line for none): the layout ``seq_irst``'s LOSO groups by DAUB recording."""
    from workbench.core.data.irseq import DAUB_FILE, LABEL_FILE, TARGET, save_irseq

    save_irseq(seq, folder)
    (folder / LABEL_FILE).unlink()
    lines = []
    for i in range(len(seq)):
        labs = [lab for lab in seq.labels[i] if lab.cls == TARGET]
        lines.append(f"{labs[0].cx:.2f}\t{labs[0].cy:.2f}" if labs else "")
    (folder / DAUB_FILE).write_text("\n".join(lines) + "\n")
    return folder


def segment_nothing_command(monkeypatch, name: str):
    """The ``segment`` command of a gray segmenter plugin ``name`` that finds nothing (saliency 0 everywhere),
    registered alone as the default registry for this test."""
    from workbench.core import registry as registry_mod
    from workbench.core.methods import SegOutput
    from workbench.core.registry import Plugin, Registry

    class _Nothing:
        modalities = ("gray",)

        def predict(self, frame):
            sal = np.zeros(frame.shape[:2], np.float32)
            return SegOutput(sal, sal > 0.5)

    reg = Registry()
    plugin = Plugin(name=name, kind="segmenter", factory=lambda c, d: _Nothing())
    reg.add(plugin)
    monkeypatch.setattr(registry_mod, "_DEFAULT", reg)
    return registry_mod.resolve(plugin.commands["segment"])


def sirst_mask_set(root: Path, names: list[str], seed: int, step: int) -> Path:
    """A mask set at ``root`` (images/, masks/): the SIRST images ``names`` with their masks from the shared data,
    else generated ones of the same names (noise from ``seed``, a bright dot each, ``step`` px right of the last)."""
    import shutil

    import cv2

    sirst = SHARED_DATA / "irst" / "sirst"
    (root / "images").mkdir(parents=True)
    (root / "masks").mkdir()
    if all((sirst / "images" / f"{n}.png").is_file() and (sirst / "masks" / f"{n}_pixels0.png").is_file()
           for n in names):
        for n in names:
            shutil.copy(sirst / "images" / f"{n}.png", root / "images" / f"{n}.png")
            shutil.copy(sirst / "masks" / f"{n}_pixels0.png", root / "masks" / f"{n}_pixels0.png")
        return root
    rng = np.random.default_rng(seed)
    for k, n in enumerate(names):
        img = rng.normal(60, 3, (64, 80)).clip(0, 255).astype(np.uint8)
        m = np.zeros_like(img)
        cv2.circle(img, (20 + step * k, 30), 2, 250, -1)
        cv2.circle(m, (20 + step * k, 30), 2, 255, -1)
        cv2.imwrite(str(root / "images" / f"{n}.png"), img)
        cv2.imwrite(str(root / "masks" / f"{n}_pixels0.png"), m)
    return root


_FORCED_IMPORTS = r'''
import importlib.machinery, sys, threading, time

PKG, PAIRS, PRELOAD = sys.argv[1], [tuple(p.split(" | ")) for p in sys.argv[3:]], sys.argv[2]
bootstrap = sys.modules["_frozen_importlib"]
if not hasattr(bootstrap, "_blocking_on"):
    print("unforceable: this Python keeps no _blocking_on")
    sys.exit(0)


def waiting_for_package(tid):
    """Thread ``tid`` is blocked on the package's import lock (the interpreter's own bookkeeping)."""
    entry = getattr(bootstrap, "_blocking_on", {}).get(tid)
    locks = entry if isinstance(entry, list) else [entry]  # a list of locks from Python 3.12
    return any(getattr(lock, "name", None) == PKG for lock in locks)


class HoldPackage:
    """Finder placed first: the package's first import (its thread holds the package's import lock then, and the
    package is not in sys.modules yet) waits in its loader's create_module until told to go on. Not in find_spec:
    Python holds its global import lock there, which every other import waits for."""
    def __init__(self):
        self.held, self.go, self.used = threading.Event(), threading.Event(), False

    def find_spec(self, name, path=None, target=None):
        if name != PKG or self.used:
            return None
        self.used = True
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        spec.loader = Holding(spec.loader, self)
        return spec


class Holding:
    def __init__(self, real, hold):
        self.real, self.hold = real, hold

    def create_module(self, spec):
        self.hold.held.set()
        self.hold.go.wait(10)
        return None

    def exec_module(self, module):
        self.real.exec_module(module)


exec(PRELOAD, {})  # the package's own imports that are not the race's, out of the way
for b_stmt, a_stmt in PAIRS:
    for name in [m for m in sys.modules if m == PKG or m.startswith(PKG + ".")]:
        del sys.modules[name]
    hold = HoldPackage()
    sys.meta_path.insert(0, hold)
    errors = []

    def run(stmt):
        try:
            exec(stmt, {})
        except BaseException as exc:
            errors.append(f"{stmt}: {type(exc).__name__}: {str(exc).split(' at ')[0]}")

    b = threading.Thread(target=run, args=(b_stmt,))
    b.start()
    hold.held.wait(10)
    a = threading.Thread(target=run, args=(a_stmt,))
    a.start()
    end = time.monotonic() + 3
    while a.is_alive() and not waiting_for_package(a.ident) and time.monotonic() < end:
        time.sleep(0.001)
    forced = waiting_for_package(a.ident)
    hold.go.set()
    b.join(20)
    a.join(20)
    sys.meta_path.remove(hold)
    print("; ".join(errors) if errors else "ok" if forced else "unforced: A never waited for the package's lock",
          flush=True)
'''


def forced_import_pairs(package: str, pairs: list[tuple[str, str]], preload: str) -> list[str]:
    """Two threads importing ``package``'s modules at once, the interleaving forced, not hoped for: in a fresh
    interpreter, for each pair (B, A) of import statements, thread B starts its import and is held (a finder placed
    first on ``sys.meta_path``) while it owns the package's import lock; thread A then starts its own and, once the
    interpreter records A waiting for that lock, B goes on; each pair against a fresh import of the package. One
    line a pair: "ok", the imports' errors, or "unforced: ..."; a skip where this Python keeps no ``_blocking_on``.
    ``preload``: the statement importing what the package needs that is not the race's."""
    import subprocess
    import sys

    args = [sys.executable, "-c", _FORCED_IMPORTS, package, preload] + [f"{b} | {a}" for b, a in pairs]
    p = subprocess.run(args, cwd=str(REPO), capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr[-2000:]
    lines = p.stdout.splitlines()
    if lines and lines[0].startswith("unforceable"):
        pytest.skip(lines[0])
    return lines


class FullDisk:
    """``full_disk(monkeypatch, folder, room)``: the disk holding ``folder`` fills up. ``os.sendfile`` and
    ``os.write`` into a regular file in ``folder`` (what ``shutil.copyfile`` and ``atomic.copy_bytes`` write with)
    write ``room`` bytes in all, then fail with ENOSPC naming no file, as the kernel does (``shutil`` names its
    sendfile's errors itself); set ``room`` again to give the disk room. Other files and pipes are untouched."""

    def __init__(self, monkeypatch, folder: Path, room: int = 0):
        self.folder, self.room = Path(folder), room
        self.real_write, self.real_sendfile = os.write, os.sendfile
        monkeypatch.setattr(os, "write", self.write)
        monkeypatch.setattr(os, "sendfile", self.sendfile)

    def _ours(self, fd: int) -> bool:
        import stat

        try:
            st = os.fstat(fd)
        except OSError:
            return False
        if not stat.S_ISREG(st.st_mode):
            return False
        for p in self.folder.iterdir():
            try:
                s = p.stat()
            except OSError:
                continue
            if (s.st_dev, s.st_ino) == (st.st_dev, st.st_ino):
                return True
        return False

    def _allow(self, n: int) -> int:
        import errno

        n = min(n, self.room)
        if n <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= n
        return n

    def write(self, fd, data):
        if self._ours(fd):
            return self.real_write(fd, memoryview(data)[:self._allow(len(data))])
        return self.real_write(fd, data)

    def sendfile(self, out_fd, in_fd, offset, count, *a, **kw):
        if self._ours(out_fd):
            return self.real_sendfile(out_fd, in_fd, offset, self._allow(count), *a, **kw)
        return self.real_sendfile(out_fd, in_fd, offset, count, *a, **kw)


def full_disk(monkeypatch, folder: Path, room: int = 0) -> FullDisk:
    return FullDisk(monkeypatch, folder, room)
