"""A wide timeline with many runs: each curve is cached as a pixmap of the plot in Qt's pixmap cache, whose
default 10 MB held three curves of a 1900x450 plot. With 8 runs the pixmaps were thrown out in turn and every
cursor move drew every curve again into a new pixmap (800 curve paints over 100 moves, slower than no cache)."""
from __future__ import annotations

import numpy as np
from PySide6.QtGui import QPixmapCache

from workbench.gui.timeline import TimelineCurve, TimelineDock

N, RUNS = 2000, 8


def test_eight_runs_on_a_wide_timeline_cursor_moves_draw_no_curve(qtbot, monkeypatch):
    limit = QPixmapCache.cacheLimit()
    QPixmapCache.setCacheLimit(10240)  # Qt's default (KB): as an app that set nothing has it
    try:
        painted = []
        paint = TimelineCurve.paint

        def counted(self, *args):
            painted.append(self)
            return paint(self, *args)

        monkeypatch.setattr(TimelineCurve, "paint", counted)
        t = np.arange(N, dtype=float)
        series = {f"run{k}": {"iou": np.clip(0.5 + 0.4 * np.sin(t / (40 + 7 * k)), 0, 1),
                              "score": np.full(N, 0.5), "error": np.full(N, 3.0)} for k in range(RUNS)}
        dock = TimelineDock()
        qtbot.addWidget(dock)
        dock.resize(1900, 450)
        dock.show()
        qtbot.waitUntil(dock.on_screen, timeout=5000)
        assert dock.plot.viewport().width() >= 1800, "the plot is not as wide as asked: nothing tested"
        dock.set_length(N)
        dock.set_series(series, {k: "#ff8800" for k in series})
        qtbot.waitUntil(lambda: len(dock._curves.items) == RUNS and not dock._stale, timeout=5000)
        viewport = dock.plot.viewport()

        def all_drawn() -> bool:  # (laid out at 1900 px on later turns)
            viewport.repaint()
            return len(set(map(id, painted))) == RUNS

        qtbot.waitUntil(all_drawn, timeout=5000)
        viewport.repaint()

        painted.clear()
        for i in range(100, 1900, 90):  # 20 moves, the cursor crossing every curve
            dock.set_frame(i)
            viewport.repaint()
        assert dock.cursor.value() == 1810
        assert not painted, (f"20 cursor moves drew the curves again ({len(painted)} curve paints; pixmap cache "
                             f"{QPixmapCache.cacheLimit()} KB)")
    finally:
        QPixmapCache.setCacheLimit(limit)


def test_curves_too_many_for_the_cache_cap_are_drawn_uncached(qtbot, monkeypatch):
    """Past the cap a pixmap cache that cannot hold every curve misses at each repaint (the curves are drawn in
    turn): the curves are drawn without one, and the cache is not raised for them."""
    from PySide6.QtWidgets import QGraphicsItem

    limit = QPixmapCache.cacheLimit()
    QPixmapCache.setCacheLimit(10240)
    try:
        monkeypatch.setattr(TimelineDock, "PIXMAP_CACHE_CAP", 1 << 20)
        dock = TimelineDock()
        qtbot.addWidget(dock)
        dock.resize(1900, 450)
        dock.show()
        qtbot.waitUntil(dock.on_screen, timeout=5000)
        t = np.arange(N, dtype=float)
        series = {f"run{k}": {"iou": np.clip(0.5 + 0.1 * np.sin(t / 40) + 0.05 * k, 0, 1)} for k in range(RUNS)}
        dock.set_length(N)
        dock.set_series(series, {k: "#ff8800" for k in series})
        qtbot.waitUntil(lambda: len(dock._curves.items) == RUNS and not dock._stale, timeout=5000)
        modes = {item.cacheMode() for item in dock._curves.items.values()}
        assert modes == {QGraphicsItem.CacheMode.NoCache}, modes
        assert QPixmapCache.cacheLimit() == 10240
    finally:
        QPixmapCache.setCacheLimit(limit)
