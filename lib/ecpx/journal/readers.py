"""Read a log file (CSV, JSON Lines or Parquet; plain or gzip; path or bytes) in chunks.

Readers only split the file into rows of text: they reject what cannot be a row at all (a line
that is not UTF-8, a huge line, a wrong number of fields, a JSON line that is not an object)
with its physical line number, and leave the checking of values to `validate`. A file that
cannot be read at all (empty, no header, not a log) raises `LogFormatError`.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from tqdm import tqdm

from ecpx.journal.reasons import Reason, Reasons, one

MAX_LINE_BYTES = 1 << 16  # an event line is ~200 bytes; anything this long is not an event
CHUNK_ROWS = 250_000  # text formats: rows parsed by Python before they become columns
PARQUET_CHUNK_ROWS = 1_000_000  # Parquet: already columns, so larger reads cost little
RAW_PREVIEW = 120  # characters of a rejected line kept in the report

Source = str | os.PathLike | bytes | bytearray | memoryview | BinaryIO


class LogFormatError(ValueError):
    """A file that cannot be read as a log; the message names the file, line and reason."""

    def __init__(self, file: str, reason: Reason, line: int | None = None,
                 column: str | None = None) -> None:
        self.file, self.reason, self.line, self.column = file, reason, line, column
        where = file + (f":{line}" if line else "")
        what = f"column '{column}': " if column else ""
        super().__init__(f"{where}: {what}{reason}")


@dataclass
class RawChunk:
    """Rows as read: text (or typed, for Parquet) columns under their original names + `line`."""

    frame: pd.DataFrame
    rejected: list[dict] = field(default_factory=list)  # {line, column, reason, raw}


def source_name(source: Source, name: str | None = None) -> str:
    if name:
        return name
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    return getattr(source, "name", None) or "<upload>"


def _open_binary(source: Source) -> tuple[BinaryIO, int | None]:
    """A binary stream of the (possibly gzipped) content, and the raw size for progress."""
    if isinstance(source, str | os.PathLike):
        stream: BinaryIO = open(source, "rb")  # noqa: SIM115 - closed by the caller
        size = os.fstat(stream.fileno()).st_size
    elif isinstance(source, bytes | bytearray | memoryview):
        stream, size = io.BytesIO(bytes(source)), len(source)
    else:
        stream, size = source, None
    return stream, size


def detect_format(name: str, head: bytes) -> str:
    """The format from the content first (magic bytes), then from the file name."""
    if head.startswith(b"PAR1"):
        return "parquet"
    lowered = name.lower().removesuffix(".gz")
    for suffix, fmt in ((".parquet", "parquet"), (".jsonl", "jsonl"), (".ndjson", "jsonl"),
                        (".json", "jsonl"), (".csv", "csv"), (".tsv", "csv"), (".txt", "csv")):
        if lowered.endswith(suffix):
            return fmt
    return "jsonl" if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") else "csv"


def read_chunks(source: Source, *, name: str | None = None, chunk_rows: int = CHUNK_ROWS,
                max_line_bytes: int = MAX_LINE_BYTES, progress: bool = True,
                plain: Callable[[str], bool] = lambda _name: False) -> Iterator[RawChunk]:
    """Yield the file's rows, `chunk_rows` at a time, with a progress bar over the bytes read.

    Parquet text columns come back categorical (cheap for the few distinct values of a step
    or a platform), except those for which `plain(name)` is true (a case id is nearly unique).
    """
    file = source_name(source, name)
    raw, size = _open_binary(source)
    try:
        head = raw.read(4)
        raw.seek(0)
        stream: BinaryIO = gzip.GzipFile(fileobj=raw) if head[:2] == b"\x1f\x8b" else raw
        try:
            head = stream.peek(4)[:4] if hasattr(stream, "peek") else head
        except (OSError, EOFError) as error:
            raise LogFormatError(file, Reason.of("bad_gzip", detail=error)) from error
        fmt = detect_format(file, head)
        bar = tqdm(total=size, unit="B", unit_scale=True, desc=Path(file).name,
                   disable=not progress or size is None, leave=False)
        with bar:
            if fmt == "parquet":
                # A path lets Arrow read natively (memory-mapped, in parallel), not via Python.
                native = os.fspath(source) if isinstance(source, str | os.PathLike) \
                    and stream is raw else stream
                yield from _parquet_chunks(native, file, chunk_rows, bar, plain)
            else:
                lines = _physical_lines(stream, raw, file, max_line_bytes, bar)
                reader = _jsonl_chunks if fmt == "jsonl" else _csv_chunks
                yield from reader(lines, file, chunk_rows)
    finally:
        if isinstance(source, str | os.PathLike):
            raw.close()


# --- text formats: physical lines first ---------------------------------------------------

@dataclass
class Line:
    number: int
    text: str | None  # None when the line was rejected before decoding
    reason: Reasons | None = None
    raw: str = ""


def _physical_lines(stream: BinaryIO, raw: BinaryIO, file: str, limit: int,
                    bar: tqdm) -> Iterator[Line]:
    """Decoded lines with their numbers; huge or non-UTF-8 lines come back rejected."""
    number, position = 0, 0
    try:
        while True:
            data = stream.readline(limit + 1)
            if not data:
                break
            number += 1
            if number == 1:
                _check_encoding_marks(data, file)
                data = data.removeprefix(codecs.BOM_UTF8)
            if len(data) > limit and not data.endswith(b"\n"):
                length = len(data) + _skip_rest_of_line(stream, limit)
                yield Line(number, None, one("line_too_long", length=length, limit=limit),
                           _preview(data))
            else:
                try:
                    yield Line(number, data.decode("utf-8").rstrip("\r\n"))
                except UnicodeDecodeError as error:
                    bad = data[error.start]
                    yield Line(number, None, one("bad_utf8", byte=f"{bad:02x}",
                                                 position=error.start + 1), _preview(data))
            if raw.tell() - position > 1 << 20 and not bar.disable:
                bar.update(raw.tell() - position)
                position = raw.tell()
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        raise LogFormatError(file, Reason.of("unreadable", detail=error), number + 1) \
            from error


def _check_encoding_marks(first: bytes, file: str) -> None:
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise LogFormatError(file, Reason.of("utf16"), 1)
    if b"\x00" in first:
        raise LogFormatError(file, Reason.of("binary"), 1)


def _skip_rest_of_line(stream: BinaryIO, limit: int) -> int:
    skipped = 0
    while True:
        more = stream.readline(limit)
        skipped += len(more)
        if not more or more.endswith(b"\n"):
            return skipped


def _preview(data: bytes | str) -> str:
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    text = text.rstrip("\r\n")
    return text if len(text) <= RAW_PREVIEW else text[:RAW_PREVIEW] + "…"


def _rejected(line: Line) -> dict:
    return {"line": line.number, "column": "", "reason": line.reason, "raw": line.raw}


def _csv_chunks(lines: Iterator[Line], file: str, chunk_rows: int) -> Iterator[RawChunk]:
    header_line = next((ln for ln in lines if ln.text is None or ln.text.strip()), None)
    if header_line is None:
        raise LogFormatError(file, Reason.of("empty_file", expected="a header line naming "
                                                                    "the columns"), 1)
    if header_line.text is None:
        raise LogFormatError(file, header_line.reason.items[0], header_line.number)
    delimiter = max(",;\t", key=header_line.text.count)
    header = [h.strip() for h in next(csv.reader([header_line.text], delimiter=delimiter))]
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if duplicated:
        raise LogFormatError(file, Reason.of("duplicate_columns", names=", ".join(duplicated)),
                             header_line.number)

    rejected: list[dict] = []
    start = {"line": 0}

    def texts() -> Iterator[str]:
        for line in lines:
            if line.text is None:
                rejected.append(_rejected(line))
                continue
            if not start["line"]:
                start["line"] = line.number
            yield line.text

    columns: list[list[str]] = [[] for _ in header]
    numbers: list[int] = []
    reader = csv.reader(texts(), delimiter=delimiter, strict=True)
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            rejected.append({"line": start["line"], "column": "", "raw": "",
                             "reason": one("malformed_csv", detail=error)})
            start["line"] = 0
            continue
        number, start["line"] = start["line"], 0
        if not record or record == [""]:
            continue
        if len(record) != len(header):
            rejected.append({"line": number, "column": "", "raw": _preview(delimiter.join(record)),
                             "reason": one("wrong_field_count", expected=len(header),
                                           found=len(record))})
            continue
        for values, value in zip(columns, record, strict=True):
            values.append(value)
        numbers.append(number)
        if len(numbers) >= chunk_rows:
            yield _text_chunk(header, columns, numbers, rejected)
            columns, numbers, rejected[:] = [[] for _ in header], [], []
    yield _text_chunk(header, columns, numbers, rejected)


def _text_chunk(header: list[str], columns: list[list[str]], numbers: list[int],
                rejected: list[dict]) -> RawChunk:
    frame = pd.DataFrame({h: pd.Series(v, dtype="str") for h, v in zip(header, columns,
                                                                        strict=True)})
    frame["line"] = pd.Series(numbers, dtype="int64")
    return RawChunk(frame, list(rejected))


def _jsonl_chunks(lines: Iterator[Line], file: str, chunk_rows: int) -> Iterator[RawChunk]:
    rows: list[dict] = []
    numbers: list[int] = []
    rejected: list[dict] = []
    seen_any = False
    for line in lines:
        if line.text is None:
            rejected.append(_rejected(line))
            continue
        if not line.text.strip():
            continue
        if not seen_any and line.text.lstrip().startswith("["):
            raise LogFormatError(file, Reason.of("json_array"), line.number)
        seen_any = True
        try:
            row = json.loads(line.text)
        except json.JSONDecodeError as error:
            rejected.append({"line": line.number, "column": "", "raw": _preview(line.text),
                             "reason": one("bad_json", detail=error.msg,
                                           position=error.pos + 1)})
            continue
        if not isinstance(row, dict):
            rejected.append({"line": line.number, "column": "", "raw": _preview(line.text),
                             "reason": one("not_json_object")})
            continue
        rows.append({k: "" if v is None else str(v) for k, v in row.items()})
        numbers.append(line.number)
        if len(rows) >= chunk_rows:
            yield _json_chunk(rows, numbers, rejected)
            rows, numbers, rejected = [], [], []
    if not seen_any and not rejected:
        raise LogFormatError(file, Reason.of("empty_file",
                                             expected="one JSON object per line"), 1)
    yield _json_chunk(rows, numbers, rejected)


def _json_chunk(rows: list[dict], numbers: list[int], rejected: list[dict]) -> RawChunk:
    # A key missing from a row stays missing (NA), told apart from an empty string.
    frame = pd.DataFrame.from_records(rows).astype("str") if rows else pd.DataFrame()
    frame["line"] = pd.Series(numbers, dtype="int64")
    return RawChunk(frame, rejected)


# --- Parquet: typed columns, rows numbered from 1 -----------------------------------------

def _parquet_chunks(stream: BinaryIO | str, file: str, chunk_rows: int, bar: tqdm,
                    plain: Callable[[str], bool]) -> Iterator[RawChunk]:
    try:
        schema = pq.ParquetFile(stream).schema_arrow
        if not isinstance(stream, str):
            stream.seek(0)
        strings = [f.name for f in schema if (pa.types.is_string(f.type)
                   or pa.types.is_large_string(f.type)
                   or pa.types.is_dictionary(f.type)) and not plain(f.name)]
        parquet = pq.ParquetFile(stream, read_dictionary=strings, memory_map=isinstance(
            stream, str))
    except (pa.ArrowException, OSError) as error:
        raise LogFormatError(file, Reason.of("bad_parquet", detail=error)) from error
    total = parquet.metadata.num_rows
    if total == 0:
        raise LogFormatError(file, Reason.of("empty_file", expected="no rows"))
    bar.reset(total=total)
    bar.unit, bar.unit_scale = "rows", True
    first = 1
    for table in _parquet_tables(parquet, max(chunk_rows, PARQUET_CHUNK_ROWS)):
        frame = table.to_pandas()
        frame["line"] = pd.RangeIndex(first, first + len(frame))
        first += len(frame)
        bar.update(len(frame))
        yield RawChunk(frame)


def _parquet_tables(parquet: pq.ParquetFile, rows: int) -> Iterator[pa.Table]:
    """Tables of about `rows` rows: whole row groups read together (decoded in parallel),
    or, for a row group larger than that, its batches."""
    metadata = parquet.metadata
    groups: list[int] = []
    pending = 0
    for index in range(metadata.num_row_groups):
        size = metadata.row_group(index).num_rows
        if size > rows:
            if groups:
                yield parquet.read_row_groups(groups, use_threads=True)
                groups, pending = [], 0
            for batch in parquet.iter_batches(batch_size=rows, row_groups=[index]):
                yield pa.Table.from_batches([batch])
            continue
        groups.append(index)
        pending += size
        if pending >= rows:
            yield parquet.read_row_groups(groups, use_threads=True)
            groups, pending = [], 0
    if groups:
        yield parquet.read_row_groups(groups, use_threads=True)
