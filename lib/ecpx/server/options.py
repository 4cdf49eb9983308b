"""`ecpx serve`'s classroom options, turned into the course server's settings."""

from __future__ import annotations

import argparse
import os
import sys

from ecpx.server import classcode
from ecpx.server.login import hand_over

CLASSROOM_ENV = "ECPX_CLASSROOM"  # set for the server and so for every kernel (card layer reads it)
# Measured with benchmarks/bench_classroom.py on 2 cores / 24 GB: see README "Run it for a class".
DEFAULT_MAX_KERNELS = 80
DEFAULT_POOL = 30
# A trainee's open chapters (02 and 03 side by side, a text chapter, the journal): past it, their
# oldest page is closed for the new one, so one trainee can never fill the class.
DEFAULT_PAGES_PER_TRAINEE = 4
# Refill the pools after a class has arrived, not while its pages load (Voilà's default: 1 s):
# well after the 10 s a class's pages take, and still back to full within the minute. A page
# never waits for a refill (server.app.ready_pool_size).
REFILL_DELAY = 45


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--classroom", nargs="?", const="0.0.0.0", metavar="ADDRESS",
                   help="serve trainees on the local network (every interface, or ADDRESS), "
                        "behind a class code")
    p.add_argument("--host", action="append", default=[], metavar="NAME",
                   help="also accept requests for this host name (repeatable)")
    p.add_argument("--class-code", metavar="CODE", type=class_code,
                   help=f"the class code to use, {classcode.LENGTH} letters or digits at least "
                        "(default: a new random one each start)")
    p.add_argument("--max-kernels", type=int, metavar="N",
                   help=f"most pages open at once (default {DEFAULT_MAX_KERNELS} in classroom "
                        "mode, no limit otherwise)")
    p.add_argument("--pool", type=int, metavar="N",
                   help=f"kernels preheated per simulator chapter (default {DEFAULT_POOL} in "
                        "classroom mode, 1 otherwise)")
    p.add_argument("--pages-per-trainee", type=int, metavar="N",
                   help=f"pages one trainee keeps open; past it their oldest page is closed "
                        f"(default {DEFAULT_PAGES_PER_TRAINEE} in classroom mode)")
    p.add_argument("--certfile", metavar="PEM", help="serve over HTTPS with this certificate")
    p.add_argument("--keyfile", metavar="PEM", help="the certificate's private key")


def class_code(typed: str) -> str:
    """--class-code: at least LENGTH letters or digits once case, spaces and dashes are set
    aside (a short code is guessed in minutes, even slowed down)."""
    code = classcode.normalise(typed)
    if len(code) < classcode.LENGTH:
        raise argparse.ArgumentTypeError(
            f"a class code needs at least {classcode.LENGTH} letters or digits")
    return code


def server_options(args: argparse.Namespace) -> list[str]:
    """The course server's command-line settings; in classroom mode, also sets the environment
    (class code, ECPX_CLASSROOM) and prints what trainees need."""
    options = [f"--Voila.ip={args.classroom or '127.0.0.1'}"]
    hosts = list(args.host)
    max_kernels, pool = args.max_kernels, args.pool
    if args.classroom:
        os.environ[CLASSROOM_ENV] = "1"
        addresses = (classcode.lan_addresses() if args.classroom == "0.0.0.0"
                     else [args.classroom])
        hosts += addresses
        if args.classroom == "0.0.0.0":
            import socket
            name = socket.gethostname()
            hosts += [name, f"{name}.local"]
        code = args.class_code or classcode.new_code()
        hand_over(code)  # a pipe, not the environment: /proc/<pid>/environ would keep it
        max_kernels = DEFAULT_MAX_KERNELS if max_kernels is None else max_kernels
        pool = DEFAULT_POOL if pool is None else pool
        scheme = "https" if args.certfile else "http"
        urls = [f"{scheme}://{a}:{args.port}/" for a in addresses]
        print(classcode.announce(urls, code), file=sys.stderr)
        pages = args.pages_per_trainee
        options.append("--CourseServer.pages_per_trainee="
                       f"{DEFAULT_PAGES_PER_TRAINEE if pages is None else pages}")
    if args.certfile:
        options += [f"--CourseServer.certfile={os.path.abspath(args.certfile)}",
                    f"--CourseServer.keyfile={os.path.abspath(args.keyfile or args.certfile)}"]
    options += [f"--CourseServer.allowed_hosts={h}" for h in dict.fromkeys(hosts)]
    if max_kernels:
        options.append(f"--CourseServer.max_kernels={max_kernels}")
    if pool:
        options.append(f"--CourseServer.simulator_pool_size={pool}")
    if args.classroom:
        options.append(f"--VoilaKernelManager.fill_delay={REFILL_DELAY}")
    return options
