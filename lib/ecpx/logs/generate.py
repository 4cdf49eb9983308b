"""Synthetic activation logs, made by driving the simulators' own state machines.

Each case is a `MethodA` or `MethodB` flow (ecpx.activation) with an injected `FakeClock` and a
seeded `random.Random`; a simulated holder takes the actions a trainee would, with the drop-off,
mistakes and delays of `profile.Profile`. The events are those the flows emit, so a synthetic
log cannot use a step, an error or an order that the simulators would not. With `signins=N`,
N sign-ins to a service (chapter 07's `SignIn`, method "S", with the assumed rates of
`profile.SigninRates`) follow the activation attempts; without, the log is as it always was.

Deterministic: the same `cases`, `signins`, `seed`, `start` and `days` give the same log,
whatever the number of worker processes (each chunk of cases has its own generator, seeded
from `seed`, the chunk's kind and its number; the activation attempts do not depend on
`signins`).
"""

from __future__ import annotations

import math
import random
from bisect import bisect
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from tqdm import tqdm

from ecpx.activation.clock import FakeClock
from ecpx.activation.directory import Directory, fictitious_directory
from ecpx.activation.events import COLUMNS, Event
from ecpx.activation.identifier import luhn_check_digit
from ecpx.activation.method_a import Computer, MethodA
from ecpx.activation.method_b import MethodB, Scenario
from ecpx.activation.signin import MAX_PASSWORD_TRIES, REQUEST_VALIDITY, Phone, SignIn
from ecpx.activation.signin import Scenario as SigninScenario
from ecpx.card.errors import NoCard, PinBlocked, PinWrong
from ecpx.logs.profile import (
    DEFAULT_DAYS,
    DEFAULT_PROFILE,
    DEFAULT_START,
    HOUR_WEIGHT,
    WEEKDAY_WEIGHT,
    Profile,
    SigninRates,
)
from ecpx.logs.schema import CONTEXT_COLUMNS, TIMESTAMP_DTYPE

CHUNK_CASES = 20_000
PARIS = ZoneInfo("Europe/Paris")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
GOOD_PASSWORD = "2580"
ESTABLISHMENT_CARDS = ("CPE", "CPA", "CDE")
UNSUPPORTED = {"android": 8, "ios": 15, "macos": 12}  # the app's minimum major versions


class ColumnSink:
    """A sink that stores events column by column (cheaper than keeping Event objects)."""

    def __init__(self) -> None:
        self.columns: dict[str, list] = {c: [] for c in COLUMNS}

    def __call__(self, event: Event) -> None:
        c = self.columns
        c["case_id"].append(event.case_id)
        c["timestamp"].append((event.timestamp - _EPOCH) // _MICROSECOND)
        c["method"].append(event.method)
        c["step"].append(event.step)
        c["outcome"].append(event.outcome)
        c["error"].append(event.error)
        c["platform"].append(event.platform)
        c["os_version"].append(event.os_version)
        c["card_type"].append(event.card_type)
        c["source"].append(event.source)

    def frame(self) -> pd.DataFrame:
        columns = dict(self.columns)
        stamps = np.asarray(columns.pop("timestamp"), dtype="int64")
        frame = pd.DataFrame({c: pd.Categorical(v) for c, v in columns.items()})
        frame["case_id"] = frame["case_id"].astype("str")
        frame["timestamp"] = pd.to_datetime(stamps, unit="us", utc=True).astype(TIMESTAMP_DTYPE)
        return frame[list(COLUMNS)]


class GeneratorCard:
    """A cheap card session for method A (the protocol of ecpx.activation.method_a).

    It raises the card layer's own errors, as a real session would; the APDU-level virtual
    card (ecpx.card) does the same in about a millisecond, too slow for millions of cases.
    """

    def __init__(self, card_type: str, present: bool = True) -> None:
        self.holder = _Holder(card_type)
        self.present = present
        self.tries = 3
        self.pin = GOOD_PASSWORD[::-1]

    def open(self) -> GeneratorCard:
        if not self.present:
            raise NoCard()
        return self

    def identity(self) -> _Holder:
        return self.holder

    def pin_tries_left(self) -> int:
        return self.tries

    def verify_pin(self, pin: str) -> None:
        if self.tries == 0:
            raise PinBlocked()
        if pin != self.pin:
            self.tries -= 1
            raise PinBlocked() if self.tries == 0 else PinWrong(self.tries)
        self.tries = 3


class _Holder:
    def __init__(self, card_type: str) -> None:
        self.card_type = card_type


class Holder:
    """The simulated person: chance, patience and a clock that moves as they think."""

    def __init__(self, rng: random.Random, clock: FakeClock, profile: Profile) -> None:
        self.rng, self.clock, self.profile = rng, clock, profile
        self.rates = profile.rates

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def gives_up(self, step: str) -> bool:
        return self.chance(self.rates.drop.get(step, 0.0))

    def think(self, action: str, factor: float = 1.0) -> None:
        median = self.profile.times.median[action] * factor
        self.clock.advance(median * math.exp(self.rng.gauss(0.0, self.profile.times.sigma)))

    def password(self, flow) -> bool:
        """Create then confirm the password, with the usual mistakes. True once activated."""
        if self.gives_up("password_created"):
            return False
        for bad, probability in self.rates.bad_password.items():
            if self.chance(probability):
                self.think("password")
                flow.create_password(bad)
        self.think("password")
        flow.create_password(GOOD_PASSWORD)
        if self.gives_up("password_confirmed"):
            return False
        if self.chance(self.rates.password_mismatch):
            self.think("confirm")
            flow.confirm_password(GOOD_PASSWORD[::-1])
            self.think("password")
            flow.create_password(GOOD_PASSWORD)
        self.think("confirm")
        return flow.confirm_password(GOOD_PASSWORD)


def drive_method_a(flow: MethodA, card: GeneratorCard, holder: Holder, card_type: str,
                   platform: str) -> None:
    """A holder activating with the card: app and CGU, portal login, pairing, password."""
    rates = holder.rates
    flow.open_app()
    holder.think("cgu")
    flow.start()
    if holder.gives_up("cgu_accepted"):
        return
    flow.accept_cgu()
    flow.choose()
    if holder.gives_up("portal_login"):
        return
    missing = rates.card_not_detected_other_os if platform in ("macos", "other") \
        else rates.card_not_detected
    card.present = not holder.chance(missing)
    for _attempt in range(3):  # the card or the reader is not there: fix it, or give up
        holder.think("portal")
        flow.open_pro_sante_connect()
        if flow.state == Computer.PSC_LOGIN:
            flow.select_tab("Carte CPS")
            flow.connect_with_card()
        if flow.state == Computer.CERTIFICATE:
            break
        if not holder.chance(rates.card_fixed):
            return
        card.present = True
    else:
        return
    flow.select_certificate()
    while flow.state == Computer.CARD_CODE:
        holder.think("card_code")
        wrong = holder.chance(rates.pin_wrong * (3 if card.tries < 3 else 1))
        flow.enter_card_code("0000" if wrong else card.pin)
    if flow.state != Computer.ACTIVATION_HOME:
        return  # the card's code is blocked
    if flow.page_blocked:
        if not holder.chance(rates.page_unblocked):
            return
        holder.think("unblock")
        flow.unblock_page()
    if holder.gives_up("activation_started"):
        return
    holder.think("start")
    flow.start_activation()
    restarted = False
    while flow.state in (Computer.QR, Computer.PAIRING):
        if flow.state == Computer.QR:
            if holder.gives_up("qr_scanned"):
                return
            holder.think("scan", factor=4.0 if holder.chance(rates.slow_scan) else 1.0)
            flow.scan_qr(flow.qr.value if flow.qr else None)
            continue
        if not restarted and holder.chance(rates.restart):
            restarted = True
            flow.restart()
            holder.think("start")
            flow.start_activation()
            continue
        if holder.gives_up("pairing_code_entered"):
            return
        holder.think("pairing")
        if holder.chance(rates.pairing_typo):
            flow.enter_pairing_code("Z99999")
            holder.think("pairing", factor=0.5)
        flow.enter_pairing_code(flow.code.value if flow.code else "")
    if flow.state == Computer.PASSWORD:
        holder.password(flow)


def drive_method_b(flow: MethodB, holder: Holder, national_id: str) -> None:
    """A holder activating with their correspondence details: request, e-mail, SMS, password."""
    rates = holder.rates
    if not flow.open_app():
        return  # the phone is too old for the app
    holder.think("cgu")
    flow.start()
    if holder.gives_up("cgu_accepted"):
        return
    flow.accept_cgu()
    if holder.gives_up("request_sent"):
        return
    flow.choose()
    flow.choose_rpps()
    holder.think("request")
    if holder.chance(rates.identifier_typo):
        flow.submit_identifier(national_id[:-1])
        if not holder.chance(rates.identifier_retry):
            return
        holder.think("retry", factor=0.5)
    if not flow.submit_identifier(national_id):
        return  # unknown, not a CPS card, or details out of date: the request stops here
    if holder.gives_up("email_opened"):
        return
    holder.think("email")
    if flow.mailbox.emails[-1].folder == "spam":
        if holder.chance(rates.email_reported_missing):
            flow.report_email_missing()
        if not holder.chance(rates.email_found):
            return
        holder.think("retry")
        flow.open_folder("spam")
    flow.open_email()
    if flow.mailbox.device == "phone":
        flow.start_from_email()
    else:
        flow.commence()
        holder.think("scan")
        flow.scan_qr(flow.qr_in_view)
    if holder.gives_up("sms_code_entered"):
        return
    holder.think("sms")
    if not flow.request_sms():
        while flow.state == "code":
            holder.think("sms")
            if flow.code_expired:
                flow.enter_sms_code(flow.sms_inbox[-1].code)
                flow.resend_sms()
                continue
            if holder.chance(rates.sms_typo):
                flow.enter_sms_code("000000")
            flow.enter_sms_code(flow.sms_inbox[-1].code)
    if flow.state == "password_create":
        holder.password(flow)


def drive_signin(flow: SignIn, holder: Holder, national_id: str, rates: SigninRates) -> None:
    """A holder signing in to a service with their e-CPS: the PSC page, the notification, the
    password, the dynamic code; the problems of the ANS guide, then a new request or giving up.
    """
    flow.open_psc()
    holder.think("psc")
    if holder.chance(rates.identifier_typo):
        flow.submit_identifier(national_id[:-1])
        holder.think("retry", factor=0.5)
    for _request in range(4):
        if not flow.submit_identifier(national_id):
            return
        if not flow.notification:  # blocked: the app out of date, or the battery saver
            holder.think("notification", factor=4.0)
            flow.report_missing()
            if holder.chance(rates.tested):
                flow.open_app()
                if flow.phone == Phone.APP:
                    flow.test_ecps()
                flow.go_home()
            if not holder.chance(rates.fixed):
                return
            holder.think("fix")
            flow.fix()
            flow.retry()
            continue
        if holder.chance(rates.drop.get("notification_opened", 0.0)):
            return
        holder.think("notification")
        if holder.chance(rates.request_expired):
            holder.clock.advance(REQUEST_VALIDITY.total_seconds())
        if not flow.open_notification():
            if flow.phone == Phone.EXPIRED:  # the e-CPS has expired: remove it, activate again
                if holder.chance(rates.deleted):
                    holder.think("retry")
                    flow.open_settings()
                    flow.delete_ecps()
                return
            if not holder.chance(rates.retry):
                return
            flow.retry()
            continue
        if holder.chance(rates.drop.get("password_entered", 0.0)):
            return
        while flow.phone == Phone.PASSWORD:
            holder.think("signin_password")
            wrong = holder.chance(rates.password_wrong
                                  * (3 if flow.tries_left < MAX_PASSWORD_TRIES else 1))
            flow.submit_password("0000" if wrong else GOOD_PASSWORD)
        if flow.phone != Phone.CODE:  # too many wrong passwords: the request is cancelled
            if not holder.chance(rates.retry):
                return
            flow.retry()
            continue
        if holder.chance(rates.drop.get("code_chosen", 0.0)):
            return
        holder.think("code")
        wrong = holder.chance(rates.dynamic_code_wrong)
        if flow.choose_code(next(c for c in flow.choices if (c != flow.code) == wrong)):
            return  # signed in
        if not holder.chance(rates.retry):
            return
        flow.retry()


class Population:
    """Draws each case's context and start time (weekly and daily rhythms, Paris time)."""

    def __init__(self, profile: Profile, start: date, days: int) -> None:
        self.profile = profile
        self.days = [start + timedelta(days=d) for d in range(days)]
        self.day_weights = list(accumulate(WEEKDAY_WEIGHT[d.weekday()] for d in self.days))
        self.hour_weights = list(accumulate(HOUR_WEIGHT))
        self.platforms = _cumulative(profile.platforms)
        self.versions = {p: _cumulative(v) for p, v in profile.os_versions.items()}
        self.cards = _cumulative(profile.cards)

    def start_time(self, rng: random.Random) -> datetime:
        day = self.days[bisect(self.day_weights, rng.random() * self.day_weights[-1])]
        hour = bisect(self.hour_weights, rng.random() * self.hour_weights[-1])
        local = datetime(day.year, day.month, day.day, hour, rng.randrange(60),
                         rng.randrange(60), tzinfo=PARIS)
        return local.astimezone(UTC)

    def context(self, rng: random.Random) -> tuple[str, str, str]:
        platform = _pick(rng, self.platforms)
        return platform, _pick(rng, self.versions[platform]), _pick(rng, self.cards)


def _cumulative(shares: dict[str, float]) -> tuple[list[str], list[float]]:
    return list(shares), list(accumulate(shares.values()))


def _pick(rng: random.Random, table: tuple[list[str], list[float]]) -> str:
    names, cumulative = table
    return names[min(bisect(cumulative, rng.random() * cumulative[-1]), len(names) - 1)]


def _holders(directory: Directory) -> dict[tuple[str, bool], list[str]]:
    """Identifiers of the fictitious directory by (card type, details up to date)."""
    groups: dict[tuple[str, bool], list[str]] = {}
    for p in directory.professionals:
        groups.setdefault((p.card_type, p.details_up_to_date), []).append(p.national_id)
    return groups


def simulate_case(rng: random.Random, population: Population, profile: Profile,
                  sink: ColumnSink, directory: Directory) -> None:
    """One activation attempt, from the app's opening to success or giving up."""
    rates = profile.rates
    platform, os_version, card_type = population.context(rng)
    method_b = rng.random() < (rates.method_b if card_type == "CPS"
                               else rates.method_b_other_cards)
    clock = FakeClock(population.start_time(rng))
    holder = Holder(rng, clock, profile)
    context = dict(sink=sink, clock=clock, rng=rng, platform=platform, os_version=os_version,
                   card_type=card_type, source="synthetic")
    supported = not os_version or int(os_version) >= UNSUPPORTED.get(platform, 0)
    if method_b:
        scenario = Scenario(email_in_spam=holder.chance(rates.email_in_spam),
                            email_on_computer=holder.chance(rates.email_on_computer),
                            sms_auto_pickup=holder.chance(rates.sms_auto_pickup),
                            first_sms_expired=holder.chance(rates.sms_slow),
                            phone_supported=supported)
        drive_method_b(MethodB(directory=directory, scenario=scenario, **context), holder,
                       _national_id(rng, card_type, holder, directory))
        return
    while not supported:  # method A's model has no unsupported-phone path: another phone
        platform, os_version, _ = population.context(rng)
        supported = not os_version or int(os_version) >= UNSUPPORTED.get(platform, 0)
        context.update(platform=platform, os_version=os_version)
    establishment = card_type in ESTABLISHMENT_CARDS
    blocked = rates.page_blocked_establishment if establishment else rates.page_blocked
    scenario = ("page_blocked" if holder.chance(blocked) else
                "pairing_code_expired" if holder.chance(rates.pairing_expired) else "nominal")
    card = GeneratorCard(card_type)
    flow = MethodA(card.open, scenario=scenario, login_screen=holder.chance(0.5), **context)
    drive_method_a(flow, card, holder, card_type, platform)


def simulate_signin(rng: random.Random, population: Population, profile: Profile,
                    sink: ColumnSink, directory: Directory) -> None:
    """One sign-in to a service, by a holder of the fictitious directory (e-CPS activated)."""
    rates = profile.signin
    platform, os_version, card_type = population.context(rng)
    while os_version and int(os_version) < UNSUPPORTED.get(platform, 0):  # the app runs
        platform, os_version, _ = population.context(rng)
    people = [p for p in directory.professionals if p.card_type == card_type] \
        or directory.professionals
    person = rng.choice(people)
    clock = FakeClock(population.start_time(rng))
    holder = Holder(rng, clock, profile)
    on_phone = holder.chance(rates.on_phone)
    block = ""
    if holder.chance(rates.notification_missing):
        block = "battery" if on_phone and platform == "android" else "outdated"
    scenario = SigninScenario(on_phone=on_phone, block=block,
                              ecps_expired=holder.chance(rates.ecps_expired))
    flow = SignIn(holder=person, password=GOOD_PASSWORD, scenario=scenario, sink=sink,
                  clock=clock, rng=rng, platform=platform, os_version=os_version,
                  source="synthetic")
    drive_signin(flow, holder, person.national_id, rates)


def _national_id(rng: random.Random, card_type: str, holder: Holder,
                 directory: Directory) -> str:
    groups = _holders(directory)
    if holder.chance(holder.rates.identifier_unknown):
        payload = f"8{rng.randrange(10 ** 10):010d}"  # well formed, nobody has it
        return payload + luhn_check_digit(payload)
    outdated = card_type == "CPS" and holder.chance(holder.rates.details_outdated)
    candidates = groups.get((card_type, not outdated)) or groups[("CPS", True)]
    return rng.choice(candidates)


def simulate_chunk(seed: int, chunk: int, cases: int, start: date = DEFAULT_START,
                   days: int = DEFAULT_DAYS, profile: Profile = DEFAULT_PROFILE,
                   kind: str = "activation") -> pd.DataFrame:
    """The events of `cases` cases, chunk number `chunk` of the log seeded by `seed`: activation
    attempts, or sign-ins (`kind="signin"`, their own seeds)."""
    prefix, simulate = ("ecpx-journal", simulate_case) if kind == "activation" \
        else ("ecpx-signin", simulate_signin)
    rng = random.Random(f"{prefix}:{seed}:{chunk}")
    population = Population(profile, start, days)
    sink = ColumnSink()
    directory = fictitious_directory()
    for _ in range(cases):
        simulate(rng, population, profile, sink, directory)
    return sink.frame()


def _chunk_sizes(cases: int, chunk_cases: int) -> list[int]:
    return [min(chunk_cases, cases - first) for first in range(0, cases, chunk_cases)]


def generate_chunks(cases: int, seed: int, *, start: date = DEFAULT_START,
                    days: int = DEFAULT_DAYS, jobs: int = 1, progress: bool = False,
                    profile: Profile = DEFAULT_PROFILE, signins: int = 0
                    ) -> Iterator[pd.DataFrame]:
    """The log in chunks of whole cases (grouped by case, in time order within each): the
    `cases` activation attempts, then the `signins` sign-ins (method "S")."""
    tasks = [(kind, i, n) for kind, count in (("activation", cases), ("signin", signins))
             for i, n in enumerate(_chunk_sizes(count, CHUNK_CASES))]
    kinds, numbers, sizes = ([t[k] for t in tasks] for k in range(3))
    bar = tqdm(total=cases + signins, unit="cases", disable=not progress, leave=False)
    with bar:
        if jobs <= 1:
            frames = (simulate_chunk(seed, i, n, start, days, profile, kind)
                      for kind, i, n in tasks)
            for frame, n in zip(frames, sizes, strict=True):
                bar.update(n)
                yield frame
            return
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            frames = pool.map(simulate_chunk, [seed] * len(sizes), numbers, sizes,
                              [start] * len(sizes), [days] * len(sizes),
                              [profile] * len(sizes), kinds)
            for frame, n in zip(frames, sizes, strict=True):
                bar.update(n)
                yield frame


def generate_events(cases: int, seed: int, **options) -> pd.DataFrame:
    """A whole synthetic log in memory (for small logs; see `write_events` for large ones)."""
    frames = list(generate_chunks(cases, seed, **options))
    frame = pd.concat(frames, ignore_index=True) if frames else ColumnSink().frame()
    for column in CONTEXT_COLUMNS:
        frame[column] = frame[column].astype("category")
    frame["case_id"] = frame["case_id"].astype("category")
    return frame


def write_events(path: str | Path, cases: int, seed: int, **options) -> tuple[Path, int]:
    """Write a synthetic log (Parquet, CSV or JSON Lines by the name), chunk by chunk.

    Parquet row groups hold whole cases, so a partitioned reader never splits a case.
    Returns the path and the number of events.
    """
    path = Path(path)
    name = path.name.lower().removesuffix(".gz")
    compression = "gzip" if path.name.endswith(".gz") else None
    writer = None
    events = 0
    first = True
    try:
        for frame in generate_chunks(cases, seed, **options):
            events += len(frame)
            if name.endswith(".parquet"):
                table = pa.Table.from_pandas(frame, preserve_index=False)
                table = table.cast(_parquet_schema(table.schema))
                writer = writer or pq.ParquetWriter(path, table.schema, compression="lz4")
                writer.write_table(table)
            else:
                from ecpx.logs.export import as_text_columns
                text = as_text_columns(frame)
                if name.endswith((".jsonl", ".ndjson", ".json")):
                    text.to_json(path, orient="records", lines=True, mode="w" if first else "a",
                                 compression=compression)
                else:
                    text.to_csv(path, index=False, header=first, mode="w" if first else "a",
                                compression=compression)
            first = False
    finally:
        if writer is not None:
            writer.close()
    return path, events


def _parquet_schema(schema: pa.Schema) -> pa.Schema:
    """Text columns as dictionaries except the case id (a dictionary per chunk is useless)."""
    fields = []
    for f in schema:
        if f.name == "timestamp":
            fields.append(pa.field(f.name, pa.timestamp("us", tz="UTC")))
        elif f.name == "case_id":
            fields.append(pa.field(f.name, pa.string()))
        else:
            fields.append(pa.field(f.name, pa.dictionary(pa.int32(), pa.string())))
    return pa.schema(fields)
