"""Read a CPS card (never costing a PIN try), or plug the virtual CPS card into pcscd.

`ecpx card info` and `ecpx card emulate`; error messages in English, exit code 1 on card errors.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from pathlib import Path
from typing import TextIO

from .errors import CardError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    card = subparsers.add_parser("card", help="read a CPS card, or run the virtual one",
                                 description=__doc__.splitlines()[0])
    commands = card.add_subparsers(dest="card_command", required=True, metavar="ACTION")

    info = commands.add_parser(
        "info", help="reader, card type, holder and PIN tries left (never consumes a try)")
    info.add_argument("--reader", help="reader name or prefix (default: the first with a card)")
    info.add_argument("--virtual", action="store_true",
                      help="read the in-process virtual card instead of a PC/SC reader")
    info.add_argument("--holder", default="medecin", help="virtual card's holder (--virtual)")
    info.add_argument("--blocked", action="store_true", help="virtual card's PIN is blocked")
    info.set_defaults(func=run_info)

    emulate = commands.add_parser(
        "emulate", help="insert the virtual CPS card in pcscd's vpcd reader",
        description="Attach the virtual card to vsmartcard-vpcd. Type r + Enter to remove the "
                    "card, i + Enter to insert it again, q + Enter (or Ctrl-C) to quit.")
    from .emulator import DEFAULT_HOLDER, HOLDERS

    emulate.add_argument("--holder", default=DEFAULT_HOLDER, choices=sorted(HOLDERS))
    emulate.add_argument("--blocked", action="store_true", help="start with a blocked PIN")
    emulate.add_argument("--card", choices=("cps3", "vitale"), default="cps3",
                         help="vitale: a Carte Vitale, to practise the wrong-card message")
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
    try:
        if args.virtual:
            from .virtual import virtual_session

            session = virtual_session(args.holder, blocked=args.blocked)
        else:
            from .opening import real_session

            session = real_session(args.reader, skip_virtual=False)
        with session:
            print(describe(session))
    except CardError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except ValueError as error:  # an unknown --holder
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


def describe(session) -> str:
    """The `card info` text: every line is a read; the PIN line uses the no-cost query."""
    atr = session.connection.atr.hex(" ").upper()
    lines = [f"Reader:          {session.reader}", f"Card:            {session.kind.value}",
             f"ATR:             {atr}"]
    try:
        lines.append(f"Serial number:   {session.serial_number()}")
    except CardError as error:
        lines.append(f"Serial number:   unreadable ({error})")
    try:
        holder = session.identity()
    except CardError as error:
        lines.append(f"Holder:          unreadable ({error})")
    else:
        lines += [
            f"Holder:          {holder.display_name}",
            f"idNat:           {holder.idnat}",
            f"Profession:      {holder.profession}",
            f"Card type:       {holder.card_type}",
            f"Issuer:          {holder.issuer}",
            f"Valid:           {holder.not_before:%Y-%m-%d} to {holder.not_after:%Y-%m-%d}",
        ]
        if holder.organisation:
            lines.append(f"Organisation:    {holder.organisation}")
    tries = session.pin_tries_left()
    lines.append(f"PIN tries left:  {tries}" + (" (blocked: use the unblock code)" if tries == 0
                                                 else ""))
    return "\n".join(lines)


def run_emulate(args: argparse.Namespace) -> int:
    from .emulator import OtherCard, VirtualCps3
    from .emulator.vpcd import VpcdBridge

    card = OtherCard() if args.card == "vitale" else VirtualCps3(args.holder, blocked=args.blocked)
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
    bridge = VpcdBridge(card, args.host, args.port, on_event=say, on_apdu=record).start()
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
    return (f"virtual CPS3 of {holder.given_name} {holder.surname} ({holder.profession}, "
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
