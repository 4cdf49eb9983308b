"""What real-world PC/SC tools make of the virtual card, through the real pcscd + vpcd.

Recorded in the README ("Which tool sees what"): pcsc-tools names the CPS3 ATRs as CPS cards.
What OpenSC reads is checked in test_opensc.py.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ecpx.card.atr import CPS3_CONTACT, CPS3_CONTACTLESS, CPS4_ATRS, describe_atr

from tests.card.conftest import READER_1
from tests.conftest import which_or_fail

CPS_IN_PCSC_TOOLS = "CPS (Carte Profesionnel de Sant"  # pcsc-tools' own spelling


def run(*args: str, timeout: float = 60, cache: Path | None = None
        ) -> subprocess.CompletedProcess:
    """Run a tool; `cache` keeps pcsc-tools' list cache out of the user's home (ATR_analysis
    tries to download a newer list there when an ATR is unknown: never let it)."""
    env = {**os.environ, **({"XDG_CACHE_HOME": str(cache)} if cache else {})}
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL, env=env)


def hex_atr(atr: bytes) -> str:
    return atr.hex(" ").upper()


def test_pcsc_scan_names_the_virtual_card_a_cps_card(spare_card, tmp_path):
    spare_card()
    result = run(which_or_fail("pcsc_scan", "pcsc-tools"), "-t", "3", cache=tmp_path)
    assert READER_1 in result.stdout
    assert hex_atr(CPS3_CONTACT) in result.stdout
    assert CPS_IN_PCSC_TOOLS in result.stdout


def test_pcsc_tools_list_names_each_layout_atr(tmp_path):
    analysis = which_or_fail("ATR_analysis", "pcsc-tools")
    contact = run(analysis, hex_atr(CPS3_CONTACT), cache=tmp_path).stdout
    contactless = run(analysis, hex_atr(CPS3_CONTACTLESS), cache=tmp_path).stdout
    assert CPS_IN_PCSC_TOOLS in contact
    assert "Contactless CPS v3" in contactless
    # Debian 12's list does not know the CPS4 yet (ecpx recognises it from the ANS sources);
    # looked up in the list itself, as ATR_analysis would go to the network for an unknown ATR.
    assert describe_atr(CPS4_ATRS[0]) == ""
