"""Anonymise a log: no direct identifier leaves, whatever columns the input holds.

- Columns that name a person directly (names, e-mails, phones, IP addresses, logins,
  addresses, birth dates) are dropped.
- The linkage identifiers (idNat, RPPS, ADELI) are dropped, or, if the user gives a key,
  replaced by `holder_pseudonym` = HMAC-SHA256(key, identifier): the same person gets the
  same pseudonym in every file anonymised with the same key, and no one can compute it back
  without the key (a plain or salted hash of an RPPS number can be, by enumeration). The key
  is read from a file or an environment variable and is never written anywhere.
- `case_id` is replaced by a keyed hash too (under a random key thrown away at the end of the
  run when the user gives none), so an output case cannot be traced to an input case.
- Every other text value is scanned for identifier patterns (e-mail, phone, IP address, any
  run of 9+ digits, a name after a title, the row's own names) and those are redacted.
- Optionally, timestamps are coarsened to the hour or the day.

Pseudonymised data is still personal data (EDPB 01/2025): with a key, the output must stay in
the secure environment. Aggregates published from it go through `privacy.suppress`.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ecpx.logs.readers import Source, read_chunks, source_name
from ecpx.logs.safety import atomic_output, compression_of, csv_safe
from ecpx.logs.schema import COLUMN_ALIASES, COLUMNS

PSEUDONYM_COLUMN = "holder_pseudonym"
MIN_KEY_BYTES = 16

# Column names (lower case, accents and separators removed) that identify a person.
LINKAGE_NAMES = {"idnat", "nationalid", "identifiantnational", "idnational", "rpps",
                 "numerorpps", "rppsid", "adeli", "numeroadeli", "psid", "idps"}
NAME_NAMES = {"nom", "prenom", "name", "firstname", "lastname", "surname", "givenname",
              "fullname", "nomdenaissance", "nomdusage", "holder", "titulaire", "prenoms"}
DIRECT_NAMES = NAME_NAMES | {
    "email", "mail", "courriel", "emailaddress", "adressemail", "adressee-mail", "phone",
    "mobile", "telephone", "tel", "portable", "phonenumber", "mobilephone", "numeromobile",
    "ip", "ipaddress", "adresseip", "clientip", "remoteaddr", "useragent", "login", "username",
    "user", "utilisateur", "address", "adresse", "datedenaissance", "birthdate",
    "dateofbirth", "orgresource"}

REDACTIONS = (  # (pattern, replacement), applied in this order
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[EMAIL]"),
    (re.compile(r"(?:\+|\b00)\d{2,3}[\s.-]?(?:\(0\))?\d(?:[\s.-]?\d{2}){4}\b"), "[PHONE]"),
    (re.compile(r"\b0[1-9]([\s.-]?)\d{2}(?:\1\d{2}){3}\b"), "[PHONE]"),
    (re.compile(r"\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b"  # IPv6, full or with "::"
                r"|(?:\b[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})?::(?:[0-9a-f]{1,4}"
                r"(?::[0-9a-f]{1,4}){0,6}\b)?", re.IGNORECASE), "[IP]"),
    (re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b"), "[IP]"),
    (re.compile(r"\d(?: ?\d){8,}"), "[ID]"),  # RPPS (11), idNat (12), ADELI (9) digits
    (re.compile(r"\b(?:Dr|Docteur|Pr|Professeur|M|Mme|Mlle|Madame|Monsieur|Me)\.?\s+"
                r"[A-ZÀ-Ý][\w'À-ÿ-]+(?:\s+[A-ZÀ-Ý][\w'À-ÿ-]+)*"), "[NAME]"),
)


def _plain(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[\s_:.\-]", "", text)


@dataclass
class Plan:
    """What happens to each input column."""

    kept: list[str] = field(default_factory=list)  # journal columns and free text, scanned
    linkage: list[str] = field(default_factory=list)  # -> holder_pseudonym (with a key)
    names: list[str] = field(default_factory=list)  # dropped, and redacted from the row's text
    dropped: list[str] = field(default_factory=list)
    case_column: str | None = None
    time_column: str | None = None


def plan_columns(columns: list[str]) -> Plan:
    plan = Plan()
    for column in columns:
        plain = _plain(column)
        journal = COLUMN_ALIASES.get(column.strip().lower(), column.strip().lower())
        if plain in LINKAGE_NAMES:
            plan.linkage.append(column)
        elif plain in DIRECT_NAMES:
            plan.dropped.append(column)
            if plain in NAME_NAMES:
                plan.names.append(column)
        elif journal == "case_id" and plan.case_column is None:
            plan.case_column = column
        elif journal == "timestamp" and plan.time_column is None:
            plan.time_column = column
        else:
            plan.kept.append(column)
    return plan


def redact_text(text: str) -> str:
    """Identifier patterns in `text` replaced by [EMAIL], [IP], [PHONE], [ID], [NAME]."""
    for pattern, replacement in REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


def redact(values: pd.Series) -> pd.Series:
    """`redact_text` on every value, computed once per distinct value (NA stays NA)."""
    codes, uniques = pd.factorize(values.astype("str"))
    cleaned = pd.Index([redact_text(u) for u in uniques], dtype="str")
    return pd.Series(cleaned.take(codes, allow_fill=True, fill_value=None), index=values.index,
                     dtype="str")


def _redact_names(values: pd.Series, names: pd.DataFrame) -> pd.Series:
    """Each row's own names (from its name columns), wherever they appear in its text."""
    out = values.astype("str").copy()
    for index, text in out.items():
        if not isinstance(text, str) or not text:
            continue
        for name in names.loc[index]:
            if isinstance(name, str) and len(name.strip()) >= 2:
                text = re.sub(re.escape(name.strip()), "[NAME]", text, flags=re.IGNORECASE)
        out[index] = text
    return out


def normalise_identifier(value: str) -> str:
    """One form per person: idNat « 8 + RPPS » and the bare RPPS give the same text."""
    digits = re.sub(r"\D", "", value)
    if len(digits) == 12 and digits.startswith("8"):
        return "rpps:" + digits[1:]
    if len(digits) == 11:
        return "rpps:" + digits
    if len(digits) == 10 and digits.startswith("0"):
        return "adeli:" + digits[1:]
    if len(digits) == 9:
        return "adeli:" + digits
    return "other:" + value.strip()


def keyed_hash(key: bytes, value: str) -> str:
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def _case_pseudonym(key: bytes, case_id: str) -> str:
    digest = keyed_hash(key, "case:" + case_id)[:32]
    return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:]}"


def read_key(key_file: str | Path | None = None, key_env: str | None = None) -> bytes | None:
    """The user's secret key, from a file or an environment variable (never from the CLI)."""
    if key_file and key_env:
        raise ValueError("give the key by file or by environment variable, not both")
    if key_file:
        key = Path(key_file).read_bytes().strip()
        origin = str(key_file)
    elif key_env:
        if key_env not in os.environ:
            raise ValueError(f"environment variable {key_env} is not set")
        key = os.environ[key_env].encode("utf-8").strip()
        origin = f"${key_env}"
    else:
        return None
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"{origin}: the key is {len(key)} bytes long; use at least "
                         f"{MIN_KEY_BYTES} random bytes (e.g. `openssl rand -hex 32`)")
    return key


def anonymise_frame(frame: pd.DataFrame, plan: Plan, *, key: bytes | None, case_key: bytes,
                    coarsen: str | None = None) -> pd.DataFrame:
    """One chunk (text columns as read) anonymised according to `plan`."""
    out = pd.DataFrame(index=frame.index)
    if plan.case_column:
        out[plan.case_column] = frame[plan.case_column].astype("str").map(
            lambda v: _case_pseudonym(case_key, v), na_action="ignore")
    if plan.time_column:
        out[plan.time_column] = _coarsened(frame[plan.time_column], coarsen)
    names = frame[plan.names] if plan.names else None
    for column in plan.kept:
        values = redact(frame[column].astype("str"))
        out[column] = _redact_names(values, names) if names is not None else values
    if key is not None and plan.linkage:
        ids = frame[plan.linkage].astype("str").replace(r"^\s*$", None, regex=True) \
            .bfill(axis=1).iloc[:, 0]
        out[PSEUDONYM_COLUMN] = ids.map(lambda v: keyed_hash(key, normalise_identifier(v))
                                        if isinstance(v, str) and v.strip() else "")
    ordered = [c for c in frame.columns if c in out] + (
        [PSEUDONYM_COLUMN] if PSEUDONYM_COLUMN in out else [])
    return out[ordered]


def _coarsened(values: pd.Series, coarsen: str | None) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        parsed = values.dt.tz_localize("UTC") if values.dt.tz is None else values
    else:
        parsed = pd.to_datetime(values.astype("str"), utc=True, format="ISO8601",
                                errors="coerce")
    if coarsen:
        parsed = parsed.dt.floor({"hour": "h", "day": "D"}[coarsen])
    text = parsed.dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    # A value that is not a time is not copied (it could hold anything): it is redacted.
    fallback = redact(values.astype("str")) if not pd.api.types.is_datetime64_any_dtype(
        values.dtype) else text
    return text.where(parsed.notna(), fallback)


@dataclass
class AnonymisationSummary:
    rows: int = 0
    skipped_lines: int = 0  # lines that are not rows at all (their text is never copied)
    plan: Plan = field(default_factory=Plan)


def anonymise_chunks(source: Source, *, key: bytes | None = None, coarsen: str | None = None,
                     name: str | None = None, progress: bool = True,
                     summary: AnonymisationSummary | None = None) -> Iterator[pd.DataFrame]:
    """Anonymised chunks of `source` (any readable log), as text columns."""
    summary = summary if summary is not None else AnonymisationSummary()
    case_key = key or secrets.token_bytes(32)  # without a user key: thrown away after the run
    plan = None
    for chunk in read_chunks(source, name=source_name(source, name), progress=progress):
        summary.skipped_lines += len(chunk.rejected)
        frame = chunk.frame.drop(columns="line")
        if plan is None:
            if not len(frame.columns):
                continue
            plan = summary.plan = plan_columns(list(frame.columns))
        for column in frame.columns:
            if column not in plan.kept + plan.linkage + plan.names + plan.dropped + [
                    plan.case_column, plan.time_column]:
                plan.kept.append(column)  # a JSON key first seen in a later chunk
        summary.rows += len(frame)
        yield anonymise_frame(frame, plan, key=key, case_key=case_key, coarsen=coarsen)


def anonymise_file(source: Source, out: str | Path, *, key: bytes | None = None,
                   coarsen: str | None = None, progress: bool = True) -> AnonymisationSummary:
    """Write the anonymised log to `out` (format from its name: .csv, .jsonl or .parquet)."""
    out = Path(out)
    summary = AnonymisationSummary()
    suffix = out.name.lower().removesuffix(".gz")
    writer = None
    first = True
    gz = compression_of(out)
    # Written beside `out` under a name of its own, renamed into place at the end.
    with atomic_output(out) as tmp:
        try:
            for chunk in anonymise_chunks(source, key=key, coarsen=coarsen, progress=progress,
                                          summary=summary):
                if suffix.endswith(".parquet"):
                    table = pa.Table.from_pandas(chunk.astype("str"), preserve_index=False)
                    writer = writer or pq.ParquetWriter(tmp, table.schema)
                    writer.write_table(table.cast(writer.schema))
                elif suffix.endswith((".jsonl", ".ndjson", ".json")):
                    chunk.to_json(tmp, orient="records", lines=True, force_ascii=False,
                                  mode="w" if first else "a", compression=gz)
                else:
                    csv_safe(chunk).to_csv(tmp, index=False, header=first,
                                           mode="w" if first else "a", compression=gz)
                first = False
            if first:
                pd.DataFrame(columns=list(COLUMNS)).to_csv(tmp, index=False, compression=gz)
        finally:
            if writer is not None:
                writer.close()
    return summary
