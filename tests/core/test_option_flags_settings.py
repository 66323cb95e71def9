"""Commands that turn their own flags into plugin settings refuse a bad value as the flag the user typed
(``--threshold 2: must be between 0 and 1``), not as the setting behind it; ``--set`` keeps the setting."""
import pytest

from workbench import cli


def test_check_config_names_the_flag_when_mapped():
    from workbench.baselines.dcf.config import KCFConfig
    from workbench.core.errors import PluginError
    from workbench.core.options import OptionError
    from workbench.core.registry import check_config

    with pytest.raises(OptionError, match=r"^--padding 9: must be between 0.5 and 4$"):
        check_config(KCFConfig(padding=9.0), "kcf", flags={"padding": "--padding"})
    with pytest.raises(OptionError, match=r"^--sigma nan: must be a finite number"):
        check_config(KCFConfig(kernel_sigma=float("nan")), "kcf", flags={"kernel_sigma": "--sigma"})
    with pytest.raises(OptionError, match=r"^--kernel cubic: must be one of gaussian, linear$"):
        check_config(KCFConfig(kernel="cubic"), "kcf", flags={"kernel": "--kernel"})
    # a setting the map does not name keeps the setting's wording (as --set / the form say it)
    with pytest.raises(PluginError, match="'padding' must lie in 0.5..4.0"):
        check_config(KCFConfig(padding=9.0), "kcf", flags={"kernel": "--kernel"})
    with pytest.raises(ValueError, match="no setting"):  # a typo in a command's map is a bug, said at once
        check_config(KCFConfig(), "kcf", flags={"paddin": "--padding"})


def test_seq_irst_detect_names_its_options(tmp_path, capsys):
    missing = str(tmp_path / "no-such-sequence")  # refused before any sequence is opened
    assert cli.main(["detect", "--model", "seq_irst", "--sequence", missing, "--threshold", "2"]) == 2
    err = capsys.readouterr().err
    assert "--threshold 2: must be between 0 and 1" in err and "setting" not in err
    assert cli.main(["detect", "--model", "seq_irst", "--sequence", missing, "--track-min-len", "0"]) == 2
    assert "--track-min-len 0: must be between 1 and 1000" in capsys.readouterr().err


def test_lw_irstnet_evaluate_names_its_options(tmp_path, capsys):
    from workbench_lw_irstnet.evaluate import main

    with pytest.raises(Exception, match=r"^--input-size -8: must be 0 \(the native size\) or 8 \.\.\. 2048 px"):
        main(["--dataset", str(tmp_path / "none"), "--weights", str(tmp_path / "none.pt"), "--input-size", "-8"])
