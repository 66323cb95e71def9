"""The NAS inspector dock (GUI only): alpha heatmaps of the normal and reduction cells, live during a
search and replayable epoch by epoch, the derived cell as a graph, the derived network's parameters
and FLOPs, and exports (PNG / SVG / PDF figures via matplotlib, CSV / JSON numbers).

A search started here runs ``search.search_events`` in a superqt generator worker (the window's
``workbench.gui.worker.Job``, as trackers run): every yielded event carries the current softmax alpha,
so the heatmaps move while it learns; Cancel stops between steps and the last completed epoch stays
on disk (``--resume`` from the command line, or Resume here, continues it). A search started here
saves in a folder of its own in the workspace: the first free one of ``nas_tir_search``,
``nas_tir_search-2``, ``nas_tir_search-3``... (a new Search never replaces an earlier one); Resume
continues the search on show, or, where that is the shipped replay, the workspace's latest search.
The shipped search the dock opens on (the plugin's weights folder) is only replayed: no search, new or
resumed, writes into that folder, and Resume is greyed (its tooltip says why) while there is no ``last.pt``
to continue, rather than starting a new search. Open… replays a search folder, an alpha history file, or either shipped search
(dual-bottom cells, alpha_history.json; single-bottom cells, alpha_history_single.json).

The form shows the settings of the search on show: loading one sets it to the settings it saved (those
an older run did not save go back to the defaults, and the status line names them), and a search or
Resume from there takes the settings the form does not show (crop, dims, reductions, seed...) from it.
"""
from __future__ import annotations

import json
from dataclasses import asdict, fields
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFileDialog, QGraphicsScene, QGraphicsView, QGridLayout,
                               QHBoxLayout, QLabel, QMenu, QProgressBar, QPushButton, QSizePolicy, QSlider, QSpinBox,
                               QSplitter, QVBoxLayout, QWidget)

from workbench.core.errors import WorkbenchError
from workbench.gui import settings as wsettings
from workbench.gui import style
from workbench.gui.inspector import InspectorDock
from workbench.gui.widgets import NOTHING_EXPORTED, ElidedLabel, may_write, show_cancelled
from workbench.gui.worker import Job, describe, later
from workbench_nas_tir.cells import edge_list
from workbench_nas_tir import figures
from workbench_nas_tir.figures import SCALE_FLOOR, SHORT, SHORT_KEY, cell_layout, edge_labels, route_cell, trimmed
from workbench_nas_tir.ops import PRIMITIVES


def _epochs(n: int) -> str:
    return f"{n} epoch{'' if n == 1 else 's'}"


class AlphaHeatmap(pg.PlotWidget):
    """One alpha matrix (edges x ops) as an image with labelled axes and a colour bar; values in [0, 1].
    Rows too thin for a label each (a laptop's dock) are labelled once per node ("\u2192n2": the edges
    into n2); the hover tooltip names the edge, the operation and the value."""

    def __init__(self, title: str, colorbar: bool = True):
        # (enableMenu=False: its view's context menu, off anyway, is not built)
        super().__init__(background=style.BG, enableMenu=False)
        self.setTitle(title, size=style.text_pt())  # the application's font (9 pt by default)
        # the whole title, then shorter ones for a narrow plot (``_fit_title``): beside the Timeline at 1600x1000
        # "reduction cell α (softmax)" ran past the plot's edge
        short = title.replace(" (softmax)", "")
        self._titles = list(dict.fromkeys([title, short, short.replace(" cell", "")]))
        pi = self.getPlotItem()
        # the title's width held the image's column at least that wide: in a narrow dock (1024 px window) the
        # colour bar was pushed out past the plot's right edge, its labels cut to "0."; the title spans the
        # image and the colour bar's columns
        pi.layout.removeItem(pi.titleLabel)
        pi.layout.addItem(pi.titleLabel, 0, 1, 1, 5)
        pi.hideButtons()
        pi.setMenuEnabled(False)
        pi.invertY(True)
        pi.setMouseEnabled(False, False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.addItem(self.image)
        self.bar = None
        self.levels = (0.0, SCALE_FLOOR)
        if colorbar:
            self.add_colorbar()
        bottom = pi.getAxis("bottom")
        font = QFont(self.font())
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.68))  # eight op names side by side in a dock
        bottom.setStyle(tickFont=font)
        self._op_px = max(QFontMetrics(font).horizontalAdvance(SHORT[p]) for p in PRIMITIVES) + 3
        # the first column's name ("none") may reach over the row labels' axis (it was left out in a narrow plot)
        bottom.setStyle(hideOverlappingLabels=self._op_px // 2)
        self.op_step = 0  # every op_step-th column's op is named (``_col_ticks``)
        self._col_ticks()
        pi.vb.sigResized.connect(self._col_ticks)
        pi.vb.sigResized.connect(self._fit_title)  # (the row labels' axis and the colour bar take from the room too)
        rows = QFont(self.font())
        rows.setPointSizeF(max(7.0, rows.pointSizeF() * 0.8))
        pi.getAxis("left").setStyle(tickFont=rows)
        self._row_px = QFontMetrics(rows).height()  # a row needs this height for a label of its own
        self.setMinimumWidth(190)
        _share(self)
        self.kind = None
        self.data = None
        self.grouped = False  # rows labelled per node, not per edge
        self.setMouseTracking(True)
        self.scene().sigMouseMoved.connect(self._hover)

    def add_colorbar(self) -> None:
        """Its colour bar (a plot of its own: ~40 ms to make, half the heatmap's cost; the dock adds it on a
        turn of its own)."""
        from workbench.gui.inspector import _colorbar

        if self.bar is not None:
            return
        self.bar = _colorbar(self.getPlotItem(), self.image)
        self.bar.setToolTip(f"softmax \u03b1; the scale runs from 0 to the largest \u03b1, and at least to "
                            f"{SCALE_FLOOR:.2f} (twice uniform, 1/{len(PRIMITIVES)}) so that a near-uniform "
                            f"\u03b1 shows dim")
        self.bar.setLevels(self.levels)

    def _hover(self, pos) -> None:
        """The cell under the pointer as a tooltip: edge, operation and its softmax weight."""
        if self.data is None or self.kind is None:
            return
        p = self.getPlotItem().vb.mapSceneToView(pos)
        r, c = int(np.floor(p.y())), int(np.floor(p.x()))
        if 0 <= r < self.data.shape[0] and 0 <= c < self.data.shape[1]:
            self.setToolTip(f"{edge_labels(self.kind)[r]}  {PRIMITIVES[c]}: {self.data[r, c]:.3f}")
        else:
            self.setToolTip("")

    def _row_ticks(self) -> None:
        """One label per edge when the rows are tall enough to read them, else one per node (the edges
        into it, labelled at their middle, each edge still ticked)."""
        if self.kind is None:
            return
        labels = edge_labels(self.kind)
        grouped = self.getPlotItem().vb.height() / max(len(labels), 1) < self._row_px
        left = self.getPlotItem().getAxis("left")
        if not grouped:
            left.setTicks([[(i + 0.5, t) for i, t in enumerate(labels)]])
        else:
            nodes = [node for node, _src in edge_list(self.kind)]
            major = [(float(np.mean([i for i, n in enumerate(nodes) if n == node])) + 0.5, f"\u2192n{node}")
                     for node in dict.fromkeys(nodes)]
            left.setTicks([major, [(i + 0.5, "") for i in range(len(labels))]])
        self.grouped = grouped

    def _col_ticks(self, *_a) -> None:
        """Each column's op named where the columns are wide enough for the names, else every second (or
        fourth) one, each column still ticked: eight names in a 100 px wide image ran together
        ("max3avg3sep3sep5"); the hover tooltip names each."""
        col = self.getPlotItem().vb.width() / len(PRIMITIVES)
        step = 1
        while step < len(PRIMITIVES) and col * step < self._op_px:
            step *= 2
        if step == self.op_step:
            return
        self.op_step = step
        named = [(i + 0.5, SHORT[p]) for i, p in enumerate(PRIMITIVES) if i % step == 0]
        self.getPlotItem().getAxis("bottom").setTicks(
            [named, [(i + 0.5, "") for i in range(len(PRIMITIVES)) if i % step]])

    def resizeEvent(self, ev):
        super().resizeEvent(ev)
        if "kind" in self.__dict__ and self.getPlotItem() is not None:  # not while PlotWidget.__init__ sizes it
            self._row_ticks()
            self._fit_title()

    def _fit_title(self, *_a) -> None:
        """The longest of ``_titles`` that fits over the image and its colour bar (the title's columns)."""
        if self.getPlotItem() is None or "_titles" not in self.__dict__:
            return
        title = self.getPlotItem().titleLabel
        font = QFont(self.font())
        font.setPointSizeF(float(style.text_pt().removesuffix("pt")))
        room = self.width() - self.getPlotItem().getAxis("left").width() - 8
        fm = QFontMetrics(font)
        text = next((t for t in self._titles if fm.horizontalAdvance(t) <= room), self._titles[-1])
        if text != title.text:
            self.setTitle(text, size=style.text_pt())

    def clear_alpha(self) -> None:
        """No alphas shown (a new search before its first step). (Not ``clear``: PlotWidget's instance attribute,
        PlotItem.clear, would take the image item itself off the plot.)"""
        self.data = None
        self.image.clear()
        self.setToolTip("")

    def set_alpha(self, a, kind: str) -> None:
        a = np.asarray(a, dtype=np.float32)
        self.data = a
        if kind != self.kind:
            self.kind = kind
            self._row_ticks()
        self.levels = (0.0, max(float(a.max()), SCALE_FLOOR))
        self.image.setImage(a)
        if self.bar is not None:
            self.bar.setLevels(self.levels)
        self.getPlotItem().setRange(xRange=(0, a.shape[1]), yRange=(0, a.shape[0]), padding=0)


class CellGraph(QGraphicsView):
    """A derived cell drawn as nodes and labelled edges (the exported figure's layout and routing).

    Drawn in the view's own pixels, not scaled to fit: node names and op names keep a readable fixed
    size at any pane size (scaled down to a 1366x768 window's pane they were about 5 px, the op names
    overlapping); the layout stretches to the pane, the edges curve around the nodes they do not join
    (``figures.route_cell``) and each op name sits where it covers no node and no other name. Redrawn
    at every resize."""

    RADIUS = 11  # px: a node's circle, room for "out" in the node font

    def __init__(self):
        super().__init__()
        self.setScene(QGraphicsScene(self))
        # low enough that the cost line under it keeps its lines in a 768-pixel-high window
        self.setMinimumHeight(80)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setToolTip("Op names: " + ", ".join(f"{k} = {v}" for k, v in SHORT_KEY.items()))
        self._shown: tuple = (None, "normal")
        # routings already made, by cell and size: each epoch of a search shows its genotype again (mostly the
        # one before), and the part combo goes back and forth; routing one took 0.04-0.17 s on the GUI thread
        self._routes: dict = {}
        self._route_job = None  # a routing on a worker (``show_cell_soon``), made when first needed
        self.label_rects: list[QRectF] = []  # the op names' boxes, in the view's pixels (tests)
        self.node_centres: dict[str, QPointF] = {}

    def _routing(self, genotype: dict, part: str):
        """What a routing of ``part`` of ``genotype`` at the view's size takes: (key, the node places in pixels,
        the edges, the op names' sizes, the view's width and height)."""
        vp = self.viewport().size()
        w, h = max(vp.width(), 60), max(vp.height(), 40)
        pos, edges = cell_layout(genotype, part)
        r = self.RADIUS
        xs = [x for x, _y in pos.values()]
        ys = [y for _x, y in pos.values()]
        mx, my = r + 3, r + 2
        sx = (w - 2 * mx) / max(max(xs) - min(xs), 1e-6)
        sy = (h - 2 * my) / max(max(ys) - min(ys), 1e-6)
        P = {n: (mx + (x - min(xs)) * sx, my + (max(ys) - y) * sy) for n, (x, y) in pos.items()}
        ops = QFont()
        ops.setPixelSize(11)
        fm = QFontMetrics(ops)
        sizes = [None if op == "concat" else (fm.horizontalAdvance(SHORT.get(op, op)) + 6, fm.height() + 1)
                 for _a, _b, op in edges]
        return (tuple(edges), w, h, tuple(sizes)), P, edges, sizes, w, h

    def _keep_route(self, key, route) -> None:
        if len(self._routes) >= 16:
            self._routes.pop(next(iter(self._routes)))
        self._routes[key] = route

    def show_cell_soon(self, genotype: dict | None, part: str) -> None:
        """``show_cell``, its routing made on a worker where it is not made yet (a search's epoch: 0.04-0.17 s
        on the GUI thread); the cell shown until then stays. The newest cell asked for is the one drawn."""
        if not genotype:
            self.show_cell(genotype, part)
            return
        key, P, edges, sizes, w, h = self._routing(genotype, part)
        self._shown = (genotype, part)
        if key in self._routes:
            self.show_cell(genotype, part)
            return
        if self._route_job is None:
            self._route_job = Job(self)
            self._route_job.returned.connect(self._on_routed)
        if not self._route_job.running:
            r = self.RADIUS
            self._route_job.start(lambda: (key, route_cell(P, edges, r, sizes, (1, 1, w - 1, h - 1))))
        # else: when the running one is done, _on_routed routes what is wanted then

    def _on_routed(self, result) -> None:
        key, route = result
        self._keep_route(key, route)
        genotype, part = self._shown
        if genotype:
            self.show_cell_soon(genotype, part)  # drawn now if this was its routing; else the next one routed

    def show_cell(self, genotype: dict | None, part: str) -> None:
        self._shown = (genotype, part)
        sc = self.scene()
        sc.clear()
        self.label_rects, self.node_centres = [], {}
        vp = self.viewport().size()
        w, h = max(vp.width(), 60), max(vp.height(), 40)
        sc.setSceneRect(0, 0, w, h)
        self.resetTransform()
        if not genotype:
            sc.addText("no genotype yet")
            return
        key, P, edges, sizes, w, h = self._routing(genotype, part)
        r = self.RADIUS
        font = QFont()
        font.setPixelSize(11)
        ops = QFont()
        ops.setPixelSize(11)
        if key not in self._routes:
            self._keep_route(key, route_cell(P, edges, r, sizes, (1, 1, w - 1, h - 1)))
        curves, places = self._routes[key]
        for (a, b, op), curve, size, place in zip(edges, curves, sizes, places):
            concat = op == "concat"
            (x0, y0), (cx, cy), (x1, y1) = curve
            path = QPainterPath(QPointF(x0, y0))
            path.quadTo(QPointF(cx, cy), QPointF(x1, y1))
            color = QColor("#888" if concat else "#6fa8dc")
            sc.addPath(path, QPen(color, 1.0 if concat else 2.0))
            if not concat:  # the four edges into "out" need no heads
                self._arrowhead(sc, trimmed(curve, r), color)
            if size is not None:
                rect = QRectF(place[0] - size[0] / 2, place[1] - size[1] / 2, size[0], size[1])
                box = sc.addRect(rect, QPen(Qt.PenStyle.NoPen), QBrush(QColor(30, 33, 38, 215)))
                box.setZValue(2)
                t = sc.addText(SHORT.get(op, op), ops)
                t.document().setDocumentMargin(0)
                t.setDefaultTextColor(QColor("#f4f4f4"))
                # kept at its size on screen should the view ever be scaled
                t.setFlag(t.GraphicsItemFlag.ItemIgnoresTransformations)
                tr = t.boundingRect()
                t.setPos(place[0] - tr.width() / 2, place[1] - tr.height() / 2)
                t.setZValue(3)
                t.setToolTip(f"{a} \u2192 {b}: {op}")
                self.label_rects.append(rect)
        for name, (x, y) in P.items():
            color = figures.NODE_COLORS[name[0]]
            e = sc.addEllipse(x - r, y - r, 2 * r, 2 * r, QPen(QColor("#333")), QBrush(QColor(color)))
            e.setZValue(4)
            t = sc.addText(name, font)
            t.document().setDocumentMargin(0)
            t.setDefaultTextColor(QColor("#111"))
            t.setFlag(t.GraphicsItemFlag.ItemIgnoresTransformations)
            tr = t.boundingRect()
            t.setPos(x - tr.width() / 2, y - tr.height() / 2)
            t.setZValue(5)
            self.node_centres[name] = QPointF(x, y)

    @staticmethod
    def _arrowhead(sc, pts, color: QColor) -> None:
        """A small filled arrowhead where the curve meets its end node."""
        if len(pts) < 2:
            return
        tip, back = pts[-1], pts[-3] if len(pts) > 2 else pts[0]
        d = tip - back
        n = float(np.hypot(*d))
        if n < 1e-6:
            return
        d = d / n
        side = np.array([-d[1], d[0]])
        base = tip - 7 * d
        poly = QPolygonF([QPointF(*tip), QPointF(*(base + 3.5 * side)), QPointF(*(base - 3.5 * side))])
        head = sc.addPolygon(poly, QPen(Qt.PenStyle.NoPen), QBrush(color))
        head.setZValue(1)

    def resizeEvent(self, ev):
        super().resizeEvent(ev)
        if self._shown[0] is not None:
            self.show_cell(*self._shown)


def _cost(genotype: dict, cfg: dict, key):
    """Worker body: the derived network's parameters and FLOPs, and the line the dock shows."""
    from workbench.core.evaluation.complexity import measure
    from workbench_nas_tir.model import ArchSpec, DerivedNetwork

    spec = ArchSpec(cell=genotype["cell"], cells=int(cfg.get("cells", 5)), width=int(cfg.get("width", 8)),
                    dims=int(cfg.get("dims", 64)), reductions=int(cfg.get("reductions", -1)))
    size = 2 * int(cfg.get("crop", 32))
    c = measure(DerivedNetwork(spec, genotype), (1, 1, size, size))
    figures = {"params": c.params, "flops": c.ops, "input": [1, 1, size, size], "arch": spec.as_dict()}
    return key, figures, (f"derived network ({spec.cells} cells, width {spec.width}, {spec.dims} dims): "
                          f"{c.params / 1e6:.3f} M params, {c.ops / 1e6:.1f} M FLOPs at 1x{size}x{size}")


def is_shipped(folder) -> bool:
    """Whether ``folder`` is (or is inside) the plugin's shipped weights folder: package data that a
    search must never write into (it overwrote alpha_history.json and added last.pt, genotype.json...)."""
    from workbench_nas_tir import weights_dir

    try:
        f, shipped = Path(folder).resolve(), Path(weights_dir()).resolve()
    except (OSError, RuntimeError):
        return False
    return f == shipped or shipped in f.parents


HEATMAP_TITLES = ("normal cell α (softmax)", "reduction cell α (softmax)")
SEARCH_FOLDER = "nas_tir_search"  # the workspace's searches: nas_tir_search, nas_tir_search-2, ...
HISTORY = "alpha_history.json"  # a search folder's alpha history; the shipped folder also has alpha_history_single.json
#: the search settings the dock's form shows (``SearchConfig`` field: its label in the form)
FORM_SETTINGS = {"cell": "cell", "cells": "cells", "width": "width", "epochs": "epochs",
                 "steps_per_epoch": "steps/epoch", "synthetic": "generated seqs", "real": "real TIR crops",
                 "partial": "partial channels"}
#: settings of where a search runs, not of the search: never taken from a saved one
NOT_SAVED = ("live_every", "device")


def _history_file(path) -> Path:
    """The alpha history a path names: ``path`` itself (a ``.json`` file), else its folder's alpha_history.json."""
    path = Path(path)
    return path if path.suffix.lower() == ".json" and not path.is_dir() else path / HISTORY


def _suffix(history: Path) -> str:
    """"single" for ``alpha_history_single.json``, "" for ``alpha_history.json`` (and any other name)."""
    stem = history.stem
    return stem[len("alpha_history_"):] if stem.startswith("alpha_history_") else ""


def _read_json(path: Path) -> dict:
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return d if isinstance(d, dict) else {}


def read_history(history: Path) -> tuple[dict, str]:
    """An alpha history file's contents and its cell kind, checked: every epoch's two alpha matrices of
    the kind's edges x operations. A missing, damaged or foreign file is refused naming it."""
    try:
        text = history.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WorkbenchError(f"{history}: not found; a search folder holds {HISTORY} (Open… › Alpha history "
                             "file… chooses the file itself)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkbenchError(f"{history}: cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise WorkbenchError(f"{history}: damaged, not JSON ({exc}); open another search, or copy the file "
                             "again") from None
    if not isinstance(data, dict) or not isinstance(data.get("epochs"), list):
        raise WorkbenchError(f"{history}: not an alpha history (no list of epochs); {HISTORY} of a search "
                             "folder, or alpha_history_single.json, is")
    kind = data.get("cell", "dual")
    if kind not in ("dual", "single"):
        raise WorkbenchError(f"{history}: cell {kind!r} is neither 'dual' nor 'single'")
    shape = (len(edge_labels(kind)), len(PRIMITIVES))
    for i, ep in enumerate(data["epochs"]):
        try:
            ok = isinstance(ep, dict) and all(np.asarray(ep[k], dtype=np.float64).shape == shape
                                              for k in ("alpha_normal", "alpha_reduce"))
            ok = ok and isinstance(ep.get("epoch"), (int, float))
        except (KeyError, TypeError, ValueError):
            ok = False
        if not ok:
            raise WorkbenchError(f"{history}: entry {i} of its epochs is not an epoch number with two "
                                 f"{shape[0]} x {shape[1]} alpha matrices ({kind}-bottom cells); the file is "
                                 "damaged or of another search space")
    return data, kind


def genotype_problem(genotype: dict, kind: str) -> str | None:
    """What is wrong with a derived cell read from a file (None: nothing): each of its normal and
    reduction parts four nodes of (operation, earlier state) pairs."""
    from workbench_nas_tir.cells import n_inputs

    for part in ("normal", "reduce"):
        nodes = genotype.get(part)
        if not isinstance(nodes, list) or len(nodes) != 4:
            return f"its '{part}' part is not a list of 4 nodes"
        for j, node in enumerate(nodes):
            try:
                pairs = [(op, int(src)) for op, src in node]
            except (TypeError, ValueError):
                return f"node {j} of its '{part}' part is not a list of (operation, input) pairs"
            for op, src in pairs:
                if op not in PRIMITIVES or not 0 <= src < n_inputs(kind) + j:
                    return f"node {j} of its '{part}' part has ({op!r}, {src}), not an operation on an earlier state"
    return None


def saved_settings(history: Path, data: dict, genotype: dict | None) -> dict:
    """The search settings (``SearchConfig`` fields) a saved search was run with: its alpha history's
    ``config``, else what its ``search_config.json`` (a folder's own alpha_history.json only) or its
    genotype's ``meta.config`` hold; the history's ``cell`` (the cells drawn) wins. Older runs and
    exported histories lack some or all of them: those are simply absent."""
    from workbench_nas_tir.search import SearchConfig

    names = {f.name for f in fields(SearchConfig)} - set(NOT_SAVED)
    found: dict = {}
    sources = [((genotype or {}).get("meta") or {}).get("config")]
    if history.name == HISTORY:
        sources.append(_read_json(history.parent / "search_config.json").get("config"))
    sources.append(data.get("config"))
    for src in sources:  # the later, the surer
        if isinstance(src, dict):
            found.update({k: v for k, v in src.items() if k in names})
    if data.get("cell") in ("dual", "single"):
        found["cell"] = data["cell"]
    return found


def shipped_histories() -> list[tuple[Path, str]]:
    """The shipped searches' alpha histories (the plugin's weights folder), each with its menu text."""
    from workbench_nas_tir import weights_dir

    try:
        files = sorted(Path(weights_dir()).glob("alpha_history*.json"))
    except OSError:
        return []
    out = []
    for f in files:
        d = _read_json(f)
        cell = d.get("cell") or _suffix(f) or "dual"
        n = len(d.get("epochs", []))
        out.append((f, f"Shipped search: {cell}-bottom cells ({_epochs(max(n - 1, 0))})"))
    # the dual-bottom one (the shipped weights' cell) first
    return sorted(out, key=lambda t: (_suffix(t[0]) != "", t[0].name))


def _search_number(name: str) -> int | None:
    """1 for ``nas_tir_search``, k for ``nas_tir_search-k`` (k >= 2), None for any other name."""
    if name == SEARCH_FOLDER:
        return 1
    head, _, tail = name.rpartition("-")
    if head == SEARCH_FOLDER and tail.isdigit() and int(tail) >= 2 and tail == str(int(tail)):
        return int(tail)
    return None


def read_search(path) -> dict:
    """A saved search read and checked whole, before a dock takes any of it (worker-safe: no widget):
    ``path`` a search folder or an alpha history file. Returns its kind, epochs, genotype, folder, history
    file and saved settings; raises ``WorkbenchError`` naming the file for a damaged one."""
    history = _history_file(path)
    # read and checked whole before the dock takes any of it: a damaged file said "'int' object is not
    # iterable" and left the dock half on it (Resume then aimed at its folder)
    data, kind = read_history(history)
    folder = history.parent
    suffix = _suffix(history)
    # the genotype of this history: genotype_single.json beside alpha_history_single.json; a search
    # folder's genotype.json, else the shipped folder's genotype_<cell>.json
    names = [f"genotype_{suffix}.json"] if suffix else ["genotype.json", f"genotype_{kind}.json"]
    genotype = None
    for name in names:
        g = _read_json(folder / name) if (folder / name).is_file() else {}
        if g and g.get("cell", kind) == kind:
            why = genotype_problem(g, kind)
            if why:
                raise WorkbenchError(f"{folder / name}: not a derived {kind}-bottom cell ({why}); the file is "
                                     "damaged: export the genotype again, or open another search")
            genotype = g
            break
    return {"kind": kind, "epochs": list(data.get("epochs", [])), "genotype": genotype, "folder": folder,
            "history_file": history, "settings": saved_settings(history, data, genotype)}


class NASInspector(InspectorDock):
    #: the search runs in a child process (``workbench.core.jobs.in_process``); False: on a worker thread
    #: of this process (a search function that does not pickle, e.g. one patched in by a test)
    search_in_process = True

    def __init__(self, host, plugin=None, title: str = "NAS alphas"):
        super().__init__(host, plugin, title)
        self.history: list[dict] = []
        self.kind = "dual"
        self.genotype: dict | None = None
        self.search_dir: Path | None = None
        self.history_file: Path | None = None  # the alpha history on show (a search folder's, or a shipped one)
        #: the saved settings of the search on show (``SearchConfig`` fields): the form shows its own of
        #: them, a search or Resume from here takes the others (crop, dims, reductions, seed...) from it
        self.settings: dict = {}
        self.settings_missing: list[str] = []  # the form's settings the search on show did not save
        self.reductions_note = ""  # set when the form's cells forced fewer reduction cells
        self.cost_job = Job(self)
        self.cost_job.returned.connect(self._on_cost)
        self.cost_job.errored.connect(lambda exc: self._set_cost(f"cost unavailable: {exc}", "", str(exc)))
        self.cost_job.finished.connect(self._on_cost_done)
        self.job = Job(self)
        self.job.yielded.connect(self._on_event)
        self.job.errored.connect(self._on_error)
        self.job.finished.connect(self._on_finished)
        # the Export button's figures are drawn and written on a worker
        self.export_job = Job(self)
        self.export_job.returned.connect(self._on_exported)
        self.export_job.errored.connect(self._on_export_error)
        self.export_job.finished.connect(lambda: self.export_btn.setEnabled(True))
        self._export_to = ""
        # the shipped search's replay is read on a worker (_load_shipped)
        self.load_job = Job(self)
        self._reduce_pending: dict | None = None  # an epoch whose reduction alphas are drawn on the next turn
        self.load_job.returned.connect(self._on_shipped_read)
        self.load_job.errored.connect(self._on_shipped_error)
        self.config = None
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(4, 4, 4, 4)
        # --- controls: what to search ----------------------------------------------------------
        grid = QGridLayout()
        self.cell = QComboBox()
        self.cell.addItems(["dual", "single"])
        self.cells = _spin(5, 2, 20)
        self.width_ = _spin(8, 4, 64, 4)
        self.epochs = _spin(8, 1, 200)
        self.steps = _spin(6, 1, 1000)
        self.synthetic = _spin(20, 0, 200)
        self.real = QCheckBox("real TIR crops")
        self.real.setChecked(True)
        # the user's tick, kept while the box is greyed and shown unticked (it cannot apply: ``_real_ready``)
        self._real_choice = True
        self.real.toggled.connect(self._real_toggled)
        self.partial = QCheckBox("partial channels (1/4)")
        self.partial.setChecked(True)
        for col, (lab, w) in enumerate((("cell", self.cell), ("cells", self.cells), ("width", self.width_),
                                        ("epochs", self.epochs), ("steps/epoch", self.steps),
                                        ("generated seqs", self.synthetic))):
            grid.addWidget(QLabel(lab), 0, col)
            grid.addWidget(w, 1, col)
        grid.addWidget(self.real, 0, 6)
        grid.addWidget(self.partial, 1, 6)
        lay.addLayout(grid)
        row = QHBoxLayout()
        self.search_btn = QPushButton("Search")
        self.resume_btn = QPushButton("Resume")
        self.cancel_btn = QPushButton("Cancel")
        self.open_btn = QPushButton("Open…")
        self.open_btn.setToolTip("Open a search to replay: a search folder, an alpha history file, or one of the "
                                 "plugin's shipped searches (dual- and single-bottom cells)")
        self.open_menu = QMenu(self.open_btn)
        self.open_menu.aboutToShow.connect(self._fill_open_menu)
        self.open_btn.setMenu(self.open_menu)  # filled as it opens (_fill_open_menu)
        self.export_btn = QPushButton("Export…")
        self.cancel_btn.setEnabled(False)
        self.search_btn.clicked.connect(lambda: self.start_search(resume=False))
        self.resume_btn.clicked.connect(lambda: self.start_search(resume=True))
        self.cancel_btn.clicked.connect(self.cancel_search)
        self.export_btn.clicked.connect(self._export_dialog)
        for b in (self.search_btn, self.resume_btn, self.cancel_btn, self.open_btn, self.export_btn):
            row.addWidget(b)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        row.addWidget(self.progress, 1)
        lay.addLayout(row)
        # --- heatmaps, slider, graph -----------------------------------------------------------
        split = QSplitter(Qt.Orientation.Horizontal)
        self._split, self._heat = split, {}
        self._heat_ahead: dict[int, AlphaHeatmap] = {}  # made off screen, placed on the next turn (_build_step)
        split.setChildrenCollapsible(False)
        for _ in HEATMAP_TITLES:  # the heatmaps themselves are made one per event-loop turn (_heatmap)
            split.addWidget(_share(QWidget()))
        # the cell graph and its cost line share the width with the two heatmaps (without a stretch of
        # its own the pane got what the heatmaps' size hints spared: 71 px at 1366x768, unreadable)
        right = _share(QWidget())
        right.setMinimumWidth(220)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.part = QComboBox()
        self.part.addItems(["normal", "reduce"])
        self.part.currentIndexChanged.connect(lambda _i: self.graph.show_cell_soon(self.genotype, self.part.currentText()))
        top = QHBoxLayout()  # the derived network's shape beside the cell chooser: the line below stays short
        top.addWidget(self.part)
        # "5 cells · width 8 · 64 dims" was cut mid-word ("64 dim") in a 1024 px window: closer to the chooser,
        # and where still too long it ends in "…" (the whole of it, and more, in its tooltip); wrapped, its
        # second line pushed the cost line over the graph
        top.setSpacing(4)
        self.arch = ElidedLabel("", tooltip=False)
        self.arch.setObjectName("muted")
        top.addWidget(self.arch, 1)
        rl.addLayout(top)
        self.graph = CellGraph()
        rl.addWidget(self.graph, 1)
        # its parameters and FLOPs: one short line under the graph in a 1366x768 window (the long line
        # wrapped into more lines than the pane had height, and ended at "0.055 M"); wraps where narrower;
        # the whole sentence, with the network's shape, is its tooltip
        self.cost = QLabel("")
        self.cost.setWordWrap(True)
        self.cost.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        rl.addWidget(self.cost)
        split.addWidget(right)
        split.setSizes([1000] * split.count())  # equal thirds of whatever width the dock gets
        lay.addWidget(split, 1)
        srow = QHBoxLayout()
        self.follow = QCheckBox("follow live")
        self.follow.setChecked(True)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.valueChanged.connect(self.show_epoch)
        self.epoch_label = QLabel("no search loaded")
        srow.addWidget(self.follow)
        srow.addWidget(QLabel("epoch"))
        srow.addWidget(self.slider, 1)
        srow.addWidget(self.epoch_label)
        lay.addLayout(srow)
        # a long status (a folder path) is cut, not a minimum width for the dock: it widened the window past
        # a 1366 px screen (903 px of dock) once the shipped replay was loaded; the whole text is its tooltip
        self.status = ElidedLabel("Search here, or open a search folder (alpha_history.json) to replay it.")
        self.status.setObjectName("muted")
        lay.addWidget(self.status)
        self.setWidget(body)
        self._form_defaults = self.form_settings()
        self._real_ready()
        self._resume_ready()
        self.visibilityChanged.connect(lambda shown: shown and self._resume_ready())  # a search saved meanwhile
        # the two heatmaps are built, and the shipped search's replay drawn, each on a later event-loop
        # turn: building the dock with its plots and filling them in one turn held the GUI thread for
        # 0.07-0.11 s (two pyqtgraph plots cost about 0.02 s each to make, and as much to paint first)
        self._shipped_pending = True
        later(lambda: self._build_step(0), context=self)

    @property
    def loading(self) -> bool:
        return self._shipped_pending or self.load_job.running or self._reduce_pending is not None

    def _build_step(self, i: int) -> None:
        """Heatmap ``i`` made off screen on one turn and put in its place on the next (its first paint): made and
        shown in one turn, each held the GUI thread ~0.1 s; then the shipped search's replay."""
        if i < len(HEATMAP_TITLES):
            if i not in self._heat:
                h = self._heat_ahead.get(i)
                if h is None:  # made (its plot) ...
                    h = self._heat_ahead[i] = AlphaHeatmap(HEATMAP_TITLES[i], colorbar=False)
                    h.setParent(self)  # (the dock's, hidden until placed)
                    h.hide()
                    later(lambda: self._build_step(i), 30, context=self)
                    return
                if h.bar is None:  # ... its colour bar on the next turn ...
                    h.add_colorbar()
                    later(lambda: self._build_step(i), 30, context=self)
                    return
            self._heatmap(i)  # ... and on screen on the third
            later(lambda: self._build_step(i + 1), 30, context=self)
        else:
            self._load_shipped()

    def _heatmap(self, i: int) -> AlphaHeatmap:
        """Heatmap ``i`` (0 normal, 1 reduction), made in place of its placeholder on first use."""
        h = self._heat.get(i)
        if h is None:
            h = self._heat_ahead.pop(i, None) or AlphaHeatmap(HEATMAP_TITLES[i])
            h.add_colorbar()  # (one taken early, by a search's first event, may lack it yet)
            self._heat[i] = h
            self._split.replaceWidget(i, h).deleteLater()
            h.show()
        return h

    @property
    def heat_normal(self) -> AlphaHeatmap:
        return self._heatmap(0)

    @property
    def heat_reduce(self) -> AlphaHeatmap:
        return self._heatmap(1)

    def _load_shipped(self) -> None:
        """The shipped search's replay, read (its alpha history, genotype and settings: 0.05-0.1 s, and
        0.25 s with a worker holding the interpreter lock, when it was read here) on a worker; the dock
        says it is loading meanwhile and shows it when it comes, unless a search was opened or started."""
        from workbench_nas_tir import weights_dir

        if not self._shipped_pending:
            return
        self._shipped_pending = False
        if self.search_dir is None and not self.history and (weights_dir() / "alpha_history.json").is_file():
            self.epoch_label.setText("loading…")
            self.status.setText(f"loading the shipped search's alphas and cell from {weights_dir()}…")
            self.load_job.start(read_search, weights_dir())

    def _on_shipped_read(self, read: dict) -> None:
        if self.search_dir is not None or self.history or self.running:  # opened or started meanwhile: that stays
            return
        self._take_search(read, soon=True)

    def _on_shipped_error(self, exc) -> None:
        # a damaged shipped file must not stop the dock: it says so, and Open… / Search still work
        if self.search_dir is None and not self.history:
            self.epoch_label.setText("no search loaded")
            self.status.setText(f"the shipped search did not load: {exc}")

    # --- loading / replay ----------------------------------------------------------------------
    def load_folder(self, path) -> None:
        """Replay a saved search: ``path`` is a search folder (its alpha_history.json) or an alpha history
        file (the shipped folder's alpha_history_single.json). The form is set to the search's saved
        settings; those it did not save (an older run, an exported history) go back to the form's
        defaults, and the status line names them."""
        self._take_search(read_search(path))

    def _take_search(self, read: dict, soon: bool = False) -> None:
        """Show a search ``read_search`` read (``soon``: its cell routed on a worker)."""
        kind, folder, history = read["kind"], read["folder"], read["history_file"]
        self.kind = kind
        self.history = read["epochs"]
        self.genotype = read["genotype"]
        self.search_dir = folder
        self.history_file = history
        self.settings = read["settings"]
        self.config = dict(self.settings) or None
        self.settings_missing = self.set_form(self.settings)
        self._refresh_slider(last=True, apart=soon)
        self._show_genotype(soon=soon)
        shipped = (f" (the shipped {kind}-bottom search, replay only: Search works in the workspace)"
                   if is_shipped(folder) else "")
        missing = ""
        if self.settings_missing:  # first: the path after it may be cut in a narrow dock
            labels = ", ".join(FORM_SETTINGS[k] for k in self.settings_missing)
            missing = (f"not saved with this search (an older run): {labels}; the form shows the defaults "
                       f"for {'them' if len(self.settings_missing) > 1 else 'it'}. ")
        where = history if history.name != HISTORY else folder
        self.status.setText(f"{missing}{where}: {_epochs(len(self.history) - 1)}, {kind}-bottom cells{shipped}")
        self._resume_ready()

    # --- the form: the search settings ------------------------------------------------------------
    def _spins(self) -> dict:
        return {"cells": self.cells, "width": self.width_, "epochs": self.epochs, "steps_per_epoch": self.steps,
                "synthetic": self.synthetic}

    def form_settings(self) -> dict:
        """The settings the form shows (``FORM_SETTINGS``' fields)."""
        return {"cell": self.cell.currentText(), **{k: s.value() for k, s in self._spins().items()},
                "real": self._real_choice, "partial": self.partial.isChecked()}

    def set_form(self, settings: dict) -> list[str]:
        """Set the form to ``settings``; each of its settings absent there goes back to the form's default.
        Returns those absent (``FORM_SETTINGS`` keys)."""
        values, missing = dict(self._form_defaults), []
        for key in FORM_SETTINGS:
            v = settings.get(key)
            ok = (v in ("dual", "single") if key == "cell" else isinstance(v, bool) if key in ("real", "partial")
                  else isinstance(v, (int, float)) and not isinstance(v, bool) and v == int(v))
            if ok:
                values[key] = v
            else:  # absent (an older run), or not a value the form can show
                missing.append(key)
        self.cell.setCurrentText(values["cell"])
        for key, spin in self._spins().items():
            v = int(values[key])
            # a search from the command line may go past the form's range: shown as it was, not clamped
            spin.setRange(min(spin.minimum(), v), max(spin.maximum(), v))
            spin.setValue(v)
        self._real_choice = bool(values["real"])  # shown by ``_real_ready`` (unticked where it cannot apply)
        self.partial.setChecked(bool(values["partial"]))
        self._real_ready()
        return missing

    def _real_roots(self) -> str:
        """The real labelled sequences a search from here reads: the ``data`` roots of the search on show."""
        return str(self.settings.get("data") or "").strip()

    def _real_toggled(self, on: bool) -> None:
        if self.real.isEnabled():  # the user's (or a loaded search's) choice, not the greyed box's untick
            self._real_choice = on

    def _real_ready(self) -> None:
        """"real TIR crops" greyed and unticked where it does nothing: it only takes the sequences of the search
        on show's ``data`` roots, and a search from the window (or the shipped one) names none, so the tick
        changed nothing and an analyst took the search for one on real crops (greyed but ticked, it still read as
        on). The user's choice (``_real_choice``, what the search's settings keep) is ticked again where it
        applies."""
        roots = self._real_roots()
        self.real.setEnabled(bool(roots))  # (first: the untick below is not taken for the user's)
        self.real.setChecked(self._real_choice if roots else False)
        self.real.setToolTip(f"crops of the real labelled sequences under {roots} beside the generated ones"
                             if roots else
                             "off: the search on show names no real sequences (a search started here trains on "
                             "the generated sequences only): `workbench search nas_tir --data ROOT` searches on "
                             "real crops, and Open… of its folder then offers them here")

    def _refresh_slider(self, last: bool, apart: bool = False) -> None:
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(0, len(self.history) - 1))
        if last:
            self.slider.setValue(len(self.history) - 1)
        self.slider.blockSignals(False)
        self.show_epoch(self.slider.value(), apart)

    def show_epoch(self, i: int, apart: bool = False) -> None:
        if not self.history:
            return
        i = int(np.clip(i, 0, len(self.history) - 1))
        h = self.history[i]
        self._show_alpha(h, f"epoch {h['epoch']} / {self.history[-1]['epoch']}", apart)

    def _show_alpha(self, rec: dict, label: str, apart: bool = False) -> None:
        """``rec``'s two alpha matrices; ``apart``: the reduction cell's on a later turn, so that the two
        heatmaps' first paints (~50 ms each, their many tick labels) are not one pass of the GUI thread."""
        self.heat_normal.set_alpha(rec["alpha_normal"], self.kind)
        self._reduce_pending = rec if apart else None
        if apart:
            later(self._show_reduce_pending, 30, self)
        else:
            self.heat_reduce.set_alpha(rec["alpha_reduce"], self.kind)
        self.epoch_label.setText(label)

    def _show_reduce_pending(self) -> None:
        rec, self._reduce_pending = self._reduce_pending, None
        if rec is not None:  # (None: another epoch was shown meanwhile, both heatmaps at once)
            self.heat_reduce.set_alpha(rec["alpha_reduce"], self.kind)

    def _show_genotype(self, soon: bool = False) -> None:
        """The genotype's cell and cost; ``soon`` (a search's epoch): the cell routed on a worker."""
        (self.graph.show_cell_soon if soon else self.graph.show_cell)(self.genotype, self.part.currentText())
        self.cost_figures = None
        if not self.genotype:
            self._cost_key = None  # a count still running for the previous genotype is not shown
            self._set_cost("", "", "")
            return
        # building the derived network and counting its FLOPs takes 0.2-0.5 s: on a worker
        self._set_cost("counting parameters and FLOPs…", "", "")
        key = (json.dumps(self.genotype, sort_keys=True), json.dumps(self.config or {}, sort_keys=True, default=str))
        self._cost_key = key
        if self.cost_job.running:
            self._cost_again = True
            return
        self._cost_again = False
        self.cost_job.start(_cost, self.genotype, self.config or {}, key)

    def _on_cost(self, result) -> None:
        key, figures, text = result
        if key != getattr(self, "_cost_key", None):
            return
        self.cost_figures = figures
        arch, size = figures["arch"], figures["input"][-1]
        self._set_cost(f"{figures['params'] / 1e6:.3f} M params, {figures['flops'] / 1e6:.1f} M FLOPs at "
                       f"1×{size}×{size}", f"{arch['cells']} cells · width {arch['width']} · {arch['dims']} dims",
                       text)

    def _set_cost(self, line: str, arch: str, tip: str) -> None:
        self.cost.setText(line)
        self.cost.setToolTip(tip)
        self.arch.setText(arch)
        self.arch.setToolTip(tip)

    def _on_cost_done(self) -> None:
        if getattr(self, "_cost_again", False) and self.genotype:
            self._show_genotype()

    @property
    def cost_pending(self) -> bool:
        return self.cost_job.running or bool(getattr(self, "_cost_again", False))

    def _cost_text(self) -> str:
        """The cost line now (scripts); the dock computes it on a worker (``_show_genotype``)."""
        _key, self.cost_figures, text = _cost(self.genotype, self.config or {}, None)
        return text

    # --- search in a worker ----------------------------------------------------------------------
    def search_config(self):
        """The form's settings; the others (crop, dims, reductions, seed, learning rates...) those of the
        search on show (``settings``), else the dock's defaults (crop 24)."""
        from workbench_nas_tir.search import SearchConfig

        names = {f.name for f in fields(SearchConfig)}
        base = {"crop": 24, **{k: v for k, v in self.settings.items() if k in names and k not in NOT_SAVED}}
        form = self.form_settings()
        cells = form["cells"]
        # the form lets cells go down to 2, and reduction cells must be fewer than cells
        wanted = int(base.get("reductions", SearchConfig.reductions))
        reductions = max(0, min(wanted, cells - 1))
        self.reductions_note = (f"{cells} cells hold at most {reductions} reduction cell"
                                f"{'s' if reductions != 1 else ''}: searching with {reductions}"
                                if reductions < wanted else "")
        return SearchConfig(**{**base, **form, "reductions": reductions, "live_every": 1})

    def default_dir(self) -> Path:
        """The workspace's first search folder; later searches go beside it (``new_search_dir``)."""
        from workbench.gui.settings import workspace_dir

        return workspace_dir() / SEARCH_FOLDER

    def search_dirs(self) -> list[Path]:
        """The workspace's search folders (``nas_tir_search``, ``nas_tir_search-2``, ...), in number order."""
        base = self.default_dir()
        found = []
        try:
            entries = list(base.parent.iterdir()) if base.parent.is_dir() else []
        except OSError:
            entries = []
        for p in entries:
            n = _search_number(p.name)
            if n is not None and p.is_dir():
                found.append((n, p))
        return [p for _n, p in sorted(found)]

    def new_search_dir(self) -> Path:
        """Where a new Search saves: the first of ``nas_tir_search``, ``nas_tir_search-2``, ... that does
        not exist yet (or is an empty folder). Every Search wrote into ``nas_tir_search``, so a new one
        replaced the search saved there (its checkpoint, alpha history and genotype)."""
        from workbench.core.results import free_folder

        return free_folder(self.default_dir())

    def latest_search_dir(self) -> Path:
        """The workspace's search that was saved last (the newest ``last.pt``); ``default_dir()`` where
        there is none yet."""
        best, when = None, None
        for folder in self.search_dirs():
            try:
                t = (folder / "last.pt").stat().st_mtime
            except OSError:
                continue
            if when is None or t >= when:  # equal times: the higher number, the later search
                best, when = folder, t
        return best if best is not None else self.default_dir()

    def resume_dir(self) -> Path:
        """The folder Resume continues: the search on show, unless that is the shipped replay (a search
        never writes there), in which case the workspace's latest search."""
        if self.search_dir is not None and not is_shipped(self.search_dir):
            return Path(self.search_dir)
        return self.latest_search_dir()

    def start_search(self, resume: bool = False, out_dir=None, config=None, bank=None) -> bool:
        """Start a search (``resume``: continue the one in ``resume_dir()``) on a worker; False, with the
        reason in the status line, where none starts: a search into the shipped weights folder, a Resume
        with nothing to resume (no ``last.pt``) or with no epoch left (the form's epochs all searched)."""
        from workbench.core.jobs import in_process
        from workbench.gui.preload import compute_threads
        from workbench_nas_tir.search import search_events

        if self.running or getattr(self, "_reading", False):  # (a Resume's last.pt being read: ``_read_resume``)
            return False
        self.reductions_note = ""
        out = Path(out_dir) if out_dir else (self.resume_dir() if resume else self.new_search_dir())
        if is_shipped(out):  # e.g. an explicit folder: the plugin's files are never overwritten
            self.status.setText(f"{out} holds the plugin's shipped search, which is only replayed here: a search "
                                f"never writes into it. Search starts a new one in {self.new_search_dir()}.")
            return False
        if resume and not (out / "last.pt").is_file():
            # it used to start a new search here instead, silently (over the shipped replay's files)
            self.status.setText(f"Nothing to resume: {out} has no last.pt (a search started here saves one after "
                                "each epoch). Search starts a new search.")
            return False
        if config is not None:  # the form shows what runs
            self.settings = {k: v for k, v in asdict(config).items() if k not in NOT_SAVED}
            self.settings_missing = self.set_form(self.settings)
        kept = None  # the form and settings before they were another search's: back where its Resume is refused
        if config is None and resume and out != self.search_dir:
            # Resume continues another search than the one on show (the shipped replay is): its own settings,
            # not the replay's the form showed
            kept = (dict(self.settings), list(self.settings_missing), self.form_settings())
            self._settings_of(out)
        cfg = config or self.search_config()
        from workbench.core.errors import WorkbenchError
        from workbench_nas_tir.search import check_config, no_epoch_left

        try:  # the command's own checks, said here before the job starts (they were the job's error, after
            # the crops were cut, or a traceback in it: a crop the network's stride leaves no room for)
            check_config(cfg)
            state = self._read_resume(cfg, out) if resume else None
        except WorkbenchError as exc:
            if kept is not None:  # a refused Resume of another search leaves the form as it was
                self.settings, self.settings_missing = kept[0], kept[1]
                self.set_form(kept[2])
            self.status.setText(f"{'Resume' if resume else 'Search'} not started: {exc}")
            return False
        done = int((state or {}).get("epoch") or 0)
        if no_epoch_left(cfg.epochs, done):  # search.py's rule; said in the form's words (its epochs field)
            # the job started, cut its crops, said "nothing more to train" only through print() and ended as
            # "search done": nothing on screen said no epoch was searched. The search goes on show, so that the
            # form's epochs are what the next Resume takes (one not on show takes its own saved settings)
            if out != self.search_dir:
                self._open(out)
            self.status.setText(f"Resume not started: {out}: all {cfg.epochs} epochs were searched already (last.pt "
                                f"holds epoch {done}); set epochs above {done} to search on")
            return False
        real = cfg.real and str(cfg.data or "").strip()
        if bank is None and cfg.synthetic < 1 and not real and not str(getattr(cfg, "corpus", "") or "").strip():
            # the search cut no crop and failed after starting (from its child process as "TypeError:
            # DataError.__init__() missing 1 required positional argument")
            self.status.setText(f"{'Resume' if resume else 'Search'} not started: no training crops: generated seqs "
                                "is 0 and the search has no real sequences; set generated seqs to 1 or more")
            return False
        self.search_dir = out
        self.history_file = out / HISTORY
        self.kind = cfg.cell
        self.config = asdict(cfg)
        self.history = []
        # the replay's alphas and "epoch 8 / 8" stayed on show under "new search in ..." while the search cut its
        # crops (tens of seconds): no alphas until its first step (a resumed search's come with its start)
        for heat in self._heat.values():
            heat.clear_alpha()
        self._reduce_pending = None
        self._refresh_slider(last=True)
        self.epoch_label.setText("no epoch yet")
        # the cell of the search that runs: none yet for a new one, a resumed one's last saved; the replay's shown
        # before stayed beside the new search's alphas, and Export wrote it as this search's genotype.json
        saved = _read_json(out / "genotype.json") if resume else {}
        self.genotype = saved if saved and not genotype_problem(saved, self.kind) else None
        self._show_genotype()
        if self.search_in_process:  # a search on a worker thread shares the interpreter lock with this one
            self.job.start(in_process, search_events, cfg, out, resume=resume, bank=bank, threads=compute_threads(),
                           pass_context=True)
        else:
            self.job.start(search_events, cfg, out, resume=resume, bank=bank, pass_context=True)
        self._set_running(True)
        self.progress.setFormat("cutting the training crops…")  # 0 % and still for the crops' tens of seconds
        self.progress.setValue(0)
        notes = [self.reductions_note] if self.reductions_note else []
        if resume and self.settings_missing:
            labels = ", ".join(FORM_SETTINGS[k] for k in self.settings_missing)
            notes.append(f"not saved with it, the form's used: {labels}")
        note = f" ({'; '.join(notes)})" if notes else ""
        self.status.setText(f"{'resuming the search in' if resume else 'new search in'} {out} …{note}")
        return True

    def _read_resume(self, cfg, out: Path):
        """``search.check_resume(cfg, out)`` (its ``last.pt`` loaded: tens of MB on a slow disk, torch's first use) on
        a worker, this thread handling events meanwhile, Search and Resume greyed; what it raises is a
        ``WorkbenchError`` naming the file (a damaged or pickle-needing file: ``load_checkpoint``'s words). The window
        closed during the read (its close cancels the jobs under it; quitting ends this wait before the read does):
        a ``WorkbenchError`` too, so that no search starts after the window has gone."""
        from workbench.core.errors import Cancelled, WorkbenchError
        from workbench_nas_tir.search import check_resume

        ck = out / "last.pt"
        job = Job(self)
        self._reading = True
        self.search_btn.setEnabled(False)
        self.resume_btn.setEnabled(False)
        self.status.setText(f"reading {ck} …")
        try:
            state = job.run_and_wait(check_resume, cfg, out)
            if job.running or job.ctx.cancelled:
                raise WorkbenchError(f"the window closed while {ck} was read")
            return state
        except Cancelled:  # quitting let the read go (its wait ended before the read did): not the file's fault
            raise WorkbenchError(f"the window closed while {ck} was read") from None
        except WorkbenchError:
            raise
        except Exception as exc:  # noqa: BLE001 - a bug, out of memory: said naming the file, nothing started
            raise WorkbenchError(f"{ck}: could not be read: {describe(exc)}") from exc
        finally:
            self._reading = False
            job.deleteLater()
            self._set_running(self.running)

    def _settings_of(self, folder: Path) -> None:
        """The form and ``settings`` set to those ``folder``'s search saved (Resume of a search not on show)."""
        history = folder / HISTORY
        data = _read_json(history)
        genotype = _read_json(folder / "genotype.json") if (folder / "genotype.json").is_file() else None
        self.settings = saved_settings(history, data, genotype)
        self.settings_missing = self.set_form(self.settings)

    def cancel_search(self) -> None:
        self.job.cancel()

    @property
    def ctx(self):
        return self.job.ctx

    @property
    def running(self) -> bool:
        return self.job.running

    def running_jobs(self) -> list[tuple]:
        """The search and the export, named when the window closes (``InspectorDock.running_jobs``)."""
        out = []
        if self.job.running:
            doing = f", {self.job.last_message}" if self.job.last_message else ""
            out.append((self.job, f"NAS search into {self.search_dir}{doing}: stopped at its next step; the "
                                  "epochs it saved (last.pt, alpha_history.json, genotype.json, each written whole) "
                                  "stay, and Resume continues from the last of them.", False))
        if self.export_job.running:
            out.append((self.export_job, f"Export of the alpha figures and numbers to {self._export_to}: "
                                         "finished before the window closes.", True))
        return out

    def _set_running(self, on: bool) -> None:
        self.search_btn.setEnabled(not on)
        self.open_btn.setEnabled(not on)
        self.cancel_btn.setEnabled(on)
        self._resume_ready()

    def resume_problem(self) -> str:
        """Why Resume can start nothing now ('' where it can): a search running, the folder it would continue
        holding no ``last.pt``, or being the shipped replay's."""
        if self.running:
            return "a search is running"
        if getattr(self, "_reading", False):
            return "its last.pt is being read"
        out = self.resume_dir()
        if is_shipped(out):
            return f"{out} holds the plugin's shipped search, which is only replayed here"
        if not (out / "last.pt").is_file():
            return (f"nothing to resume: {out} has no last.pt (a search started here saves one after each epoch); "
                    "Search starts a new search")
        return ""

    def _resume_ready(self) -> None:
        """Resume greyed, its tooltip saying why, where it has nothing to continue: it was enabled with nothing
        to resume and a press only wrote the reason into the status line."""
        why = self.resume_problem()
        self.resume_btn.setEnabled(not why)
        self.resume_btn.setToolTip(why or f"continue the search in {self.resume_dir()} from its last saved epoch")

    def _on_event(self, ev: dict) -> None:
        kind = ev["kind"]
        if kind == "start":
            self.history = list(ev.get("history", []))
            self._refresh_slider(last=True)
            self.progress.setFormat("%p%")  # the crops are cut (a resume with no epoch left has no step to say so)
            self.status.setText(f"searching: {len(ev['identities'])} identities, {ev['crops']} crops → "
                                f"{self.search_dir}")
        elif kind == "step":
            self.progress.setFormat("%p%")
            self.progress.setValue(int(1000 * ev["step"] / max(ev["total"], 1)))
            if self.follow.isChecked():
                self._show_alpha(ev, f"live: epoch {ev['epoch']:.2f} (loss w {ev['loss_w']:.3f}, "
                                     f"alpha {ev['loss_a']:.3f})")
        elif kind == "epoch":
            self.history.append({k: v for k, v in ev.items() if k not in ("kind", "genotype")})
            self.genotype = ev.get("genotype")
            self._refresh_slider(last=self.follow.isChecked())
            self._show_genotype(soon=True)
        elif kind in ("done", "cancelled"):
            self.status.setText(f"search {kind}; {_epochs(len(self.history) - 1)} saved in {self.search_dir}")
            if kind == "cancelled":  # the bar stood at the fraction done (31 %) as if the search still went
                show_cancelled(self.progress)
            else:
                self.progress.setValue(self.progress.maximum())

    def _on_error(self, exc) -> None:
        """The search failed (or was let go): the bar says so; it read "cutting the training crops…" on after a
        search that failed before its first step. A search cancelled before its epochs (while its crops were cut)
        or let go is said cancelled on the status line as on the bar (it read "search failed: Cancelled")."""
        from workbench.core.errors import Cancelled

        if isinstance(exc, Cancelled):
            show_cancelled(self.progress)
            if self.history:  # its start said: as the search's own "cancelled" end says it
                self.status.setText(f"search cancelled; {_epochs(len(self.history) - 1)} saved in {self.search_dir}")
            else:
                self.status.setText(f"search cancelled before its first epoch: nothing new saved in {self.search_dir}")
            return
        self.progress.setFormat("failed")
        self.status.setText(f"search failed: {describe(exc)}")

    def _on_finished(self) -> None:
        self._set_running(False)

    # --- export ----------------------------------------------------------------------------------
    def _export_args(self) -> tuple:
        """What an export writes, taken on the GUI thread (the worker reads no widget)."""
        i = self.slider.value() if self.history else None
        return (self.kind, list(self.history), i, self.genotype, self.config or {},
                getattr(self, "cost_figures", None))

    def export(self, folder, formats=("png", "svg", "pdf")) -> list[Path]:
        """The figures and numbers to ``folder`` now (scripts, tests); the Export button writes them
        on a worker (``_export_dialog``)."""
        paths, cost = _export_files(folder, *self._export_args(), formats=formats, bom=wsettings.csv_bom())
        if cost is not None:
            self.cost_figures = cost
        return paths

    def _fill_open_menu(self) -> None:
        """The Open… menu: a search folder, an alpha history file, and each shipped search (read again
        at each opening: the shipped files are package data, a test may point at a copy)."""
        m = self.open_menu
        m.clear()
        m.addAction("Search folder…", self._open_dialog)
        m.addAction("Alpha history file…", self._open_file_dialog)
        shipped = shipped_histories()
        if shipped:
            m.addSeparator()
        for path, text in shipped:
            a = m.addAction(text, lambda _checked=False, p=path: self._open(p))
            a.setToolTip(str(path))
            a.setCheckable(True)
            a.setChecked(self.history_file is not None and Path(self.history_file) == path)

    def _open(self, path) -> None:
        try:
            self.load_folder(path)
        except WorkbenchError as exc:  # names the file and what is wrong with it
            self.status.setText(f"cannot load: {exc}")
        except Exception as exc:  # noqa: BLE001
            self.status.setText(f"{path}: cannot load: {exc}")

    def _open_dialog(self) -> None:
        d = QFileDialog.getExistingDirectory(self, "Search folder (with alpha_history.json)")
        if d:
            self._open(d)

    def _open_file_dialog(self) -> None:
        start = str(self.search_dir) if self.search_dir is not None else ""
        f, _ = QFileDialog.getOpenFileName(self, "Alpha history of a search", start,
                                           "Alpha history (alpha_history*.json);;JSON (*.json)")
        if f:
            self._open(f)

    def _export_dialog(self) -> None:
        d = QFileDialog.getExistingDirectory(self, "Export the alpha figures and numbers to")
        if d and not self.export_job.running:
            args = self._export_args()
            # an earlier export there was written over without a word: asked as File > Export asks, default No;
            # ten stats, here on the GUI thread
            if not may_write(self, export_paths(d, *args[1:4])):
                self.status.setText(f"{NOTHING_EXPORTED} ({d})")
                return
            # six matplotlib figures (PNG, SVG, PDF of two) take 1-2 s: on a worker, not the GUI thread
            self.export_btn.setEnabled(False)
            self.status.setText(f"exporting the alpha figures and numbers to {d}…")
            self._export_to = d
            # the window's File > Export "CSV with a byte-order mark (Excel)" choice, read here on the GUI thread
            self.export_job.start(_export_files, d, *args, bom=wsettings.csv_bom())

    def _on_exported(self, result) -> None:
        paths, _cost_figures = result  # (not kept: the genotype on show may have changed meanwhile)
        self.status.setText(f"exported {len(paths)} files to {self._export_to}")

    def _on_export_error(self, exc) -> None:
        from workbench.gui.worker import describe, describe_at

        text = describe_at(self._export_to, exc) if isinstance(exc, OSError) else describe(exc)
        self.status.setText(f"export failed: {text}")


def _export_names(folder, history, index, genotype, formats=("png", "svg", "pdf")) -> dict:
    """Where ``_export_files`` writes each of its files in ``folder``: {"alpha": the alpha figure of the epoch shown
    (one a format), "history_csv", "history_json"} with a ``history``, {"cell": the derived cell's figures,
    "genotype", "cost": derived_cost.json (where its cost is counted)} with a ``genotype``."""
    folder = Path(folder)
    out = {}
    if history:
        epoch = history[int(np.clip(index or 0, 0, len(history) - 1))]["epoch"]
        out.update(alpha=[folder / f"alpha_epoch{epoch}.{fmt}" for fmt in formats],
                   history_csv=folder / "alpha_history.csv", history_json=folder / "alpha_history.json")
    if genotype:
        out.update(cell=[folder / f"derived_cell.{fmt}" for fmt in formats], genotype=folder / "genotype.json",
                   cost=folder / "derived_cost.json")
    return out


def export_paths(folder, history, index, genotype, formats=("png", "svg", "pdf")) -> list[Path]:
    """Every file an export (``_export_files``) of these may write into ``folder`` (the Export button asks before
    replacing any)."""
    return [p for v in _export_names(folder, history, index, genotype, formats).values()
            for p in (v if isinstance(v, list) else [v])]


def _export_files(folder, kind, history, index, genotype, config, cost_figures, formats=("png", "svg", "pdf"),
                  bom: bool = False):
    """Worker body of an export: the alpha figure of epoch ``index`` of ``history``, every epoch's alpha
    (CSV, JSON), the derived cell (figures, genotype JSON) and its cost (counted here when the dock's
    worker had not yet). Returns (the files written, the cost figures)."""
    from workbench.core.evaluation.plots import save_figure
    from workbench.core.results import writable_folder, write_json
    from workbench_nas_tir.figures import alpha_figure, cell_figure, write_history_csv

    folder = writable_folder(folder, "")  # a file there said "[Errno 17] File exists"
    names = _export_names(folder, history, index, genotype, formats)
    out = []
    if history:
        h = history[int(np.clip(index or 0, 0, len(history) - 1))]
        if names["alpha"]:  # each figure drawn once, saved in every format
            fig = alpha_figure(h["alpha_normal"], h["alpha_reduce"], kind, f"alpha at epoch {h['epoch']}")
            out += [save_figure(fig, path) for path in names["alpha"]]
        out.append(write_history_csv(names["history_csv"], history, kind, bom=bom))
        out.append(write_json(names["history_json"], {"cell": kind, "primitives": list(PRIMITIVES),
                                                      "edges": edge_labels(kind), "epochs": history}))
    if genotype:
        if names["cell"]:
            fig = cell_figure(genotype)
            out += [save_figure(fig, path) for path in names["cell"]]
        out.append(write_json(names["genotype"], genotype))
        if not cost_figures:  # still being counted on the dock's worker: count it here
            try:
                _key, cost_figures, _text = _cost(genotype, config, None)
            except Exception:  # noqa: BLE001 - the figures and the genotype are still written
                cost_figures = None
        if cost_figures:
            out.append(write_json(names["cost"], cost_figures))
    return out, cost_figures


def _share(w: QWidget) -> QWidget:
    """``w`` with an equal share (horizontal stretch 1) of the heatmaps-and-graph splitter's width."""
    sp = w.sizePolicy()
    sp.setHorizontalPolicy(QSizePolicy.Policy.Expanding)
    sp.setHorizontalStretch(1)
    w.setSizePolicy(sp)
    return w


def _spin(v: int, lo: int, hi: int, step: int = 1) -> QSpinBox:
    s = QSpinBox()
    s.setRange(lo, hi)
    s.setSingleStep(step)
    s.setValue(v)
    return s
