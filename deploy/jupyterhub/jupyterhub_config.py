"""JupyterHub for many classes: one single-user server per trainee, serving the course only.

    ECPX_CLASS_CODE_FILE=class-code.txt jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

Settings from the environment (defaults for a local trial on 127.0.0.1):
  ECPX_CLASS_CODE_FILE  a file holding the class code (6 letters or digits at least), read
                        once: the code is not left in the hub's environment
  ECPX_CLASS_CODE       the class code itself, if there is no file (stays in /proc/<pid>/environ)
  ECPX_HUB_IP       where the hub's proxy listens (default 127.0.0.1)
  ECPX_HUB_PORT     its port (default 8000)
  ECPX_HUB_API_PORT the hub's own port, then the proxy's API port + 1 (default 8081)
  ECPX_HUB_STATE    folder for the hub's database and cookie secret (hub/, 0700) and the
                    trainees' homes (homes/, one 0700 home per seat, with its training journal)
  ECPX_HUB_PROXY    the configurable-http-proxy command (default: found on PATH)
  ECPX_HUB_PROXY_RUNNING=1  the proxy is started and supervised apart (a service of its own,
                    its token in CONFIGPROXY_AUTH_TOKEN for both): the hub neither starts nor
                    stops it, so a hub restart keeps the trainees' connections
"""

import os
import shutil
import sys
from pathlib import Path

from ecpx.server.hub import ClassCodeAuthenticator, SeatSpawner

REPO = Path(__file__).resolve().parents[2]
STATE = Path(os.environ.get("ECPX_HUB_STATE", REPO / ".hub")).resolve()
HUB = STATE / "hub"  # the hub's own files: no seat may read them
HUB.mkdir(mode=0o700, parents=True, exist_ok=True)
c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

code_file = os.environ.get("ECPX_CLASS_CODE_FILE")
code = Path(code_file).read_text().strip() if code_file else os.environ.get("ECPX_CLASS_CODE", "")
if not code:
    sys.exit("No class code: put it in a file and set ECPX_CLASS_CODE_FILE=that-file "
             "(6 letters or digits at least, e.g. K7P2QM)")

# The hub, its proxy and its database (everything on one machine for a local trial).
c.JupyterHub.ip = os.environ.get("ECPX_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("ECPX_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
api_port = int(os.environ.get("ECPX_HUB_API_PORT", "8081"))
c.JupyterHub.hub_port = api_port
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{api_port + 1}"
c.JupyterHub.db_url = f"sqlite:///{HUB / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(HUB / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(HUB / "proxy.pid")
proxy = os.environ.get("ECPX_HUB_PROXY") or shutil.which("configurable-http-proxy")
if proxy:
    c.ConfigurableHTTPProxy.command = [proxy]
# A proxy the hub starts gets a fixed 10 s to open its ports (JupyterHub's proxy.py); one
# started apart is awaited by whoever starts it.
c.ConfigurableHTTPProxy.should_start = os.environ.get("ECPX_HUB_PROXY_RUNNING") != "1"

c.JupyterHub.authenticator_class = ClassCodeAuthenticator
c.ClassCodeAuthenticator.class_code = code
c.ClassCodeAuthenticator.allow_all = True  # any seat name, as long as the code is right
c.Authenticator.username_pattern = r"^[a-z0-9][a-z0-9_-]{0,31}$"  # a folder name, a uid

# One process per seat, as its own unprivileged uid with a private home when the hub is root
# (ecpx.server.hub.SeatSpawner); DockerSpawner or KubeSpawner in production (z2jh/).
c.JupyterHub.spawner_class = SeatSpawner
c.SeatSpawner.homes = str(STATE / "homes")
c.SeatSpawner.needed = [str(REPO)]
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.default_url = "/voila/tree"  # Voilà's course home page
c.Spawner.environment = {
    "JUPYTER_PATH": str(REPO / "share" / "jupyter"),  # the course's Voilà template
    # The seat's server serves the course and nothing else (seat/jupyter_server_config.py,
    # ecpx.server.seat: no JupyterLab, no terminals, no contents or kernels API; a page's kernel
    # gets widget messages only), the same file as the Zero to JupyterHub image's.
    "JUPYTER_CONFIG_PATH": str(REPO / "deploy" / "jupyterhub" / "seat"),
    "ECPX_CLASSROOM": "1",  # the card layer never opens the server's real reader
    "ECPX_JOURNAL": lambda spawner: str(spawner.home / "journal"),  # the seat's own
    "JUPYTERHUB_DISABLE_USER_CONFIG": "1",  # nothing in a home reconfigures the server
}
# Per trainee: chapters 02 and 06 open at once fit in 1 GB (chapter 02's kernel: about 70 MB;
# chapter 06, the heaviest: about 230 MB). The local spawner only passes these on (MEM_LIMIT,
# CPU_LIMIT); KubeSpawner enforces them (z2jh/values.yaml).
c.Spawner.mem_limit = "1G"
c.Spawner.cpu_limit = 1.0
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
