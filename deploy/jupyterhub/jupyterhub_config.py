"""JupyterHub for many classes: one single-user server per trainee, Voilà as its only page.

    ECPX_CLASS_CODE=K7P2QM jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

Settings from the environment (defaults for a local trial on 127.0.0.1):
  ECPX_CLASS_CODE   the class code trainees type as their password (required)
  ECPX_HUB_IP       where the hub's proxy listens (default 127.0.0.1)
  ECPX_HUB_PORT     its port (default 8000)
  ECPX_HUB_API_PORT the hub's own port, then the proxy's API port + 1 (default 8081)
  ECPX_HUB_STATE    folder for the hub's database, cookie secret and trainees' homes
  ECPX_HUB_PROXY    the configurable-http-proxy command (default: found on PATH)
  ECPX_JOURNAL      the shared training journal folder (see the README)
"""

import os
import re
import shutil
import sys
from pathlib import Path

from jupyterhub.auth import Authenticator
from traitlets import Unicode

REPO = Path(__file__).resolve().parents[2]
STATE = Path(os.environ.get("ECPX_HUB_STATE", REPO / ".hub")).resolve()
STATE.mkdir(parents=True, exist_ok=True)
c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file


class ClassCodeAuthenticator(Authenticator):
    """Any seat name (« poste-12 », a first name) with the class code as password.

    Like `ecpx serve --classroom`: one short code for the class, case, spaces and dashes not
    counted. (SharedPasswordAuthenticator wants 8+ characters; DummyAuthenticator's password is
    deprecated and meant for tests.) Anyone with the code can take any seat name: the code
    keeps out whoever is not in the room, it does not tell trainees apart.
    """

    class_code = Unicode(config=True, help="The class code (letters and digits)")

    def normalise(self, typed: str) -> str:
        return re.sub(r"[^0-9A-Z]", "", typed.upper())

    async def authenticate(self, handler, data):
        if self.class_code and self.normalise(data.get("password", "")) == self.normalise(
                self.class_code):
            return data["username"]
        return None


code = os.environ.get("ECPX_CLASS_CODE", "")
if not re.sub(r"[^0-9A-Za-z]", "", code):
    sys.exit("ECPX_CLASS_CODE is not set: choose the class code, e.g. ECPX_CLASS_CODE=K7P2QM")

# The hub, its proxy and its database (everything on one machine for a local trial).
c.JupyterHub.ip = os.environ.get("ECPX_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("ECPX_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
api_port = int(os.environ.get("ECPX_HUB_API_PORT", "8081"))
c.JupyterHub.hub_port = api_port
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{api_port + 1}"
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
proxy = os.environ.get("ECPX_HUB_PROXY") or shutil.which("configurable-http-proxy")
if proxy:
    c.ConfigurableHTTPProxy.command = [proxy]

c.JupyterHub.authenticator_class = ClassCodeAuthenticator
c.ClassCodeAuthenticator.class_code = code
c.ClassCodeAuthenticator.allow_all = True  # any seat name, as long as the code is right

# One process per trainee (for the local trial; DockerSpawner or KubeSpawner in production).
c.JupyterHub.spawner_class = "simple"  # SimpleLocalProcessSpawner: no system user per trainee
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "homes" / "{username}")
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.notebook_dir = str(REPO / "notebooks")
c.Spawner.default_url = "/voila/tree"  # Voilà's course home page, not JupyterLab
c.Spawner.environment = {
    "JUPYTER_PATH": str(REPO / "share" / "jupyter"),  # the course's Voilà template
    "ECPX_CLASSROOM": "1",  # the card layer never opens the server's real reader
    "ECPX_JOURNAL": os.environ.get("ECPX_JOURNAL", str(STATE / "journal")),
}
# The course's Voilà settings (voila.json), given to Voilà's server extension.
c.Spawner.args = [
    "--VoilaConfiguration.template=ecpx",
    "--VoilaConfiguration.strip_sources=True",
    "--VoilaConfiguration.show_tracebacks=False",
    "--VoilaConfiguration.theme=light",
    "--VoilaConfiguration.file_allowlist=['.*\\.(png|jpg|svg|css|csv|html)']",
    "--VoilaExecutor.iopub_timeout=60",
    "--VoilaExecutor.raise_on_iopub_timeout=True",
    "--MappingKernelManager.cull_idle_timeout=1800",
    "--MappingKernelManager.cull_interval=120",
]
# Per trainee: chapters 02 and 06 open at once fit in 1 GB (chapter 02's kernel: about 70 MB;
# chapter 06, the heaviest: about 230 MB). LocalProcessSpawner only passes these on (MEM_LIMIT,
# CPU_LIMIT); DockerSpawner and KubeSpawner enforce them.
c.Spawner.mem_limit = "1G"
c.Spawner.cpu_limit = 1.0
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
# A trainee who leaves: their server stops after an hour idle (jupyterhub-idle-culler as a
# service does it for the whole hub; the single-user server culls its own kernels).
c.Spawner.args += ["--ServerApp.shutdown_no_activity_timeout=3600"]
if os.geteuid() == 0:  # a local trial as root (CI); in production, trainees never run as root
    c.Spawner.args += ["--allow-root"]
