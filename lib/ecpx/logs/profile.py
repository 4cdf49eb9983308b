"""Who activates, when, on what phone, and how often each step goes wrong (generator inputs).

These are assumptions of the course, sized on public figures (DREES/RPPS populations, ANS
e-CPS figures, the known-problems page): they make synthetic logs look like a national
activation log, not measurements. Every probability is per case. The sign-in rates
(`SigninRates`, chapter 07) have no public figure at all: they are the course's assumptions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

DEFAULT_START, DEFAULT_DAYS = date(2024, 1, 1), 365  # the period a synthetic log covers

# Phones: share of platforms, and of major OS versions per platform (with the oldest ones
# unsupported by the app: iOS < 15, Android < 8, macOS < 12).
PLATFORM_SHARE = {"android": 0.57, "ios": 0.40, "macos": 0.02, "other": 0.01}
OS_VERSIONS = {
    "android": {"7": 0.01, "8": 0.02, "9": 0.03, "10": 0.06, "11": 0.09, "12": 0.13,
                "13": 0.2, "14": 0.3, "15": 0.16},
    "ios": {"14": 0.02, "15": 0.06, "16": 0.14, "17": 0.38, "18": 0.4},
    "macos": {"11": 0.05, "12": 0.1, "13": 0.2, "14": 0.35, "15": 0.3},
    "other": {"": 1.0},
}
CARD_SHARE = {"CPS": 0.88, "CPE": 0.06, "CPA": 0.03, "CDE": 0.01, "CPF": 0.02}
# Weekly and daily rhythms (Europe/Paris): office hours, quiet weekends.
WEEKDAY_WEIGHT = (1.0, 1.0, 0.95, 0.95, 0.85, 0.22, 0.08)  # Monday first
HOUR_WEIGHT = (0.02, 0.01, 0.01, 0.01, 0.01, 0.02, 0.06, 0.25, 0.8, 1.0, 1.0, 0.85, 0.45,
               0.6, 0.9, 0.95, 0.85, 0.7, 0.5, 0.35, 0.3, 0.22, 0.12, 0.05)


@dataclass(frozen=True)
class Rates:
    """Per-case probabilities of what happens at each stage."""

    method_b: float = 0.55  # share of CPS holders who use method B (no reader needed)
    method_b_other_cards: float = 0.08  # non-CPS holders who try method B anyway
    # giving up before each step (the rest carry on)
    drop: dict = field(default_factory=lambda: {
        "cgu_accepted": 0.03, "portal_login": 0.07, "activation_started": 0.02,
        "qr_scanned": 0.04, "pairing_code_entered": 0.02, "password_created": 0.02,
        "password_confirmed": 0.01, "request_sent": 0.06, "email_opened": 0.05,
        "sms_code_entered": 0.03})
    card_not_detected: float = 0.07  # no reader, no middleware: higher on macOS / other
    card_not_detected_other_os: float = 0.2
    card_fixed: float = 0.6  # after a detection failure, the holder fixes it and retries
    pin_wrong: float = 0.07  # per attempt
    page_blocked: float = 0.02  # establishment security software: CPE, CPA, CDE far more
    page_blocked_establishment: float = 0.12
    page_unblocked: float = 0.5
    slow_scan: float = 0.08  # the QR code is scanned after its 90 seconds
    pairing_typo: float = 0.04
    pairing_expired: float = 0.015
    restart: float = 0.02  # « ← RECOMMENCER L'ACTIVATION » at the pairing stage
    bad_password: dict = field(default_factory=lambda: {
        "1234": 0.04, "9876": 0.015, "1111": 0.025, "12a4": 0.01})
    password_mismatch: float = 0.05
    identifier_typo: float = 0.06
    identifier_retry: float = 0.8
    identifier_unknown: float = 0.015
    details_outdated: float = 0.05
    email_in_spam: float = 0.08
    email_reported_missing: float = 0.5  # of those: they tell the app before looking
    email_found: float = 0.7  # of those: they find it in the spam folder
    email_on_computer: float = 0.25
    sms_auto_pickup: float = 0.7
    sms_typo: float = 0.05
    sms_slow: float = 0.02


@dataclass(frozen=True)
class ThinkTimes:
    """Median seconds before each action (log-normal, spread `sigma`)."""

    median: dict = field(default_factory=lambda: {
        "cgu": 25, "portal": 70, "card_code": 12, "start": 15, "scan": 30, "pairing": 25,
        "password": 15, "confirm": 8, "request": 60, "email": 150, "sms": 25,
        "retry": 40, "unblock": 900,
        # signing in (chapter 07): the PSC page, the phone's notification, password, code
        "psc": 20, "notification": 15, "signin_password": 6, "code": 5, "fix": 180})
    sigma: float = 0.6


@dataclass(frozen=True)
class SigninRates:
    """Sign-ins to a service through Pro Santé Connect (chapter 07), for `--signins`.

    ASSUMPTIONS of the course, not facts: neither the ANS nor Pro Santé Connect publishes
    sign-in funnels or error rates. These values only make the generator's sign-ins look
    plausible (most succeed, a few meet each problem of the ANS guide « Je rencontre un
    problème avec ma e-CPS ») so that an analyst can practise; never quote them as figures.
    Every probability is per sign-in, except `password_wrong` (per attempt).
    """

    per_activation: float = 2.0  # `--signins auto`: sign-ins per activation attempt (assumed)
    identifier_typo: float = 0.03  # a mistyped national identifier on the PSC page
    # no notification: the app is out of date (or, PSC in the phone's browser on Android,
    # the browser's battery saver)
    notification_missing: float = 0.04
    on_phone: float = 0.1  # the service is opened in the phone's browser, not the computer
    tested: float = 0.5  # of the missing ones: « Je teste ma e-CPS » before fixing
    fixed: float = 0.75  # of the missing ones: the holder fixes it and tries again
    request_expired: float = 0.03  # the request is validated after it expired (too slow)
    password_wrong: float = 0.05  # the e-CPS password mistyped, per attempt
    dynamic_code_wrong: float = 0.02  # the wrong one of the three values is chosen
    ecps_expired: float = 0.01  # the e-CPS has expired: removed, to be activated again
    deleted: float = 0.6  # of the expired ones: « Supprimer ma e-CPS » at once
    retry: float = 0.85  # after a cancelled request: a new one
    # giving up before each step (the rest carry on)
    drop: dict = field(default_factory=lambda: {
        "notification_opened": 0.02, "password_entered": 0.01, "code_chosen": 0.005})


@dataclass(frozen=True)
class Profile:
    rates: Rates = field(default_factory=Rates)
    times: ThinkTimes = field(default_factory=ThinkTimes)
    signin: SigninRates = field(default_factory=SigninRates)
    platforms: dict = field(default_factory=lambda: dict(PLATFORM_SHARE))
    os_versions: dict = field(default_factory=lambda: dict(OS_VERSIONS))
    cards: dict = field(default_factory=lambda: dict(CARD_SHARE))


DEFAULT_PROFILE = Profile()
