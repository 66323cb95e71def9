"""An IR sequence's label file (labels.csv, DAUB's anno_xy.txt, a DAUB release data<n>.txt) that is a named pipe or
a folder: the readers read its bytes unchecked (their own copy of groundtruth.read_text without its checks), so a
FIFO blocked the open until some writer came (an evaluation of the folder held for good) and a folder said "cannot
be read: Is a directory". Now a DataError naming the file, at once, as box files are."""
from __future__ import annotations

import os
import threading

import pytest

from workbench.core.data import irseq
from workbench.core.errors import DataError

READERS = {
    "labels.csv": lambda p: irseq.read_labels(p, 3),
    "anno_xy.txt": lambda p: irseq.read_daub(p, 3),
    "data1.txt": lambda p: irseq.read_daub_release(p, ["1.bmp", "2.bmp", "3.bmp"]),
}


def _read(reader, path, pipe: bool):
    """``reader(path)``'s DataError, or a failure when it is still reading after 2 s (a pipe: a writer is then
    opened and closed, so the blocked open returns and the test ends)."""
    got: dict = {}

    def run():
        try:
            reader(path)
            got["returned"] = True
        except Exception as exc:  # noqa: BLE001 - what it raised is the assertion's
            got["raised"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(2)
    if t.is_alive():
        if pipe:
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))  # the reader's open returns, at end of file
        t.join(2)
        pytest.fail(f"{path.name}: still reading after 2 s (blocked on the pipe)")
    return got


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("name", list(READERS))
def test_a_label_file_that_is_a_pipe_is_a_data_error_at_once(tmp_path, name):
    path = tmp_path / name
    os.mkfifo(path)
    got = _read(READERS[name], path, pipe=True)
    exc = got.get("raised")
    assert isinstance(exc, DataError) and exc.path == path, got
    assert "not a regular file (a pipe or a device)" in exc.problem, exc


@pytest.mark.parametrize("name", list(READERS))
def test_a_label_file_that_is_a_folder_says_so(tmp_path, name):
    path = tmp_path / name
    path.mkdir()
    got = _read(READERS[name], path, pipe=False)
    exc = got.get("raised")
    assert isinstance(exc, DataError) and exc.path == path and exc.problem.startswith("is a folder"), got
