"""Why a row (or a whole file) was rejected: a code with parameters, never a sentence.

The loader records `Reason("unknown_step", step="dance", method="A")`; people read it in
their language: English here (the CLI, the `.rejected.csv` file), French in the course's
catalogue (`ecpx.texts.journal.reason_fr`). A test checks that both know
every code, so a new reason cannot go untranslated.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

# code -> English template; the parameters are named in braces.
ENGLISH = {
    # a row's values
    "missing_value": "missing value",
    "bad_timestamp": "bad timestamp '{value}' (expected ISO 8601, e.g. 2024-03-04T09:00:00Z)",
    "unknown_method": "unknown method '{value}' (expected A or B)",
    "unknown_step": "unknown step '{step}' for method {method}",
    "unknown_outcome": "unknown outcome '{value}' (expected ok or error)",
    "missing_error_code": "outcome is 'error' but no error code",
    "unknown_error": "unknown error code '{value}'",
    "error_on_ok": "error code '{value}' on an event whose outcome is 'ok'",
    "error_at_wrong_step": "error '{error}' is recorded at step '{expected}', not '{step}'",
    "unknown_platform": "unknown platform '{value}' (expected {allowed})",
    "bad_os_version": "os_version '{value}' is not a major version number",
    "unknown_card_type": "unknown card type '{value}' (expected {allowed})",
    "unknown_source": "unknown source '{value}' (expected {allowed})",
    "duplicate": "duplicate of line {line}",
    "mixed_method": "case started with method {first}, this event says {found}",
    # a line that is not a row
    "line_too_long": "line is {length} bytes long (limit {limit})",
    "bad_utf8": "not valid UTF-8 (byte 0x{byte} at character {position}); save the file as UTF-8",
    "malformed_csv": "malformed CSV ({detail})",
    "wrong_field_count": "expected {expected} fields, found {found}",
    "bad_json": "not valid JSON ({detail} at character {position})",
    "not_json_object": "not a JSON object",
    "unclosed_quote": "a quote opened at character {position} is not closed on this line",
    "control_character": "control character {char} in column '{column}' (at character "
                         "{position})",
    "nonexistent_local_time": "local time '{value}' does not exist in {timezone} (the clock "
                              "went forward); choose with --nonexistent",
    "ambiguous_local_time": "local time '{value}' happens twice in {timezone} (the clock went "
                            "back); choose with --ambiguous",
    "bad_training_timestamp": "bad timestamp '{value}' in the training journal",
    # a file that is not a log
    "empty_file": "the file is empty ({expected})",
    "missing_columns": "missing column {names} (the header must name {required}; "
                       "map other names with --map THEIRS=OURS)",
    "duplicate_columns": "duplicated column name(s) in the header: {names}",
    "utf16": "the file is UTF-16; save it as UTF-8",
    "binary": "binary content (NUL bytes); expected CSV, JSON Lines or Parquet",
    "json_array": "a JSON array; expected JSON Lines (one object per line)",
    "bad_gzip": "not a readable gzip file ({detail})",
    "bad_parquet": "not a readable Parquet file ({detail})",
    "unreadable": "cannot read the file ({detail})",
    "too_large_inflated": "the file inflates to more than {limit} (a compressed file this "
                          "large is refused; unpack it yourself if it really is a log)",
    "not_regular_file": "not a regular file (a pipe or a device cannot be read as a log)",
    "too_many_rows_for_size": "{rows} rows in a file of {size}: a log this compressed is "
                              "refused (at most {limit} rows for this size)",
    "too_many_rows": "more than {limit} rows; the file is refused (analyse it with "
                     "`ecpx logs analyze`, or keep a shorter period)",
}
CODES = frozenset(ENGLISH)


class Reason(NamedTuple):
    """One reason: its code and named parameters (text values, as the file wrote them).

    A named tuple: a hostile file can have a million rejected rows, each with its reasons.
    """

    code: str
    params: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, code: str, **params: object) -> Reason:
        if code not in CODES:
            raise ValueError(f"unknown reason code {code!r}")
        return cls(code, tuple((k, str(v)) for k, v in params.items()))

    @property
    def args(self) -> dict[str, str]:
        return dict(self.params)

    def __str__(self) -> str:
        return ENGLISH[self.code].format(**self.args)


@dataclass(frozen=True)
class Reasons:
    """Every reason of one rejected row (one check may fail on several columns)."""

    items: tuple[Reason, ...]

    def __iter__(self) -> Iterator[Reason]:
        return iter(self.items)

    def __str__(self) -> str:
        return "; ".join(map(str, self.items))

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.items)


def one(code: str, **params: object) -> Reasons:
    return Reasons((Reason.of(code, **params),))

