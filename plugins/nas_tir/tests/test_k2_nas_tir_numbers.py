"""`search nas_tir` / `train nas_tir` with what a careless user types: --momentum 5 was taken (SGD's steps grew
instead of averaging), --lr-w-min above --lr-w made the cosine schedule rise, --width 100000 was the allocator's
traceback and --cells 100000 built cells until the memory ran out. Each is one line naming the option, exit 2,
before any crop is cut or any file written."""
import pytest


@pytest.mark.parametrize("cls, changes, words", [
    ("search", {"momentum": 5.0}, "--momentum 5: must be at least 0 and less than 1 (SGD's; 0.9 by default)"),
    ("retrain", {"momentum": 1.0}, "--momentum 1: must be at least 0 and less than 1"),
    ("search", {"lr_w_min": 1.0}, "--lr-w-min 1: must be at most --lr-w (0.1): the rate decays to it"),
    ("retrain", {"lr_min": 0.5}, "--lr-min 0.5: must be at most --lr (0.01): the rate decays to it"),
    ("search", {"width": 100000}, "--width 100000: must be at most 512 (channels of the first cell)"),
    ("search", {"cells": 100000}, "--cells 100000: must be at most 64 (cells of the network)"),
    ("retrain", {"dims": 10 ** 6}, "--dims 1000000: must be at most 4096"),
    ("search", {"m": 10 ** 6}, "--m 1000000: must be at most 1024 (identities per batch)"),
])
def test_numbers_a_search_cannot_use(cls, changes, words):
    from dataclasses import replace

    from workbench.core.options import OptionError
    from workbench_nas_tir.search import SearchConfig, check_config
    from workbench_nas_tir.train import RetrainConfig

    cfg = replace(SearchConfig() if cls == "search" else RetrainConfig(), **changes)
    with pytest.raises(OptionError) as err:
        check_config(cfg)
    assert str(err.value) == words or str(err.value).startswith(words), str(err.value)
    check_config(SearchConfig())  # the defaults pass
    check_config(RetrainConfig())


def test_search_command_refuses_before_writing(tmp_path, capsys):
    from workbench.cli import main as cli

    assert cli(["search", "nas_tir", "--out", str(tmp_path / "s"), "--width", "100000"]) == 2
    assert capsys.readouterr().err.strip().splitlines()[-1] == \
        "workbench: error: --width 100000: must be at most 512 (channels of the first cell)"
    assert not (tmp_path / "s").exists()
