"""`workbench detect seq_irst -h` listed --weights, --threshold, --direction and --device bare: nothing said what the
threshold thresholds, what past / future mean or what the default weights are; the window's settings say it
(config.py's help). Every option of the command says what it sets now."""
from workbench_seq_irst.detector import parser


def test_every_detect_option_is_said():
    p = parser()
    bare = [a.option_strings[0] for a in p._actions if a.option_strings and not (a.help or "").strip()]
    assert bare == []
    text = " ".join(p.format_help().split())
    assert "--threshold THRESHOLD detection score threshold" in text
    assert "(past, causal) or after it (future) (default: past)" in text
    assert "(default: the shipped ones)" in text
