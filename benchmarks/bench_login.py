"""Guessing the class code from one client: wrong codes per second against a real
`ecpx serve --classroom`, without the login back-off and with it.

Each round starts the server on 127.0.0.1 (only), logs one client's wrong codes through the
login form for a few seconds (10) over one kept-alive connection, then stops the server. Without the
back-off (the hidden setting `ClassCodeIdentityProvider.throttled=False`, in a `voila.json` on
JUPYTER_CONFIG_PATH: nothing else turns it off), every code is checked; with it, the first five
are, then each try during the wait gets 429 unchecked. It also prints what 1,000 wrong codes
cost under the back-off rule (`ecpx.server.throttle`, on an injected clock), against the goal.

    .venv/bin/python benchmarks/bench_login.py [--seconds 10] [--max-requests 20000]

Goal (issue 24): 1,000 wrong codes from one client take more than 60 s.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import tempfile
import time
import urllib.parse
from pathlib import Path

from ecpx.resources import notebooks_dir
from ecpx.server.throttle import LoginThrottle
from serving import serving  # benchmarks/serving.py: the tests' way to start a server

CODE = "K7P2QM"
WRONG = "AAAAAA"
GOAL = 60.0  # seconds for 1,000 wrong codes


class Client:
    """One device typing codes into the login form, on one connection to 127.0.0.1."""

    def __init__(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        assert parts.hostname == "127.0.0.1"
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        self.connection.request("GET", "/login")
        response = self.connection.getresponse()
        response.read()
        self.xsrf = re.search(r"_xsrf=([^;]+)", response.getheader("Set-Cookie", ""))[1]

    def guess(self, code: str) -> int:
        body = urllib.parse.urlencode({"password": code, "_xsrf": self.xsrf})
        self.connection.request("POST", "/login?next=%2F", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"_xsrf={self.xsrf}"})
        response = self.connection.getresponse()
        response.read()
        return response.status


def guessing(throttled: bool, seconds: float, max_requests: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="ecpx-bench-login-") as folder:
        env = dict(os.environ)
        if not throttled:
            Path(folder, "voila.json").write_text(
                json.dumps({"ClassCodeIdentityProvider": {"throttled": False}}))
            env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
                filter(None, [folder, env.get("JUPYTER_CONFIG_PATH")]))
        log = Path(folder) / "server.log"
        with serving("--classroom=127.0.0.1", f"--class-code={CODE}", "--pool=0",
                     ready="/login", env=env, log=log) as (url, _, _):
            pools_filled(log)  # measure the login, not the kernels starting
            client = Client(url)
            statuses: dict[int, int] = {}
            start = time.perf_counter()
            for _ in range(max_requests):  # bounded, one connection, 127.0.0.1 only
                status = client.guess(WRONG)
                statuses[status] = statuses.get(status, 0) + 1
                if time.perf_counter() - start >= seconds:
                    break
            took = time.perf_counter() - start
            right = client.guess(CODE)  # the server still answers the right code
        text = log.read_text(errors="replace")
    # Checked: answered 401, or refused with the wait that this very failure imposed (429 and
    # the server's warning); the other 429s were refused unchecked.
    checked = statuses.get(401, 0) + text.count("Wrong class codes from one client")
    unthrottled_warning = "NOT slowed down" in text
    return {"took": took, "requests": sum(statuses.values()), "checked": checked,
            "statuses": statuses, "right": right, "warned": unthrottled_warning}


def pools_filled(log: Path, timeout: float = 300) -> None:
    """Wait until the server says every chapter's preheated kernel is started."""
    chapters = len(list(notebooks_dir().glob("*.ipynb")))
    deadline = time.monotonic() + timeout
    while log.read_text(errors="replace").count(" is filled with ") < chapters:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the pools did not fill within {timeout} s")
        time.sleep(0.2)


def thousand_wrong_codes() -> float:
    """Seconds for 1,000 wrong codes from a client trying again the moment it may."""
    now = [0.0]
    throttle = LoginThrottle(clock=lambda: now[0])
    for _ in range(1000):
        now[0] += throttle.wait("guesser")
        throttle.failed("guesser")
    return now[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--max-requests", type=int, default=20_000)
    args = parser.parse_args()
    rows = []
    for throttled in (False, True):
        r = guessing(throttled, args.seconds, args.max_requests)
        rate = r["checked"] / r["took"]
        name = "with back-off" if throttled else "without back-off"
        rows.append((name, rate))
        print(f"{name:17} {r['requests']:6} requests in {r['took']:.1f} s, {r['checked']} codes "
              f"checked: {rate:8.1f} guesses/s; statuses {r['statuses']}; right code after: "
              f"{r['right']}; unthrottled warning logged: {r['warned']}")
        if not throttled:
            print(f"{'':17} 1,000 wrong codes at this rate: {1000 / rate:.1f} s")
    rule = thousand_wrong_codes()
    print(f"back-off rule     1,000 wrong codes take {rule:,.0f} s ({rule / 86400:.1f} days); "
          f"goal > {GOAL:.0f} s: {'met' if rule > GOAL else 'NOT met'}")


if __name__ == "__main__":
    main()
