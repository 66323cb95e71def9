"""`workbench generate hsi-video -h` listed --frames, --format, --seed and --distractors bare ('--frames FRAMES'),
and `hsi-convert -h` its SRC and --format: nothing said what they set, what the formats write, or the defaults.
Every option of both says what it sets."""
from __future__ import annotations

import re

from workbench.core.data.hsi_generate import convert_parser, generate_parser


def _bare(parser) -> list[str]:
    return [a.dest for a in parser._actions if not a.help]


def test_every_generate_option_says_what_it_sets():
    assert _bare(generate_parser()) == []
    assert _bare(convert_parser()) == []


def test_the_help_names_the_formats_and_defaults():
    text = re.sub(r"\s+", " ", generate_parser().format_help())
    assert "frames per video (default 100)" in text
    assert "envi-frames: a folder of one ENVI cube per frame" in text
    assert "(default 2)" in text and "(default 0.35: 35%)" in text
    conv = re.sub(r"\s+", " ", convert_parser().format_help())
    assert "h5: our HDF5 video (default)" in conv and "an HDF5 file" in conv
