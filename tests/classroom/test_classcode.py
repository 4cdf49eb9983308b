"""The class code and what `ecpx serve --classroom` prints and sets."""

from __future__ import annotations

import argparse
import os

import pytest
from ecpx.server import classcode, login, options


def test_codes_are_short_unambiguous_and_forgiving():
    codes = {classcode.new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == 6 and set(c) <= set(classcode.ALPHABET) for c in codes)
    assert not set("01OIL") & set(classcode.ALPHABET)
    assert classcode.normalise(" k7p-2qm ") == "K7P2QM"
    assert classcode.shown("K7P2QM") == "K7P-2QM"


def clean_environment(monkeypatch) -> None:
    """No class settings now, and whatever server_options sets is undone after the test."""
    for name in ("ECPX_CLASSROOM", "ECPX_CLASS_CODE", login.CODE_FD_ENV):
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
    assert ("--CourseServer.pages_per_trainee="
            f"{options.DEFAULT_PAGES_PER_TRAINEE}") in settings
    assert os.environ["ECPX_CLASSROOM"] == "1"
    assert "AB2CD3" not in " ".join(settings)  # never on the command line (`ps` shows it)
    # ... nor in the environment (/proc/<pid>/environ keeps it): in a pipe the server reads.
    assert "AB2CD3" not in "".join(os.environ.values())
    assert login.read_code() == "AB2CD3" and login.CODE_FD_ENV not in os.environ


def test_a_class_code_has_six_letters_or_digits_at_least(monkeypatch, capsys):
    clean_environment(monkeypatch)
    for short in ("A", "ab-2c", "K7P-2Q "):
        with pytest.raises(SystemExit):
            parse("--classroom", "--class-code", short)
        assert "at least 6" in capsys.readouterr().err
    assert parse("--class-code", "k7p-2qm").class_code == "K7P2QM"
    read, write = os.pipe()
    os.write(write, b"AB2")
    os.close(write)
    monkeypatch.setenv(login.CODE_FD_ENV, str(read))
    with pytest.raises(SystemExit):  # the server refuses it too, however it was started
        login.read_code()


def test_local_serving_needs_no_code(monkeypatch, capsys):
    clean_environment(monkeypatch)
    settings = options.server_options(parse())
    assert settings == ["--Voila.ip=127.0.0.1"]
    assert capsys.readouterr().err == ""
    assert "ECPX_CLASS_CODE" not in os.environ and "ECPX_CLASSROOM" not in os.environ
