"""The CLI printed a data warning through ``one_line`` again with its folder counted, so a warning that
``warn_data(..., paths=)`` had kept whole (its folder not counted against the limit) was cut before what it says."""
import warnings

from workbench.cli import _show_data_warnings
from workbench.core.errors import MAX_MESSAGE, DataWarning, warn_data


def test_a_deep_folder_does_not_cut_the_cli_warning(capsys):
    deep = "/data/" + "/".join(["a_rather_long_folder_name"] * 10)
    said = "sequence x is given twice; used once: remove one of them from the list given to the training"
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        _show_data_warnings()
        warn_data(f"{deep}: {said}", paths=(deep,))
        warnings.warn(DataWarning("y" * 400))  # no folder named: clipped as before
    first, second = capsys.readouterr().err.splitlines()
    assert first == f"warning: {deep}: {said}", first
    assert second.endswith("…") and len(second) == len("warning: ") + MAX_MESSAGE
