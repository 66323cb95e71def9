"""ENVI headers as hand edits and other writers leave them.

A list field's '{' left open (a hand-edited 'default bands = {3,2,1') ran into the fields after it until the next
'}': wavelength units, reflectance scale factor (10000 read as 1, values 10000x off) and the wavelengths were read
as its values without a word; it is refused naming the field and its line. A '{' on the line after 'wavelength ='
(a writer's line break) is the field's value, not a field lost. A trailing comma ('{450, 550, 650,}') ended in an
empty item that made the whole list 'not a list of numbers' (every wavelength dropped): the empty last item is no
item."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.data.cube import open_envi
from workbench.core.errors import DataError

HEADER = """ENVI
description = {a cube,
  x resize factor = 1.0}
samples = 4
lines = 3
bands = 3
header offset = 0
data type = 2
interleave = bsq
byte order = 0
default bands = {3,2,1}
wavelength units = Nanometers
reflectance scale factor = 10000
band names = {red = 1, green, blue}
map info = {UTM, 1.000, 1.000, 724522.127, 4074620.759, 3.0, 3.0, 11, North, WGS-84,
 units=Meters}
wavelength = {
 450.0, 550.0,
 650.0}
"""


def _cube(tmp_path, text):
    hdr = tmp_path / "c.hdr"
    hdr.write_text(text)
    np.arange(36, dtype="<i2").tofile(tmp_path / "c.img")
    return hdr


def test_the_header_as_written_reads_every_field(tmp_path):
    s = open_envi(_cube(tmp_path, HEADER))
    assert s.meta["scale_factor"] == 10000 and s.meta["default_bands"] == [3, 2, 1]
    assert list(s.meta["wavelengths"]) == [450.0, 550.0, 650.0]
    assert s.meta["description"].startswith("a cube")  # a description's own '=' is text
    assert s.meta["band_names"] == ["red = 1", "green", "blue"]  # so is a band name's
    assert s.meta["envi_header"]["map info"][-1] == "units=Meters"  # and map info's, on a line of its own
    assert not s.meta.get("warnings")


def test_a_list_left_open_is_refused_naming_its_field_and_line(tmp_path):
    hdr = _cube(tmp_path, HEADER.replace("default bands = {3,2,1}", "default bands = {3,2,1"))
    with pytest.raises(DataError) as e:
        open_envi(hdr)
    msg = str(e.value)
    assert str(hdr) in msg and "'default bands' (line 11) is not closed before line 12" in msg
    assert "wavelength units = Nanometers" in msg


def test_a_brace_on_the_line_after_the_field_is_its_value(tmp_path):
    s = open_envi(_cube(tmp_path, HEADER.replace("wavelength = {", "wavelength =\n\n{")))
    assert list(s.meta["wavelengths"]) == [450.0, 550.0, 650.0]
    assert not s.meta.get("warnings")


@pytest.mark.parametrize("tail", ["650.0,}", "650.0 , }", "650.0,\n}"])
def test_a_trailing_comma_keeps_every_wavelength(tmp_path, tail):
    s = open_envi(_cube(tmp_path, HEADER.replace("650.0}", tail)))
    assert list(s.meta["wavelengths"]) == [450.0, 550.0, 650.0]
    assert not s.meta.get("warnings")


def test_an_empty_item_inside_a_list_is_still_said(tmp_path):
    s = open_envi(_cube(tmp_path, HEADER.replace("450.0, 550.0,", "450.0, , 550.0,")))
    assert s.meta["wavelengths"] is None
    assert any("wavelength is not a list of numbers" in w for w in s.meta["warnings"])

