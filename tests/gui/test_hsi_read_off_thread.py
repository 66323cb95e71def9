"""A large cube's frame that was never read (0.1-0.2 s for a 1024x1024x198 float32 frame of an ENVI file,
up to a second from HDF5) is read on the render worker, not in the frame step: the slider and the
counter move at once, the image on screen stays until the frame is read (and rendered), a scrub reads
only the frame it ends on (plus the one being read when it began), and what needs the raw frame (the
Spectrum dock's spectra, a run started from this frame, the frame export) gets the new frame's.

The cubes here are small; ``display.HEAVY_VALUES`` is lowered so that they count as large."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from workbench.core import spectral_color
from workbench.core.data.sequence import Sequence
from workbench.core.registry import Plugin
from workbench.gui import display

from tests.gui.conftest import FakeConfig, FakeTracker, make_registry, spin

N, H, W, B = 6, 30, 44, 20
WL = np.linspace(420.0, 680.0, B)
CUBES = [np.random.default_rng(i).random((H, W, B), dtype=np.float32) * (1 + i) for i in range(N)]


class Source:
    """Frames that record which thread read which frame; while ``gate`` is clear a worker's read waits
    for it (a read on the GUI thread never waits: the old code read there, and must fail, not hang)."""

    def __init__(self, cubes=CUBES, bad: int | None = None):
        self.cubes, self.bad = cubes, bad
        self.reads: list[tuple[int, threading.Thread]] = []
        self.gate = threading.Event()
        self.gate.set()
        self.counted = 0  # times asked its length

    def __len__(self) -> int:
        self.counted += 1
        return len(self.cubes)

    def read(self, i: int) -> np.ndarray:
        me = threading.current_thread()
        self.reads.append((i, me))
        if me is not threading.main_thread():
            assert self.gate.wait(20)
        if i == self.bad:
            raise OSError(f"frame {i}: damaged")
        return self.cubes[i]

    def read_on_gui_thread(self) -> list[int]:
        return [i for i, t in self.reads if t is threading.main_thread()]

    def worker_reads(self) -> list[int]:
        return [i for i, t in self.reads if t is not threading.main_thread()]


class HsiTracker(FakeTracker):
    modalities = ("hsi",)
    first_frames: list = []

    def initialize(self, frame, box):
        HsiTracker.first_frames.append(frame)
        super().initialize(frame, box)


@pytest.fixture
def registry():
    reg = make_registry()
    reg.add(Plugin("fake_hsi", "tracker", lambda cfg, device: HsiTracker("fake_hsi", cfg), title="Fake HSI",
                   config=FakeConfig))
    return reg


@pytest.fixture
def heavy(monkeypatch):
    monkeypatch.setattr(display, "HEAVY_VALUES", 1000, raising=False)


@pytest.fixture
def source():
    s = Source()
    yield s
    s.gate.set()  # a read still waiting ends before the window goes


def _open(w, source, name="cube"):
    w.sequences.set_sequence(Sequence(name, source, "hsi", meta={"wavelengths": WL, "wavelength_units": "nm"}))
    assert _settled(w)
    source.reads.clear()


def _busy(w) -> bool:
    return w.sequences.rendering()


def _settled(w) -> bool:
    spin(lambda: not _busy(w), 20)
    return not _busy(w)


def _image(w) -> np.ndarray:
    return np.asarray(w.view.image.image)


def test_an_unread_frame_of_a_large_cube_is_read_on_a_worker_and_a_read_one_shown_at_once(window, heavy, source):
    w = window
    _open(w, source)
    w.band_spin.setValue(5)  # one band: shown at once once the frame is here
    assert np.array_equal(_image(w), CUBES[0][:, :, 5])
    source.gate.clear()
    w.set_frame(3)
    # the step is made at once: the slider, the counter; the image on screen stays until frame 3 is read
    assert w.frame_index == 3 and w.slider.value() == 3 and w.counter.text().startswith("4 /")
    assert w._raw is None and np.array_equal(_image(w), CUBES[0][:, :, 5])
    source.gate.set()
    assert _settled(w)
    assert source.read_on_gui_thread() == [] and source.worker_reads() == [3]
    assert w._raw is CUBES[3] and np.array_equal(_image(w), CUBES[3][:, :, 5])
    # a frame read before is shown at once, read from the cache
    w.set_frame(0)
    assert not _busy(w) and w._raw is CUBES[0] and np.array_equal(_image(w), CUBES[0][:, :, 5])
    assert source.worker_reads() == [3] and source.read_on_gui_thread() == []
    # the band mean (rendered on the worker too): the frame read, then its image made
    w.band_spin.setValue(-1)
    assert _settled(w)
    w.set_frame(4)
    assert _settled(w)
    assert source.read_on_gui_thread() == [] and source.worker_reads() == [3, 4]
    np.testing.assert_allclose(_image(w), CUBES[4].mean(axis=2, dtype=np.float32), rtol=1e-6)


def test_a_scrub_reads_the_frame_it_ends_on_not_those_it_passed(window, heavy, source):
    w = window
    _open(w, source)
    w.spectrum.mode.setCurrentIndex(1)  # colour from the wavelengths
    assert _settled(w)
    before = _image(w).copy()
    source.gate.clear()
    for i in (1, 2, 3, 4):  # scrubbing on while frame 1 is read: each step returns at once
        w.set_frame(i)
        assert w.frame_index == i and w.slider.value() == i
    spin(lambda: source.worker_reads() == [1], 10)
    assert source.worker_reads() == [1] and source.read_on_gui_thread() == []
    assert np.array_equal(_image(w), before)
    source.gate.set()
    assert _settled(w)
    assert source.worker_reads() == [1, 4]  # 2 and 3 were passed before their read began: never read
    assert w._raw is CUBES[4]
    assert np.array_equal(_image(w), display.render_rgb(CUBES[4], hsi=w.spectrum.view()))
    # the frame read on the way is kept: going back to it reads nothing
    w.set_frame(1)
    assert _settled(w)
    assert source.worker_reads() == [1, 4] and w._raw is CUBES[1]
    assert np.array_equal(_image(w), display.render_rgb(CUBES[1], hsi=w.spectrum.view()))


def test_the_frame_count_is_not_asked_of_the_reader_while_it_reads(window, heavy, source):
    """h5py answers an HDF5 cube's shape (its frame count) under the lock it holds through a whole read:
    each ``len(seq)`` of a frame step (the counter, the timeline, the overlays) waited for the frame the
    worker was reading (0.4-2 s for 1024x1024x198)."""
    w = window
    _open(w, source)
    source.counted = 0
    source.gate.clear()
    for i in (1, 2, 3):
        w.set_frame(i)
    assert w.n_frames == N and w.counter.text() == f"4 / {N}"
    source.gate.set()
    assert _settled(w)
    assert source.counted == 0


def test_the_display_changed_while_a_frame_is_read_shows_it_as_it_is_then(window, heavy, source):
    w = window
    _open(w, source)
    source.gate.clear()
    w.set_frame(2)
    w.band_spin.setValue(7)  # while frame 2 is read
    assert w.frame_index == 2 and w._raw is None
    source.gate.set()
    assert _settled(w)
    assert np.array_equal(_image(w), CUBES[2][:, :, 7])


def test_the_spectrum_dock_plots_the_new_frames_spectra_once_it_is_read(window, heavy, source):
    w = window
    _open(w, source)
    box = (5.0, 4.0, 12.0, 9.0)
    w.sequences.set_init(box)  # the drawn box: its mean spectrum is plotted
    w.spectrum.set_pixel(7.5, 11.5)
    got = w.spectrum.spectra()
    assert np.allclose(got["pixel"], CUBES[0][11, 7]) and np.allclose(got["box"],
                                                                     spectral_color.mean_spectrum(CUBES[0], box))
    source.gate.clear()
    w.set_frame(2)
    assert w._raw is None
    source.gate.set()
    assert _settled(w)
    spin(lambda: np.allclose(w.spectrum.spectra()["pixel"], CUBES[2][11, 7]), 5)
    got = w.spectrum.spectra()
    assert np.allclose(got["pixel"], CUBES[2][11, 7])
    assert np.allclose(got["box"], spectral_color.mean_spectrum(CUBES[2], box))
    assert "frame 3" in w.spectrum.info.text()
    assert source.read_on_gui_thread() == []


def test_a_run_started_right_after_a_step_starts_on_that_frame(window, heavy, source, messages):
    w = window
    _open(w, source)
    HsiTracker.first_frames.clear()
    source.gate.clear()
    w.set_frame(3)  # still being read when the run starts
    box = (6.0, 5.0, 10.0, 8.0)
    w.sequences.set_init(box)  # drawn on frame 3: the start frame
    assert w.start_frame == 3
    assert w.tracking.run(["fake_hsi"]), messages
    source.gate.set()
    assert w.wait_for_run(30)
    assert len(HsiTracker.first_frames) == 1 and np.array_equal(HsiTracker.first_frames[0], CUBES[3])
    run = next(iter(w.tracking.live.values()))
    assert np.allclose(run.boxes[3], box) and not np.isfinite(np.asarray(run.boxes[2], float)).all()
    assert source.read_on_gui_thread() == []


def test_the_frame_export_draws_the_frame_on_screen_even_while_it_is_read(window, heavy, source, monkeypatch):
    w = window
    _open(w, source)
    w.spectrum.mode.setCurrentIndex(1)
    assert _settled(w)
    from workbench.gui import frame_export

    drawn = []
    real = frame_export.compose
    monkeypatch.setattr(frame_export, "compose", lambda rgb, *a, **k: drawn.append(rgb) or real(rgb, *a, **k))
    source.gate.clear()
    w.set_frame(2)
    # the worker's read of frame 2 holds the window's frame lock until the gate opens; the export needs
    # frame 2 now and waits for that read (it waited out the gate's 20 s timeout when nothing opened it)
    threading.Timer(0.3, source.gate.set).start()
    w.exporter.render_frame()  # needs frame 2 now: read here
    assert w._raw is CUBES[2]
    cmap, stretch, band = w.sequences.display_params()
    assert np.array_equal(drawn[0], frame_export.Look(cmap, stretch, band, w.spectrum.view()).rgb(CUBES[2]))
    source.gate.set()
    assert _settled(w)
    assert w.frame_index == 2 and w._raw is CUBES[2]
    assert np.array_equal(_image(w), display.render_rgb(CUBES[2], hsi=w.spectrum.view()))


def test_a_damaged_frame_read_on_the_worker_is_told_and_the_last_frame_stays(window, heavy, messages):
    w = window
    source = Source(bad=4)
    _open(w, source)
    w.band_spin.setValue(5)
    w.set_frame(2)
    assert _settled(w)
    w.set_frame(4)
    assert _settled(w)
    assert [m[1] for m in messages] == ["Cannot read frame"] and "frame 5" in messages[0][2]
    assert w.frame_index == 2 and w.slider.value() == 2 and w._raw is CUBES[2]
    assert np.array_equal(_image(w), CUBES[2][:, :, 5])


def test_a_frame_still_read_when_another_sequence_opens_is_dropped(window, heavy, source):
    w = window
    _open(w, source)
    source.gate.clear()
    w.set_frame(2)
    other = Source([np.ascontiguousarray(c[::2, ::2]) for c in CUBES])
    w.sequences.set_sequence(Sequence("other", other, "hsi", meta={"wavelengths": WL, "wavelength_units": "nm"}))
    source.gate.set()
    assert _settled(w)
    assert w.sequence.name == "other" and w.frame_index == 0 and w._raw is other.cubes[0]
    assert not w.cache.has(2)
    assert _image(w).shape[:2] == (H // 2, W // 2)


def test_small_cubes_are_read_in_the_step_as_before(window, source):
    w = window
    _open(w, source)  # HEAVY_VALUES as shipped: these cubes are small
    w.set_frame(3)
    assert w._raw is CUBES[3] and source.read_on_gui_thread() == [3] and not _busy(w)
