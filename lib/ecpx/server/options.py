"""`ecpx serve`'s classroom options, turned into the course server's settings."""

from __future__ import annotations

import argparse
import os
import sys

from ecpx.server import classcode

CLASSROOM_ENV = "ECPX_CLASSROOM"  # set for the server and so for every kernel (card layer reads it)
# Measured with benchmarks/bench_classroom.py on 2 cores / 24 GB: see README "Run it for a class".
DEFAULT_MAX_KERNELS = 80
DEFAULT_POOL = 30
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
    p.add_argument("--class-code", metavar="CODE",
                   help="the class code to use (default: a new random one each start)")
    p.add_argument("--max-kernels", type=int, metavar="N",
                   help=f"most pages open at once (default {DEFAULT_MAX_KERNELS} in classroom "
                        "mode, no limit otherwise)")
    p.add_argument("--pool", type=int, metavar="N",
                   help=f"kernels preheated per simulator chapter (default {DEFAULT_POOL} in "
                        "classroom mode, 1 otherwise)")


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
        code = classcode.normalise(args.class_code or "") or classcode.new_code()
        os.environ["ECPX_CLASS_CODE"] = code
        max_kernels = DEFAULT_MAX_KERNELS if max_kernels is None else max_kernels
        pool = DEFAULT_POOL if pool is None else pool
        urls = [f"http://{a}:{args.port}/" for a in addresses]
        print(classcode.announce(urls, code), file=sys.stderr)
    options += [f"--CourseServer.allowed_hosts={h}" for h in dict.fromkeys(hosts)]
    if max_kernels:
        options.append(f"--CourseServer.max_kernels={max_kernels}")
    if pool:
        options.append(f"--CourseServer.simulator_pool_size={pool}")
    if args.classroom:
        options.append(f"--VoilaKernelManager.fill_delay={REFILL_DELAY}")
    return options
