"""A method given frames of a modality it does not take was refused as "tracker 'x' accepts hsi frames, not 'gray'
(name)": no file, nothing to do. It names the sequence's file, the methods of that kind that take those frames and
how to convert them."""
import pytest

from workbench.core.data import open_sequence
from workbench.core.data.synthetic import write_demo
from workbench.core.errors import WorkbenchError
from workbench.core.loops import check_modality


class _HsiOnly:
    name, modalities = "cubes_only", ("hsi",)


def test_the_refusal_names_the_file_and_what_takes_the_frames(tmp_path):
    seq = open_sequence(write_demo(tmp_path / "data", frames=3, width=32, height=24, seed=1, name="gray_one"))
    with pytest.raises(WorkbenchError) as got:
        check_modality(_HsiOnly(), seq, "tracker")
    said = str(got.value)
    assert said.startswith(f"{seq.path}: tracker 'cubes_only' accepts hsi frames, not {seq.modality}"), said
    assert "use a tracker that takes" in said and "kcf" in said and "cubes_only" not in said.split(":", 2)[2]
    assert "give a hyperspectral video" in said
