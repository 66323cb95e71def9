"""HA-Net takes a cube's bands by wavelength when the cube gives them: reordered when they are the
network's centres in another order, averaged / interpolated over each network band's range otherwise,
by index (said once) without wavelengths; the shipped weights' results on their own layout unchanged."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.boxes import Box
from workbench.core.data import hsi_generate as gen
from workbench.core.errors import DataWarning

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def video():
    scene = gen.load_scene(None, 16, seed=5)
    return gen.make_video(scene, gen.VideoSpec(frames=6, width=128, height=96, seed=5))


@pytest.fixture(scope="module")
def shipped():
    from workbench_hanet.config import default_weights
    from workbench_hanet.tracker import load_model

    return load_model(default_weights())


def _tracker(model):
    from workbench_hanet.config import HANetConfig
    from workbench_hanet.tracker import HANetTracker

    return HANetTracker(HANetConfig(weights=""), "cpu", model=model, use_hsi=True)


def _boxes(t, frames, box):
    t.initialize(frames[0], box)
    return np.array([list(t.track(f).box) for f in frames[1:]])


class _Seq:
    def __init__(self, wl, units="nm"):
        self.meta = {"wavelengths": wl, "wavelength_units": units}


def test_shipped_weights_on_their_own_layout_are_unchanged_and_a_reordered_cube_is_put_back(video, shipped,
                                                                                             recwarn):
    """A video with the network's own wavelengths (HOT's mosaic order) tracks bit for bit as the index
    path did; the same video with its bands sorted by wavelength (as ENVI / HDF5 products store them)
    was fed to the network in the wrong order; now it is put back and tracks as the original."""
    from workbench_hanet.crops import network_wavelengths

    wl = network_wavelengths(16)
    frames = [video.frame(i) for i in range(len(video))]
    box = Box(*video.groundtruth[0])
    plain = _tracker(shipped)
    ref = _boxes(plain, frames, box)
    same = _tracker(shipped)
    same.use_sequence(_Seq(wl))
    np.testing.assert_array_equal(_boxes(same, frames, box), ref)
    assert same._band_map.kind == "same" and same.band_note is None
    order = np.argsort(wl)
    sorted_frames = [f[:, :, order] for f in frames]
    idx = _tracker(shipped)
    moved = _boxes(idx, sorted_frames, box)  # by index: the network sees its bands scrambled
    back = _tracker(shipped)
    back.use_sequence(_Seq(wl[order] / 1000.0, "micrometers"))
    np.testing.assert_array_equal(_boxes(back, sorted_frames, box), ref)
    assert back._band_map.kind == "select" and "another order" in back.band_note
    assert not np.array_equal(moved, ref)
    assert not [w for w in recwarn if issubclass(w.category, DataWarning)]


def test_fine_and_coarse_cubes_resample_by_wavelength_in_any_order_and_unit():
    """A spectrum linear in wavelength reads, in each network band, its value at the band centre: from a
    1-nm cube (averaged over the band) as from a 40-nm one (interpolated), descending wavelengths in um."""
    from workbench_hanet.crops import band_map, network_wavelengths

    target = network_wavelengths(16)
    for wl in (np.arange(400.0, 721.0, 1.0), np.arange(380.0, 741.0, 40.0)):
        spec = 0.1 + 0.001 * (wl - 400)
        c = np.broadcast_to(spec.astype(np.float32), (3, 4, len(wl)))
        m = band_map(len(wl), 16, wl[::-1] / 1000, "um", name="hanet")
        assert m.kind == "matrix" and not m.warn and "by wavelength" in m.note
        out = m(np.ascontiguousarray(c[:, :, ::-1]))
        assert out.shape == (3, 4, 16) and out.dtype == np.float32
        np.testing.assert_allclose(out[1, 2], 0.1 + 0.001 * (target - 400), atol=1e-5)


def test_cubes_that_do_not_cover_the_network_bands_are_named(video, recwarn):
    """A cube from 500 nm: the network's 470-491 nm bands lie outside it (named, the nearest end's values);
    an NIR cube (673-945 nm) covers none: by index, said once; no wavelengths and another band count: by
    index, said once (the reason given)."""
    from workbench_hanet.crops import band_map

    m = band_map(41, 16, np.linspace(500, 900, 41))
    assert m.kind == "matrix" and m.warn and "470, 481, 491 nm lie outside" in m.note
    nir = gen.camera_wavelengths(25)
    m = band_map(25, 16, nir)
    assert m.kind == "index" and m.warn and "none of the weights' 16 bands" in m.note
    from workbench_hanet.model import HANet

    t = _tracker(HANet(16))
    f25 = np.concatenate([video.frame(0), video.frame(0)[:, :, :9]], axis=2)
    box = Box(*video.groundtruth[0])
    with pytest.warns(DataWarning, match="gives no wavelengths: bands are resampled by index"):
        t.initialize(f25, box)
    recwarn.clear()
    t.initialize(f25, box)  # said once per tracker
    assert not [w for w in recwarn if issubclass(w.category, DataWarning)]
    t.use_sequence(_Seq(nir))
    with pytest.warns(DataWarning, match="none of the weights"):
        t.initialize(f25, box)
    assert np.isfinite(t.track(f25).box.w)


def test_input_scale_is_taken_from_the_bands_the_network_sees(video):
    """A 400-1000 nm cube dark in the visible (0.05) and bright in the NIR (0.5): the network's 16 VIS
    bands were scaled by the whole cube's 99th percentile, ten times darker than it was trained on."""
    from workbench_hanet.model import HANet

    wl = np.arange(400.0, 1001.0, 10.0)
    spec = np.where(wl < 700, 0.05, 0.5).astype(np.float32)
    f = np.ascontiguousarray(np.broadcast_to(spec, (96, 128, len(wl)))) * (1 + 0.01 * np.random.default_rng(0)
                                                                         .random((96, 128, 1), np.float32))
    t = _tracker(HANet(16))
    t.use_sequence(_Seq(wl))
    t.initialize(f, Box(40, 30, 20, 16))
    assert t._band_map.kind == "matrix" and t._scale == pytest.approx(0.05, rel=0.05)


def test_the_tracking_loops_hand_the_sequence_to_the_tracker(video, shipped):
    """The CLI, the window and the benchmarks track through ``iter_track`` / ``iter_track_supervised``:
    they call ``use_sequence`` before ``initialize``, so a cube's wavelengths reach HA-Net there too (without
    it a wavelength-sorted cube was fed by index, scrambled)."""
    from workbench.core.data.sequence import ArrayFrames, Sequence
    from workbench.core.loops import iter_track, iter_track_supervised
    from workbench_hanet.crops import network_wavelengths

    wl = network_wavelengths(16)
    order = np.argsort(wl)
    sorted_video = Sequence("sorted", ArrayFrames(len(video), lambda i: video.frame(i)[:, :, order]), "hsi",
                            video.groundtruth, meta={"wavelengths": wl[order], "wavelength_units": "nm"})
    t = _tracker(shipped)
    list(iter_track(t, sorted_video))
    assert t._band_map is not None and t._band_map.kind == "select", t.band_note
    made = []

    def factory():
        made.append(_tracker(shipped))
        return made[-1]

    next(iter_track_supervised(factory, sorted_video))
    assert made and made[0]._band_map.kind == "select"

