"""`ecpx serve`: publish the course with Voilà, with the settings kept in voila.json."""

from __future__ import annotations

import argparse
import os
import socket
import sys
from collections.abc import Sequence

from ecpx import resources
from ecpx.server import options


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("serve", help="serve the course with Voilà",
                              description=__doc__.split(":", 1)[1].strip())
    p.add_argument("--port", type=int, default=8866, help="port to listen on (default 8866)")
    p.add_argument("--open", action="store_true", help="open the home page in a browser")
    options.add_arguments(p)
    lrs = p.add_argument_group("learning record store (xAPI)")
    lrs.add_argument("--lrs", metavar="URL",
                     help="send the training journal's xAPI statements to this LRS endpoint "
                          "(e.g. https://lrs.example/xAPI); credentials from $ECPX_LRS_USER and "
                          "$ECPX_LRS_PASSWORD or --lrs-credentials, never the command line")
    lrs.add_argument("--lrs-credentials", metavar="FILE",
                     help="a file holding one line `user:password` for the LRS")
    lrs.add_argument("--course-url", metavar="URL",
                     help="the course's address in the statements (default $ECPX_COURSE_URL, "
                          "else http://<this machine>:<port>/)")
    p.set_defaults(func=serve)


def lrs_environment(args: argparse.Namespace) -> str | None:
    """Hand the LRS settings to the server through the environment (the server takes them out
    before any kernel starts); an error message when they cannot work."""
    from ecpx.training import lrs, xapi

    if not args.lrs:
        return None
    try:
        lrs.LrsClient(args.lrs)
        if args.lrs_credentials:
            os.environ[lrs.FILE_ENV] = str(args.lrs_credentials)
        lrs.read_credentials()
        default = f"http://{socket.gethostname()}:{args.port}/"
        os.environ[xapi.COURSE_URL_ENV] = xapi.course_url(
            args.course_url or os.environ.get(xapi.COURSE_URL_ENV) or default)
    except (OSError, ValueError) as error:
        return f"error: --lrs: {error}"
    os.environ[lrs.URL_ENV] = args.lrs
    return None


def voila_command(port: int, server_options: Sequence[str] = ("--Voila.ip=127.0.0.1",),
                  open_browser: bool = False) -> list[str]:
    """The course server's command line (Voilà, see ecpx.server); the rest is in voila.json."""
    return [
        sys.executable, "-m", "ecpx.server",
        f"--port={port}",
        *server_options,
        f"--Voila.open_browser={open_browser}",
    ]


def serve(args: argparse.Namespace) -> int:
    settings = resources.settings_dir()
    if not (settings / "voila.json").is_file() or not resources.notebooks_dir().is_dir():
        print(f"error: voila.json or notebooks/ is missing from {settings}: reinstall ecpx",
              file=sys.stderr)
        return 2
    server_options = options.server_options(args)  # paths (--certfile) from where we were
    error = lrs_environment(args)
    if error:
        print(error, file=sys.stderr)
        return 2
    os.chdir(settings)  # Voilà reads ./voila.json from its working directory
    # ... and finds the course's own template (the home page) in the package first, so a clone
    # serves the template being edited rather than the copy installed in share/jupyter.
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        filter(None, [str(resources.jupyter_data_dir()), os.environ.get("JUPYTER_PATH")]))
    command = voila_command(args.port, server_options, args.open)
    os.execv(command[0], command)
