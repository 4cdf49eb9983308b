"""Median time of one click in method A's simulator: model transition plus screen update.

Runs the whole activation (portal login on the in-process virtual card, phone, QR code, code
d'ajout, password) through the widgets, in process, many times, and times each click. Widget
updates go to a comm that serialises every message to JSON, as a kernel would before sending it.

    .venv/bin/python benchmarks/bench_click.py [--rounds 30]

Goal (issue 4): median ≤ 20 ms.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections import defaultdict

import comm
import ipywidgets as w
from ecpx.activation.clock import FakeClock
from ecpx.card.emulator import HOLDERS
from ecpx.screens.method_a import Simulator, method_a_simulator
from ecpx.texts.common import APP
from ecpx.texts.method_a import COMPUTER, PHONE

GOAL_MS = 20.0


class JsonComm:
    """A comm that pays the kernel's serialisation cost and drops the message."""

    comm_id = "bench"
    kernel = "bench"
    messages = 0  # over every comm: proves the widgets really sent their updates

    def __init__(self, *args, **kwargs) -> None:
        pass

    def send(self, data=None, metadata=None, buffers=None) -> None:
        json.dumps(data, default=str)
        JsonComm.messages += 1

    def open(self, *args, **kwargs) -> None: ...
    def on_msg(self, *args, **kwargs) -> None: ...
    def close(self, *args, **kwargs) -> None: ...


def walk(widget: w.Widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def find(root: w.Widget, kind: type, label: str) -> w.Widget:
    for widget in walk(root):
        if isinstance(widget, kind) and label in widget.description:
            return widget
    raise LookupError(label)


def clicks(sim: Simulator):
    """The trainee's clicks for a whole activation, as (name, callable) pairs."""
    computer, phone = sim.computer.widget, sim.phone.widget

    def press(root, label):
        return lambda: find(root, w.Button, label).click()

    def fill_pin():
        find(computer, w.Password, COMPUTER["pin_label"]).value = HOLDERS["medecin"].pin

    def type_code():
        sim.computer.code_input.type(sim.model.pairing_code)

    yield "PRO SANTECONNECT", press(computer, COMPUTER["psc_button"])
    yield "onglet Carte CPS", press(computer, COMPUTER["psc_tab_card"])
    yield "Se connecter avec la carte CPS", press(computer, COMPUTER["psc_card_button"])
    yield "OK (certificat)", press(computer, COMPUTER["certificate_ok"])
    fill_pin()
    yield "Valider (code porteur)", press(computer, COMPUTER["pin_ok"])
    yield "Ouvrir l'application e-CPS", press(phone, APP["open_app"])
    yield "COMMENCER (téléphone)", press(phone, APP["start"])
    yield "Accepter les CGU", press(phone, APP["accept_cgu"])
    yield "Activer avec un QR code", press(phone, PHONE["choose_qr"])
    yield "COMMENCER (ordinateur)", press(computer, COMPUTER["start_button"])
    yield "Scanner le QR code", press(phone, PHONE["scan_button"])
    yield "code d'ajout (6 cases)", type_code
    for stage in ("création", "confirmation"):
        for digit in "1357":
            yield f"clavier {digit} ({stage})", press(computer, digit)


def run(rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = defaultdict(list)
    for seed in range(rounds):
        start = time.perf_counter()
        sim = method_a_simulator(live=False, clock=FakeClock(), rng=random.Random(seed))
        times["(construction du simulateur)"].append(time.perf_counter() - start)
        for name, click in clicks(sim):
            start = time.perf_counter()
            click()
            times[name].append(time.perf_counter() - start)
        assert sim.model.state == "active", f"round {seed} ended on {sim.model.state}"
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30, help="whole activations (default 30)")
    args = parser.parse_args()
    comm.create_comm = JsonComm  # ipywidgets opens each widget's comm through this
    run(2)  # warm up: imports, first QR codes, certificate cache
    sent_before = JsonComm.messages
    times = run(args.rounds)
    construction = times.pop("(construction du simulateur)")
    every_click = [t for series in times.values() for t in series]
    median_ms = statistics.median(every_click) * 1000
    print(f"{len(every_click)} clicks over {args.rounds} activations, "
          f"{JsonComm.messages - sent_before} widget messages serialised")
    for name, series in times.items():
        print(f"  {name:<32} median {statistics.median(series) * 1000:6.2f} ms   "
              f"max {max(series) * 1000:6.2f} ms")
    p90 = statistics.quantiles(every_click, n=10)[-1] * 1000
    print(f"simulator construction: median {statistics.median(construction) * 1000:.1f} ms")
    slowest = max(times, key=lambda name: statistics.median(times[name]))
    print(f"one click: median {median_ms:.2f} ms, p90 {p90:.2f} ms; slowest step « {slowest} »"
          f" median {statistics.median(times[slowest]) * 1000:.2f} ms (goal ≤ {GOAL_MS:.0f} ms)")
    return 0 if median_ms <= GOAL_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
