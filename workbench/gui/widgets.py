"""Small widgets shared by the window's docks and the plugins' inspectors."""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (QGroupBox, QLabel, QMessageBox, QPushButton, QSizePolicy, QStatusBar, QStyle,
                               QStyleOption, QStyleOptionButton, QStyleOptionGroupBox, QToolTip)

# a file or folder path in a message, after a space, a bracket, a quote or "=" (not a run's label "kcf/default"):
# absolute, home- or dot-relative, POSIX or Windows (no spaces: a path with a space is cut before it only)
_PATH = re.compile(r"(?<![^\s('\"=])(?:[A-Za-z]:)?(?:~|\.\.?)?[\\/][^\s;,()'\"]+")


def _path_forms(path: str) -> list[str]:
    """``path`` with more and more of its middle folders replaced by "…", longest first: its first folder
    and its last two names stay ("/home/…/kcf/default"), then those two ("…/kcf/default"), then its last
    name alone ("…/default")."""
    sep = "\\" if "\\" in path and "/" not in path else "/"
    parts = path.split(sep)
    head, tail = parts[:2], parts[2:]
    if not tail:
        return []
    forms = [sep.join(head + ["…"] + tail[d:]) for d in range(1, len(tail) - 1)]
    if len(tail) >= 2:
        forms.append(sep.join(["…", *tail[-2:]]))
    return forms + ["…" + sep + tail[-1]]


def fit_message(text: str, fm, width: int) -> str:
    """``text`` as it fits ``width`` pixels of font ``fm``: the paths in it cut in their middle, the widest
    one a folder more at a time, until it fits; what is around them (a run's figures) stays whole. Still too
    long: cut at its end with "…"."""
    if fm.horizontalAdvance(text) <= width:
        return text
    spans = []  # [start, end, its forms (the path first, then shorter), the form shown] of each path with a middle
    for m in _PATH.finditer(text):
        path = m.group(0)
        while len(path) > 1 and path[-1] in ".:" and not path.endswith(".."):
            path = path[:-1]  # the sentence's full stop, not the path's
        forms = _path_forms(path)
        if forms:
            spans.append([m.start(), m.start() + len(path), [path, *forms], 0])

    def joined() -> str:
        out, at = [], 0
        for start, end, forms, k in spans:
            out += [text[at:start], forms[k]]
            at = end
        return "".join(out) + text[at:]

    fitted = text
    while True:
        left = [sp for sp in spans if sp[3] < len(sp[2]) - 1]
        if not left:
            break
        widest = max(left, key=lambda sp: fm.horizontalAdvance(sp[2][sp[3]]))
        widest[3] += 1
        fitted = joined()
        if fm.horizontalAdvance(fitted) <= width:
            return fitted
    return fm.elidedText(fitted, Qt.TextElideMode.ElideRight, width)


def _water_level(widths: list[tuple[int, int]], room: int) -> int | None:
    """The width ``cap`` that cuts (own, least) widths to ``max(least, min(own, cap))`` so that together they
    take ``room``: the narrow ones whole, the widest cut to one width, none under its least. None where they
    fit whole."""
    if sum(own for own, _ in widths) <= room:
        return None
    floored: set[int] = set()  # those held at their least width
    while True:
        free = sorted((own, i) for i, (own, _) in enumerate(widths) if i not in floored)
        left = room - sum(widths[i][1] for i in floored)
        cap = max(0, left)
        for k, (own, _i) in enumerate(free):
            share = left // (len(free) - k)
            if own > share:
                cap = max(0, share)
                break
            left -= own
        under = {i for own, i in free if widths[i][1] > cap and own > cap}
        if not under:
            return cap
        floored |= under


class FittingStatusBar(QStatusBar):
    """A status bar whose message, where it is longer than the room left of the permanent labels, shows
    its paths cut in their middle (``fit_message``): a plain one cut the message at the labels, so at
    1366x768 "Run finished: kcf: 348 frames, 115 fps on CPU; saved to /home/…" lost the run's folder and
    the figures after it (its maps' size). ``currentMessage()`` and the tooltip keep the whole text."""

    # the room the message keeps left of the permanent labels: 30 % of the bar, and up to 48 characters of its
    # font (no more than 45 % of the bar) where that is more (in a 1008 px window at 12 pt the labels' own
    # widths, 1155 px, left it none: "what just happened" was not on screen)
    MESSAGE_SHARE = 0.3
    MESSAGE_CHARS = 48
    MESSAGE_SHARE_MAX = 0.45

    def __init__(self, parent=None):
        super().__init__(parent)
        self._permanent: list = []
        self._fitted: tuple | None = None  # ((text, room, font, screen), the text as drawn) of the last paint
        self._laid_width = -1  # the width the labels' widths were last worked out for
        self._widths: tuple | None = None  # ((width, labels), {label: width}) last worked out

    def message_room(self) -> int:
        """The least room the message keeps left of the permanent labels (``MESSAGE_SHARE`` ...)."""
        w = self.width()
        chars = self.fontMetrics().averageCharWidth() * self.MESSAGE_CHARS
        return int(max(self.MESSAGE_SHARE * w, min(self.MESSAGE_SHARE_MAX * w, chars)))

    def _labels(self) -> list:
        return [w for w in self._permanent if isinstance(w, StatusLabel) and not w.isHidden()
                and w.parentWidget() is self]

    def _label_widths(self) -> dict:
        """{label: the width the bar gives it} for its shown permanent ``StatusLabel``s: each its own (its text
        up to its ``max_chars``) where together they leave the message its ``message_room``; else the widest of
        them cut to one width so that they do, the narrower kept whole, none under its least width. Worked out
        once per width and texts (a layout asks each label's hint several times)."""
        labels = self._labels()
        key = (self.width(), tuple(labels))
        if self._widths is not None and self._widths[0] == key:
            return self._widths[1]
        # (its layout is not asked: QStatusBar rebuilds it as a widget is added, asking the widgets' hints meanwhile)
        spacing = 6  # between the bar's widgets
        others = [w for w in self._permanent if w not in labels and not w.isHidden() and w.parentWidget() is self]
        room = (self.width() - self.message_room() - sum(w.sizeHint().width() for w in others)
                - spacing * (len(labels) + len(others)) - 20)  # (20: the size grip and the bar's margins)
        sizes = [(lab.own_width(), lab.least_width()) for lab in labels]
        cap = _water_level(sizes, room)
        widths = {lab: own if cap is None else max(least, min(own, cap)) for lab, (own, least) in zip(labels, sizes)}
        self._widths = (key, widths)
        return widths

    def label_width(self, label: "StatusLabel") -> int:
        """The width the bar gives ``label``, one of its permanent ``StatusLabel``s (``_label_widths``)."""
        width = self._label_widths().get(label)
        return label.own_width() if width is None else width

    def label_changed(self, label: "StatusLabel") -> None:
        """``label``'s text (or font) changed: its width laid out now, and the others' where theirs changed with
        it (they share a room cut short; the frame label changes with every frame, the others seldom)."""
        before = self._widths[1] if self._widths is not None else {}
        self._widths = None
        after = self._label_widths()
        label.updateGeometry()
        for lab, width in after.items():
            if lab is not label and before.get(lab) != width:
                lab.updateGeometry()
        lay = self.layout()
        if lay is not None:
            lay.activate()  # these widths now, not after the event loop's next pass

    def relayout_labels(self) -> None:
        """The permanent labels' widths worked out again and laid out now."""
        self._widths = None
        labels = self._labels()
        for lab in labels:
            lab.updateGeometry()
        lay = self.layout()
        if lay is not None and labels:
            lay.activate()

    def changeEvent(self, ev) -> None:  # noqa: N802
        super().changeEvent(ev)
        if ev.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):  # the message's room is in its font
            self._widths = None

    def resizeEvent(self, ev) -> None:  # noqa: N802
        super().resizeEvent(ev)
        if self.width() != self._laid_width:
            self._laid_width = self.width()
            self.relayout_labels()

    def addPermanentWidget(self, widget, stretch: int = 0) -> None:  # noqa: N802 - Qt's name
        self._permanent.append(widget)
        super().addPermanentWidget(widget, stretch)

    def insertPermanentWidget(self, index: int, widget, stretch: int = 0) -> int:  # noqa: N802
        self._permanent.append(widget)
        return super().insertPermanentWidget(index, widget, stretch)

    def message_rect(self) -> QRect:
        """Where QStatusBar draws its message: from 6 px to 2 px before the first permanent widget shown (12 px
        before the bar's end without one)."""
        right = self.width() - 12
        xs = [w.x() for w in self._permanent if w.isVisible() and w.parentWidget() is self]
        if xs:
            right = min(right, min(xs) - 2)
        return QRect(6, 0, max(0, right - 6), self.height())

    def shown_message(self) -> str:
        """The message as it is drawn: ``currentMessage()`` fitted to the room it has (worked out once per text,
        room, font and screen: the bar is painted again with every label's change during a run; moved to a screen
        of another pixel ratio or DPI, the same font measures otherwise)."""
        text = self.currentMessage()
        if not text:
            return text
        key = (text, self.message_rect().width(), self.font().key(), self.devicePixelRatioF(), self.logicalDpiX(),
               self.logicalDpiY())
        if self._fitted is None or self._fitted[0] != key:
            self._fitted = (key, fit_message(text, self.fontMetrics(), key[1]))
        return self._fitted[1]

    def paintEvent(self, ev) -> None:  # noqa: N802
        super().paintEvent(ev)
        text = self.currentMessage()
        shown = self.shown_message()
        if shown == text or self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            return
        # the message QStatusBar drew (cut at the labels) painted over with the bar's own panel, then the fitted one
        rect = self.message_rect()
        p = QPainter(self)
        p.setClipRect(rect)
        # the bar's background first: Fusion's panel paints nothing (no style sheet: a script's window), and the
        # two lines were drawn one over the other
        p.fillRect(rect, self.palette().brush(self.backgroundRole()))
        opt = QStyleOption()
        opt.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, opt, p, self)
        p.setPen(self.palette().windowText().color())
        p.drawText(rect, int(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter
                             | Qt.TextFlag.TextSingleLine), shown)
        p.end()


class ElidedLabel(QLabel):
    """One line that never widens its dock: the text is cut with "…" to the width it is given, and
    ``text()`` keeps the whole of it. With ``tooltip`` (the default) the whole text is also the tooltip,
    set with each ``setText``; without, the caller writes its own tooltip (the plots' note: more there).
    With ``keep_tail`` what follows the last ": " (a run's speed, "12 fps on CUDA") stays whole and what
    is before it is cut.

    A plain label's minimum width was its text's: the plots' dataset note (every tracker on fewer
    sequences) made the window 1572 px wide on a 1366 px screen, the NAS dock's status (the shipped
    folder's path) 903 px of dock."""

    def __init__(self, text: str = "", parent=None, tooltip: bool = True, keep_tail: bool = False):
        super().__init__(parent)
        self._tooltip = tooltip
        self.keep_tail = keep_tail
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(0)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        if self._tooltip:
            self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(0, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(min(super().sizeHint().width(), 200), super().sizeHint().height())

    def elided(self) -> str:
        """What is on screen: the text cut to the label's width (the tail kept with ``keep_tail``)."""
        fm, text = self.fontMetrics(), self.text()
        width = max(0, self.contentsRect().width() - 2 * self.margin())
        if fm.horizontalAdvance(text) <= width:
            return text
        head, sep, tail = text.rpartition(": ")
        if self.keep_tail and sep:
            tail = sep + tail
            room = width - fm.horizontalAdvance(tail)
            if room >= fm.horizontalAdvance("…") + fm.averageCharWidth() * 2:
                return fm.elidedText(head, Qt.TextElideMode.ElideRight, room) + tail
        return fm.elidedText(text, Qt.TextElideMode.ElideRight, width)

    def is_elided(self) -> bool:
        return self.elided() != self.text()

    def paintEvent(self, _ev) -> None:  # noqa: N802
        painter = QPainter(self)
        rect = self.contentsRect().adjusted(self.margin(), 0, -self.margin(), 0)
        self.style().drawItemText(painter, rect, int(self.alignment() | Qt.AlignmentFlag.AlignVCenter),
                                  self.palette(), self.isEnabled(), self.elided(), QPalette.ColorRole.WindowText)


class StatusLabel(ElidedLabel):
    """A permanent label of the status bar that keeps to ``max_chars`` characters (an ``ElidedLabel`` as wide
    as its text up to that): a longer text is cut with "…" and the whole of it is the tooltip; ``text()``
    keeps the whole. With ``keep_tail`` the run's speed after the last ": " stays whole and its name is cut.

    Its room is counted in characters of its own font: a width in pixels (110 for "zoom 117 %") was
    right for the 9 pt font only, and with a large system font (12 pt) the status bar read "zoom 117…".

    Its width is laid out as soon as its text changes. A plain label's width followed its text only once
    the status bar's layout ran in the event loop: a window grabbed meanwhile (the walk's screenshots at
    1366x768) showed "siamfcpp: 9 fps on" in the width "mil: 35 fps on CPU" had; and a run named by its
    changed settings ("ps_siamfcpp/penalty_k=0.12,search_scale=3.5-run2: 12 fps on CUDA") took the room
    of the status message, which says what just happened."""

    def __init__(self, text: str = "", max_chars: int = 32, keep_tail: bool = False, parent=None):
        super().__init__("", parent, keep_tail=keep_tail)
        self.max_chars = max_chars
        self._sizes: tuple | None = None  # ((text, max_chars, keep_tail), own width, least width)
        # as wide as its text (``sizeHint``), not whatever the status bar has left (an elided label's)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setText(text)

    MIN_CHARS = 4  # its least width: a few characters and "…" (the whole text is its tooltip), and its tail

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        if text == self.text():
            return
        super().setText(text)
        bar = self.parentWidget()
        if isinstance(bar, FittingStatusBar):
            bar.label_changed(self)  # its text may change the others' room too
            return
        self.updateGeometry()
        lay = bar.layout() if bar is not None else None
        if lay is not None:
            lay.activate()  # this width now, not after the event loop's next pass

    def _width_of(self, text: str) -> int:
        m = self.contentsMargins()
        return self.fontMetrics().horizontalAdvance(text) + m.left() + m.right() + 2 * self.margin() + 2

    def _full_width(self) -> int:
        return self._width_of(self.text())

    @property
    def max_width(self) -> int:
        """``max_chars`` in pixels of the font it has now (the status bar's labels are monospace)."""
        return self._width_of("0" * self.max_chars)

    def _measured(self) -> tuple[int, int]:
        """(``own_width``, ``least_width``), measured once per text and font (the layout asks them often)."""
        key = (self.text(), self.max_chars, self.keep_tail)
        if self._sizes is None or self._sizes[0] != key:
            full = self._full_width()
            _head, sep, tail = key[0].rpartition(": ")
            least = "0" * self.MIN_CHARS + "…" + (sep + tail if self.keep_tail and sep else "")
            self._sizes = (key, min(full, self.max_width), min(full, self._width_of(least)))
        return self._sizes[1], self._sizes[2]

    def own_width(self) -> int:
        """Its width where there is room: its text's, up to ``max_chars``."""
        return self._measured()[0]

    def sizeHint(self) -> QSize:  # noqa: N802
        bar = self.parentWidget()
        width = bar.label_width(self) if isinstance(bar, FittingStatusBar) else self.own_width()
        return QSize(width, super().sizeHint().height())

    def least_width(self) -> int:
        """A few characters and "…" (with ``keep_tail`` the speed after them whole), or its text if shorter."""
        return self._measured()[1]

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        # small: its full width as its least made the bar's (896 px at 9 pt, 1155 px at 12 pt) the window's
        # least width, and left the message no room in a 1008 px window
        return QSize(self.least_width(), super().minimumSizeHint().height())

    def changeEvent(self, ev) -> None:  # noqa: N802
        super().changeEvent(ev)
        # its margins too: the style sheet's padding came after its font, and the width measured between them
        # (16 px short) cut the empty window's "no sequence" to "no seque…" for good
        if ev.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.ContentsRectChange):
            self._sizes = None
            bar = self.parentWidget()
            if isinstance(bar, FittingStatusBar):
                bar.label_changed(self)  # its room is in characters of its font


class ElidedGroupBox(QGroupBox):
    """A group box whose title never widens its dock: the title is cut with "…" to the box's width,
    ``title()`` keeps the whole of it, and the minimum width is the contents' alone. A plain group box's
    minimum width was its title's: the Methods dock's "Settings — SiamFC++ (AlexNet) (running: edits
    apply to the next run)" made the dock 117 px wider at a run's start on a 1366x768 screen (the frame
    view shrank), and it stayed so after the run. Cut, the whole title is the tooltip over the title
    (the cut "… (running: edits apply to the next run)" was nowhere else); elsewhere the box's own."""

    TITLE_MARGIN = 24  # the title's left offset and padding (style.py) and the frame's border

    def __init__(self, title: str = "", parent=None):
        super().__init__(parent)
        self._full = ""
        self.setTitle(title)

    def title(self) -> str:
        return self._full

    def setTitle(self, title: str) -> None:  # noqa: N802 - Qt's name
        self._full = title
        self._elide()

    def shown_title(self) -> str:
        """What is on screen: the title, cut to the box's width."""
        return super().title()

    def _elide(self) -> None:
        width = max(0, self.width() - self.TITLE_MARGIN)
        super().setTitle(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width))

    def resizeEvent(self, ev) -> None:  # noqa: N802
        super().resizeEvent(ev)
        self._elide()

    def title_tooltip(self, pos) -> str:
        """The tooltip at ``pos`` (the box's coordinates): the whole title over a cut title, else ""."""
        if self.shown_title() == self._full:
            return ""
        opt = QStyleOptionGroupBox()
        self.initStyleOption(opt)
        rect = self.style().subControlRect(QStyle.ComplexControl.CC_GroupBox, opt,
                                           QStyle.SubControl.SC_GroupBoxLabel, self)
        return self._full if rect.contains(pos) else ""

    def event(self, ev) -> bool:  # noqa: N802
        if ev.type() == QEvent.Type.ToolTip:
            text = self.title_tooltip(ev.pos())
            if text:
                QToolTip.showText(ev.globalPos(), text, self)
                return True
        return super().event(ev)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()
        lay = self.layout()
        if lay is None:
            return hint
        m = self.contentsMargins()  # the frame's (QGroupBox keeps it out of its layout's margins)
        return QSize(lay.minimumSize().width() + m.left() + m.right(), hint.height())


class ElidedButton(QPushButton):
    """A push button whose label is cut with "…" to the width it is given, so that a long label does not
    widen its dock; ``text()`` keeps the whole label, and a cut label is said whole in the tooltip's first
    line. Its least width is that of ``least`` (the label's first word by default), its preferred width the
    whole label's."""

    def __init__(self, text: str = "", parent=None, least: str | None = None):
        super().__init__(parent)
        self._full = ""
        self._least = least
        self._tip = ""
        # (a push button's own policy makes its preferred width, the whole label's, its least)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, self.sizePolicy().verticalPolicy())
        self.setText(text)

    def text(self) -> str:
        return self._full

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._full = text
        self._elide()
        self.updateGeometry()

    def shown_text(self) -> str:
        """What is on screen: the label, cut to the button's width."""
        return super().text()

    def setToolTip(self, tip: str) -> None:  # noqa: N802 - Qt's name
        self._tip = tip
        self._set_tip()

    def toolTip(self) -> str:  # noqa: N802 - Qt's name
        return self._tip

    def _set_tip(self) -> None:
        cut = super().text() != self._full
        super().setToolTip(f"{self._full}\n\n{self._tip}" if cut and self._tip else self._full if cut else self._tip)

    def _padding(self) -> int:
        """The button's width beyond its label's (the style's margins and frame), measured for a label wide
        enough that no least button width of the style applies."""
        opt = QStyleOptionButton()
        self.initStyleOption(opt)
        wide = 200
        size = self.style().sizeFromContents(QStyle.ContentsType.CT_PushButton, opt,
                                             QSize(wide, self.fontMetrics().height()), self)
        return max(0, size.width() - wide)

    def _elide(self) -> None:
        room = self.width() - self._padding()
        fm = self.fontMetrics()
        shown = self._full if fm.horizontalAdvance(self._full) <= room else \
            fm.elidedText(self._full, Qt.TextElideMode.ElideRight, max(0, room))
        if shown != super().text():
            super().setText(shown)
        self._set_tip()

    def resizeEvent(self, ev) -> None:  # noqa: N802
        super().resizeEvent(ev)
        self._elide()

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = super().sizeHint()
        return QSize(self._padding() + self.fontMetrics().horizontalAdvance(self._full), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        least = self._least if self._least is not None else (self._full.split(" ", 1)[0] + " …")
        return QSize(self._padding() + self.fontMetrics().horizontalAdvance(least), super().minimumSizeHint().height())


def frames_text(n: int) -> str:
    """``n`` frames in words: "1 frame", "0 frames", "12 frames" (a run cancelled at its second frame said
    "cancelled after 1 frames")."""
    return f"{n} frame{'' if n == 1 else 's'}"


def fps_text(fps: float) -> str:
    """A finite speed in words: one decimal under 10 fps, as the CLI prints every speed ("5.9 s a frame" is
    "0.2 fps", not "0 fps"), whole from 10 on ("42 fps"); two significant digits under 0.1 fps ("0.017 fps")."""
    if fps < 0.095:
        return f"{fps:.2g} fps"
    return f"{fps:.1f} fps" if fps < 9.95 else f"{fps:.0f} fps"


def on_screen(widget) -> bool:
    """Whether ``widget`` (a dock) can be seen: shown and not a tab behind another (Qt keeps such a tab
    'visible', with nothing of it on screen). A widget outside a window counts as on screen."""
    if widget.parentWidget() is None:
        return True
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


def tip_with_reason(widget, why: str | None, first: bool = True) -> None:
    """``widget``'s own tooltip with ``why`` (what it waits for, while greyed) before it (``first``) or
    after it; its own alone when ``why`` is empty. Its own is the tooltip it had at the first call (kept
    in its ``base_tip`` property)."""
    base = widget.property("base_tip")
    if base is None:
        base = widget.toolTip()
        widget.setProperty("base_tip", base)
    if why and base:
        widget.setToolTip(f"{why}\n\n{base}" if first else f"{base}\n\n{why}")
    else:
        widget.setToolTip(why or base)


def show_cancelled(bar) -> None:
    """A job's progress bar once it is cancelled: empty and reading "cancelled" (at the fraction done it
    looked as if the job still went); the next job sets its own format again."""
    bar.setValue(bar.minimum())
    bar.setFormat("cancelled")


NOTHING_EXPORTED = "nothing exported: the files already there are kept"  # a "Replace?" answered No


def existing_files(paths) -> list[Path]:
    """Those of ``paths`` that exist (an export's files it would replace). One that cannot be looked at (no
    permission) is not counted: writing it fails, naming it. A stat each: a dozen are nothing on the GUI thread
    (``may_write``); thousands (a sequence's masks) are looked at on a worker (``ExportController._when_agreed``)."""
    there = []
    for p in paths:
        try:
            if Path(p).exists():
                there.append(Path(p))
        except OSError:
            pass
    return there


def agreed_to_replace(parent, there) -> bool:
    """True when ``there`` (files an export would replace) is empty or the user agrees to replace them: the
    window's and the plugins' exports ask this one question, default No."""
    there = list(there)
    if not there:
        return True
    what = (f"{there[0]} already exists. Replace it?" if len(there) == 1 else
            f"{there[0]} and {len(there) - 1} more of the files to write already exist. Replace them?")
    btn = QMessageBox.StandardButton
    return QMessageBox.question(parent, "Replace file", what, btn.Yes | btn.No, btn.No) == btn.Yes


def may_write(parent, paths) -> bool:
    """True when none of ``paths`` exists or the user agrees to replace those that do (``agreed_to_replace``).
    Looks at each on the GUI thread: for an export of a few files (a dozen stats: well under a millisecond on a
    local disk); one of many files looks on a worker (``existing_files`` there) and asks ``agreed_to_replace``."""
    return agreed_to_replace(parent, existing_files(paths))


class FitPicture(QLabel):
    """A picture scaled to the label's size (aspect kept), again whenever the label is resized; the
    picture does not make the label grow (its size hint is the layout's business). A picture bigger than
    its place (a plot drawn at its figure's size) was shown cropped to the label's middle."""

    def __init__(self):
        super().__init__()
        self._full: QPixmap | None = None
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

    def set_picture(self, pm: QPixmap) -> None:
        self._full = pm
        self._fit()

    def clear(self) -> None:
        self._full = None  # (a resize drew the cleared picture again)
        super().clear()

    def resizeEvent(self, ev) -> None:  # noqa: N802
        super().resizeEvent(ev)
        self._fit()

    def _fit(self) -> None:
        if self._full is None or self._full.isNull():
            return
        # scaled to the screen's pixels, not the label's logical ones: at 150 % or 200 % scaling Qt scaled
        # the logical-size picture up again and the image's one-pixel targets and outlines were blurred
        dpr = self.devicePixelRatioF()
        w, h = max(16, self.width() - 4), max(16, self.height() - 4)
        pm = self._full.scaled(round(w * dpr), round(h * dpr), Qt.AspectRatioMode.KeepAspectRatio,
                               Qt.TransformationMode.SmoothTransformation)
        pm.setDevicePixelRatio(dpr)
        self.setPixmap(pm)


def export_csv(parent, host, title: str, start, write, what: str):
    """Asks ``parent``'s user for a CSV file (from ``start``), writes it with ``write(path, bom)`` and says so in
    ``host``'s status bar; a file that cannot be written is ``host``'s error box naming it. The file written, or None
    (cancelled, or not written). The Scores and Spectrum docks' Export CSV."""
    from PySide6.QtWidgets import QFileDialog

    from workbench.core.errors import WorkbenchError
    from workbench.gui import settings as wsettings
    from workbench.gui.worker import describe_at

    path, _ = QFileDialog.getSaveFileName(parent, title, str(start), "CSV (*.csv)")
    if not path:
        return None
    wsettings.set_export_dir(Path(path).parent)
    try:
        written = write(path, wsettings.csv_bom())
    except (OSError, WorkbenchError) as exc:
        if hasattr(host, "show_error"):
            host.show_error("Export failed", describe_at(path, exc))
        return None
    if hasattr(host, "statusBar"):  # said, as every other export says it
        host.statusBar().showMessage(f"Exported {what} to {written}", 8000)
    return written
