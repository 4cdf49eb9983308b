"""The virtual card's vpcd ports are reachable from this machine only (`./run test` sets it)."""

from __future__ import annotations

import json
import subprocess

from tests.conftest import which_or_fail


def test_vpcd_ports_are_closed_to_the_network():
    nft = which_or_fail("nft", "nftables")
    listed = subprocess.run([nft, "-j", "list", "table", "inet", "ecpx_vpcd"],
                            capture_output=True, text=True)
    assert listed.returncode == 0, (
        f"vpcd's ports are open to the network ({listed.stderr.strip()}): "
        "run `nft -f deploy/vpcd/loopback-only.nft` as root (./run test does)")
    rules = [item["rule"] for item in json.loads(listed.stdout)["nftables"] if "rule" in item]
    text = json.dumps(rules)
    assert '"lo"' in text and "35963" in text and "35964" in text and '"drop"' in text
