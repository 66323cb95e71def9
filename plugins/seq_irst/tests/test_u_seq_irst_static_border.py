"""A frame set in a constant canvas (letterbox, sensor mask, saturated area): its unchanged pixels' exact zeros
drove the noise estimate of the differential input to its 0.5 floor, the moving part's noise was blown up to the
clip and a real DAUB frame in a 641x479 canvas lost every detection. They are left out of the estimate once
they are more than STATIC_FRACTION of the frame; below that nothing changes."""
import numpy as np

from workbench_seq_irst.differential import normalize


def _G(static_fraction, rng):
    G = rng.normal(0, 4.0, (3, 100, 100)).round().astype(np.float32)
    rows = int(round(static_fraction * 100))
    G[:, :rows] = 0  # the canvas: the same value in every frame
    return G


def test_static_canvas_left_out_of_the_noise_estimate():
    rng = np.random.default_rng(0)
    G = _G(0.75, rng)
    x = normalize(G)
    assert 0.5 < np.abs(x[:, 75:]).std() / 0.25 < 1.5  # about one sigma, not clipped noise
    assert np.abs(normalize(G, mode="channel")[:, 75:]).max() < 16 * 0.25
    from workbench_seq_irst.differential import moving_pixels, noise_sigma

    assert 3.4 < noise_sigma(G, moving_pixels(G)) < 4.6  # the sensor's noise, not the 0.5 floor


def test_ordinary_frames_unchanged():
    from workbench_seq_irst.differential import STATIC_FRACTION, moving_pixels, noise_sigma

    rng = np.random.default_rng(1)
    G = _G(STATIC_FRACTION / 2, rng)
    assert moving_pixels(G) is None
    sub = G[:, ::2, ::2].ravel()
    plain = max(1.4826 * float(np.median(np.abs(sub - np.median(sub)))), 0.5)
    assert noise_sigma(G, moving_pixels(G)) == plain
    np.testing.assert_array_equal(normalize(G), np.clip(G / plain, -16, 16).astype(np.float32) * np.float32(0.25))
