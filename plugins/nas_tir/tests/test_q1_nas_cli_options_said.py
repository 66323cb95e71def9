"""`workbench search nas_tir -h` and `workbench train nas_tir -h` listed most options bare ("--m M", "--invert INVERT",
"--corpus CORPUS", "--holdout HOLDOUT" with no word of what they set or take), though the README sends users to
them: every option now says what it sets, and its default."""
import pytest

from workbench.core.options import OptionError
from workbench_nas_tir import search, train

# the parsers are built alone (``parser()``): `main` imports torch first, 5-7 s of a test that needs none


@pytest.mark.parametrize("command", [search, train], ids=["search", "train"])
def test_every_option_says_what_it_sets(command):
    p = command.parser()
    bare = [a.option_strings[0] for a in p._actions if a.option_strings and not (a.help or "").strip()]
    assert bare == []
    text = p.format_help()
    assert "--m M" in text and "identities per batch" in text
    assert "default: 8" in " ".join(text.split())  # the defaults said (M's)
    assert "(default: )" not in text  # an empty default said as none


def test_train_says_real_and_data_its_own_way():
    text = " ".join(train.parser().format_help().split())
    assert "--real, --no-real train on the --data sequences too" in text
    assert "held-out validation" in text


@pytest.mark.parametrize("command", [search, train], ids=["search", "train"])
def test_reductions_help_offers_only_what_is_taken(command):
    """--reductions' help offered "-1: cells // 4", which the bounds check refuses ("must be at least 0")."""
    text = " ".join(command.parser().format_help().split())
    said = text[text.rindex("--reductions REDUCTIONS"):].split("(default:")[0]
    assert "-1" not in said and "fewer than --cells" in said
    cfg = command.parser().parse_args(["--out", "x", "--reductions", "-1"] + (["--genotype", "g"] if command is train else []))
    with pytest.raises(OptionError, match="at least 0"):
        search.config_from_args(cfg, search.SearchConfig if command is search else train.RetrainConfig)
