"""A genotype file with a source index written as text ("0") passed validation (int() took it) and was a TypeError
traceback in `train nas_tir`; a 'concat' other than the four nodes the cell always concatenates was taken and never
used. Both are one line naming the file now."""
import json
from importlib.resources import files

import pytest

from workbench.core.errors import WorkbenchError


def _shipped() -> dict:
    return json.loads((files("workbench_nas_tir") / "weights" / "genotype_dual.json").read_text())


@pytest.mark.parametrize("change, words", [
    (lambda g: g["normal"][0][0].__setitem__(1, "0"), r"'normal' node 0: source '0' must be a whole number from 0 "
                                                      r"to 1"),
    (lambda g: g["normal"][1][0].__setitem__(1, 1.5), r"'normal' node 1: source 1\.5 must be a whole number"),
    (lambda g: g["reduce"].__setitem__(2, 7), r"'reduce' node 2: a list of 2 \[op, source\] edge\(s\) is needed"),
    (lambda g: g["reduce"][0].__setitem__(0, ["sep_conv_3x3"]), r"'reduce' node 0: an edge is \[op, source\]"),
    (lambda g: g.__setitem__("concat", [9]), r"'concat' \[9\]: this cell concatenates all its 4 intermediate nodes, "
                                             r"\[2, 3, 4, 5\]"),
])
def test_bad_genotype_fields_are_one_line_naming_the_file(tmp_path, change, words):
    from workbench_nas_tir.genotype import load

    g = _shipped()
    load_ok = tmp_path / "ok.json"
    load_ok.write_text(json.dumps(g))
    assert load(load_ok)["cell"] == "dual"
    change(g)
    bad = tmp_path / "g.json"
    bad.write_text(json.dumps(g))
    with pytest.raises(WorkbenchError, match=words) as err:
        load(bad)
    assert str(bad) in str(err.value)
