"""Can this device run the e-CPS app? The seed's compatibility rules, as a function."""

from __future__ import annotations

import re
from dataclasses import dataclass

MINIMUM = {"iPhone": (15, 0), "iPod touch": (15, 0), "Mac": (12, 0), "Android": (8, 0)}
STORE = {"iPhone": "app_store", "iPod touch": "app_store", "Mac": "app_store",
         "Android": "google_play"}
CHIPS = ("apple_silicon", "intel")  # a Mac's processor: the app needs Apple silicon


@dataclass(frozen=True)
class Verdict:
    """Codes the screens word (`ecpx.texts.course.COMPATIBILITY`)."""

    compatible: bool | None  # None when the version could not be read
    reason: str  # "bad_version", "compatible" or "not_compatible"
    next_step: str  # what to do: "install", "update_ios", "update_macos", … or ""
    store: str = ""  # where to install from (a STORE value), when compatible


def parse_version(text: str) -> tuple[int, int] | None:
    """'15', '15.0', '14.8.1' or 'iOS 15' -> (major, minor); anything else -> None."""
    match = re.fullmatch(r"\s*(?:ios|android|macos)?\s*(\d{1,2})(?:[.,](\d{1,2}))?(?:[.,]\d+)?\s*",
                         text, re.IGNORECASE)
    if not match:
        return None
    return int(match[1]), int(match[2] or 0)


def check_device(device: str, version: str, chip: str = "apple_silicon") -> Verdict:
    parsed = parse_version(version)
    if parsed is None:
        return Verdict(None, "bad_version", "")
    if parsed < MINIMUM[device]:
        fix = {"Mac": "update_macos", "Android": "update_android"}.get(device, "update_ios")
        return Verdict(False, "not_compatible", fix)
    if device == "Mac" and chip != "apple_silicon":
        return Verdict(False, "not_compatible", "intel_mac")
    return Verdict(True, "compatible", "install", STORE[device])


def recommend_method(card_type: str, has_reader: bool) -> str:
    """Which activation method fits: 'both', 'a_only', 'b_only' or 'need_reader' (seed rules:
    method A needs the card and a reader; method B is for CPS cards only)."""
    if card_type == "CPS":
        return "both" if has_reader else "b_only"
    return "a_only" if has_reader else "need_reader"
