"""The course as people outside a clone get it: the wheel installed in a fresh virtual
environment (as `pip install ecpx` or Binder's `pip install .` do)."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.serving import REPO

# What must not leak from the developer's shell into an "outside" run.
LEAKS = ("JUPYTER_PATH", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "PYTHONPATH", "VIRTUAL_ENV")


def clean_env(venv_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in LEAKS}
    env["PATH"] = f"{venv_dir / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return {**env, **extra}


def run(command: list[str], log: Path, **kwargs) -> None:
    """Run a set-up command; fail with its output if it fails."""
    with log.open("w") as out:
        done = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, **kwargs)
    if done.returncode != 0:
        pytest.fail(f"{' '.join(map(str, command))} failed:\n{log.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def course_wheel(tmp_path_factory) -> Path:
    """The wheel built from the repository (`pip wheel . --no-deps`)."""
    out = tmp_path_factory.mktemp("wheel")
    run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-w", str(out)],
        out / "build.log")
    (wheel,) = out.glob("ecpx-*.whl")
    return wheel


@pytest.fixture(scope="session")
def installed_course(tmp_path_factory, course_wheel) -> Path:
    """A fresh virtual environment outside the clone with the wheel installed by its own pip,
    binary packages only: installing the course compiles nothing (pip fails if it would)."""
    venv_dir = tmp_path_factory.mktemp("outside") / "venv"
    venv.create(venv_dir, with_pip=True)
    run([str(venv_dir / "bin" / "pip"), "install", "--only-binary", ":all:", str(course_wheel)],
        venv_dir.parent / "install.log", cwd=venv_dir.parent, env=clean_env(venv_dir))
    return venv_dir

