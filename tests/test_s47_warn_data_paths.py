"""A data warning naming deep folders was cut before what it says (``one_line``'s 199 characters counted the
folders): ``warn_data(..., paths=)`` does not count them, as the errors do."""
import pytest

from workbench.core.errors import DataWarning, warn_data


def test_a_warning_naming_deep_folders_keeps_what_it_says():
    deep = "/tmp/" + "/".join(["a-rather-long-folder-name"] * 8)
    with pytest.warns(DataWarning) as said:
        warn_data(f"{deep}/A: sequence A is given twice (through {deep}/A/ too); used once", paths=(deep,))
    assert str(said[0].message).endswith("used once")
