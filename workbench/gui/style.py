"""One dark look for the whole window, pyqtgraph plots included."""
from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
from PySide6.QtGui import QColor, QFontInfo, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from workbench.gui.painted_icons import WorkbenchStyle

BG = "#1b1d21"  # plot and viewer background
PANEL = "#24272c"
BASE = "#1f2126"
TEXT = "#d8dce2"
MUTED = "#8a919c"
ACCENT = "#3d8bfd"
GRID = "#3a3f47"
GT_COLOR = "#f2f2f2"
INIT_COLOR = "#ffd21f"  # the initial box being drawn
MASK_COLOR = "#1fd1c1"  # segmentation mask overlay
TARGET_COLOR = "#4cff7a"  # segmented target boxes
DETECT_COLOR = "#ff4fd8"  # a detector's points and boxes
DETECT_OTHER_COLOR = "#ff9f40"  # its detections of another class than target (interference)
WARN_COLOR = "#ffb454"  # what the user must do or know first (the box to draw, a method's missing weights)

CHECK_ICON = (Path(__file__).resolve().parent / "icons" / "check.svg").as_posix()  # a white tick
TAB_PAD, TIGHT_TAB_PAD = 12, 5  # a tab's padding left and right; a dock tab bar's where its tabs need the room
TIGHT_TABS = f"QTabBar::tab {{ padding: 5px {TIGHT_TAB_PAD}px; }}"  # that bar's own style sheet (``fit_tabs``)

STYLESHEET = f"""
QMainWindow::separator {{ background: {BG}; width: 4px; height: 4px; }}
QDockWidget {{ color: {TEXT}; font-weight: 600; }}
QDockWidget::title {{ background: {PANEL}; padding: 5px 8px; border-bottom: 1px solid #30343b; }}
QToolBar {{ background: {PANEL}; border: 0; border-bottom: 1px solid #30343b; spacing: 3px; padding: 3px; }}
QToolBar QToolButton {{ padding: 4px 7px; border-radius: 4px; }}
QToolBar QToolButton:checked {{ background: #2f4f80; }}
QToolBar QToolButton:hover {{ background: #343a44; }}
QStatusBar {{ background: {PANEL}; color: {MUTED}; border-top: 1px solid #30343b; }}
QStatusBar QLabel {{ padding: 0 8px; color: {TEXT}; font-family: monospace; }}
QPushButton {{ padding: 5px 12px; border-radius: 4px; background: #343a44; border: 1px solid #434a55; }}
QPushButton:hover {{ background: #3d4450; }}
QPushButton:disabled {{ color: #666c75; background: #2a2e34; }}
QPushButton#primary {{ background: {ACCENT}; border-color: {ACCENT}; color: white; font-weight: 600; }}
QPushButton#primary:hover {{ background: #5a9cff; }}
QPushButton#primary:disabled {{ background: #2a2e34; color: #666c75; border-color: #434a55; }}
QPushButton#danger:enabled {{ background: #7a2e2e; border-color: #9a3a3a; color: white; }}
QProgressBar {{ border: 1px solid #434a55; border-radius: 4px; text-align: center; background: {BASE}; height: 16px; }}
QProgressBar::chunk {{ background: {ACCENT}; border-radius: 3px; }}
QGroupBox {{ border: 1px solid #343941; border-radius: 5px; margin-top: 14px; padding-top: 6px; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 4px; color: {MUTED}; }}
QTreeWidget, QTableWidget, QListWidget {{ background: {BASE}; alternate-background-color: #23262b; border: 1px solid #30343b; }}
QTreeView::indicator, QListView::indicator {{ width: 12px; height: 12px; border-radius: 3px; border: 1px solid #6b7380; background: {BASE}; }}
QTreeView::indicator:checked, QListView::indicator:checked {{ background: {ACCENT}; border-color: {ACCENT}; }}
QTreeView::indicator:selected, QListView::indicator:selected {{ border-color: #ffffff; }}
QTreeView::indicator:checked:selected, QListView::indicator:checked:selected {{
    background: #ffffff; border-color: #ffffff; }}
QTreeView::indicator:disabled, QListView::indicator:disabled {{ border-color: #4a4f57; }}
QTreeView::indicator:checked:disabled, QListView::indicator:checked:disabled {{
    background: #4a4f57; }}
QCheckBox::indicator {{ width: 12px; height: 12px; border-radius: 3px; border: 1px solid #6b7380; background: {BASE}; }}
QCheckBox::indicator:hover {{ border-color: {ACCENT}; }}
QCheckBox::indicator:checked {{ background: {ACCENT}; border-color: {ACCENT}; image: url("{CHECK_ICON}"); }}
QCheckBox::indicator:disabled {{ border-color: #4a4f57; }}
QCheckBox::indicator:checked:disabled {{ background: #4a4f57; border-color: #4a4f57; }}
QHeaderView::section {{ background: {PANEL}; color: {MUTED}; border: 0; border-right: 1px solid #30343b; padding: 4px; }}
QTabBar::tab {{ background: {PANEL}; color: {MUTED}; padding: 5px {TAB_PAD}px; border: 0; }}
QTabBar::tab:selected {{ color: {TEXT}; border-bottom: 2px solid {ACCENT}; }}
QLabel#hint {{ background: rgba(20, 22, 26, 200); color: {TEXT}; border-radius: 6px; padding: 6px 10px; }}
QLabel#muted {{ color: {MUTED}; }}
QSlider::groove:horizontal {{ height: 4px; background: #3a3f47; border-radius: 2px; }}
QSlider::handle:horizontal {{ background: {ACCENT}; width: 12px; margin: -5px 0; border-radius: 6px; }}
QSlider::sub-page:horizontal {{ background: #2f5fa8; border-radius: 2px; }}
QSlider::handle:horizontal:disabled {{ background: #5a606a; }}
QSlider::sub-page:horizontal:disabled {{ background: #3a3f47; }}
"""


def apply(app: QApplication) -> None:
    # Fusion, its media icons (the transport bar's) drawn in the palette's text colour at the screen's
    # pixels: Fusion's own are nearly black pictures, hardly seen on the dark panels at any scaling
    if getattr(app, "_workbench_style", None) is None:  # once: setStyle again would rebuild every widget's look
        app._workbench_style = WorkbenchStyle()
        app.setStyle(app._workbench_style)
    pal = QPalette()
    c = QColor
    pal.setColor(QPalette.ColorRole.Window, c(PANEL))
    pal.setColor(QPalette.ColorRole.WindowText, c(TEXT))
    pal.setColor(QPalette.ColorRole.Base, c(BASE))
    pal.setColor(QPalette.ColorRole.AlternateBase, c("#23262b"))
    pal.setColor(QPalette.ColorRole.ToolTipBase, c("#30343b"))
    pal.setColor(QPalette.ColorRole.ToolTipText, c(TEXT))
    pal.setColor(QPalette.ColorRole.Text, c(TEXT))
    pal.setColor(QPalette.ColorRole.Button, c("#2c3036"))
    pal.setColor(QPalette.ColorRole.ButtonText, c(TEXT))
    pal.setColor(QPalette.ColorRole.Highlight, c(ACCENT))
    pal.setColor(QPalette.ColorRole.HighlightedText, c("white"))
    pal.setColor(QPalette.ColorRole.PlaceholderText, c(MUTED))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, c("#666c75"))
    app.setPalette(pal)
    if app.styleSheet() != STYLESHEET:  # setting the same sheet again re-polishes every widget (0.3 s a window)
        app.setStyleSheet(STYLESHEET)
    configure_pyqtgraph()


def configure_pyqtgraph() -> None:
    pg.setConfigOptions(imageAxisOrder="row-major", antialias=True, background=BG, foreground=TEXT)


def app_font_pt() -> float:
    """The application font's size in points. A font set in pixels (a desktop's or a style sheet's "16px")
    has no point size (``pointSizeF()`` is -1, which made every plot title "6pt"): its pixels are taken at
    the screen's logical DPI (16 px at 96 DPI: 12 pt)."""
    font = QApplication.font()
    pt = font.pointSizeF()
    if pt > 0:
        return pt
    px = font.pixelSize() if font.pixelSize() > 0 else QFontInfo(font).pixelSize()
    screen = QGuiApplication.primaryScreen()
    dpi = screen.logicalDotsPerInchY() if screen is not None else 96.0
    return px * 72.0 / (dpi if dpi > 0 else 96.0)


def text_pt(delta: float = 0.0) -> str:
    """A pyqtgraph text size ("9pt") ``delta`` points from the application's font (9 pt by default): plot
    titles and legends given "9pt" kept it under a 12 pt system font, smaller than the text around them."""
    return f"{max(6.0, round(app_font_pt() + delta, 2)):g}pt"


def top_label_room(plot_item, font_metrics) -> None:
    """Room above a title-less plot for half its top tick label ("1.0" is centred on the axis's top end):
    at the widget's top edge it was cut in half (the empty Timeline and Spectrum plots)."""
    left, _top, right, bottom = plot_item.layout.getContentsMargins()
    plot_item.layout.setContentsMargins(left, font_metrics.height() // 2 + 1, right, bottom)
