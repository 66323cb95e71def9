"""The Spectrum dock for hyperspectral sequences: how the cube is shown (one band with a band slider,
true / false colour from the wavelengths by CIE 1931, or a band triplet), and a plot of the spectrum
of the clicked pixel and the mean spectrum inside the box (the first tracker's box on this frame, else
the drawn box, else the groundtruth), against wavelength when the file gives wavelengths (bands in
mosaic order are sorted for the plot), else against band index. *Export CSV…* writes what the plot shows (each
band's index from 0 and wavelength, the pixel's values and the box's mean) to a CSV file.
"""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPushButton, QSlider, QSpinBox,
                               QVBoxLayout, QWidget)

from workbench.core import spectral_color
from workbench.gui import display, style
from workbench.gui.inspector import InspectorDock
from workbench.gui.widgets import export_csv, tip_with_reason

#: the plot is redrawn at most this often (s), the last change always drawn: following a run or a
#: scrub it was redrawn with every frame, 5-15 ms each at 485 x 544, and several of those fell in one
#: event-loop pass with the frame view's and the timeline's (HA-Net run: 0.09-0.11 s stalls)
PLOT_INTERVAL_S = 0.2

WAVENUMBER_UNIT = "cm\u207b\u00b9"  # cm⁻¹: the unit of a cube of wavenumbers (``_wavenumbers``)
#: what the dock's band numbers count from, said where they are shown
FROM_0 = ("Bands are numbered from 0 here. An ENVI header's 'default bands' and GDAL count from 1: "
          "their band 32 is band 31 here.")
MODES = {"Band (slider) / mean": "band", "Colour from wavelengths (CIE 1931)": "cie", "Band triplet (R, G, B)": "triplet"}


RANGE_PIXELS = 65536  # the pixels (all their bands) a new cube's value range is taken from


def gap_connect(x: np.ndarray) -> np.ndarray:
    """Which neighbouring points of a spectrum the line joins: not across a gap of removed bands (a step
    over 3x the median step, e.g. AVIRIS's water-absorption bands), which a straight line would invent."""
    x = np.asarray(x, float)
    conn = np.ones(len(x), bool)
    if len(x) > 2:
        step = np.diff(x)
        med = float(np.median(step))
        conn[:-1] = ~(step > 3 * med) if med > 0 else True
    return conn


def value_range(frame) -> tuple[float, float]:
    """(min, max) of a cube's values over a grid of about ``RANGE_PIXELS`` pixels, every band, NaN and
    inf left out; (0, 1) with no finite value. The axes' first range, not a statistic: the whole cube
    as float64 took 5 s on the GUI thread for an 800x800x198 ENVI cube (1 GB; its BIL layout made
    even the copy slow), the grid takes milliseconds. The grid is walked in the cube's memory order
    (an ENVI cube is a view of its file: BIL lines of bands of samples, BSQ bands, BIP pixels): the
    finite values gathered pixel by pixel, band by band, from a BIL view took 0.1-0.2 s of a
    1024x1024x198 float32 cube. Opening a cube takes it on the opener's worker
    (``controllers.sequence.with_first_frame``)."""
    f = np.asarray(frame)
    step = max(1, int(np.ceil(np.sqrt(f.shape[0] * f.shape[1] / RANGE_PIXELS))))
    sub = f[::step, ::step]
    if sub.size == 0:
        return 0.0, 1.0
    sub = sub.transpose(np.argsort([-abs(s) for s in sub.strides], kind="stable"))  # a view, memory order
    lo, hi = sub.min(), sub.max()
    if np.issubdtype(sub.dtype, np.floating) and not (np.isfinite(lo) and np.isfinite(hi)):
        sub = sub[np.isfinite(sub)]  # a NaN or inf on the grid: the finite values only
        if sub.size == 0:
            return 0.0, 1.0
        lo, hi = sub.min(), sub.max()
    return float(lo), float(hi)


def value_label(scale_factor) -> str:
    """The value axis's label: "value (reflectance × 10000)" for a cube stored as reflectance times its
    ``reflectance scale factor`` (``meta["scale_factor"]``, which divided into a value gives 0-1 reflectance;
    5437 under a bare "value" said nothing of 0.54), "value" where there is none (or it is 1)."""
    try:
        sf = float(scale_factor)
    except (TypeError, ValueError):
        return "value"
    return f"value (reflectance × {sf:g})" if np.isfinite(sf) and sf > 0 and sf != 1 else "value"

class SpectrumDock(InspectorDock):
    sigDisplayChanged = Signal()

    def __init__(self, host, plugin=None, title: str = "Spectrum"):
        super().__init__(host, plugin, title)
        self.setObjectName("spectrum_dock")
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        row.addWidget(QLabel("Show"))
        self.mode = QComboBox()
        self.mode.addItems(list(MODES))
        self.mode.setToolTip("How the cube is drawn in the viewer")
        self.mode.currentIndexChanged.connect(self._mode_changed)
        row.addWidget(self.mode, 1)
        # the spectra plotted, as numbers: there was no way to have them but a screenshot of the plot
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setToolTip("Write the spectra plotted (clicked pixel, mean in the box) to a CSV file: "
                                      "band (from 0), wavelength, values")
        self.export_button.clicked.connect(lambda _c=False: self.export_dialog())
        row.addWidget(self.export_button)
        lay.addLayout(row)
        row = QHBoxLayout()
        # bands are numbered from 0 here (the toolbar's band box too); ENVI's 'default bands' and GDAL count from 1,
        # and a header's {32,17,4} showing as 31, 16, 3 in the R, G, B boxes read as a misreading
        self.band_label = QLabel("Band (from 0)")
        self.band_label.setToolTip(FROM_0)
        row.addWidget(self.band_label)
        self.band_slider = QSlider(Qt.Orientation.Horizontal)
        self.band_slider.setRange(-1, 0)
        self.band_slider.setToolTip("Band shown, by its index from 0 (left end: mean of all bands)")
        self.band_slider.valueChanged.connect(self._band_changed)
        row.addWidget(self.band_slider, 1)
        self.band_text = QLabel("mean")
        self.band_text.setMinimumWidth(90)
        row.addWidget(self.band_text)
        lay.addLayout(row)
        row = QHBoxLayout()
        self.triplet = []
        self.triplet_label = QLabel("Bands (from 0):")
        self.triplet_label.setToolTip(FROM_0)
        row.addWidget(self.triplet_label)
        for c, colour in zip("RGB", ("red", "green", "blue")):
            row.addWidget(QLabel(c))
            sp = QSpinBox()
            sp.setRange(0, 0)
            sp.setToolTip(f"Band shown in {colour}")
            sp.valueChanged.connect(lambda _v: self._changed())
            row.addWidget(sp)
            self.triplet.append(sp)
        row.addStretch(1)
        lay.addLayout(row)
        self.plot = pg.PlotWidget(background=style.BG)
        self.plot.getPlotItem().hideButtons()
        self.plot.getPlotItem().setMenuEnabled(False)
        # the legend above the curves, in a margin of the plot item as tall as the legend, and listing
        # only the curves drawn: inside the plot (top left) it said "clicked pixel" before any click and
        # covered the top of the spectrum (the visible peak of a vegetation spectrum at 500-600 nm)
        from workbench.gui.timeline import SideLegend

        self.legend = SideLegend(labelTextColor=style.TEXT, labelTextSize=style.text_pt(-1), colCount=2)
        self.legend.setParentItem(self.plot.getPlotItem())
        self.plot.getPlotItem().legend = self.legend
        self.legend.hide()
        self.pixel_curve = self.plot.plot([], [], pen=pg.mkPen("#ffd166", width=2), symbol="o", symbolSize=4,
                                          symbolPen=None, symbolBrush="#ffd166")  # its points in its colour
        self.box_curve = self.plot.plot([], [], pen=pg.mkPen("#4cc9f0", width=2))
        self._legend_names = ((self.pixel_curve, "clicked pixel"), (self.box_curve, "mean in box"))
        self._in_legend: tuple = ()
        # the band on screen (band mode), at its wavelength
        self.band_line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen("#e0e0e0", width=1,
                                                                               style=Qt.PenStyle.DashLine))
        self.band_line.hide()
        self.plot.addItem(self.band_line)
        self.plot.getPlotItem().setLabel("left", "value")
        for side in ("left", "bottom"):  # ticks in the axis's own numbers: 0.47-0.65 µm read "500 ... 650" with
            self.plot.getPlotItem().getAxis(side).enableAutoSIPrefix(False)  # "(x0.001)" after the unit
        # the empty plot's "1.0" (no cube open) sat on the widget's top edge, cut in half
        style.top_label_room(self.plot.getPlotItem(), self.fontMetrics())
        self._top_room = self.plot.getPlotItem().layout.getContentsMargins()[1]
        self.plot.getPlotItem().getViewBox().sigResized.connect(self._place_legend)
        self.plot.setMinimumHeight(140)
        lay.addWidget(self.plot, 1)
        self.info = QLabel("Open a hyperspectral sequence; click a pixel to plot its spectrum.")
        self.info.setObjectName("muted")
        self.info.setWordWrap(True)
        lay.addWidget(self.info)
        self.setWidget(body)
        self.wavelengths: np.ndarray | None = None
        self.units: str | None = None
        self.pixel: tuple[int, int] | None = None
        self._plotted: dict = {}  # what the curves show: the pixel, the box and where it came from, the frame
        self.bands = 0
        self._plot_timer = QTimer(self)
        self._plot_timer.setSingleShot(True)
        self._plot_timer.timeout.connect(self._update_plot_now)
        self._plotted_at = -1e9
        self._sequence_open = False  # (a greyed control's reason: no sequence at all, or one that is no cube)
        self._enable(False)

    # --- state ----------------------------------------------------------------------------
    def _enable(self, on: bool) -> None:
        for w in (self.mode, self.band_slider, *self.triplet, self.export_button):
            w.setEnabled(on)
        self._say_why_greyed()

    def _say_why_greyed(self) -> None:
        """Each greyed control's tooltip says why: no cube open, or another Show mode chosen (the R, G, B boxes,
        greyed in all but the triplet mode, had no tooltip at all)."""
        # "this sequence is not one" only with one open (at startup it named a sequence there was not)
        no_cube = None if self.bands > 0 else ("Open a hyperspectral cube first"
                                               + (": this sequence is not one." if self._sequence_open else "."))
        by_mode = {self.band_slider: next(k for k, v in MODES.items() if v == "band"),
                   **{sp: next(k for k, v in MODES.items() if v == "triplet") for sp in self.triplet}}
        tip_with_reason(self.mode, None if self.mode.isEnabled() else no_cube)
        tip_with_reason(self.export_button, None if self.export_button.isEnabled() else no_cube)
        for w, mode in by_mode.items():
            tip_with_reason(w, None if w.isEnabled() else no_cube or f"Choose Show › {mode} to set it.")

    def view(self, seq=None) -> display.HSIView:
        """The display choice for ``display.to_displayable`` of the frames of ``seq`` (default: the host's sequence
        shown), cubes whatever their band count when ``seq`` is hyperspectral. Told by the sequence, not by this
        dock's state (``bands``): the window draws a sequence's first frame before the dock hears of it
        (``on_sequence``), and an RGB frame after a cube was drawn as a cube (its grey band mean) until the frame
        changed."""
        stretch = (0.5, 99.5)
        host_stretch = getattr(self.host, "_display_params", None)
        if callable(host_stretch):
            try:
                stretch = tuple(host_stretch()[1])
            except Exception:  # noqa: BLE001 - a host without the toolbar
                pass
        if seq is None:
            seq = getattr(getattr(self.host, "sequences", None), "sequence", None)
        return display.HSIView(MODES[self.mode.currentText()], tuple(s.value() for s in self.triplet),
                               self.wavelengths, self.units, stretch, cube=getattr(seq, "modality", None) == "hsi")

    def _host_band_spin(self):
        return getattr(self.host, "band_spin", None)

    def mode_name(self) -> str:
        """``band``, ``cie`` or ``triplet``."""
        return MODES[self.mode.currentText()]

    def _nm_per_unit(self) -> float | None:
        """nm per unit of the wavelengths as ``spectral_color.to_nm`` reads them (``nm_factor``), the colour's and
        the trackers' reading (the file's unit where it names a length that fits the values, else micrometres under
        30 and nanometres above); None without wavelengths."""
        wl = self.wavelengths
        if wl is None or not np.isfinite(wl).any():
            return None
        return spectral_color.nm_factor(wl, self.units)

    def _wavenumbers(self) -> bool:
        """The cube's 'wavelengths' are wavenumbers (ENVI's 'wavelength units = Wavenumber', cm^-1): the plot and
        the band text show them as such (their axis said 'wavelength (nm)' over 800-1250 cm^-1)."""
        return self.wavelengths is not None and spectral_color.wavenumbers(self.wavelengths, self.units)

    def axis_unit(self) -> str:
        """The wavelength unit of the plot's axis, short form: the one the wavelengths are read in
        (``_nm_per_unit``: 0.4-2.5 with no unit, or labelled nm, were drawn as '(nm)'), else the file's, nm when it
        names none; cm⁻¹ for wavenumbers."""
        if self._wavenumbers():
            return WAVENUMBER_UNIT
        name = spectral_color.unit_symbol(self._nm_per_unit())
        if name is None:
            u = (self.units or "").strip().lower()
            name = spectral_color.unit_symbol(spectral_color.nm_per_unit(u)) or u or "nm"
        return name

    def wavelength_text(self, v: float) -> str:
        """One wavelength with its unit, to 1 nm: ``647 nm``, ``0.647 µm`` (``:.0f`` said ``1 µm`` for every band
        of a cube in micrometres)."""
        per = 1.0 if self._wavenumbers() else self._nm_per_unit() or 1.0
        return f"{v:.{max(0, round(np.log10(max(per, 1.0))))}f} {self.axis_unit()}"

    def _band_text(self, v: int) -> str:
        return "mean" if v < 0 else f"{v}" + (f" · {self.wavelength_text(self.wavelengths[v])}"
                                             if self.wavelengths is not None else "")

    def _mark_band(self) -> None:
        b = self.band_slider.value()
        if self.bands <= 0 or b < 0 or self.mode_name() != "band":
            self.band_line.hide()
            return
        self.band_line.setValue(float(self.wavelengths[b]) if self.wavelengths is not None else float(b))
        self.band_line.show()

    def _band_changed(self, v: int) -> None:
        self._mark_band()
        self.band_text.setText(self._band_text(v))
        spin = self._host_band_spin()
        if spin is not None and spin.value() != v:
            spin.setValue(v)  # the window redraws on the spin box's signal
        else:
            self.sigDisplayChanged.emit()

    def sync_band(self, v: int) -> None:
        """The toolbar's band spin box changed: follow it."""
        if self.band_slider.value() != v:
            self.band_slider.blockSignals(True)
            self.band_slider.setValue(v)
            self.band_slider.blockSignals(False)
            self.band_text.setText(self._band_text(v))
            self._mark_band()

    def _mode_changed(self, _i: int) -> None:
        mode = MODES[self.mode.currentText()]
        for w in self.triplet:
            w.setEnabled(mode == "triplet" and self.bands > 0)
        self.band_slider.setEnabled(mode == "band" and self.bands > 0)
        self._say_why_greyed()
        self._mark_band()
        note = self.colour_note()
        if note:
            self.info.setText(f"{note[0].upper()}{note[1:]}.")
        self._changed()

    def colour_note(self) -> str | None:
        """What the colour mode shows where it is not the cube's true colour: three band groups (no wavelengths),
        or the band range stretched onto the visible (``spectral_color.seen_wavelengths``: a near-infrared
        camera); None otherwise and in the other modes. Said with the plot's notes, which replaced it at the next
        frame, and the toolbar still said 'CIE 1931'."""
        if self.mode_name() != "cie" or self.bands <= 0:
            return None
        if self.wavelengths is None:
            return "no wavelengths in this file: colour from three band groups instead"
        how = spectral_color.seen_wavelengths(spectral_color.to_nm(self.wavelengths, self.units))[1]
        return None if how == "CIE 1931" else f"pseudo colour, {how}"

    def _changed(self) -> None:
        self.sigDisplayChanged.emit()

    # --- hooks ----------------------------------------------------------------------------
    def on_sequence(self, seq) -> None:
        self._sequence_open = seq is not None
        self.pixel = None
        self.pixel_curve.setData([], [])
        self.box_curve.setData([], [])
        self._sync_legend()
        first, rng = None, None
        if seq is not None and seq.modality == "hsi" and len(seq):
            try:
                # the window's frame cache has it (read when the sequence opened): not read a second time,
                # nor its value range, taken with it on the opener's worker (``first_range``)
                cache = getattr(self.host, "cache", None)
                mine = cache is not None and getattr(self.host, "sequence", None) is seq
                first = cache.get(0) if mine else seq.frame(0)
                rng = getattr(self.host, "first_range", None) if mine else None
            except Exception:  # noqa: BLE001 - reported by the window
                first = None
        if first is None or first.ndim != 3:
            # the axes of a dock that never saw a cube: the last cube's wavelength axis (400-2500 nm) and value
            # range stayed over the empty plot of a gray sequence opened after it
            item = self.plot.getPlotItem()
            item.setLabel("left", "value")
            item.getAxis("bottom").setLabel(None)
            item.getViewBox().setRange(xRange=(0.0, 1.0), yRange=(0.0, 1.0), padding=0)
            self.bands = 0
            self.wavelengths = None
            self._enable(False)
            self.info.setText("Not a hyperspectral sequence.")
            return
        self.bands = first.shape[2]
        wl = seq.meta.get("wavelengths")
        self.wavelengths = np.asarray(wl, float) if wl is not None and len(wl) == self.bands else None
        self.units = seq.meta.get("wavelength_units")
        self.band_slider.blockSignals(True)
        self.band_slider.setRange(-1, self.bands - 1)
        self.band_slider.setValue(-1)
        self.band_slider.blockSignals(False)
        self.band_text.setText("mean")
        self.band_line.hide()
        # the file's own choice first: ENVI's ``default bands`` (1-based R, G, B, as ENVI and GDAL show the cube;
        # the reader renumbers them past a bbl's bad bands), else the bands nearest 640 / 550 / 460 nm
        own = [int(b) - 1 for b in (seq.meta.get("default_bands") or [])]
        trip = own if len(own) == 3 and all(0 <= b < self.bands for b in own) else \
            spectral_color.default_triplet(self.wavelengths, self.bands, self.units)
        for sp, b in zip(self.triplet, trip):
            sp.blockSignals(True)
            sp.setRange(0, self.bands - 1)
            sp.setValue(b)
            sp.blockSignals(False)
        self._enable(True)
        self._mode_changed(0)
        unit = self.axis_unit()
        axis = "wavenumber" if self._wavenumbers() else "wavelength"
        self.plot.getPlotItem().setLabel("bottom", f"{axis} ({unit})" if self.wavelengths is not None
                                         else "band index (from 0)")
        self.plot.getPlotItem().setLabel("left", value_label(seq.meta.get("scale_factor")))
        self._reset_range(first, rng)
        span = (f", {self.wavelength_text(self.wavelengths.min()).split()[0]}–"
                f"{self.wavelength_text(self.wavelengths.max())}") if self.wavelengths is not None else ", no wavelengths"
        self.info.setText(f"{self.bands} bands{span}. Click a pixel to plot its spectrum.")
        # the groundtruth's (or drawn box's) mean spectrum of the frame on screen: the window's on_frame for it came
        # before this cube's bands were known here, and nothing was drawn until the frame changed
        self._update_plot()
        self.show()
        self.raise_()

    def _reset_range(self, frame, rng: tuple[float, float] | None = None) -> None:
        """The new cube's axes before any pixel is clicked (the previous cube's ranges stayed). ``rng``:
        ``value_range(frame)`` taken already (on the opener's worker); None: taken here."""
        x, _ = self._x()
        lo, hi = rng if rng is not None else value_range(frame)
        vb = self.plot.getPlotItem().getViewBox()
        vb.setRange(xRange=(float(np.min(x)), float(np.max(x))), yRange=(lo, hi if hi > lo else lo + 1.0))
        vb.enableAutoRange()  # a clicked pixel's curve scales the plot again

    def on_frame(self, index: int) -> None:
        self._update_plot()

    def on_result(self, tracker: str, run) -> None:
        self._update_plot()

    def set_pixel(self, x: float, y: float) -> None:
        self.pixel = (int(np.floor(x)), int(np.floor(y)))
        self._update_plot()

    # --- plot -----------------------------------------------------------------------------
    def _frame(self):
        raw = getattr(self.host, "_raw", None)
        return raw if raw is not None and raw.ndim == 3 and raw.shape[2] == self.bands else None

    def current_box(self):
        i = self.host.frame_index
        for run in self.host.runs().values():
            b = run.boxes[i] if 0 <= i < len(run.boxes) else None
            if b is not None and np.all(np.isfinite(b)):
                return tuple(b), "tracker " + run.tracker
        init = getattr(self.host, "init_box", None)
        if init is not None:
            return tuple(init), "drawn"
        seq = self.host.sequence
        gt = seq.gt_box(i) if seq is not None and 0 <= i < len(seq) else None
        return (tuple(gt), "groundtruth") if gt is not None else (None, "")

    def _x(self):
        if self.wavelengths is None:
            return np.arange(self.bands, dtype=float), np.arange(self.bands)
        order = np.argsort(self.wavelengths)
        return self.wavelengths[order], order

    def _update_plot(self) -> None:
        """Redraw now, or once ``PLOT_INTERVAL_S`` after the last redraw (changes meanwhile coalesce)."""
        if self._plot_timer.isActive():
            return
        wait = PLOT_INTERVAL_S - (time.perf_counter() - self._plotted_at)
        if wait <= 0:
            self._update_plot_now()
        else:
            self._plot_timer.start(int(wait * 1000) + 1)

    def flush(self) -> None:
        """Draws now a redraw the throttle (``PLOT_INTERVAL_S``) holds back: a grab of the window right after a frame
        change (``--screenshot``'s, at 60 % of the run) showed the spectrum of the frame before, said as its frame."""
        if self._plot_timer.isActive():
            self._update_plot_now()

    def _update_plot_now(self) -> None:
        self._plot_timer.stop()
        self._plotted_at = time.perf_counter()
        f = self._frame()
        if f is None:
            return
        x, order = self._x()
        conn = gap_connect(x)
        notes = []
        self._plotted = {"frame": self.host.frame_index, "order": order}
        if self.pixel is not None:
            c, r = self.pixel
            if 0 <= r < f.shape[0] and 0 <= c < f.shape[1]:
                self.pixel_curve.setData(x, spectral_color.spectrum_at(f, c, r)[order], connect=conn)
                notes.append(f"pixel ({c}, {r})")
                self._plotted["pixel"] = (c, r)
            else:
                self.pixel_curve.setData([], [])
        box, where = self.current_box()
        m = spectral_color.mean_spectrum(f, box) if box is not None else None
        if m is not None:
            self.box_curve.setData(x, m[order], connect=conn)
            notes.append(f"mean in {where} box")
            self._plotted["box"] = (tuple(float(v) for v in box), where)
        else:
            self.box_curve.setData([], [])
        self._sync_legend()
        if notes:
            note = self.colour_note()
            self.info.setText(", ".join(notes) + f" · frame {self.host.frame_index + 1}" + (f" · {note}" if note else ""))

    def _sync_legend(self) -> None:
        """The legend lists the curves that have data (none: no legend, no margin for it)."""
        shown = tuple(name for curve, name in self._legend_names if curve.getData()[0] is not None
                      and len(curve.getData()[0]))
        if shown == self._in_legend:
            return
        self._in_legend = shown
        self.legend.clear()
        for curve, name in self._legend_names:
            if name in shown:
                self.legend.addItem(curve, name)
        self.legend.setVisible(bool(shown))
        self._place_legend()

    def legend_texts(self) -> list[str]:
        """The legend's entries (for tests)."""
        return [label.text for _sample, label in self.legend.items] if self.legend.isVisible() else []

    def _place_legend(self, *_args) -> None:
        """The legend in the plot item's top margin, from the view box's left edge: over no curve. Its
        entries side by side, one under the other when the plot is too narrow for that."""
        p = self.plot.getPlotItem()
        vb = p.getViewBox()
        n = len(self.legend.items)
        left, top, right, bottom = p.layout.getContentsMargins()
        want = self._top_room
        if self.legend.isVisible() and n:
            self.legend.setColumnCount(n)
            self.legend.updateSize()
            if n > 1 and vb.width() > 0 and self.legend.width() > vb.width():
                self.legend.setColumnCount(1)
                self.legend.updateSize()
            want = max(want, self.legend.height() + 2)
        if abs(top - want) > 0.5:
            p.layout.setContentsMargins(left, want, right, bottom)
        self.legend.anchor(itemPos=(0, 0), parentPos=(0, 0), offset=(vb.geometry().left(), 0))

    def spectra(self) -> dict:
        """What the plot shows: {"x", "pixel", "box"} arrays (for tests and export)."""
        self.flush()  # a redraw is due: what it will show
        px, py = self.pixel_curve.getData()
        bx, by = self.box_curve.getData()
        return {"x": px if px is not None else bx, "pixel": py, "box": by}

    # --- export ---------------------------------------------------------------------------
    def csv_rows(self) -> tuple[list[str], list[list]] | None:
        """(header, rows) of the spectra plotted, a row a band in the plot's order (by wavelength; a HOT mosaic's
        bands are in filter-position order): ``band`` (its index from 0, as the slider's), the wavelength in the
        axis's unit (none without wavelengths), the clicked pixel's values and the box's mean, each column named
        with its pixel / box and frame (from 1, as the window shows it). None with nothing plotted."""
        sp = self.spectra()
        done = self._plotted
        cols = []
        if sp["pixel"] is not None and len(sp["pixel"]) and "pixel" in done:
            c, r = done["pixel"]
            cols.append((f"pixel ({c}, {r})", sp["pixel"]))
        if sp["box"] is not None and len(sp["box"]) and "box" in done:
            (bx, by, bw, bh), where = done["box"]
            cols.append((f"mean in {where} box ({bx:g}, {by:g}, {bw:g}, {bh:g})", sp["box"]))
        if not cols:
            return None
        frame = f", frame {done['frame'] + 1}"
        scale = value_label(getattr(getattr(self.host, "sequence", None), "meta", {}).get("scale_factor"))
        scale = "" if scale == "value" else f", {scale[len('value ('):-1]}"
        header = ["band"] + ([f"{'wavenumber' if self._wavenumbers() else 'wavelength'} ({self.axis_unit()})"]
                             if self.wavelengths is not None else []) + [f"{n}{frame}{scale}" for n, _v in cols]
        rows = []
        for k, band in enumerate(done["order"]):
            wl = [f"{float(sp['x'][k]):.9g}"] if self.wavelengths is not None else []
            rows.append([int(band)] + wl + [f"{float(v[k]):.9g}" for _n, v in cols])
        return header, rows

    def write_csv(self, path, bom: bool = False) -> Path:
        """The spectra plotted as CSV (``csv_rows``) at ``path``; a ``WorkbenchError`` naming the file when
        nothing is plotted or the folder cannot be written."""
        from workbench.core.csvtable import csv_text, write_csv
        from workbench.core.errors import WorkbenchError

        table = self.csv_rows()
        if table is None:
            raise WorkbenchError(f"{path}: no spectrum plotted to export: click a pixel of the cube, or draw a box")
        return write_csv(path, csv_text(table[1], table[0]), bom)

    def export_dialog(self) -> Path | None:
        """Asks for a file and writes the spectra plotted there (``write_csv``), said in the status bar."""
        from workbench.gui import settings as wsettings

        host = self.host
        if self.csv_rows() is None:
            self.info.setText("Nothing to export yet: click a pixel of the cube (or draw a box) to plot a spectrum.")
            return None
        seq = getattr(host, "sequence", None)
        frame = self._plotted.get("frame", host.frame_index)  # the frame plotted (a large cube's next one may be read)
        name = f"{getattr(seq, 'name', None) or 'spectrum'}_frame{frame + 1}_spectrum.csv"
        return export_csv(self, host, "Export spectrum", wsettings.export_dir() / name, self.write_csv, "the spectrum")
