"""``open_sirst`` on a folder that is not there said "not a SIRST-style dataset: no images/ folder", as if the
folder held something else; and on a file likewise. Each is said as what it is."""
import pytest

from workbench.core.errors import DataError


def test_a_missing_folder_or_a_file_is_said_as_such(tmp_path):
    from workbench.core.data.sirst import open_sirst

    with pytest.raises(DataError, match=r"nope: no such folder; give a SIRST-style dataset folder \(images/ \+ "
                                        r"masks/\)"):
        open_sirst(tmp_path / "nope")
    (tmp_path / "f.txt").write_text("x")
    with pytest.raises(DataError, match=r"f\.txt: a file, not a dataset folder"):
        open_sirst(tmp_path / "f.txt")
    with pytest.raises(DataError, match=r"not a SIRST-style dataset: no images/ folder"):  # there, but not one
        open_sirst(tmp_path)
