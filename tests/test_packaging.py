"""The repository's set-up files agree with each other."""

import json
import re
import tomllib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
CONDA_ONLY = {"python", "pip", "pillow"}  # pillow stands for qrcode's [pil] extra


def requirement(spec: str) -> tuple[str, str]:
    """'qrcode[pil]>=7.4' -> ('qrcode', '>=7.4'), with the specifiers' spaces removed."""
    name, version = re.match(r"([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*(.*)", spec).groups()
    return name.lower(), version.replace(" ", "")


def test_environment_yml_has_the_same_dependencies_as_pyproject():
    """conda users get the full course: the dependencies plus the real-reader extra [card]
    (conda-forge ships pyscard built, so nothing compiles there either)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    specs = project["dependencies"] + project["optional-dependencies"]["card"]
    wanted = dict(requirement(s) for s in specs)
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    conda = dict(requirement(d) for d in env["dependencies"] if isinstance(d, str))
    assert {k: v for k, v in conda.items() if k not in CONDA_ONLY} == wanted
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip == ["-e ."], "the local package comes through pip"


def test_voila_config_is_safe_for_learners():
    config = json.loads((REPO / "voila.json").read_text())
    assert config["VoilaConfiguration"]["strip_sources"] is True
    assert config["VoilaConfiguration"]["show_tracebacks"] is False
    assert config["Voila"]["ip"] == "127.0.0.1"
    assert config["MappingKernelManager"]["cull_idle_timeout"] > 0


def test_the_course_itself_compiles_nothing():
    """pyscard (built from source on Linux) is only in the [card] extra, which ./run installs."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert "pyscard" not in {requirement(s)[0] for s in project["dependencies"]}
    assert "pyscard" in {requirement(s)[0] for s in project["optional-dependencies"]["card"]}
    assert 'need_venv course "[card]"' in (REPO / "run").read_text()


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text()
    assert "./run test" in readme and "./run serve" in readme
    assert "./run test" in (REPO / ".ci" / "run").read_text()
