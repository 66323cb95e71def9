"""LasHeR's trainingsetList.txt / testingsetList.txt were read as UTF-8 with replacement: one saved as UTF-16 (Windows
Notepad's "Unicode") named no sequence and tagged none. So was the RGB-T stream not opened's box file, counted: a
UTF-16 one's rows counted twice. Decoded as every other split / list / box file is now."""
from pathlib import Path

import cv2
import numpy as np

from workbench.core.data import open_dataset


def _lasher_seq(seq: Path, n: int = 2) -> None:
    for stream, fmt in (("infrared", "i{:03d}.png"), ("visible", "v{:03d}.png")):
        (seq / stream).mkdir(parents=True)
        for i in range(n):
            g = np.full((12, 16), 40 + 10 * i, np.uint8)
            cv2.imwrite(str(seq / stream / fmt.format(i)), np.dstack([g, g, g]))
        (seq / f"{stream}.txt").write_text("".join(f"{2 + i},3,5,4\n" for i in range(n)))


def test_a_utf16_split_list_tags_its_sequences(tmp_path):
    root = tmp_path / "LasHeR"
    _lasher_seq(root / "TestingSet" / "testingset" / "2girl")
    _lasher_seq(root / "TrainingSet" / "trainingset" / "boy")
    (root / "testingsetList.txt").write_bytes("10runone\r\n2girl\r\n".encode("utf-16"))
    (root / "trainingsetList.txt").write_bytes(b"\xef\xbb\xbfboy\n")  # (a UTF-8 BOM)
    seqs = [e.open() for e in open_dataset(root)]
    assert [(s.name, s.meta.get("split")) for s in seqs] == [("2girl", "test"), ("boy", "train")]


def test_a_utf16_box_file_of_the_other_stream_is_counted_once(tmp_path):
    from workbench.core.data import open_sequence

    seq_dir = tmp_path / "LasHeR" / "boy"
    _lasher_seq(seq_dir, n=3)
    (seq_dir / "visible.txt").write_bytes("".join(f"{2 + i},3,5,4\r\n" for i in range(3)).encode("utf-16"))
    seq = open_sequence(seq_dir)
    assert seq.meta.get("layout") == "rgbt" and len(seq) == 3
    assert not any("boxes but" in w for w in seq.meta.get("warnings") or ()), seq.meta.get("warnings")
