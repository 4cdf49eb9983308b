"""The class code and what `ecpx serve --classroom` prints and sets."""

from __future__ import annotations

import argparse
import os

from ecpx.server import classcode, options


def test_codes_are_short_unambiguous_and_forgiving():
    codes = {classcode.new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == 6 and set(c) <= set(classcode.ALPHABET) for c in codes)
    assert not set("01OIL") & set(classcode.ALPHABET)
    assert classcode.normalise(" k7p-2qm ") == "K7P2QM"
    assert classcode.shown("K7P2QM") == "K7P-2QM"


def clean_environment(monkeypatch) -> None:
    """No class settings now, and whatever server_options sets is undone after the test."""
    for name in ("ECPX_CLASSROOM", "ECPX_CLASS_CODE"):
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8866)
    options.add_arguments(parser)
    return parser.parse_args(argv)


def test_classroom_mode_prints_the_address_code_and_qr_and_marks_the_environment(
        monkeypatch, capsys):
    clean_environment(monkeypatch)
    settings = options.server_options(parse("--classroom", "192.168.1.20", "--class-code",
                                            "ab2-cd3", "--port", "9000"))
    printed = capsys.readouterr().err
    assert "http://192.168.1.20:9000/" in printed and "AB2-CD3" in printed
    assert "█" in printed  # the QR code, drawn in the terminal
    assert "--Voila.ip=192.168.1.20" in settings
    assert "--CourseServer.allowed_hosts=192.168.1.20" in settings
    assert f"--CourseServer.max_kernels={options.DEFAULT_MAX_KERNELS}" in settings
    assert os.environ["ECPX_CLASSROOM"] == "1" and os.environ["ECPX_CLASS_CODE"] == "AB2CD3"
    assert "AB2CD3" not in " ".join(settings)  # never on the command line (`ps` shows it)


def test_local_serving_needs_no_code(monkeypatch, capsys):
    clean_environment(monkeypatch)
    settings = options.server_options(parse())
    assert settings == ["--Voila.ip=127.0.0.1"]
    assert capsys.readouterr().err == ""
    assert "ECPX_CLASS_CODE" not in os.environ and "ECPX_CLASSROOM" not in os.environ
