"""``results.write_maps`` to a FIFO (``--save-maps`` into a pipe a reader holds): the archive is written into it as
into a file (``atomic_path`` writes a pipe in place) and its record says no size, where the size read with
``tell()`` after the whole archive failed ('Illegal seek', a WorkbenchError after the write)."""
from __future__ import annotations

import io
import os
import threading

import numpy as np
import pytest

from workbench.core.methods import MapLayer
from workbench.core.results import maps_size_text, write_maps


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_maps_written_into_a_fifo_have_no_size(tmp_path):
    fifo = tmp_path / "s1_maps.npz"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    maps = {i: {"response": MapLayer(np.full((4, 5), i, np.float32))} for i in range(3)}
    try:
        rec = write_maps(fifo, maps, 3, sequence="s1")
    finally:
        if reader.is_alive():  # a writer that never opened it: let the reader go
            with open(fifo, "wb"):
                pass
        reader.join(5)
    assert rec["bytes"] is None and rec["frames"] == 3 and rec["names"] == ["response"]
    assert maps_size_text(rec) == "response: 3 frames"
    with np.load(io.BytesIO(got[0])) as z:  # the whole archive went through the pipe
        assert z["m0_data"].shape == (3, 4, 5) and float(z["m0_data"][2, 0, 0]) == 2.0
    plain = write_maps(tmp_path / "plain_maps.npz", maps, 3, sequence="s1")
    assert plain["bytes"] == (tmp_path / "plain_maps.npz").stat().st_size  # a file: its size, as before
