"""The MAT-file reader (NUDT-MIRSDT's ``Mix/<k>.mat`` stacks): negative dimensions whose product matched the values
were a bare ValueError from numpy's reshape; reading frame k converted the whole stack (a 40 x 512 x 512 double
stack: 347 MB at its peak for one frame). Now a DataError naming the file, and ``last=True`` converts the last frame
alone, the stream inflated into one buffer. Damaged compressed streams stay refused by name."""
from __future__ import annotations

import struct
import tracemalloc
import zlib

import h5py
import numpy as np
import pytest

from tests.test_mirsdt_layout import write_mat_v5
from workbench.core.data.matfile import read_mat_array
from workbench.core.errors import DataError


def _stack(t=6, h=40, w=48):
    return np.random.default_rng(1).integers(80, 130, (t, h, w)).astype(np.float64)


def test_negative_dimensions_are_a_data_error_naming_the_file(tmp_path):
    path = tmp_path / "neg.mat"
    write_mat_v5(path, {"Mix": np.zeros((2, 3, 4), np.uint8)}, False)
    raw = bytearray(path.read_bytes())
    at = raw.find(struct.pack("<3i", 2, 3, 4))
    raw[at:at + 8] = struct.pack("<2i", -2, -3)  # -2 x -3 x 4: still 24 values
    path.write_bytes(bytes(raw))
    with pytest.raises(DataError, match="negative dimension") as err:
        read_mat_array(path, "Mix")
    assert str(path) in str(err.value)


@pytest.mark.parametrize("compress", [False, True])
def test_last_frame_alone(tmp_path, compress):
    stack = _stack()
    path = tmp_path / "00006.mat"
    write_mat_v5(path, {"other": np.zeros((2, 2), np.uint8), "Mix": stack}, compress)
    whole = read_mat_array(path, "Mix")
    np.testing.assert_array_equal(whole, stack)
    frame = read_mat_array(path, "Mix", last=True)
    assert frame.shape == (40, 48) and frame.dtype == np.float64 and frame.flags.writeable
    np.testing.assert_array_equal(frame, stack[-1])
    flat = tmp_path / "flat.mat"
    write_mat_v5(flat, {"Mix": stack[0]}, compress)
    np.testing.assert_array_equal(read_mat_array(flat, "Mix", last=True), stack[0])  # a 2-D array: its one frame


def test_last_frame_of_a_v73_stack(tmp_path):
    stack = _stack()
    path = tmp_path / "00006.mat"
    with h5py.File(path, "w", userblock_size=512) as f:
        f["Mix"] = stack.T
    np.testing.assert_array_equal(read_mat_array(path, "Mix", last=True), stack[-1])


def test_a_frame_costs_about_its_stack_not_four_of_them(tmp_path):
    stack = _stack(t=20, h=128, w=128)  # 2.6 MB of doubles
    path = tmp_path / "00020.mat"
    write_mat_v5(path, {"Mix": stack}, True)
    tracemalloc.start()
    try:
        frame = read_mat_array(path, "Mix", last=True)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    np.testing.assert_array_equal(frame, stack[-1])
    # the inflated stack once, the file and one frame (was: inflated 2.4 times, its copy, its conversion)
    assert peak < 1.5 * stack.nbytes, peak


def _compressed_element(path):
    raw = path.read_bytes()
    typ, n = struct.unpack_from("<II", raw, 128)
    assert typ == 15
    return raw[:128], raw[136:136 + n]


def test_damaged_streams_are_refused_by_name(tmp_path):
    """(A guard: inflated a chunk at a time, the stream is still read to its checksum.)"""
    path = tmp_path / "a.mat"
    write_mat_v5(path, {"Mix": _stack(t=2)}, True)
    head, z = _compressed_element(path)
    for label, bad in (("cut", z[:len(z) // 2]), ("checksum", z[:-1] + bytes([z[-1] ^ 1]))):
        p = tmp_path / f"{label}.mat"
        p.write_bytes(head + struct.pack("<II", 15, len(bad)) + bad)
        with pytest.raises(DataError) as err:
            read_mat_array(p, "Mix", last=True)
        assert str(p) in str(err.value) and "cannot be inflated" in str(err.value)
    # bytes after the stream's end (inside its element) are ignored, as zlib.decompress ignored them
    p = tmp_path / "trailing.mat"
    longer = z + b"\0" * 8
    p.write_bytes(head + struct.pack("<II", 15, len(longer)) + longer)
    np.testing.assert_array_equal(read_mat_array(p, "Mix"), _stack(t=2))
    # a tag saying more bytes than the stream can hold: refused before anything so large is made
    inner = zlib.decompress(z)
    lying = zlib.compress(struct.pack("<II", 14, 2 ** 31) + inner[8:])
    p = tmp_path / "lying.mat"
    p.write_bytes(head + struct.pack("<II", 15, len(lying)) + lying)
    with pytest.raises(DataError, match="damaged") as err:
        read_mat_array(p, "Mix")
    assert str(p) in str(err.value)


def test_a_mix_frame_of_a_sequence_converts_its_frame_alone(tmp_path):
    from workbench.core.data.mirsdt import MixFrames

    stack = _stack(t=20, h=128, w=128)
    path = tmp_path / "Sequence1" / "Mix" / "00020.mat"
    path.parent.mkdir(parents=True)
    write_mat_v5(path, {"Mix": stack}, True)
    frames = MixFrames([path])
    tracemalloc.start()
    try:
        frame = frames.read(0)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert frame.dtype == np.uint8 and frame.flags.c_contiguous
    np.testing.assert_array_equal(frame, stack[-1])
    assert peak < 1.5 * stack.nbytes, peak  # (the whole stack converted: over twice its size)
