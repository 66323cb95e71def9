"""A large cube's colour (CIE 1931 or a band triplet) and band mean read every band of every pixel:
0.1-0.8 s a frame for a 1024x1024x198 cube, on the GUI thread at each frame step before. Such frames
are rendered on a worker (the image on screen stays meanwhile), requests made while one renders
replace each other (only the latest is rendered next), a late image never covers a newer one, and the
image shown is the frame export's (``display.render_rgb``).

The cubes here are small; ``display.HEAVY_VALUES`` is lowered so that they count as large."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from workbench.core import spectral_color
from workbench.core.data.sequence import ArrayFrames, Sequence
from workbench.gui import display

from tests.gui.conftest import spin

N, H, W, B = 6, 40, 56, 24
WL = np.linspace(420.0, 680.0, B)


def _cube(i: int) -> np.ndarray:
    rng = np.random.default_rng(i)
    c = rng.random((H, W, B), dtype=np.float32)
    c[:, :, : B // 3] *= 1 + i  # each frame its own colour
    return c


CUBES = [_cube(i) for i in range(N)]


def _seq(name="cube"):
    return Sequence(name, ArrayFrames(N, lambda i: CUBES[i]), "hsi", meta={"wavelengths": WL,
                                                                            "wavelength_units": "nm"})


def _shown_image(w) -> np.ndarray:
    return np.asarray(w.view.image.image)


def _rendering(w) -> bool:
    return getattr(w.sequences, "rendering", lambda: False)()


def _settled(w) -> bool:
    spin(lambda: not _rendering(w), 20)
    return not _rendering(w)


@pytest.fixture
def heavy(monkeypatch):
    monkeypatch.setattr(display, "HEAVY_VALUES", 1000, raising=False)


@pytest.mark.parametrize("mode", [1, 2])  # colour from wavelengths, band triplet
def test_a_large_cubes_colour_is_rendered_off_the_gui_thread_as_the_export_draws_it(window, heavy, monkeypatch,
                                                                                    mode):
    w = window
    threads = []
    for name in ("false_color", "band_triplet"):
        real = getattr(spectral_color, name)

        def record(*a, _real=real, **k):
            threads.append(threading.current_thread())
            return _real(*a, **k)

        monkeypatch.setattr(spectral_color, name, record)
    w.sequences.set_sequence(_seq())
    assert _settled(w)
    w.spectrum.mode.setCurrentIndex(mode)
    assert _settled(w)
    w.set_frame(3)
    assert _settled(w)
    assert threads and threading.main_thread() not in threads
    hsi = w.spectrum.view()
    assert hsi.mode == ("cie" if mode == 1 else "triplet")
    expected = display.render_rgb(CUBES[3], hsi=hsi)
    assert np.array_equal(_shown_image(w), expected)
    from workbench.gui.frame_export import Look

    cmap, stretch, band = w.sequences.display_params()
    assert np.array_equal(Look(cmap, stretch, band, hsi).rgb(w.sequence.frame(3)), _shown_image(w))


def test_the_band_mean_of_a_large_cube_too_and_one_band_at_once(window, heavy, monkeypatch):
    w = window
    threads = []
    real = display.to_displayable

    def record(*a, **k):
        threads.append(threading.current_thread())
        return real(*a, **k)

    monkeypatch.setattr(display, "to_displayable", record)
    w.sequences.set_sequence(_seq())
    assert w.spectrum.view().mode == "band" and w.band_spin.value() == -1
    assert _settled(w)
    assert threads and threading.main_thread() not in threads
    img = CUBES[w.frame_index].mean(axis=2, dtype=np.float32)
    np.testing.assert_allclose(_shown_image(w), img, rtol=1e-6)
    threads.clear()
    w.band_spin.setValue(5)  # one band: a view of the cube, shown at once
    assert not _rendering(w) and threading.main_thread() in threads
    assert np.array_equal(_shown_image(w), CUBES[w.frame_index][:, :, 5])


def test_requests_made_while_a_frame_renders_replace_each_other_and_late_images_are_dropped(window, heavy,
                                                                                          monkeypatch):
    w = window
    w.sequences.set_sequence(_seq())
    w.spectrum.mode.setCurrentIndex(1)
    assert _settled(w)
    for i in range(N):  # every frame read once (kept in the frame cache): only their images are made here
        w.set_frame(i)
        assert _settled(w)
    w.set_frame(0)
    assert _settled(w)
    gate, rendered = threading.Event(), []
    real = spectral_color.false_color

    def slow(c, *a, **k):
        rendered.append(next(i for i, x in enumerate(CUBES) if x is c or np.shares_memory(x, c)))
        assert gate.wait(20)
        return real(c, *a, **k)

    monkeypatch.setattr(spectral_color, "false_color", slow)
    before = _shown_image(w).copy()
    for i in (1, 2, 3, 4):  # scrubbing on while frame 1 renders: each step returns at once
        w.set_frame(i)
        assert w.frame_index == i
    spin(lambda: rendered == [1], 10)
    assert rendered == [1]
    assert np.array_equal(_shown_image(w), before)  # the earlier image stays meanwhile
    gate.set()
    assert _settled(w)
    assert rendered == [1, 4]  # 2 and 3 were replaced before they started
    assert np.array_equal(_shown_image(w), display.render_rgb(CUBES[4], hsi=w.spectrum.view()))

    # a render still going when a frame shown at once (one band) replaces it: its image is dropped
    gate.clear()
    rendered.clear()
    w.set_frame(5)
    spin(lambda: rendered == [5], 10)
    w.spectrum.mode.setCurrentIndex(0)
    w.band_spin.setValue(7)
    band7 = _shown_image(w).copy()
    assert np.array_equal(band7, CUBES[5][:, :, 7])
    gate.set()
    assert _settled(w)
    assert np.array_equal(_shown_image(w), band7)


def test_a_new_large_cube_shows_its_middle_band_at_once_and_drops_the_last_ones_render(window, heavy,
                                                                                     monkeypatch):
    w = window
    w.sequences.set_sequence(_seq("first"))
    w.spectrum.mode.setCurrentIndex(1)
    assert _settled(w)
    gate = threading.Event()
    real = spectral_color.false_color

    def slow(c, *a, **k):
        assert gate.wait(20)
        return real(c, *a, **k)

    monkeypatch.setattr(spectral_color, "false_color", slow)
    w.set_frame(2)
    assert _rendering(w)
    other = [np.ascontiguousarray(c[::2, ::2]) for c in CUBES]  # another size
    w.sequences.set_sequence(Sequence("second", ArrayFrames(N, lambda i: other[i]), "hsi",
                                      meta={"wavelengths": WL, "wavelength_units": "nm"}))
    assert w.sequence.name == "second"
    shown = _shown_image(w)
    assert shown.shape == (H // 2, W // 2) and np.array_equal(shown, other[0][:, :, B // 2])  # the middle band
    gate.set()
    assert _settled(w)
    assert np.array_equal(_shown_image(w), display.render_rgb(other[0], hsi=w.spectrum.view()))
