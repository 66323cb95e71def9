"""Found in the W pass (1366x768, DAUB sequence1 opened, seq_irst selected): the Methods list scrolled the selected
detector's row into view, then its settings form took more room and the list grew shorter: the selected row was
left cut in half at the list's lower edge. A row that was whole before the list shrank is kept whole."""
from __future__ import annotations

import pytest

from .conftest import make_registry, shown_window


@pytest.fixture
def laptop(qtbot, messages):
    yield from shown_window(qtbot, make_registry(with_real=True), (1366, 768))


def _settle(ms: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _whole(tree) -> bool:
    item = tree.currentItem()
    rect = tree.visualItemRect(item)
    return rect.isValid() and rect.top() >= 0 and rect.bottom() < tree.viewport().height()


def test_the_selected_method_stays_whole_when_the_list_shrinks(laptop, qtbot):
    w = laptop
    tree = w.methods.tree
    names = [n for n in ("seq_irst", "tophat", "mpcm", "lw_irstnet") if n in w.registry.plugins]
    if not names:
        pytest.skip("no segmenter or detector plugin installed: the list holds trackers only")
    for name in names + ["kcf"] + names[::-1]:
        assert w.methods.select(name)
        _settle(200)  # the form's room, then the list's height, are worked out after the selection
        assert _whole(tree), (name, tree.visualItemRect(tree.currentItem()), tree.viewport().height())
