"""The inspector's Resume restated the search's "no epoch left" rule (``0 < cfg.epochs <= done``) beside
``search.nothing_left``: one ``search.no_epoch_left`` the search, the retraining and the inspector ask."""
from __future__ import annotations

import inspect


def test_no_epoch_left():
    from workbench_nas_tir.search import no_epoch_left

    assert no_epoch_left(3, 3) and no_epoch_left(3, 7) and no_epoch_left(1, 1)
    assert not no_epoch_left(3, 2) and not no_epoch_left(3, 0)
    assert not no_epoch_left(0, 5) and not no_epoch_left(0, 0)  # no epochs given: no limit


def test_the_search_the_retraining_and_the_inspector_ask_it():
    from workbench_nas_tir import inspector, search, train

    for code in (inspect.getsource(search.search_events), inspect.getsource(train._said),
                 inspect.getsource(inspector.NASInspector.start_search)):
        assert "no_epoch_left(cfg.epochs" in code and "cfg.epochs <=" not in code
