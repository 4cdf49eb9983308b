"""Can this device run the e-CPS app? The seed's compatibility rules, as a function."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ecpx.activation.catalogue.course import COMPATIBILITY as T

MINIMUM = {"iPhone": (15, 0), "iPod touch": (15, 0), "Mac": (12, 0), "Android": (8, 0)}
STORE = {"iPhone": "l'App Store", "iPod touch": "l'App Store", "Mac": "l'App Store",
         "Android": "Google Play"}
APPLE_SILICON = "Apple M1 ou ultérieure"


@dataclass(frozen=True)
class Verdict:
    compatible: bool | None  # None when the version could not be read
    message: str
    next_step: str


def parse_version(text: str) -> tuple[int, int] | None:
    """'15', '15.0', '14.8.1' or 'iOS 15' -> (major, minor); anything else -> None."""
    match = re.fullmatch(r"\s*(?:ios|android|macos)?\s*(\d{1,2})(?:[.,](\d{1,2}))?(?:[.,]\d+)?\s*",
                         text, re.IGNORECASE)
    if not match:
        return None
    return int(match[1]), int(match[2] or 0)


def check_device(device: str, version: str, chip: str = APPLE_SILICON) -> Verdict:
    parsed = parse_version(version)
    if parsed is None:
        return Verdict(None, T["bad_version"], "")
    if parsed < MINIMUM[device]:
        fix = {"Mac": "update_macos", "Android": "update_android"}.get(device, "update_ios")
        return Verdict(False, T["not_compatible"], T[fix])
    if device == "Mac" and chip != APPLE_SILICON:
        return Verdict(False, T["not_compatible"], T["intel_mac"])
    return Verdict(True, T["compatible"], T["install"].format(store=STORE[device]))


def recommend_method(card_type: str, has_reader: bool) -> str:
    """Which activation method fits: 'both', 'a_only', 'b_only' or 'need_reader' (seed rules:
    method A needs the card and a reader; method B is for CPS cards only)."""
    if card_type == "CPS":
        return "both" if has_reader else "b_only"
    return "a_only" if has_reader else "need_reader"
