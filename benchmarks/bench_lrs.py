"""30 learners walk chapter 02 together while the journal is forwarded to a real LRS (Ralph).

Each learner is a process, as each page has its kernel: it takes its learner key, then clicks
through a whole method A activation in the simulator's widgets (the `bench_click.py` way: the
widgets' messages serialised as a kernel does), its records going to one shared journal folder.
Two rounds: without an LRS, then with `ecpx.training.lrs.Forwarder` delivering to Ralph (its
file-system backend, started here from `.venv/ralph`, see tests/training/ralph.py) from this
process, as the course server does. Then it waits until the LRS holds every statement.

    .venv/bin/python benchmarks/bench_lrs.py [--learners 30]

Goals (issue 23): click median ≤ 100 ms with the LRS, as without; every statement delivered
within 60 s of the last click.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import comm  # noqa: E402
from bench_click import JsonComm, clicks  # noqa: E402
from ecpx.activation.clock import FakeClock  # noqa: E402
from ecpx.screens.method_a import method_a_simulator  # noqa: E402
from ecpx.training import sink as journal  # noqa: E402
from ecpx.training.follow import JournalFollower  # noqa: E402
from ecpx.training.lrs import Forwarder, LrsClient  # noqa: E402
from ecpx.training.xapi import statements  # noqa: E402

from tests.training.ralph import PASSWORD, USER, Ralph  # noqa: E402

CLICK_GOAL_MS, DELIVERY_GOAL_S = 100.0, 60.0
COURSE = "http://ecpx.bench:8866/"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def learner_key() -> str:
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(4)) for _ in range(4))


def learner(seed: int, barrier, results) -> None:
    comm.create_comm = JsonComm
    journal.PAGE.expect("02")
    barrier.wait()
    journal.PAGE.arrive(learner_key())
    sim = method_a_simulator(sink=journal.training_sink(), live=False, clock=FakeClock(),
                             rng=random.Random(seed))
    times = []
    for _, click in clicks(sim):
        start = time.perf_counter()
        click()
        times.append(time.perf_counter() - start)
    assert sim.model.state == "active"
    results.put(times)


def class_round(folder: Path, n: int) -> list[float]:
    os.environ["ECPX_JOURNAL"] = str(folder)
    context = mp.get_context("fork")
    barrier, results = context.Barrier(n), context.Queue()
    processes = [context.Process(target=learner, args=(i, barrier, results)) for i in range(n)]
    for p in processes:
        p.start()
    times = [t for _ in processes for t in results.get(timeout=600)]
    for p in processes:
        p.join()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    args = parser.parse_args()
    n = args.learners
    with tempfile.TemporaryDirectory(prefix="bench-lrs-") as tmp:
        tmp = Path(tmp)
        # warm up caches (certificates, QR codes) once, outside the rounds
        class_round(tmp / "warm", 1)
        base = class_round(tmp / "base", n)
        with Ralph(tmp / "ralph") as lrs:
            folder = tmp / "journal"
            forwarder = Forwarder(folder, LrsClient(lrs.url, (USER, PASSWORD)), COURSE).start()
            try:
                with_lrs = class_round(folder, n)
                last_click = time.monotonic()
                want = {s["id"] for s in statements(JournalFollower(folder).poll(), COURSE)}
                while time.monotonic() - last_click < 300:
                    held = {s["id"] for s in lrs.statements()}
                    if held >= want:
                        break
                    time.sleep(0.5)
                delivery = time.monotonic() - last_click
                held_count = len(lrs.statements())
            finally:
                forwarder.stop()
    med_base, med_lrs = (statistics.median(t) * 1000 for t in (base, with_lrs))
    p90 = statistics.quantiles(with_lrs, n=10)[-1] * 1000
    print(f"{n} learners, {len(with_lrs)} clicks a round (method A, whole activation each)")
    print(f"click median without LRS {med_base:6.1f} ms   with LRS {med_lrs:6.1f} ms "
          f"(p90 {p90:.1f} ms)   goal ≤ {CLICK_GOAL_MS:.0f} ms")
    print(f"statements: {len(want)} expected, {held_count} in the LRS "
          f"(failures {forwarder.failures}); all delivered {delivery:.1f} s after the last "
          f"click   goal ≤ {DELIVERY_GOAL_S:.0f} s")
    ok = (med_lrs <= CLICK_GOAL_MS and held_count == len(want) and delivery <= DELIVERY_GOAL_S)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
