"""deploy/jupyterhub/z2jh/: the Zero to JupyterHub values, checked offline as Helm would check
them (merged over the chart's defaults, validated against its values.schema.yaml, vendored in
tests/data/z2jh-4.4.0/), and what they point at: the seat's configuration the image copies,
the class-code login the hub's extraConfig loads. No cluster here: nothing is deployed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path

import jsonschema
import pytest
import yaml
from ecpx.server import seat
from traitlets.config import Config

from tests.conftest import run_coroutine
from tests.serving import REPO

CHART = REPO / "tests" / "data" / "z2jh-4.4.0"
Z2JH = REPO / "deploy" / "jupyterhub" / "z2jh"


def coalesce(defaults, values):
    """Helm's merge of user values over a chart's: maps merge, anything else replaces, and a
    null removes the default."""
    if not (isinstance(defaults, dict) and isinstance(values, dict)):
        return values
    merged = dict(defaults)
    for key, value in values.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = coalesce(defaults.get(key), value)
    return merged


def load(path: Path):
    return yaml.safe_load(path.read_text())


@pytest.fixture(scope="module")
def values() -> dict:
    return load(Z2JH / "values.yaml")


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = load(CHART / "values.schema.yaml")
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def errors(validator, values) -> list[str]:
    merged = coalesce(load(CHART / "values.yaml"), values)
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(merged)]


def test_the_values_pass_the_charts_schema(validator, values):
    assert errors(validator, values) == []
    # The check has teeth: a misspelt or mistyped setting is refused.
    assert errors(validator, {"singleuser": {"memmory": {"limit": "1G"}}})
    assert errors(validator, {"singleuser": {"cpu": {"limit": "one"}}})


def test_trainees_get_the_course_image_enforced_limits_and_no_root(values):
    user = values["singleuser"]
    assert user["image"]["name"].endswith("/ecpx-course")
    assert user["cmd"] == "jupyterhub-singleuser" and user["defaultUrl"] == "/voila/tree"
    assert user["memory"] == {"limit": "1G", "guarantee": "512M"}
    assert user["cpu"]["limit"] == 1 and 0 < user["cpu"]["guarantee"] <= 1
    assert user["uid"] > 0 and user["fsGid"] > 0 and user["allowPrivilegeEscalation"] is False
    assert user["cloudMetadata"]["blockWithIptables"] is False  # no root init container
    container = values["hub"]["config"]["KubeSpawner"]["container_security_context"]
    assert container["runAsNonRoot"] is True and container["runAsUser"] == user["uid"]
    assert container["allowPrivilegeEscalation"] is False
    assert container["capabilities"]["drop"] == ["ALL"]
    assert values["hub"]["config"]["KubeSpawner"]["pod_security_context"]["runAsNonRoot"]
    assert user["networkPolicy"]["enabled"] and values["hub"]["networkPolicy"]["enabled"]
    assert user["networkPolicy"]["egressAllowRules"]["nonPrivateIPs"] is False
    assert values["cull"]["enabled"] and values["cull"]["timeout"] <= 3600
    assert user["extraEnv"]["ECPX_CLASSROOM"] == "1"
    assert user["extraEnv"]["JUPYTERHUB_DISABLE_USER_CONFIG"] == "1"


def test_the_image_holds_the_seats_configuration_where_values_point(values):
    dockerfile = (Z2JH / "Dockerfile").read_text()
    config_path = values["singleuser"]["extraEnv"]["JUPYTER_CONFIG_PATH"]
    assert f"COPY deploy/jupyterhub/seat/ {config_path}/" in dockerfile
    assert "USER 1000" in dockerfile and values["singleuser"]["uid"] == 1000
    hub_image = (Z2JH / "Dockerfile.hub").read_text()
    assert values["hub"]["image"]["name"].endswith("/ecpx-hub") and "ecpx" in hub_image


def test_the_seats_configuration_serves_the_course_only():
    """What jupyterhub-singleuser loads from the seat's folder (the image's /etc/ecpx-seat, the
    local hub's deploy/jupyterhub/seat): the same server settings under both hubs."""
    script = (
        "import json\n"
        "from jupyter_server.serverapp import ServerApp\n"
        "app = ServerApp()\n"
        "app.initialize(['--ServerApp.port=0', '--ServerApp.open_browser=False'])\n"
        "print(json.dumps({'extensions': sorted(n for n, e in "
        "app.extension_manager.extensions.items() if e.enabled),\n"
        "  'messages': app.kernel_manager.allowed_message_types,\n"
        "  'terminals': app.terminals_enabled,\n"
        "  'hook': app.config.VoilaConfiguration.page_config_hook.__qualname__,\n"
        "  'template': app.config.VoilaConfiguration.template,\n"
        "  'lab_extensions': app.config.VoilaConfiguration.extension_allowlist,\n"
        "  'websocket': app.websocket_compression_options}))\n")
    env = {**os.environ, "JUPYTER_CONFIG_PATH": str(REPO / "deploy" / "jupyterhub" / "seat"),
           "JUPYTERHUB_DISABLE_USER_CONFIG": "1"}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                         text=True, timeout=120, check=True).stdout
    loaded = json.loads(out.strip().splitlines()[-1])
    voila_settings = json.loads((REPO / "voila.json").read_text())["VoilaConfiguration"]
    assert loaded == {
        "extensions": ["ecpx.server.extension", "ecpx.server.seat", "voila.server_extension"],
        "messages": seat.ALLOWED_MESSAGES, "terminals": False,
        "hook": "chapter_page_config", "template": "ecpx",
        # the lab extensions `ecpx serve` loads (voila.json), kernel messages compressed
        "lab_extensions": voila_settings["extension_allowlist"], "websocket": {}}


def test_the_hubs_extra_config_loads_the_class_code_login(values, tmp_path, monkeypatch):
    from ecpx.server.hub import ClassCodeAuthenticator

    code_file = tmp_path / "class-code"
    code_file.write_text("K7P2QM\n")
    monkeypatch.setenv("ECPX_CLASS_CODE_FILE", str(code_file))
    assert values["hub"]["extraEnv"]["ECPX_CLASS_CODE_FILE"].startswith(
        values["hub"]["extraVolumeMounts"][0]["mountPath"] + "/")
    c = Config()
    for snippet in values["hub"]["extraConfig"].values():
        exec(snippet, {"c": c})  # as the chart's jupyterhub_config.py does
    assert c.JupyterHub.authenticator_class is ClassCodeAuthenticator
    authenticator = ClassCodeAuthenticator(config=c)
    handler = types.SimpleNamespace(request=types.SimpleNamespace(remote_ip="10.0.0.7"))
    right = {"username": "poste-12", "password": "k7p-2qm"}
    assert run_coroutine(authenticator.authenticate(handler, right)) == "poste-12"
    wrong = {**right, "password": "AAAAAA"}
    assert run_coroutine(authenticator.authenticate(handler, wrong)) is None


def test_the_hub_image_needs_only_qrcode_besides_jupyterhub():
    """Dockerfile.hub installs ecpx without its dependencies: its login must not import the
    course's (Voilà, widgets, pandas)."""
    script = ("import sys, json, ecpx.server.hub\n"
              "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")
    loaded = set(json.loads(subprocess.run([sys.executable, "-c", script], capture_output=True,
                                           text=True, timeout=60, check=True).stdout))
    assert "qrcode" in loaded
    assert not loaded & {"voila", "ipywidgets", "anywidget", "pandas", "numpy", "pyarrow",
                         "jupyter_server", "ipykernel", "jupyterlab"}
