"""A full disk (here a file-size limit: EFBIG, as ENOSPC; Python ignores SIGXFSZ) while a result, an image, a corpus
pack or a training log is written: the error names the file and says the disk is full, the file already there is
as it was, and no temporary file is left. It was "File too large: [Errno 27] File too large", naming no file."""
import resource
from contextlib import contextmanager

import numpy as np
import pytest

from workbench.core.errors import WorkbenchError


@contextmanager
def file_size_limit(nbytes: int):
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (nbytes, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


def _named(err, path):
    text = str(err.value)
    assert text.startswith(f"{path}: could not be written (File too large: the disk is full"), text
    assert "as it was" in text and "free some space" in text, text


def test_a_result_file(tmp_path):
    from workbench.core.results import atomic_write_text, write_json

    path = tmp_path / "seq.txt"
    path.write_text("1,2,3,4\n")
    with file_size_limit(1024), pytest.raises(WorkbenchError) as err:
        atomic_write_text(path, "5,6,7,8\n" * 1000)
    _named(err, path)
    with file_size_limit(1024), pytest.raises(WorkbenchError) as err:
        write_json(tmp_path / "manifest.json", {"x": list(range(2000))})
    _named(err, tmp_path / "manifest.json")
    assert path.read_text() == "1,2,3,4\n" and sorted(p.name for p in tmp_path.iterdir()) == ["seq.txt"]


def test_an_image(tmp_path):
    from workbench.core.data.images import write_image

    path = tmp_path / "m" / "0001.png"
    noise = np.random.default_rng(0).integers(0, 255, (64, 64), dtype=np.uint8)
    with file_size_limit(512), pytest.raises(WorkbenchError) as err:
        write_image(path, noise)
    _named(err, path)
    assert list((tmp_path / "m").iterdir()) == []


def test_a_corpus_pack(tmp_path, monkeypatch):
    from workbench.core.training import pack

    out = tmp_path / "c.wbpack.npz"
    src = type("S", (), {"name": "s", "kind": "k", "layout": "l", "temporal": False, "path": tmp_path,
                         "sequence": type("Q", (), {"modality": "gray", "groundtruth": None})()})()
    corpus = type("C", (), {"sources": [src]})()
    monkeypatch.setattr(pack, "_pack_source", lambda s, m, q: (
        2, None, [1.0, 1.0], [np.full(4000, 1, np.uint8), np.full(4000, 2, np.uint8)], [np.zeros(4, np.float32)] * 2))
    with file_size_limit(2048), pytest.raises(WorkbenchError) as err:
        pack.pack_corpus(corpus, out)
    assert str(err.value).startswith(f"{out}: could not be written (File too large: the disk is full"), err.value
    assert list(tmp_path.iterdir()) == []


def test_a_training_log(tmp_path):
    from workbench.core.training.loop import HeldLog

    log = HeldLog(tmp_path / "train_log.txt", echo=False)
    log("first")
    log.open()
    with file_size_limit(64), pytest.raises(WorkbenchError) as err:
        log("x" * 200)
    log.close()
    assert str(err.value).startswith(f"{tmp_path / 'train_log.txt'}: could not be written (File too large"), err.value
