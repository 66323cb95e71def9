"""A cross-validation started before data fingerprints (its cv.json without one) resumed: not checked, as before,
but the caller is told (and says so in its log once it goes on), since the data given now is recorded as its data
from then on."""
import json


def test_a_record_without_fingerprint_is_said(tmp_path):
    from workbench_lw_irstnet.cv import check_same_pool

    record = tmp_path / "cv.json"
    record.write_text(json.dumps({"pool": {"sources": ["A"]}}))
    assert check_same_pool(record, {"sha256": "x", "images": 1, "bytes": 1}, ["B"]) is True
    record.write_text(json.dumps({"pool": {"sources": ["A"], "fingerprint": {"sha256": "x"}}}))
    assert check_same_pool(record, {"sha256": "x", "images": 1, "bytes": 1}, ["B"]) is False
    assert check_same_pool(tmp_path / "none.json", {"sha256": "x"}, ["B"]) is False
