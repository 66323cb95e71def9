"""What C libraries (libjpeg, libpng, libtiff, FFmpeg) print on the process's stderr while a file is decoded.

They write straight to file descriptor 2, naming no file. ``Fd2Capture`` points descriptor 2 at a scratch
file for the block and hands back what was written there; the readers (``images.decoder_messages``,
``video``) keep their decoder's lines to say them naming the file, and ``pass_on`` gives everything else
(another thread's output) back to stderr byte for byte. Descriptor 2 is the process's: one capture at a
time, whoever captures (one lock for every reader: two locks would let two captures restore each other's
descriptor and leave stderr pointed at the scratch file). It is put back and the lock released on every
way out, a KeyboardInterrupt included; without a usable descriptor 2 (closed: a windowed app) nothing is
captured.
"""
from __future__ import annotations

import os
import sys
import threading

_LOCK = threading.Lock()
_SINK = None  # the scratch file descriptor 2 points at while captured (kept, emptied after each capture)


class Fd2Capture:
    """``with Fd2Capture() as cap: ...`` then ``cap.written()``: the lines written to descriptor 2 meanwhile,
    as bytes with their line ends."""

    def __init__(self):
        self.raw = b""
        self._saved = None

    def __enter__(self) -> "Fd2Capture":
        global _SINK
        _LOCK.acquire()
        try:
            try:
                if sys.stderr is not None:
                    sys.stderr.flush()
            except Exception:  # noqa: BLE001 - a replaced stderr that cannot flush: what it holds stays there
                pass
            try:
                # descriptor 2 first: when it is closed nothing is captured (the scratch file, opened then,
                # would become descriptor 2 itself and keep whatever is written to stderr between captures)
                self._saved = os.dup(2)
                if _SINK is None:
                    import atexit
                    import tempfile

                    _SINK = tempfile.TemporaryFile()
                    atexit.register(_SINK.close)
                os.dup2(_SINK.fileno(), 2)
            except (OSError, ValueError):  # no descriptor 2, or it cannot be duplicated
                self._restore()
        except BaseException:  # (a KeyboardInterrupt) not left with fd 2 taken and the lock held for good
            self._restore()
            _LOCK.release()
            raise
        return self

    def _restore(self) -> None:
        saved, self._saved = self._saved, None
        if saved is not None:
            try:
                os.dup2(saved, 2)
            finally:
                os.close(saved)

    def __exit__(self, *exc) -> None:
        try:
            if self._saved is None:
                return
            self._restore()
            fd = _SINK.fileno()
            os.lseek(fd, 0, os.SEEK_SET)
            chunks = []
            while chunk := os.read(fd, 1 << 16):  # all of it: another thread's output is passed on whole
                chunks.append(chunk)
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            self.raw = b"".join(chunks)
        finally:
            _LOCK.release()

    def written(self) -> list[bytes]:
        return self.raw.splitlines(keepends=True)


def pass_on(lines: list[bytes]) -> None:
    """Write lines taken by a capture back to stderr as they were written (bytes, not re-encoded)."""
    data = b"".join(lines)
    try:
        while data:
            data = data[os.write(2, data):]
    except OSError:
        pass
