"""``workbench detect seq_irst --frames -2:3`` said "selects no frame of 'x' (12 frames, 0..11)" and no more: a
negative START counts from the end, as in Python (-2:3 is frames 10 to 2 of 12, none), which it did not say, nor
what --frames takes. The refusal now says how the range was read and what the option accepts."""
from __future__ import annotations

import pytest

from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence
from workbench.core.options import OptionError


@pytest.fixture
def seq_dir(tmp_path):
    return save_irseq(make_sequence(seed=2, frames=12, width=48, height=40), tmp_path / "synth_a")


def test_a_negative_range_selecting_nothing_says_how_it_was_read(seq_dir):
    from workbench_seq_irst.detector import main

    with pytest.raises(OptionError) as info:
        main(["--sequence", str(seq_dir), "--frames", "-2:3"])
    text = str(info.value)
    assert text.startswith("--frames -2:3: selects no frame of 'synth_a' (12 frames, 0..11) (read as 10:3 there)")
    assert "a negative START or END counts from the end as in Python" in text


def test_a_range_past_the_end_says_what_frames_takes(seq_dir):
    from workbench_seq_irst.detector import main

    with pytest.raises(OptionError) as info:
        main(["--sequence", str(seq_dir), "--frames", "20:30"])
    text = str(info.value)
    assert "read as" not in text and "--frames takes START:END, 0-based, END exclusive" in text


def test_the_help_says_negative_numbers_count_from_the_end():
    from workbench_seq_irst.detector import parser

    assert "a negative one counts from the end" in " ".join(parser().format_help().split())


# --- the frame's edges in decoding -------------------------------------------------------------------------------
# Centres are pixel coordinates (pixel i's centre at i, as the labels' and the generator's), so a W-pixel frame
# spans -0.5 ... W - 0.5. decode dropped "centres in the padding" as outside 0 ... W: at the left / top edge a
# centre in the first pixel's outer half was dropped. A YOLO label's centre is continuous (0 ... W), so decode now
# keeps -0.5 ... W, the labels' own rule (irseq.in_frame): a detection is dropped where its label is outside.

def _raw(gh, gw, cell, dxy):
    import numpy as np

    out = np.zeros((7, gh, gw), np.float32)
    out[4] = -10.0  # no object anywhere ...
    gy, gx = cell
    out[4, gy, gx] = 10.0  # ... but in this cell, a target
    out[5, gy, gx], out[6, gy, gx] = 10.0, -10.0
    out[0, gy, gx], out[1, gy, gx] = dxy
    return out


@pytest.mark.parametrize("dxy, kept", [((-0.6, 0.0), True), ((0.0, -0.6), True), ((-0.7, 0.0), False)])
def test_a_centre_in_the_first_pixel_is_kept(dxy, kept):
    from workbench_seq_irst.model import decode

    # stride 4, cell 0: centre (0.5 + dx) * 4; dx -0.6 -> -0.4, inside pixel 0; dx -0.7 -> -0.8, outside
    dets = decode(_raw(8, 10, (0, 0), dxy), 4, 0.5, size=(40, 32))
    assert len(dets) == int(kept)


@pytest.mark.parametrize("dxy, kept", [((0.35, 0.0), True), ((0.45, 0.0), True), ((0.55, 0.0), False),
                                       ((0.0, 0.55), False)])
def test_a_centre_past_the_last_pixel_is_dropped(dxy, kept):
    from workbench_seq_irst.model import decode

    # stride 4, last cell (gx 9 of a 40 px frame): centre (9.5 + dx) * 4; dx 0.35 -> 39.4, inside pixel 39;
    # dx 0.45 -> 39.8, kept: a YOLO label's centre (continuous, 0 ... W) may lie there, and the labels' rule
    # (irseq.in_frame, -0.5 ... W) is decoding's too (T55: dropped, it was a sure miss); dx 0.55 -> 40.2, past it
    dets = decode(_raw(8, 10, (7, 9), dxy), 4, 0.5, size=(40, 32))
    assert len(dets) == int(kept)
