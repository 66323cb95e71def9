"""A file that could not be written was told "check the disk and the folder" whatever the cause, where Export
video's check already worded its advice by the error's code (``errors.write_advice``): ``write_error`` asks that one
rule, so a folder without write permission or a read-only disk is said as such; a given ``todo`` still wins."""
from __future__ import annotations

import errno

from workbench.core.errors import write_advice, write_error


def test_write_error_advice_follows_the_error_code():
    for code, words in ((errno.EACCES, "you may write to"), (errno.EROFS, "read-only"),
                        (errno.ENOSPC, "free some space")):
        text = str(write_error("/r/out.txt", OSError(code, "refused")))
        assert text.startswith("/r/out.txt: could not be written") and words in text, text
        assert text.endswith(write_advice(OSError(code, "refused"), flag="")), text
    assert str(write_error("/r/out.txt", OSError(errno.EACCES, "x"), todo="ask the admin")).endswith("ask the admin")
