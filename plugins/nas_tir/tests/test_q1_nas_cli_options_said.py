"""`workbench search nas_tir -h` and `workbench train nas_tir -h` listed most options bare ("--m M", "--invert INVERT",
"--corpus CORPUS", "--holdout HOLDOUT" with no word of what they set or take), though the README sends users to
them: every option now says what it sets, and its default."""
import argparse

import pytest

from workbench_nas_tir import search, train


def _parser_of(main, monkeypatch):
    seen = []

    def spy(self, args=None, namespace=None):
        seen.append(self)
        raise SystemExit(0)

    monkeypatch.setattr(argparse.ArgumentParser, "parse_args", spy)
    with pytest.raises(SystemExit):
        main([])
    return seen[0]


@pytest.mark.parametrize("main", [search.main, train.main], ids=["search", "train"])
def test_every_option_says_what_it_sets(main, monkeypatch):
    p = _parser_of(main, monkeypatch)
    bare = [a.option_strings[0] for a in p._actions if a.option_strings and not (a.help or "").strip()]
    assert bare == []
    text = p.format_help()
    assert "--m M" in text and "identities per batch" in text
    assert "default: 8" in " ".join(text.split())  # the defaults said (M's)
    assert "(default: )" not in text  # an empty default said as none


def test_train_says_real_and_data_its_own_way(monkeypatch):
    text = " ".join(_parser_of(train.main, monkeypatch).format_help().split())
    assert "--real, --no-real train on the --data sequences too" in text
    assert "held-out validation" in text
