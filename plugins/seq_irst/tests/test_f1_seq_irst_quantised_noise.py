"""A low-noise 8-bit sensor (sigma ~0.4 count) leaves a third or more of its pixels unchanged in all three
differences by rounding alone. Those scattered zeros are its noise, not a constant canvas: the noise estimate must
stay the plain one over every pixel (counting them as canvas tripled it, 0.5 -> 1.48)."""
import numpy as np

from workbench_seq_irst.differential import differential, moving_pixels, noise_sigma, normalize


def _plain(G):
    sub = G[:, ::2, ::2].ravel()
    return max(1.4826 * float(np.median(np.abs(sub - np.median(sub)))), 0.5)


def test_quantised_low_noise_frames_keep_their_noise_estimate():
    rng = np.random.default_rng(0)
    for sigma in (0.3, 0.4, 0.5):
        frames = [np.clip(np.round(100 + rng.normal(0, sigma, (96, 128))), 0, 255).astype(np.uint8)
                  for _ in range(4)]
        G = differential(frames)
        assert 1 - (G != 0).any(axis=0).mean() > 0.2  # past STATIC_FRACTION unchanged, yet no canvas
        assert moving_pixels(G) is None
        assert noise_sigma(G, moving_pixels(G)) == _plain(G)
        np.testing.assert_array_equal(normalize(G), normalize(G, sigma=_plain(G)))


def test_canvas_around_low_noise_frame_still_left_out():
    rng = np.random.default_rng(1)
    frames = [np.zeros((96, 128), np.uint8) for _ in range(4)]
    for f in frames:  # a 40x48 picture with sigma-4 noise set in a constant canvas
        f[28:68, 40:88] = np.clip(np.round(100 + rng.normal(0, 4.0, (40, 48))), 0, 255)
    G = differential(frames)
    keep = moving_pixels(G)
    assert keep is not None and keep[30:66, 42:86].all() and not keep[:20].any()
    assert noise_sigma(G, keep) > 4.0  # differences of two sigma-4 frames, not the 0.5 floor
