"""workbench.core.options: one wording for every command's bad numbers and unknown names."""
import pytest

from workbench.core.errors import WorkbenchError
from workbench.core.options import (COUNT, POSITIVE, PROBABILITY, OptionError, at_least, between, check, check_args,
                                    check_names, check_options, close_names)


@pytest.mark.parametrize("flag, value, bound, message", [
    ("--epochs", 0, COUNT, "--epochs 0: must be at least 1"),
    ("--lr", -1.0, POSITIVE, "--lr -1: must be greater than 0"),
    ("--lr", 0.0, POSITIVE, "--lr 0: must be greater than 0"),
    ("--ratio", 1.0, between(0, 1, hi_open=True), "--ratio 1: must be at least 0 and less than 1"),
    ("--self-prob", 2.0, PROBABILITY, "--self-prob 2: must be between 0 and 1"),
    ("--crop", -16, at_least(0, "0: full frames"), "--crop -16: must be at least 0 (0: full frames)"),
    ("--lr", float("nan"), POSITIVE, "--lr nan: must be a finite number, greater than 0"),
    ("--ema", 0.0, between(0, 1, lo_open=True, hi_open=True), "--ema 0: must be greater than 0 and less than 1"),
])
def test_bad_values_name_the_option_and_the_value(flag, value, bound, message):
    with pytest.raises(OptionError) as e:
        check(flag, value, bound)
    assert str(e.value) == message
    assert isinstance(e.value, WorkbenchError) and e.value.flag == flag


def test_good_values_and_options_not_given_pass():
    check("--epochs", 1, COUNT)
    check("--lr", 1e-9, POSITIVE)
    check("--ratio", 0.0, between(0, 1, hi_open=True))
    check("--lr", None, POSITIVE)  # not given: the command's default applies


def test_check_options_reports_the_first_bad_one_in_order():
    with pytest.raises(OptionError, match=r"^--steps 0: must be at least 1$"):
        check_options([("--epochs", 3, COUNT), ("--steps", 0, COUNT), ("--lr", -1.0, POSITIVE)])


def test_check_args_maps_flags_to_the_namespace():
    import argparse

    ns = argparse.Namespace(batch_size=0, epochs=2)
    with pytest.raises(OptionError, match=r"^--batch-size 0: must be at least 1$"):
        check_args(ns, {"--epochs": COUNT, "--batch-size": COUNT, "--missing": COUNT})


def test_unknown_names_are_refused_with_close_matches():
    have = ["seq_01", "seq_02", "street", "crossing"]
    check_names("--exclude", ["seq_01"], have)
    with pytest.raises(OptionError) as e:
        check_names("--exclude", ["seq_O1"], have, "in the corpus", "source")
    msg = str(e.value)
    assert msg.startswith("--exclude seq_O1: not in the corpus (did you mean seq_01")
    assert "known sources (4): crossing, seq_01, seq_02, street" in msg
    with pytest.raises(OptionError) as e:
        check_names("--exclude", ["zzzz", "Street"], have, "in the corpus", "source")
    assert "zzzz: nothing close" in str(e.value) and "Street: did you mean street?" in str(e.value)
    with pytest.raises(OptionError, match=r"no sequence there at all"):
        check_names("--exclude", ["a"], [], "under --data", "sequence")


def test_close_names_ignores_case():
    assert close_names("SEQ_02", ["seq_01", "seq_02"]) == ["seq_02"]
