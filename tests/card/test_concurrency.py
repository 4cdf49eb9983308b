"""Many programs on one card at once, through the real pcscd + vpcd (issue 12, item 5).

5 rounds of 20 concurrent `ecpx card info --json` on one card and 3 concurrent PIN
presentations (a wrong PIN) on another: every reader prints the right data or a clear error,
never wrong data with exit 0, and the PIN card never goes below one try left (the tries are
read, the last try refused and the PIN presented in one PC/SC transaction).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from ecpx.card import HOLDERS, real_session
from ecpx.card.constants import Ins

from tests.card.conftest import READER_0, READER_1

ROUNDS, READERS, PRESENTERS = 5, 20, 3
DOCTOR = HOLDERS["medecin"]  # the session card in READER_0
PRESENT_A_WRONG_PIN = """
import sys
from ecpx.card import real_session
from ecpx.card.errors import CardError, PinLastTry, PinWrong
try:
    with real_session(sys.argv[1]) as session:
        session.verify_pin("0000")
except PinWrong as error:
    print(f"wrong {error.tries_left}")
except PinLastTry:
    print("refused: last try")
except CardError as error:
    print(f"error: {error}", file=sys.stderr)
    sys.exit(1)
"""


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=dict(os.environ))


def test_concurrent_readers_and_pin_presentations(vpcd_card, spare_card):
    with real_session(READER_0) as session:
        serial = session.serial_number()
    for round_number in range(ROUNDS):
        pin_card = spare_card("--holder", "infirmier")
        readers = [start("-m", "ecpx.cli", "card", "info", "--reader", READER_0, "--json")
                   for _ in range(READERS)]
        presenters = [start("-c", PRESENT_A_WRONG_PIN, READER_1) for _ in range(PRESENTERS)]
        read_ok, pin_outcomes = 0, []
        for process in readers:
            out, err = process.communicate(timeout=120)
            assert "Traceback" not in err, err
            if process.returncode == 0:
                report = json.loads(out)
                assert report["errors"] == {}
                assert report["holder"]["idnat"] == DOCTOR.idnat, report
                assert report["serial_number"] == serial, report
                assert report["pin_tries_left"] == 3, report
                read_ok += 1
            else:
                assert process.returncode == 1 and err.startswith("error: "), (out, err)
        for process in presenters:
            out, err = process.communicate(timeout=120)
            assert "Traceback" not in err, err
            assert (process.returncode == 0 and out.strip()) or err.startswith("error: ")
            pin_outcomes.append(out.strip())
        with real_session(READER_1) as session:
            left = session.pin_tries_left()
        presented = [c for c in pin_card.commands() if c[1] == Ins.VERIFY and len(c) > 5]
        print(f"round {round_number + 1}: {read_ok}/{READERS} reads, PIN: {pin_outcomes}, "
              f"{left} tries left")
        assert left >= 1, f"round {round_number + 1}: the card went down to {left}"
        assert len(presented) == 3 - left <= 2
        assert read_ok == READERS, f"round {round_number + 1}: {read_ok}/{READERS} reads"
        assert sorted(pin_outcomes) == ["refused: last try", "wrong 1", "wrong 2"]
        pin_card.stop()
        pin_card.wait_until(present=False)
