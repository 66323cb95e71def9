"""Hyperspectral video: X2Cube, HOT layouts, ENVI / HDF5 videos, writers and converter, the generator,
false colour (CIE 1931) and spectra."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.helpers import SHARED_DATA
from workbench.core import spectral_color as sc
from workbench.core.data import cube, hot, hsi_convert
from workbench.core.data import hsi_generate as gen
from workbench.core.data.detect import detect_layout, open_dataset, open_sequence
from workbench.core.errors import DataError

CIE = SHARED_DATA / "hsi" / "cie1931" / "cie1931"
JASPER = SHARED_DATA / "hsi" / "jasper_ridge" / "jasperRidge2_R198.hdr"


@pytest.fixture(scope="module")
def video():
    """A small generated video on the synthetic scene (always available)."""
    scene = gen.load_scene(None, 16, seed=3)
    return gen.make_video(scene, gen.VideoSpec(frames=12, width=96, height=64, seed=3, distractors=2))


# --- X2Cube -------------------------------------------------------------------------------
@pytest.mark.parametrize("n", [4, 5])
def test_x2cube_follows_the_formula_and_inverts(n):
    rng = np.random.default_rng(n)
    img = rng.integers(0, 65535, size=(n * 6, n * 9)).astype(np.uint16)
    c = hot.x2cube(img, n)
    assert c.shape == (6, 9, n * n) and c.dtype == np.uint16
    for i, j, k in [(0, 0, 0), (2, 3, n * n - 1), (5, 8, n + 1), (4, 1, 2)]:
        assert c[i, j, k] == img[n * i + k // n, n * j + k % n]
    np.testing.assert_array_equal(hot.cube2x(c, n), img)


def test_x2cube_crops_to_a_multiple():
    img = np.arange(17 * 22, dtype=np.uint16).reshape(17, 22)
    assert hot.x2cube(img, 4).shape == (4, 5, 16)


# --- HOT layouts --------------------------------------------------------------------------
def _write_hot(video, folder: Path, n=None, empty_band=None):
    frames = [video.frame(t) for t in range(len(video))]
    if n == 5:  # a 25-band camera: tile the 16 bands
        frames = [np.concatenate([f, f[:, :, :9]], axis=2) for f in frames]
    if empty_band is not None:
        frames = [np.delete(f, 15, axis=2) for f in frames]
    return hsi_convert.write_hot(folder, frames, video.groundtruth, false_color=n is None and empty_band is None,
                                 empty_band=empty_band), frames


def test_hot2020_round_trip_with_siblings(tmp_path, video):
    root, frames = _write_hot(video, tmp_path / "hot2020" / "car")
    (root / "RGB").mkdir()
    import cv2

    cv2.imwrite(str(root / "RGB" / "0001.jpg"), np.zeros((8, 8, 3), np.uint8))
    assert detect_layout(root) == "hot"
    s = open_sequence(root)
    assert s.name == "car" and s.modality == "hsi" and len(s) == len(video)
    for t in (0, 5, 11):
        np.testing.assert_array_equal(s.frame(t), frames[t])
    np.testing.assert_allclose(s.groundtruth, video.groundtruth, atol=0.006)
    assert s.meta["mosaic"] == 4 and len(s.meta["wavelengths"]) == 16
    assert set(s.meta["siblings"]) == {"false_color", "rgb"}
    fc = open_sequence(root / "HSI-FalseColor")  # the sibling opens as an RGB sequence with the same boxes
    assert fc.modality == "rgb" and fc.frame(0).shape == (64, 96, 3) and fc.groundtruth is not None


def test_hot2022_nested_layout_nir_and_rednir(tmp_path, video):
    root = tmp_path / "HOT2023" / "training"
    _, vis = _write_hot(video, root / "VIS" / "ball")
    _, nir = _write_hot(video, root / "NIR" / "kite", n=5)
    _, red = _write_hot(video, root / "RedNIR" / "bike", empty_band=7)
    (root / "notes.txt").parent.mkdir(parents=True, exist_ok=True)
    (root / "notes.txt").write_text("x")
    entries = {e.name: e for e in open_dataset(tmp_path / "HOT2023")}
    assert set(entries) == {"ball", "kite", "bike"} and all(e.layout == "hot" for e in entries.values())
    s = entries["kite"].open()
    assert s.meta["mosaic"] == 5 and s.frame(0).shape == (64, 96, 25)
    np.testing.assert_array_equal(s.frame(3), nir[3])
    r = entries["bike"].open()
    assert r.meta["kind"] == "rednir" and r.meta["dropped_band"] == 7 and r.frame(0).shape[2] == 15
    np.testing.assert_array_equal(r.frame(2), red[2])
    assert len(r.meta["wavelengths"]) == 15


def test_plain_16bit_folder_is_not_hot(tmp_path):
    import cv2

    d = tmp_path / "thermal_seq"
    d.mkdir()
    for i in range(2):
        cv2.imwrite(str(d / f"{i:04d}.png"), np.full((16, 16), 1000 + i, np.uint16))
    assert detect_layout(d) == "folder" and open_sequence(d).modality == "ir16"


def test_hot_errors_name_the_file(tmp_path, video):
    root, _ = _write_hot(video, tmp_path / "HSI-seq" / "s1")
    (root / "HSI" / "groundtruth_rect.txt").write_text("1 2 3 4\n5 6 7 8\n")
    (root / "HSI-FalseColor" / "groundtruth_rect.txt").unlink()
    with pytest.raises(DataError, match="2 boxes") as e:
        open_sequence(root)
    assert e.value.path.name == "groundtruth_rect.txt"
    (root / "HSI" / "groundtruth_rect.txt").unlink()
    import cv2

    s = open_sequence(root)
    assert s.groundtruth is None and s.frame(1).shape == (64, 96, 16)
    cv2.imwrite(str(root / "HSI" / "0003.png"), np.zeros((40, 40), np.uint16))  # a frame of another size
    with pytest.raises(DataError, match="frame 1 is 384x256") as e:  # after opening: when it is read
        s.frame(2)
    assert e.value.path.name == "0003.png"
    with pytest.raises(DataError, match=r"frame 1 \(0001.png\) is 384x256") as e:  # on opening
        open_sequence(root)
    assert e.value.path.name == "0003.png"


# --- ENVI and HDF5 videos -----------------------------------------------------------------
@pytest.mark.parametrize("interleave", ["bip", "bil", "bsq"])
def test_envi_video_round_trip(tmp_path, video, interleave):
    frames = [video.frame(t) for t in range(len(video))]
    hdr = hsi_convert.write_envi_video(tmp_path / "v.hdr", frames, video.wavelengths, video.groundtruth,
                                       interleave=interleave, scale_factor=10000)
    s = open_sequence(hdr)
    assert len(s) == len(frames) and s.meta["interleave"] == interleave and s.meta["scale_factor"] == 10000
    for t in (0, 7):
        np.testing.assert_array_equal(s.frame(t), frames[t])
    assert isinstance(s.frames._a, np.memmap) or np.shares_memory(s.frames._a, s.frames._a)
    np.testing.assert_allclose(s.groundtruth, video.groundtruth, atol=0.006)
    np.testing.assert_allclose(s.meta["wavelengths"], video.wavelengths)


def test_envi_frame_folder_and_mismatch(tmp_path, video):
    frames = [video.frame(t) for t in range(4)]
    d = hsi_convert.write_envi_frames(tmp_path / "seqA", frames, video.wavelengths, video.groundtruth[:4])
    assert detect_layout(d) == "cube"
    s = open_sequence(d)
    assert len(s) == 4 and s.name == "seqA"
    np.testing.assert_array_equal(s.frame(2), frames[2])
    other = tmp_path / "odd"
    hsi_convert.write_envi_frames(other, [frames[0], frames[1][:-2]])
    with pytest.raises(DataError, match="frame0001.hdr") as e:
        open_sequence(other)
    assert e.value.path.name == "frame0002.hdr"


def test_our_hdf5_layout(tmp_path, video):
    import h5py

    p = hsi_convert.write_h5(tmp_path / "v.h5", (video.frame(t) for t in range(len(video))), None,
                             video.wavelengths, video.groundtruth, name="walk", scale_factor=10000.0)
    with h5py.File(p) as f:
        assert f.attrs["format"] == hsi_convert.H5_FORMAT
        assert f["frames"].chunks == (1, 64, 96, 16) and f["frames"].shape == (12, 64, 96, 16)
        assert f["wavelengths"].attrs["units"] == "nm"
    s = open_sequence(p)
    assert s.name == "walk" and len(s) == 12 and s.meta["format_version"] == hsi_convert.H5_FORMAT
    np.testing.assert_array_equal(s.frame(9), video.frame(9))
    np.testing.assert_allclose(s.groundtruth, video.groundtruth)


def test_converter_round_trips_every_format(tmp_path, video):
    src = hsi_convert.write_h5(tmp_path / "src.h5", (video.frame(t) for t in range(len(video))), None,
                               video.wavelengths, video.groundtruth)
    hot_dir = hsi_convert.convert(src, tmp_path / "hot" / "seq", "hot")
    envi_hdr = hsi_convert.convert(hot_dir, tmp_path / "envi", "envi", interleave="bil")
    frames_dir = hsi_convert.convert(envi_hdr, tmp_path / "frames", "envi-frames")
    back = hsi_convert.convert(frames_dir, tmp_path / "back.h5", "h5")
    a, b = open_sequence(src), open_sequence(back)
    assert len(a) == len(b)
    for t in range(len(a)):
        np.testing.assert_array_equal(a.frame(t), b.frame(t))
    np.testing.assert_allclose(a.groundtruth, b.groundtruth, atol=0.006)
    np.testing.assert_allclose(b.meta["wavelengths"], hot.WAVELENGTHS["vis"])
    with pytest.raises(DataError, match="unknown format"):
        hsi_convert.convert(src, tmp_path / "x", "tiff")


def test_convert_to_h5_without_suffix_writes_into_a_folder(tmp_path, video):
    """`workbench generate hsi-convert SRC --out DST --format h5` with a DST that has no HDF5 suffix wrote
    an HDF5 file named DST that no reader opens ('no sequences found'); like ENVI, DST is then a folder."""
    from workbench.cli import main

    src = hsi_convert.write_h5(tmp_path / "src.h5", (video.frame(t) for t in range(len(video))), None,
                               video.wavelengths, video.groundtruth, name="walk")
    assert main(["generate", "hsi-convert", str(src), "--out", str(tmp_path / "conv"), "--format", "h5"]) == 0
    out = tmp_path / "conv" / "walk.h5"
    assert out.is_file()
    s = open_sequence(out)
    assert s.name == "walk" and len(s) == len(video) and s.modality == "hsi"
    np.testing.assert_array_equal(s.frame(3), video.frame(3))
    # a DST with an HDF5 suffix is still the file itself
    assert hsi_convert.convert(src, tmp_path / "copy.hdf5", "h5") == tmp_path / "copy.hdf5"


def _touched():
    """Pages faulted in and bytes read by this process so far (what opening a file costs, not timed)."""
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    rchar = 0
    with open("/proc/self/io") as f:
        for line in f:
            if line.startswith("rchar"):
                rchar = int(line.split()[1])
    return r.ru_minflt + r.ru_majflt, rchar


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="needs Linux /proc/self/io to count bytes read")
def test_large_files_open_at_once(tmp_path):
    """A 10 GB ENVI video (sparse file) and a 10 GB HDF5 video (unallocated chunks) open and give a frame
    while touching a sliver of the file: counted in page faults and bytes read, not in seconds. Here one
    frame costs ~350 faults (the kernel maps file pages in groups), 20 frames ~1 150, the whole file > 150 000."""
    import h5py

    T, H, W, B = 1220, 512, 512, 16  # 1220 x 8 MiB = 10.2 GB
    frame_bytes = H * W * B * 2
    budget_pages, budget_bytes = 4096, 2 * frame_bytes
    small = tmp_path / "small.hdr"  # the readers' imports are paid here, not in the counts below
    small.write_text(hsi_convert.envi_header_text(4 * 8, 8, 3, np.uint16, "bip", frames=4))
    (tmp_path / "small.img").write_bytes(b"\0" * (4 * 8 * 8 * 3 * 2))
    open_sequence(small).frame(1)
    hdr = tmp_path / "big.hdr"
    hdr.write_text(hsi_convert.envi_header_text(T * H, W, B, np.uint16, "bip", frames=T))
    with open(tmp_path / "big.img", "wb") as f:
        f.truncate(T * H * W * B * 2)
    pages0, read0 = _touched()
    s = open_sequence(hdr)
    f500 = np.array(s.frame(500))
    pages, read = _touched()
    assert len(s) == T and f500.shape == (H, W, B) and not f500.any()
    assert pages - pages0 < budget_pages and read - read0 < budget_bytes, (pages - pages0, read - read0)
    with h5py.File(tmp_path / "big.h5", "w") as f:
        f.create_dataset("frames", shape=(T, H, W, B), dtype=np.uint16, chunks=(1, H, W, B))
    pages0, read0 = _touched()
    s = open_sequence(tmp_path / "big.h5")
    f1000 = np.array(s.frame(1000))
    pages, read = _touched()
    assert len(s) == T and f1000.shape == (H, W, B)
    assert pages - pages0 < budget_pages and read - read0 < budget_bytes, (pages - pages0, read - read0)


def test_envi_frames_field_must_divide_lines(tmp_path):
    hdr = tmp_path / "bad.hdr"
    hdr.write_text(hsi_convert.envi_header_text(10, 4, 3, np.uint16, "bip", frames=3))
    (tmp_path / "bad.img").write_bytes(b"\0" * (10 * 4 * 3 * 2))
    with pytest.raises(DataError, match="frames = 3"):
        cube.open(hdr)


# --- generator ----------------------------------------------------------------------------
def test_distractors_share_false_colour_not_spectrum(video):
    m = video.meta
    assert m["distractors"] == 2
    assert max(m["false_colour_difference"]) < 1e-9 and max(m["group_colour_difference"]) < 1e-9
    assert min(m["spectral_difference"]) > 0.2
    t = np.asarray(m["target_spectrum"])
    for d in m["distractor_spectra"]:
        assert np.all(np.asarray(d) > 0) and np.linalg.norm(np.asarray(d) - t) > 0.1 * np.linalg.norm(t)


def test_generator_is_deterministic_and_boxes_fit(video):
    again = gen.make_video(video.scene, video.spec)
    np.testing.assert_array_equal(again.frame(4), video.frame(4))
    gt = video.groundtruth
    assert gt.shape == (12, 4) and np.all(gt[:, 2:] > 5)
    assert np.all(gt[:, 0] + gt[:, 2] / 2 < 96) and np.all(gt[:, 1] + gt[:, 3] / 2 < 64)
    # the target's own spectrum is at its centre
    f = video.frame_reflectance(6)
    cx, cy = (gt[6, :2] + gt[6, 2:] / 2).astype(int)
    ratio = f[cy, cx] / np.asarray(video.meta["target_spectrum"])
    assert np.std(ratio) / np.mean(ratio) < 0.1


@pytest.mark.parametrize("fmt", ["hot", "envi", "h5"])
def test_generate_command_writes_each_format(tmp_path, fmt, capsys):
    from workbench.core.data.hsi_generate import generate_command

    out = tmp_path / fmt
    assert generate_command(["hsi-video", "--synthetic-scene", "--frames", "5", "--format", fmt, "--out", str(out),
                             "--size", "64x48"]) == 0
    entries = open_dataset(out)
    assert len(entries) == 1
    s = entries[0].open()
    assert len(s) == 5 and s.frame(4).shape == (48, 64, 16) and s.groundtruth.shape == (5, 4)
    assert "wrote" in capsys.readouterr().out


def test_generate_command_with_more_bands_than_opencv_takes(tmp_path, capsys):
    """--bands over OpenCV's channel limit (128 in OpenCV 5; --bands 198 to keep every Jasper Ridge
    band): the scene is enlarged in groups of bands, not a cv2.error traceback ('invalid count')."""
    from workbench.core.data.hsi_generate import generate_command

    out = tmp_path / "many"
    assert generate_command(["hsi-video", "--synthetic-scene", "--frames", "2", "--format", "h5", "--out", str(out),
                             "--size", "40x32", "--bands", "150"]) == 0
    s = open_dataset(out)[0].open()
    f = s.frame(1)
    assert len(s) == 2 and f.shape == (32, 40, 150) and f.std(axis=(0, 1)).min() > 0


def test_generate_command_refuses_an_unwritable_out_before_the_work(tmp_path, monkeypatch):
    """--out that cannot be written: the commands' one line ("--out X: cannot write here"), not h5py's
    long message about a hidden .part file after the frames were made."""
    import errno

    from workbench.core import results
    from workbench.core.data import hsi_generate
    from workbench.core.errors import WorkbenchError

    def refuse(*a, **k):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "ro"))

    monkeypatch.setattr(results.tempfile, "mkstemp", refuse)
    monkeypatch.setattr(hsi_generate, "make_video", lambda *a, **k: pytest.fail("made a video first"))
    with pytest.raises(WorkbenchError, match=r"^--out .*ro: cannot write here: Permission denied$"):
        hsi_generate.generate_command(["hsi-video", "--synthetic-scene", "--frames", "3", "--out", str(tmp_path / "ro")])
    (tmp_path / "afile").write_text("x")
    with pytest.raises(WorkbenchError, match="--out .*afile: is a file"):
        hsi_generate.generate_command(["hsi-video", "--synthetic-scene", "--frames", "3", "--out", str(tmp_path / "afile")])


def test_generate_from_real_cube(tmp_path):
    if not JASPER.exists():
        pytest.skip(f"real cube not present at {JASPER}")
    scene = gen.load_scene(JASPER, 16)
    assert scene.data.shape == (100, 100, 16) and 0 < scene.data.mean() < 1
    # the resampled scene matches the source band nearest each camera wavelength (Jasper: ~10 nm bands)
    src = open_sequence(JASPER)
    wl = src.meta["wavelengths"]
    k = int(np.argmin(np.abs(wl - 554)))
    b = list(scene.wavelengths).index(554)
    np.testing.assert_allclose(scene.data[..., b], src.frame(0)[..., k] / 10000.0, atol=0.02)
    v = gen.make_video(scene, gen.VideoSpec(frames=3, width=64, height=48))
    assert v.frame(2).dtype == np.uint16


# --- false colour and spectra -------------------------------------------------------------
def test_cie_approximation_against_the_table():
    if not CIE.exists():
        pytest.skip(f"CIE 1931 table not present at {CIE}")
    tab = np.loadtxt(CIE)
    ours = sc.cie_cmf(tab[:, 0])
    err = np.abs(ours - tab[:, 1:4])
    assert err.max() < 0.06, err.max()  # Wyman et al. report errors of this order for the multi-lobe fit
    assert np.abs(ours - tab[:, 1:4]).mean() < 0.01
    assert abs(tab[np.argmax(ours[:, 1]), 0] - 555) <= 5  # y-bar peaks at 555 nm


def test_cie_shape_without_the_table():
    cmf = sc.cie_cmf([445, 555, 600, 800])
    assert cmf[0, 2] > 1.7 and cmf[1, 1] == pytest.approx(1.0, abs=0.02) and cmf[2, 0] == pytest.approx(1.06, abs=0.02)
    assert np.all(cmf[3] < 1e-3)


def test_false_colour_hues_and_white_balance():
    wl = np.linspace(420, 680, 27)
    w, note = sc.cie_weights(wl)
    assert note == "CIE 1931"
    np.testing.assert_allclose(np.ones(27) @ w, [1, 1, 1], atol=1e-9)  # flat spectrum -> grey
    red = np.exp(-0.5 * ((wl - 640) / 15) ** 2)
    blue = np.exp(-0.5 * ((wl - 450) / 15) ** 2)
    cube_ = np.zeros((4, 4, 27))
    cube_[:2] = red
    cube_[2:] = blue
    rgb = sc.false_color(cube_, wl, low=0, high=100)
    assert rgb.dtype == np.uint8 and rgb.shape == (4, 4, 3)
    assert rgb[0, 0, 0] > rgb[0, 0, 2] + 100 and rgb[3, 3, 2] > rgb[3, 3, 0] + 100
    nir, note = sc.cie_weights(hot.WAVELENGTHS["nir"])
    assert "stretched" in note and np.all(np.isfinite(nir))
    assert sc.cie_weights([0.5, 0.6, 0.7])[1] == "CIE 1931"  # micrometres converted


def test_band_triplet_stretch_and_spectra():
    rng = np.random.default_rng(0)
    c = rng.integers(0, 100, (20, 30, 5)).astype(np.uint16)
    c[:, :, 4] *= 50
    img = sc.band_triplet(c, (4, 2, 0), low=0, high=100)
    assert img.shape == (20, 30, 3) and img[..., 0].max() == 255 and img[..., 2].max() == 255  # per band
    with pytest.raises(ValueError):
        sc.band_triplet(c, (0, 1, 9))
    assert sc.default_triplet(hot.WAVELENGTHS["vis"]) == (3, 6, 2)  # 647, 554, 470 nm in mosaic order
    assert sc.default_triplet(None, 10) == (9, 5, 0)
    np.testing.assert_array_equal(sc.spectrum_at(c, 3, 7), c[7, 3])
    np.testing.assert_allclose(sc.mean_spectrum(c, (2, 3, 4, 5)), c[3:8, 2:6].reshape(-1, 5).mean(0))
    assert sc.mean_spectrum(c, (100, 100, 4, 4)) is None


def test_finite_frames_fast_path_keeps_large_values_and_still_repairs_nan():
    """The one-pass sum check: a frame of huge finite values (its sum overflows) passes untouched and silent;
    one NaN or inf is still found and repaired with a warning."""
    import warnings

    from workbench.core.data.cube import FiniteFrames

    fix = FiniteFrames("cube.h5")
    big = np.full((4, 5, 3), 3e38, np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert fix(big, 0) is big
    for bad in (np.nan, np.inf, -np.inf):
        f = np.ones((4, 5, 3), np.float32)
        f[1, 2, 0] = bad
        with pytest.warns(UserWarning, match="frame 1"):
            out = FiniteFrames("cube.h5")(f, 1)
        assert np.isfinite(out).all() and out[1, 2, 0] == 1.0


def test_one_frame_envi_video_reads_as_one_hxwxb_frame(tmp_path):
    """`frames = 1` in our video header: the frame was read as (1, H, W, B) and no groundtruth was looked for."""
    from workbench.core.data.detect import open_sequence

    v = np.random.default_rng(0).random((8, 6, 10)).astype(np.float32)
    hsi_convert.write_envi_video(tmp_path / "v.hdr", [v], groundtruth=np.array([[1.0, 1.0, 3.0, 3.0]]))
    s = open_sequence(tmp_path / "v.hdr")
    assert len(s) == 1 and s.frame(0).shape == (8, 6, 10)
    np.testing.assert_array_equal(s.frame(0), v)
    assert s.groundtruth is not None and s.groundtruth.shape == (1, 4)
