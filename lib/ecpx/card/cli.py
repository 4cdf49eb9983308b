"""Read a CPS card (never costing a PIN try), or plug the virtual CPS card into pcscd.

`ecpx card info` and `ecpx card emulate`; error messages in English, exit code 1 on card errors.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import signal
import sys
import threading
from pathlib import Path
from typing import TextIO

from .errors import CardError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    from .emulator import DEFAULT_HOLDER, DEFAULT_LAYOUT, HOLDERS, LAYOUTS

    card = subparsers.add_parser("card", help="read a CPS card, or run the virtual one",
                                 description=__doc__.splitlines()[0])
    commands = card.add_subparsers(dest="card_command", required=True, metavar="ACTION")

    info = commands.add_parser(
        "info", help="reader, card type, holder and PIN tries left (never consumes a try)")
    info.add_argument("--reader", help="reader name or prefix (default: ECPX_CARD_READER, else "
                      "the first reader with a card)")
    info.add_argument("--wait", type=float, metavar="SECONDS",
                      help="wait up to SECONDS for a card to be inserted")
    info.add_argument("--virtual", action="store_true",
                      help="read the in-process virtual card instead of a PC/SC reader")
    info.add_argument("--holder", default=DEFAULT_HOLDER, choices=sorted(HOLDERS),
                      help="virtual card's holder (--virtual)")
    info.add_argument("--layout", default=DEFAULT_LAYOUT, choices=sorted(LAYOUTS),
                      help="virtual card's layout (--virtual)")
    info.add_argument("--blocked", action="store_true", help="virtual card's PIN is blocked")
    info.add_argument("--json", action="store_true", help="print one JSON object")
    info.add_argument("--debug", action="store_true",
                      help="log every APDU (PINs masked) and every fallback to stderr")
    info.set_defaults(func=run_info)

    emulate = commands.add_parser(
        "emulate", help="insert the virtual CPS card in pcscd's vpcd reader",
        description="Attach the virtual card to vsmartcard-vpcd, in the private network "
                    "namespace of a pcscd started as deploy/vpcd/reader.conf says (--netns), "
                    "so that no port is opened on the network. Type r + Enter to remove the "
                    "card, i + Enter to insert it again, q + Enter (or Ctrl-C) to quit. "
                    "Layouts: " + "; ".join(f"{n}: {lay.summary}" for n, lay in LAYOUTS.items()))
    emulate.add_argument("--holder", default=DEFAULT_HOLDER, choices=sorted(HOLDERS))
    emulate.add_argument("--layout", default=DEFAULT_LAYOUT, choices=sorted(LAYOUTS),
                         help="a variant a real card may present (see above)")
    emulate.add_argument("--blocked", action="store_true", help="start with a blocked PIN")
    emulate.add_argument("--card", choices=("cps3", "vitale"), default="cps3",
                         help="vitale: a Carte Vitale, to practise the wrong-card message")
    emulate.add_argument("--netns", metavar="PATH",
                         help="join pcscd's network namespace first, e.g. "
                              "/proc/$(pidof pcscd)/ns/net (needs root)")
    emulate.add_argument("--host", default="127.0.0.1")
    emulate.add_argument("--port", type=int, default=35963,
                         help="35963 = 'Virtual PCD 00 00', 35964 = 'Virtual PCD 00 01'")
    emulate.add_argument("--remove-after", type=float, metavar="SECONDS",
                         help="pull the card out after this many seconds")
    emulate.add_argument("--reinsert-after", type=float, metavar="SECONDS",
                         help="put it back this many seconds after it was pulled out")
    emulate.add_argument("--remove-after-apdus", type=int, metavar="N",
                         help="answer N commands, then vanish in the middle of the next one")
    emulate.add_argument("--apdu-log", type=Path, metavar="FILE",
                         help="append every command and response (hex) to FILE")
    emulate.set_defaults(func=run_emulate)


def run_info(args: argparse.Namespace) -> int:
    if args.debug:
        logging.basicConfig(format="%(name)s: %(message)s")
        logging.getLogger("ecpx.card").setLevel(logging.DEBUG)
    try:
        session = _open(args)
    except CardError as error:
        return _fail(args, error)
    with session:
        report = read_report(session)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(describe(report))
    for what, error in report["errors"].items():
        print(f"error: {what}: {error['message']}", file=sys.stderr)
    return 1 if report["errors"] else 0


def _open(args: argparse.Namespace):
    from .opening import open_card

    if args.virtual:
        from .virtual import virtual_session

        return virtual_session(args.holder, blocked=args.blocked, layout=args.layout)
    if args.wait is not None:
        return _wait(args)
    # The user asked for a real card, in any reader (vpcd's too: a support tool reads them all).
    return open_card(real=True, reader=args.reader, skip_virtual=False).session


def _wait(args: argparse.Namespace):
    from . import pcsc
    from .opening import READER_ENV, classroom_mode
    from .session import CpsSession

    if classroom_mode():
        from .errors import RealReaderNotAllowed

        raise RealReaderNotAllowed("ECPX_CLASSROOM is set: the server's readers are not used.")
    reader = args.reader or os.environ.get(READER_ENV) or None
    connection = pcsc.wait_for_card(args.wait, reader)
    try:
        return CpsSession(connection)
    except CardError:
        connection.close()
        raise


def _fail(args: argparse.Namespace, error: CardError) -> int:
    if args.json:
        print(json.dumps({"errors": {"card": _error_fact(error)}}, indent=2))
    print(f"error: {error}", file=sys.stderr)
    return 1


def _error_fact(error: CardError) -> dict:
    """An error as facts for --json: its type, its English message, its status word if any."""
    fact = {"type": type(error).__name__, "message": str(error)}
    for name in ("sw", "tries_left", "reader"):
        value = getattr(error, name, None)
        if value is not None and value != "":
            fact[name] = f"{value:04X}" if name == "sw" else value
    return fact


def read_report(session) -> dict:
    """Everything `card info` reads, as facts; the PIN line uses the no-cost query.

    A read that fails is reported in `errors` (never as data); once the card is gone, nothing
    more is sent.
    """
    from .errors import CardRemoved, NoPin

    report: dict = {"reader": session.reader, "card": session.kind.value,
                    "atr": session.connection.atr.hex(" ").upper(), "serial_number": None,
                    "holder": None, "pin_tries_left": None, "errors": {}}
    steps = (("serial_number", session.serial_number), ("holder", session.identity),
             ("pin_tries_left", session.pin_tries_left))
    for name, read in steps:
        try:
            value = read()
        except NoPin:
            report["pin"] = "none"  # a contactless CPS3: nothing to read, not an error
            continue
        except CardError as error:
            report["errors"][name] = _error_fact(error)
            if isinstance(error, CardRemoved):
                break
            continue
        report[name] = _holder_fact(value) if name == "holder" else value
    return report


def _holder_fact(holder) -> dict:
    return {"name": holder.display_name, "idnat": holder.idnat, "surname": holder.surname,
            "given_name": holder.given_name, "profession": holder.profession,
            "card_type": holder.card_type, "issuer": holder.issuer,
            "organisation": holder.organisation,
            "not_before": holder.not_before.date().isoformat(),
            "not_after": holder.not_after.date().isoformat(),
            "certificate_serial": holder.certificate_serial, "subject": holder.subject}


def describe(report: dict) -> str:
    """The `card info` text."""
    lines = [f"Reader:          {report['reader']}", f"Card:            {report['card']}",
             f"ATR:             {report['atr']}"]
    errors = report["errors"]

    def unreadable(name: str) -> str:
        return f"unreadable ({errors[name]['message']})" if name in errors else "not read"

    lines.append(f"Serial number:   {report['serial_number'] or unreadable('serial_number')}")
    holder = report["holder"]
    if holder is None:
        lines.append(f"Holder:          {unreadable('holder')}")
    else:
        lines += [
            f"Holder:          {holder['name']}",
            f"idNat:           {holder['idnat']}",
            f"Profession:      {holder['profession']}",
            f"Card type:       {holder['card_type']}",
            f"Issuer:          {holder['issuer']}",
            f"Valid:           {holder['not_before']} to {holder['not_after']}",
        ]
        if holder["organisation"]:
            lines.append(f"Organisation:    {holder['organisation']}")
    tries = report["pin_tries_left"]
    if report.get("pin") == "none":
        lines.append("PIN tries left:  none (a contactless CPS3 has no PIN)")
    elif tries is None:
        lines.append(f"PIN tries left:  {unreadable('pin_tries_left')}")
    else:
        lines.append(f"PIN tries left:  {tries}" + (" (blocked: use the unblock code)"
                                                    if tries == 0 else ""))
    return "\n".join(lines)


def run_emulate(args: argparse.Namespace) -> int:
    from .emulator import OtherCard, VirtualCps3
    from .emulator.vpcd import VpcdBridge

    card = (OtherCard() if args.card == "vitale"
            else VirtualCps3(args.holder, blocked=args.blocked, layout=args.layout))
    log = args.apdu_log.open("a", buffering=1) if args.apdu_log else None
    done = threading.Event()

    def say(message: str) -> None:
        print(message, flush=True)

    def record(command: bytes, response: bytes | None) -> None:
        if log is not None:
            log.write(f"> {command.hex().upper()}\n")
            log.write(f"< {response.hex().upper()}\n" if response is not None
                      else "< (card removed)\n")

    if args.remove_after_apdus is not None:
        card.remove_after_apdus(args.remove_after_apdus)
    card.on_presence_change(lambda present: _schedule_reinsert(card, args, present))
    if args.remove_after is not None:
        _timer(args.remove_after, card.remove)
    bridge = VpcdBridge(card, args.host, args.port, on_event=say, on_apdu=record,
                        netns=args.netns).start()
    say(_banner(card, args))
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    threading.Thread(target=_read_keys, args=(sys.stdin, card, done), daemon=True).start()
    with contextlib.suppress(KeyboardInterrupt):
        done.wait()
    bridge.stop()
    if log is not None:
        log.close()
    return 0


def _banner(card, args: argparse.Namespace) -> str:
    if args.card == "vitale":
        return "virtual Carte Vitale (not a CPS card). Keys: r remove, i insert, q quit."
    holder = card.holder
    return (f"virtual CPS card ({args.layout} layout) of {holder.given_name} {holder.surname} "
            f"({holder.profession}, "
            f"idNat {holder.idnat}); PIN {holder.pin}, unblock code {holder.unblock_code}"
            f"{', PIN blocked' if args.blocked else ''}. Keys: r remove, i insert, q quit.")


def _schedule_reinsert(card, args: argparse.Namespace, present: bool) -> None:
    if not present and args.reinsert_after is not None:
        _timer(args.reinsert_after, card.insert)


def _timer(seconds: float, action) -> None:
    timer = threading.Timer(seconds, action)
    timer.daemon = True
    timer.start()


def _read_keys(stream: TextIO, card, done: threading.Event) -> None:
    """r: remove, i: insert, q: quit. End of input only stops listening (e.g. `< /dev/null`)."""
    for line in stream:
        key = line.strip().lower()[:1]
        if key == "r" and card.present:
            card.remove()
        elif key == "i" and not card.present:
            card.insert()
        elif key == "q":
            done.set()
            return
