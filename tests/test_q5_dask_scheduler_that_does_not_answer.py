"""`workbench run --backend dask --address A` where something other than a Dask scheduler listens: said in one
line within the timeout. It hung for good (a port that takes the connection and says nothing, or a web server:
distributed's handshake read has no deadline) or raised a MemoryError traceback (a reply of other bytes)."""
import socket
import threading
import time

import pytest

pytest.importorskip("distributed")

from workbench.core import batch  # noqa: E402
from workbench.core.errors import WorkbenchError  # noqa: E402


def _server(reply: bytes | None):
    """A loopback listener that takes each connection and sends ``reply`` (None: nothing), keeping it open."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)
    kept = []

    def serve():
        while True:
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            kept.append(conn)
            if reply is not None:
                conn.sendall(reply)

    threading.Thread(target=serve, daemon=True).start()
    return srv, kept


def _connect(address):
    """DaskBackend(address) on a thread, so that a hang fails the test instead of holding it."""
    said = []

    def go():
        try:
            batch.DaskBackend(address, timeout_s=1.0).close()
            said.append(None)
        except BaseException as exc:  # noqa: BLE001
            said.append(exc)

    t0 = time.monotonic()
    threading.Thread(target=go, daemon=True).start()
    while not said and time.monotonic() - t0 < 4.5:
        time.sleep(0.05)
    assert said, f"DaskBackend({address!r}) still waiting after 4.5 s (a 1 s timeout)"
    return said[0]


@pytest.mark.parametrize("reply", [None, b"HTTP/1.0 400 Bad request\r\nContent-Type: text/html\r\n\r\n<html>"],
                         ids=["silent", "web server"])
def test_q5_address_that_is_not_a_scheduler_said_within_the_timeout(reply):
    srv, kept = _server(reply)
    try:
        address = "tcp://127.0.0.1:%d" % srv.getsockname()[1]
        exc = _connect(address)
        assert isinstance(exc, WorkbenchError), repr(exc)
        text = str(exc)
        assert address in text and "Dask scheduler" in text and "8786" in text
        assert "allocate" not in text  # not the frame length read from the reply's bytes
    finally:
        srv.close()
        for c in kept:
            c.close()
