"""An ONNX export on a full disk: torch's writer raised its OSError as it was ("[Errno 28] No space left on
device", naming no file) and the hand-rolled temporary file beside the target was the export's own; through
``atomic.atomic_path`` the error names the .onnx file and says the file already there is kept, and nothing is left."""
import errno
import os

import pytest

from workbench.core.errors import WorkbenchError


def test_a_full_disk_names_the_onnx_file(tmp_path, monkeypatch):
    import torch

    from workbench_lw_irstnet.export import export_onnx
    from workbench_lw_irstnet.model import LWIRSTNet

    def full(model, args, f, **kw):
        with open(f, "wb") as out:
            out.write(b"half a graph")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(torch.onnx, "export", full)
    path = tmp_path / "lw.onnx"
    path.write_bytes(b"an earlier export")
    with pytest.raises(WorkbenchError) as err:
        export_onnx(LWIRSTNet(), path)
    assert str(err.value).startswith(f"{path}: could not be written ({os.strerror(errno.ENOSPC)}: the disk is full")
    assert "a file already there is as it was" in str(err.value)
    assert path.read_bytes() == b"an earlier export" and [p.name for p in tmp_path.iterdir()] == ["lw.onnx"]
