"""A cross-validation started before data fingerprints (its cv.json without one) resumed: not checked, as before,
but said, since the data given now is recorded as its data from then on."""
import json

import pytest

from workbench.core.errors import DataWarning


def test_a_record_without_fingerprint_is_said(tmp_path):
    from workbench_lw_irstnet.cv import check_same_pool

    record = tmp_path / "cv.json"
    record.write_text(json.dumps({"pool": {"sources": ["A"]}}))
    with pytest.warns(DataWarning, match="started before its data was fingerprinted"):
        check_same_pool(record, {"sha256": "x", "images": 1, "bytes": 1}, ["B"])
