"""Paths as researchers have them: non-ASCII folder names (``数据集/红外 序列 1``), and files read and written where
Windows' defaults differ from Linux's (a text file's encoding, OpenCV's path handling)."""
from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

from workbench.core import results

REPO = Path(__file__).resolve().parents[1]


def test_two_non_ascii_datasets_store_their_runs_apart():
    # both were stored under OUT/1/ (every CJK character a '_', stripped): the second run went into the first's
    # folder as a second variant, and eval of one dataset scored the other's boxes as its own
    a = results.run_dir("/out", "kcf", "default", dataset="红外 1")
    b = results.run_dir("/out", "kcf", "default", dataset="可见 1")
    assert a != b
    assert a.parent.parent.name == "红外_1"
    assert results.safe_name("数据集/序列 #1") == "数据集_序列__1"  # separators and odd characters still go
    long = results.safe_name("\U00020000" * 100)  # CJK extension B: four bytes a character in UTF-8
    assert long and len(long.encode("utf-8")) <= 255


def test_a_mask_under_a_non_ascii_folder_is_read_without_cv2_imread(tmp_path, monkeypatch):
    # cv2.imread takes no non-ASCII path on Windows (it returns None, read as 'not a readable mask image');
    # emulated here, as the one platform this runs on reads such paths either way
    import cv2

    real = cv2.imread
    monkeypatch.setattr(cv2, "imread", lambda p, *a: None if not str(p).isascii() else real(p, *a))
    mask = np.zeros((6, 9), bool)
    mask[2, 3] = mask[4, 7] = True
    path = results.write_mask(tmp_path / "红外 序列 #1" / "000001.png", mask)
    assert np.array_equal(results.read_mask(path), mask)


def _default_encoding_calls(path: Path) -> list[str]:
    """Text-mode ``open`` / ``read_text`` / ``write_text`` calls without ``encoding=`` (Windows reads and writes those
    in the ANSI code page: a path with a CJK character in a log line raised UnicodeEncodeError), and ``cv2.imread`` /
    ``cv2.imwrite`` calls (no non-ASCII path on Windows, silently)."""
    out = []
    text = path.read_text(encoding="utf-8")
    if not any(word in text for word in ("open(", "_text(", "cv2.im")):
        return out
    tree = ast.parse(text)
    own_open = any(isinstance(n, ast.FunctionDef) and n.name == "open" for n in tree.body)  # a layout's verb
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        where = f"{path.relative_to(REPO)}:{node.lineno}"
        if (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "cv2"
                and name in ("imread", "imwrite")):
            out.append(f"{where}: cv2.{name} (read_image / np.fromfile + cv2.imdecode, cv2.imencode instead)")
            continue
        if any(k.arg == "encoding" for k in node.keywords):
            continue
        if name in ("read_text", "write_text") and isinstance(func, ast.Attribute):
            out.append(f"{where}: {name} without encoding=")
        elif name == "open" and isinstance(func, ast.Name) and not own_open:  # the builtin: a text mode, or a mode not known here
            mode = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "mode"),
                                                                None)
            if not (isinstance(mode, ast.Constant) and "b" in str(mode.value)) and not (
                    mode is not None and not isinstance(mode, ast.Constant)):
                out.append(f"{where}: open() in text mode without encoding=")
    return out


def test_text_files_are_opened_as_utf8_and_images_not_through_cv2_paths():
    files = [p for top in ("workbench", "plugins") for p in sorted((REPO / top).rglob("*.py"))
             if "tests" not in p.relative_to(REPO).parts]
    assert len(files) > 50
    found = [line for p in files for line in _default_encoding_calls(p)]
    assert not found, "\n".join(found)


def test_a_tiff_stack_under_a_non_ascii_folder_is_read_whole(tmp_path, monkeypatch):
    # cv2.imcount / imreadmulti take no non-ASCII path on Windows (0 pages / nothing read, as an unreadable file),
    # emulated here: the stack was opened as its first page alone, the other pages left without a word
    import cv2

    from workbench.core.data import image

    pages = [np.full((12, 16), 1000 * (k + 1), np.uint16) for k in range(3)]
    pages[2][5, 7] = 9
    plain = tmp_path / "rec.tif"
    assert cv2.imwritemulti(str(plain), pages)
    folder = tmp_path / "热像 #1"
    folder.mkdir()
    path = plain.rename(folder / "记录 1.TIF")
    real_count, real_multi = cv2.imcount, cv2.imreadmulti
    monkeypatch.setattr(cv2, "imcount", lambda p, *a, **k: 0 if not str(p).isascii() else real_count(p, *a, **k))
    monkeypatch.setattr(cv2, "imreadmulti", lambda p, *a, **k: (False, []) if not str(p).isascii()
                        else real_multi(p, *a, **k))
    seq = image.open(path)
    assert len(seq) == 3
    for k in (2, 0, 1):
        assert np.array_equal(seq.frame(k), pages[k])


def test_a_video_under_a_non_ascii_folder_is_read(tmp_path, monkeypatch):
    # cv2.VideoCapture opens no non-ASCII path by name on Windows (opencv/opencv#4242, #20641), emulated here: the
    # video was 'not a readable video'; Python opens the file and OpenCV's FFmpeg reader is given its bytes
    import cv2

    from workbench.core.data import video

    plain = tmp_path / "clip.avi"
    wr = cv2.VideoWriter(str(plain), cv2.VideoWriter_fourcc(*"MJPG"), 10, (64, 48))
    for k in range(4):
        wr.write(np.full((48, 64, 3), 40 * (k + 1), np.uint8))
    wr.release()
    folder = tmp_path / "红外 视频 #1"
    folder.mkdir()
    path = plain.rename(folder / "片段 1.AVI")
    real = cv2.VideoCapture

    def by_name_ascii_only(source=None, *a):
        if isinstance(source, str) and not source.isascii():
            return real()  # not opened, as on Windows
        return real() if source is None else real(source, *a)

    monkeypatch.setattr(cv2, "VideoCapture", by_name_ascii_only)
    frames = video.VideoFrames(path)
    try:
        assert len(frames) == 4
        assert abs(float(frames.read(2).mean()) - 120) < 8
        assert abs(float(frames.read(0).mean()) - 40) < 8
    finally:
        frames.close()
    assert frames._stream is None  # the file is let go with the capture


def test_the_command_segment_suggests_pastes_into_a_shell(tmp_path, capsys):
    # '--dataset /tmp/红外 #1 'a'/set scores them': pasted, the shell split it at the space, took '#1 ...' for a
    # comment and the quote for an unclosed string; the path is quoted as a shell reads it
    import shlex

    from tests.helpers import sirst_mask_set
    from workbench.cli import main

    root = sirst_mask_set(tmp_path / "红外 #1 'a'" / "set", ["Misc_1", "Misc_10"], seed=3, step=20)
    assert main(["segment", "tophat", "--dataset", str(root / "images")]) == 0
    said = next(line for line in capsys.readouterr().out.splitlines() if "scores them" in line)
    words = shlex.split(said.split("--dataset ", 1)[1].rsplit(" scores them", 1)[0])
    assert words == [str(root)]


def test_the_resume_and_segment_hints_quote_their_paths(tmp_path):
    import shlex

    from workbench.core.options import OptionError
    from workbench.core.segment_command import refuse_labelled_out
    from workbench.core.training.loop import interrupted_line

    out = tmp_path / "训练 #1 'x'"
    said = interrupted_line(KeyboardInterrupt(), out, 2, 5)
    assert shlex.split(said.split("(--resume ", 1)[1].split(" where it takes", 1)[0]) == [str(out / "last.pt")]
    dataset = tmp_path / "红外 #1" / "set"
    (dataset / "images").mkdir(parents=True)
    (dataset / "masks").mkdir()
    with pytest.raises(OptionError) as got:
        refuse_labelled_out(out, dataset, "tophat")
    words = shlex.split(str(got.value).split("--views draws what was scored; ", 1)[1].split(" segments ", 1)[0])
    assert words == ["--dataset", str(dataset / "images"), "--out", str(out)]


def test_tables_line_up_under_chinese_sequence_names():
    # len() counted '红外 序列' as 5 columns; a terminal shows it in 9: every number after it was 4 columns right
    import unicodedata

    from workbench.core.evaluation.plots import render_table

    def text_columns(text):  # as a terminal shows it: two columns a wide (CJK) character
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    text = render_table(["tracker", "sequence", "AUC"], [["kcf", "红外 序列", "0.5"], ["kcf", "horse 1", "0.25"],
                                                         ["跟踪器", "x", "1"]])
    lines = text.splitlines()
    assert len({text_columns(line) for line in lines}) == 1  # every row as wide: the numbers end in one column
    starts = [text_columns(line[:line.index(cell)]) for line, cell in zip(lines[2:], ("红外", "horse", "x"))]
    assert starts == [9, 9, 9]  # the sequence column starts in one column after '跟踪器' too


def _windows_video_names(monkeypatch, short=None):
    """OpenCV's video writer and reader as on Windows: no non-ASCII name (the writer wrote a garbled one, emulated
    as not opening); ``short``: the folder alias GetShortPathNameW gives (None: the disk keeps none)."""
    import cv2

    from workbench.core import video

    real_writer, real_capture = cv2.VideoWriter, cv2.VideoCapture
    monkeypatch.setattr(video, "opens_by_name", lambda p: str(p).isascii(), raising=False)
    monkeypatch.setattr(video, "short_path", lambda folder: short, raising=False)
    monkeypatch.setattr(cv2, "VideoWriter", lambda name, *a: real_writer() if not str(name).isascii()
                        else real_writer(name, *a))
    monkeypatch.setattr(cv2, "VideoCapture", lambda name, *a: real_capture() if not str(name).isascii()
                        else real_capture(name, *a))


def test_a_video_is_written_into_a_non_ascii_folder_through_its_short_name(tmp_path, monkeypatch):
    import cv2

    from workbench.core.data import open_sequence
    from workbench.core.data.synthetic import write_demo
    from workbench.core.video import write_video

    seq = open_sequence(write_demo(tmp_path / "data", frames=3, width=48, height=40, name="s"))
    folder = tmp_path / "视频 #1"
    folder.mkdir()
    alias = tmp_path / "F8A3~1"  # the folder's 8.3 alias, as a link here
    alias.symlink_to(folder, target_is_directory=True)
    _windows_video_names(monkeypatch, short=alias)
    res = write_video(seq, [], folder / "片段 1.mp4", fps=5)
    assert res.path == folder / "片段 1.mp4" and res.path.is_file()
    assert sorted(p.name for p in folder.iterdir()) == ["片段 1.mp4"]  # no writer's file left
    monkeypatch.undo()
    cap = cv2.VideoCapture(str(res.path))
    assert int(cap.get(cv2.CAP_PROP_FRAME_COUNT)) == 3
    cap.release()


def test_without_a_short_name_the_video_is_refused_saying_why(tmp_path, monkeypatch):
    from workbench.core.data import open_sequence
    from workbench.core.data.synthetic import write_demo
    from workbench.core.errors import WorkbenchError
    from workbench.core.video import write_video

    seq = open_sequence(write_demo(tmp_path / "data", frames=3, width=48, height=40, name="s"))
    folder = tmp_path / "视频 #1"
    folder.mkdir()
    _windows_video_names(monkeypatch, short=None)
    with pytest.raises(WorkbenchError, match="writes no video into a folder whose path is not ASCII"):
        write_video(seq, [], folder / "v.mp4", fps=5)
    assert list(folder.iterdir()) == []


def test_nanotrack_loads_its_weights_from_a_non_ascii_folder_through_its_short_name(tmp_path, monkeypatch):
    # TrackerNano takes its two ONNX files by name only: under C:\Users\张三\... on Windows it 'could not load'
    # them; emulated (names that are not ASCII refused), the folder's short alias (a link here) is given instead
    import shutil

    import cv2

    from tests.helpers import SHARED_DATA
    from workbench.baselines.opencv_peers import NANOTRACK_FILES, NanoTrackConfig, make_nanotrack
    from workbench.core import video

    src = SHARED_DATA / "weights" / "nanotrack_v2"
    if not all((src / n).is_file() for n in NANOTRACK_FILES):
        pytest.skip(f"NanoTrack's ONNX files are not in {src}")
    folder = tmp_path / "权重 #1"
    folder.mkdir()
    for n in NANOTRACK_FILES:
        shutil.copy(src / n, folder / n)
    alias = tmp_path / "C4E1~1"
    alias.symlink_to(folder, target_is_directory=True)
    real = cv2.TrackerNano_create

    def by_name_ascii_only(params):
        if not (params.backbone.isascii() and params.neckhead.isascii()):
            raise cv2.error("can't read ONNX file")
        return real(params)

    monkeypatch.setattr(cv2, "TrackerNano_create", by_name_ascii_only)
    monkeypatch.setattr(video, "opens_by_name", lambda p: str(p).isascii(), raising=False)
    monkeypatch.setattr(video, "short_path", lambda p: alias if p == folder else None, raising=False)
    tracker = make_nanotrack(NanoTrackConfig(weights_dir=str(folder)))
    frame = np.random.default_rng(0).integers(0, 255, (120, 160), np.uint8)
    tracker.initialize(frame, (60, 40, 24, 20))
    assert len(tuple(tracker.track(frame).box)) == 4


def _msvcrt_split(line: str) -> list[str]:
    """A command line split as the Windows C runtime splits it (the rules Python's own subprocess.list2cmdline
    writes for): backslashes are literal except before a quote, 2n + 1 of them before it give n and a quote."""
    words, word, quoted, i, any_ = [], [], False, 0, False
    while i < len(line):
        c = line[i]
        if c == "\\":
            n = len(line[i:]) - len(line[i:].lstrip("\\"))
            if i + n < len(line) and line[i + n] == '"':
                word.append("\\" * (n // 2))
                if n % 2:
                    word.append('"')
                    i += n + 1
                else:
                    i += n
                any_ = True
                continue
            word.append("\\" * n)
            i += n
            any_ = True
            continue
        if c == '"':
            quoted, any_ = not quoted, True
        elif c in " \t" and not quoted:
            if any_:
                words.append("".join(word))
            word, any_ = [], False
        else:
            word.append(c)
            any_ = True
        i += 1
    if any_:
        words.append("".join(word))
    return words


def test_a_command_is_quoted_for_the_windows_shells_there(monkeypatch):
    # shlex's '...' quoting is taken as part of the words by cmd.exe: a path with a space broke in two there
    from workbench.core import shell
    from workbench.core.training.loop import interrupted_line

    args = ["--data", "sirst 副本", r"C:\数据 #1\集 &a\\", 'say "x"', "a&b", "100%", "", r"C:\plain\path", "-lw 1"]
    monkeypatch.setattr(shell, "WINDOWS", True)
    line = shell.join(args)
    assert _msvcrt_split(line) == args
    assert "'" not in line
    out = r"C:\Users\张三\训练 1"
    said = interrupted_line(KeyboardInterrupt(), out, 2, 5)
    resume = said.split("(--resume ", 1)[1].split(" where it takes", 1)[0]
    assert _msvcrt_split(resume) == [str(Path(out) / "last.pt")]
    monkeypatch.setattr(shell, "WINDOWS", False)
    assert shell.join(args[:2]) == "--data 'sirst 副本'"


def test_list_lines_up_its_columns_after_chinese_sequence_names(tmp_path, capsys):
    import unicodedata

    from workbench.cli import main
    from workbench.core.data.synthetic import write_demo

    for name in ("红外 序列", "horse"):
        write_demo(tmp_path / "root" / name, frames=2, width=48, height=40, name=name)
    assert main(["list", "--dataset", str(tmp_path / "root")]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if " frames " in line]
    assert len(rows) == 2

    def columns(text):  # as a terminal shows it: two columns a wide (CJK) character
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    assert len({columns(line[:line.index(" frames ")]) for line in rows}) == 1, rows
