"""`workbench train seq_irst -h` never said that a --loso mode exists (its options show only with --loso -h)."""


def test_plain_help_names_the_loso_mode_and_its_help(capsys):
    import pytest

    from workbench_seq_irst.command import main

    with pytest.raises(SystemExit):
        main(["-h"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--loso: the leave-one-recording-group-out mode" in text
    assert "workbench train seq_irst --loso -h" in text
