"""A trainee's single-user server: the course and nothing else (see ecpx.server.seat).

Found through JUPYTER_CONFIG_PATH: the local hub (../jupyterhub_config.py) points it at this
folder; the Zero to JupyterHub image (../z2jh/Dockerfile) copies this folder to /etc/ecpx-seat.
"""

from ecpx.server.seat import configure

configure(c)  # noqa: F821 - provided by Jupyter when it loads this file
