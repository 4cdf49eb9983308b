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
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.json as pajson
import pyarrow.parquet as pq
from tqdm import tqdm

from ecpx.logs.reasons import Reason, Reasons, one

MAX_LINE_BYTES = 1 << 16  # an event line is ~200 bytes; anything this long is not an event
CHUNK_ROWS = 250_000  # text formats: rows parsed by Python before they become columns
PARQUET_CHUNK_ROWS = 1_000_000  # Parquet: already columns, so larger reads cost little
RAW_PREVIEW = 120  # characters of a rejected line kept in the report
MIN_INFLATED = 256 << 20  # any gzipped log may inflate this much
INFLATION_RATIO = 50  # beyond that, at most this many times its compressed size
MAX_CATEGORIES = 10_000  # more distinct values than this: not a step or a platform column
COLUMNAR = True  # False: every line through Python's reader (the reference the tests use)
BLOCK_BYTES = 1 << 23  # text read at once for the columnar reader (whole lines, ~80,000 rows)

T, U = TypeVar("T"), TypeVar("U")
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
    blank: int = 0  # blank lines (neither rows nor rejected: counted in a note)
    more_rejected: int = 0  # rejected lines beyond those described: counted only


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
                plain: Callable[[str], bool] = lambda _name: False,
                max_inflated: int | None = None,
                on_progress: Callable[[float], None] | None = None,
                max_rows: int | None = None) -> Iterator[RawChunk]:
    """Yield the file's rows, `chunk_rows` at a time, with a progress bar over the bytes read.

    `max_rows`: a Parquet file that says it holds more rows is refused before any is read
    (`too_many_rows`; the caller counts the rows of the other formats as they come).

    Parquet text columns come back categorical, from the file's own dictionaries. CSV and
    JSON Lines columns too (cheap for the few distinct values of a step or a platform), except
    those for which `plain(name)` is true (a case id is nearly unique: encoded later, in
    parallel, by `validate`).
    """
    file = source_name(source, name)
    raw, size = _open_binary(source)
    try:
        head = raw.read(4)
        raw.seek(0)
        stream: BinaryIO = _Inflated(gzip.GzipFile(fileobj=raw), file,
                                     inflated_limit(size, max_inflated)) \
            if head[:2] == b"\x1f\x8b" else raw
        try:
            head = stream.peek(4)[:4] if hasattr(stream, "peek") else head
        except (OSError, EOFError) as error:
            raise LogFormatError(file, Reason.of("bad_gzip", detail=error)) from error
        fmt = detect_format(file, head)
        bar = tqdm(total=size, unit="B", unit_scale=True, desc=Path(file).name,
                   disable=not progress or size is None, leave=False)
        with bar:
            chunks: Iterator[RawChunk]
            if fmt == "parquet":
                # A path lets Arrow read natively (memory-mapped, in parallel), not via Python.
                native = os.fspath(source) if isinstance(source, str | os.PathLike) \
                    and stream is raw else stream
                chunks = _parquet_chunks(native, file, chunk_rows, bar, max_rows,
                                         inflated_limit(size, max_inflated), size)
            elif fmt == "csv":
                items = _segments(stream, raw, file, max_line_bytes, bar)
                chunks = _csv_chunks(items, file, chunk_rows, plain)
            else:
                items = _segments(stream, raw, file, max_line_bytes, bar)
                chunks = _jsonl_chunks(items, file, chunk_rows, plain)
            for chunk in chunks:
                yield chunk
                if on_progress and size:  # the share of the (compressed) file read so far
                    on_progress(min(1.0, raw.tell() / size))
    finally:
        if isinstance(source, str | os.PathLike):
            raw.close()


MAX_DESCRIBED = 10_000  # rejected rows of one chunk described (the others only counted)
CONTROL = "[\x00-\x08\x0a-\x1f\x7f]"  # C0 controls but tab, and DEL: in no event value


def _text_buffers_clean(values: pd.Series) -> bool:
    """A fast look at the bytes of an Arrow-backed text column: no control byte anywhere?"""
    try:
        array = pa.chunked_array(pa.array(values.array)) if not isinstance(
            values.array, pd.arrays.ArrowStringArray) else values.array._pa_array
    except (pa.ArrowException, TypeError, AttributeError):
        return False
    for chunk in array.chunks:
        data = chunk.buffers()[-1] if chunk.buffers() else None
        if data is None:
            continue
        raw = np.frombuffer(data, dtype=np.uint8)
        if not len(raw):
            continue
        if raw.min() < 32:  # rare: then look closer (a tab is allowed)
            if (((raw < 32) & (raw != 9)) | (raw == 127)).any():
                return False
        elif (raw == 127).any():
            return False
    return True


def _without_controls(chunk: RawChunk) -> RawChunk:
    """Rows holding a control character (NUL, a line break, an escape…) in a text value are
    rejected: no event holds one, and XML cannot carry most of them (`export --xes`)."""
    frame = chunk.frame
    bad = np.zeros(len(frame), dtype=bool)
    found: dict[int, tuple[str, str, int]] = {}
    for name in frame.columns:
        if name == "line":
            continue
        values = frame[name]
        if isinstance(values.dtype, pd.CategoricalDtype):
            categories = values.cat.categories
            if categories.dtype.kind not in "OUT" and str(categories.dtype) not in ("str",
                                                                                   "string"):
                continue
            distinct = pd.Series(categories.astype("str"))
            if _text_buffers_clean(distinct):  # the usual column: its bytes scanned at once
                continue
            hits = distinct.str.contains(CONTROL, regex=True)
            if not hits.any():
                continue
            codes = values.array.codes
            rows = (codes >= 0) & np.append(hits.to_numpy(), False)[codes]
        elif values.dtype == object or str(values.dtype) in ("str", "string"):
            if values.dtype != object and _text_buffers_clean(values):
                continue
            rows = values.astype("str").str.contains(CONTROL, regex=True, na=False).to_numpy()
        else:
            continue
        for row in np.flatnonzero(rows & ~bad)[:MAX_DESCRIBED - len(found)]:
            text = str(values.iloc[row])
            match = re.search(CONTROL, text)
            position = match.start() if match else 0
            found[int(row)] = (name, f"U+{ord(text[position]):04X}", position + 1)
        bad |= rows
    if not bad.any():
        return chunk
    lines = frame["line"].to_numpy()
    chunk.more_rejected += int(np.count_nonzero(bad)) - len(found)  # counted, not described
    for row, (name, char, position) in sorted(found.items()):
        raw = re.sub(CONTROL, lambda m: f"\\x{ord(m.group()):02x}",
                     str(frame[name].iloc[row]))
        chunk.rejected.append({"line": int(lines[row]), "column": name, "raw": _preview(raw),
                               "reason": one("control_character", char=char, column=name,
                                             position=position)})
    chunk.frame = frame[~bad].reset_index(drop=True)
    return chunk


def inflated_limit(compressed: int | None, ceiling: int | None = None) -> int:
    """How large a gzipped log may inflate: logs compress about 10 to 20 times, a « gzip
    bomb » hundreds of times; `ceiling` (e.g. for an upload) caps it further."""
    limit = max(MIN_INFLATED, INFLATION_RATIO * (compressed or 0))
    return min(limit, ceiling) if ceiling else limit


class _Inflated:
    """A gzip stream that refuses to inflate beyond `limit` bytes (LogFormatError)."""

    def __init__(self, stream: gzip.GzipFile, file: str, limit: int) -> None:
        self._stream, self._file, self._limit, self._read = stream, file, limit, 0

    def _count(self, data: bytes) -> bytes:
        self._read += len(data)
        if self._read > self._limit:
            raise LogFormatError(self._file, Reason.of(
                "too_large_inflated", limit=f"{self._limit / 2**20:.0f} MiB"))
        return data

    def read(self, size: int = -1) -> bytes:
        return self._count(self._stream.read(size))

    def readline(self, size: int = -1) -> bytes:
        return self._count(self._stream.readline(size))

    def peek(self, size: int = 0) -> bytes:
        return self._stream.peek(size)

    def seek(self, *args) -> int:
        return self._stream.seek(*args)

    def tell(self) -> int:
        return self._stream.tell()

    def __getattr__(self, name: str):  # closed, readable, seekable, …: the gzip stream's
        return getattr(self._stream, name)


# --- text formats: physical lines first ---------------------------------------------------

@dataclass
class Line:
    number: int
    text: str | None  # None when the line was rejected before decoding
    reason: Reasons | None = None
    raw: str = ""


def _physical_lines(stream: BinaryIO, raw: BinaryIO, file: str, limit: int,
                    bar: tqdm, start: int = 0) -> Iterator[Line]:
    """Decoded lines with their numbers; huge or non-UTF-8 lines come back rejected."""
    number, position = start, 0
    try:
        while True:
            data = stream.readline(limit + 1)
            if not data:
                break
            number += 1
            if number == 1 and not start:
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


@dataclass
class Block:
    """Whole lines of valid UTF-8, none too long: what the columnar reader gets at once."""

    first: int  # number of its first line
    data: bytes
    count: int  # lines in it


def _segments(stream: BinaryIO, raw: BinaryIO, file: str, limit: int,
              bar: tqdm) -> Iterator[Line | Block]:
    """The file as clean blocks of lines (read by Arrow) and, where a block holds a line that
    is too long or not UTF-8, as that block's lines one by one (explained by `Line`)."""
    number, carry, first, position = 0, b"", True, 0
    try:
        while True:
            data = stream.read(BLOCK_BYTES)
            if first and data:
                first = False
                _check_encoding_marks(data.split(b"\n", 1)[0], file)
                data = data.removeprefix(codecs.BOM_UTF8)
            if not data:
                if carry:
                    yield from _block_items(carry, number, limit, file)
                return
            data, carry = carry + data, b""
            cut = data.rfind(b"\n")
            block, carry = (data[:cut + 1], data[cut + 1:]) if cut >= 0 else (b"", data)
            if block:
                yield from _block_items(block, number, limit, file)
                number += block.count(b"\n")
            if len(carry) > limit:  # a line longer than any event: skipped, not held
                length = len(carry) + _skip_rest_of_line(stream, limit)
                number += 1
                yield Line(number, None, one("line_too_long", length=length, limit=limit),
                           _preview(carry[:RAW_PREVIEW * 4]))
                carry = b""
            if raw.tell() - position > 1 << 20 and not bar.disable:
                bar.update(raw.tell() - position)
                position = raw.tell()
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        raise LogFormatError(file, Reason.of("unreadable", detail=error), number + 1) \
            from error


def _block_items(block: bytes, before: int, limit: int, file: str) -> Iterator[Line | Block]:
    """A clean block as one `Block`; otherwise its lines, each decoded or rejected."""
    ends = np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == 10)
    count = len(ends) + (not block.endswith(b"\n"))
    lengths = np.diff(ends, prepend=-1) if len(ends) else np.array([len(block)])
    clean = int(lengths.max(initial=0)) <= limit
    if clean:
        try:
            block.decode("utf-8")
        except UnicodeDecodeError:
            clean = False
    if clean:
        yield Block(before + 1, block, count)
        return
    lines = _physical_lines(io.BytesIO(block), io.BytesIO(), file, limit,
                            tqdm(disable=True), start=before)
    yield from lines


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


def _csv_chunks(items: Iterator[Line | Block], file: str, chunk_rows: int,
                plain: Callable[[str], bool]) -> Iterator[RawChunk]:
    """Rows of a CSV file: clean blocks through Arrow's CSV reader, the rest (and any block
    Arrow refuses: a quote, a wrong field count) through Python's, line by line."""
    items = _lines_first(items)
    header_line = next((ln for ln in items if ln.text is None or ln.text.strip()), None)
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
    def convert(item: Block | list[Line]) -> RawChunk | list[Line]:
        table = _arrow_csv(item, header, delimiter) if isinstance(item, Block) else None
        if table is not None:
            return _arrow_chunk(table, item.first, plain)
        return _lines_of(item) if isinstance(item, Block) else item

    pending: list[Line] = []
    for done in _ahead(_lines_together(items.rest), convert):
        if isinstance(done, RawChunk):
            if pending:
                yield from _slow_csv(pending, header, delimiter, chunk_rows)
                pending = []
            yield done
            continue
        pending.extend(done)
        if len(pending) >= chunk_rows:  # lines Python reads: never much more than a chunk held
            yield from _slow_csv(pending, header, delimiter, chunk_rows)
            pending = []
    yield from _slow_csv(pending, header, delimiter, chunk_rows, last=True)


AHEAD = 4  # blocks converted ahead of the reader (each a few MiB of text): memory stays bounded


def _ahead(items: Iterable[T], convert: Callable[[T], U], workers: int = 2) -> Iterator[U]:
    """`convert` of each item, in order, run on `workers` threads while the next items are
    read (Arrow's readers and numpy release the GIL). An error reading the items is raised
    after the results of the items before it, as a plain loop would."""
    iterator, failure = iter(items), None
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: deque[Future[U]] = deque()
        try:
            while True:
                try:
                    item = next(iterator)
                except StopIteration:
                    break
                except Exception as error:  # raised below, after the items read before it
                    failure = error
                    break
                pending.append(pool.submit(convert, item))
                if len(pending) >= AHEAD:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:  # the reader stopped early: no more conversions
            for future in pending:
                future.cancel()
    if failure is not None:
        raise failure


def _lines_together(items: Iterable[Line | Block]) -> Iterator[Block | list[Line]]:
    """Blocks, and runs of lines as one list each (a block Arrow could not take comes back
    as up to ~80,000 lines: one hand-over to a thread, not one per line)."""
    lines: list[Line] = []
    for item in items:
        if isinstance(item, Line):
            lines.append(item)
            continue
        if lines:
            yield lines
            lines = []
        yield item
    if lines:
        yield lines


class _lines_first:
    """The first lines of a stream of segments one by one (the header), then the rest."""

    def __init__(self, items: Iterator[Line | Block]) -> None:
        self._items = items
        self._queue: list[Line | Block] = []

    def __iter__(self) -> Iterator[Line]:
        for item in self._items:
            lines = [item] if isinstance(item, Line) else _lines_of(item)
            for index, line in enumerate(lines):
                if line.text is None or line.text.strip():
                    rest = lines[index + 1:]
                    if isinstance(item, Block) and rest:
                        offset = len(b"\n".join(item.data.split(b"\n", index + 1)[:index + 1]))
                        self._queue.append(Block(line.number + 1, item.data[offset + 1:],
                                                 item.count - index - 1))
                    else:
                        self._queue.extend(rest)
                    yield line
                    return
        return

    @property
    def rest(self) -> Iterator[Line | Block]:
        yield from self._queue
        yield from self._items


def _lines_of(block: Block) -> list[Line]:
    text = block.data.decode("utf-8").split("\n")
    if block.data.endswith(b"\n"):
        text.pop()
    return [Line(block.first + i, t.rstrip("\r")) for i, t in enumerate(text)]


def _arrow_csv(block: Block, header: list[str], delimiter: str) -> pa.Table | None:
    """The block's rows as text columns, or None when one row needs Python's explanation."""
    if not COLUMNAR:
        return None
    quoted = b'"' in block.data
    if quoted and not _simple_quotes(block.data, delimiter):
        return None  # "" inside a value, a quote mid-field, a newline in a value: Python decides
    try:
        table = pacsv.read_csv(
            io.BytesIO(block.data),
            read_options=pacsv.ReadOptions(column_names=header, block_size=1 << 24,
                                           use_threads=False),  # chunks run in parallel
            parse_options=pacsv.ParseOptions(delimiter=delimiter,
                                              quote_char='"' if quoted else False,
                                              double_quote=False, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()), strings_can_be_null=False,
                quoted_strings_can_be_null=False, null_values=[]))
    except pa.ArrowInvalid:
        return None
    return table if table.num_rows == block.count else None


def _simple_quotes(data: bytes, delimiter: str) -> bool:
    """Is every quote one end of a whole quoted field on one line, with no quote inside?

    Then Arrow's reader and Python's (strict) read the same values; spreadsheet and database
    exports quote this way (e.g. an empty value written "").
    """
    array = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(array == ord('"'))
    if len(quotes) % 2:
        return False
    opening, closing = quotes[0::2], quotes[1::2]
    before = np.where(opening > 0, array[np.maximum(opening - 1, 0)], ord("\n"))
    after = array[np.minimum(closing + 1, len(array) - 1)]
    after = np.where(closing + 1 < len(array), after, ord("\n"))
    starts = np.isin(before, [ord(delimiter), ord("\n")])
    ends = np.isin(after, [ord(delimiter), ord("\r"), ord("\n")])
    newlines = np.flatnonzero(array == ord("\n"))
    one_line = np.searchsorted(newlines, opening) == np.searchsorted(newlines, closing)
    return bool(starts.all() and ends.all() and one_line.all())


def _arrow_chunk(table: pa.Table, first: int, plain: Callable[[str], bool]) -> RawChunk:
    """Few-valued columns dictionary-encoded (as Parquet's, categories sorted as Python's
    reader would give them); the case id, the time and any many-valued column as text."""
    columns = {}
    for name in table.column_names:
        column = table.column(name)
        if not plain(name) and name.lower().strip() != "timestamp":
            encoded = pc.dictionary_encode(column).combine_chunks()
            if len(encoded.dictionary) <= MAX_CATEGORIES:
                order = pc.array_sort_indices(encoded.dictionary)
                rank = pc.array_sort_indices(order)  # old code -> its sorted position
                column = pa.DictionaryArray.from_arrays(
                    pc.take(rank, encoded.indices).cast(pa.int32()),
                    pc.take(encoded.dictionary, order))
        columns[name] = column
    frame = pa.table(columns).to_pandas()
    frame["line"] = pd.RangeIndex(first, first + len(frame))
    return _without_controls(RawChunk(frame))


def _slow_csv(lines: list[Line], header: list[str], delimiter: str, chunk_rows: int,
              last: bool = False) -> Iterator[RawChunk]:
    """Python's CSV reader, one physical line at a time: every line a row, a blank line or a
    rejected row. A quoted value never runs on to the next line: a quote left open is
    reported at its line (no event has a value spanning lines), and reading resumes at the
    next line, so one stray quote cannot swallow the lines after it."""
    if not lines and not last:
        return
    rejected: list[dict] = []
    blank = 0
    columns: list[list[str]] = [[] for _ in header]
    numbers: list[int] = []
    width = len(header)
    for line in lines:
        if line.text is None:
            rejected.append(_rejected(line))
            continue
        record, problem = split_csv_line(line.text, delimiter)
        if problem is not None:
            rejected.append({"line": line.number, "column": "", "raw": _preview(line.text),
                             "reason": problem})
            continue
        if not record or record == [""]:
            blank += 1
            continue
        if len(record) != width:
            rejected.append({"line": line.number, "column": "",
                             "raw": _preview(line.text),
                             "reason": one("wrong_field_count", expected=width,
                                           found=len(record))})
            continue
        for values, value in zip(columns, record, strict=True):
            values.append(value)
        numbers.append(line.number)
        if len(numbers) >= chunk_rows:
            yield _text_chunk(header, columns, numbers, rejected, blank)
            columns, numbers, rejected, blank = [[] for _ in header], [], [], 0
    yield _text_chunk(header, columns, numbers, rejected, blank)


def split_csv_line(text: str, delimiter: str) -> tuple[list[str] | None, Reasons | None]:
    """One physical line's fields (Python's strict CSV reader), or why it is not a row."""
    try:
        return next(csv.reader((text,), delimiter=delimiter, strict=True), []), None
    except csv.Error as error:
        if str(error) == "unexpected end of data":  # a quote opened and never closed
            return None, one("unclosed_quote", position=_open_quote(text, delimiter))
        return None, one("malformed_csv", detail=error)


def _open_quote(text: str, delimiter: str) -> int:
    """The character position (from 1) of the quote that opens the unclosed value."""
    inside, start, previous = False, 0, delimiter
    for index, char in enumerate(text):
        if char == '"':
            if not inside and previous == delimiter:
                inside, start = True, index + 1
            elif inside:
                inside = False
        previous = char
    return start or text.find('"') + 1


def _text_chunk(header: list[str], columns: list[list[str]], numbers: list[int],
                rejected: list[dict], blank: int = 0) -> RawChunk:
    frame = pd.DataFrame({h: pd.Series(v, dtype="str") for h, v in zip(header, columns,
                                                                        strict=True)})
    frame["line"] = pd.Series(numbers, dtype="int64")
    return _without_controls(RawChunk(frame, list(rejected), blank))


def _jsonl_chunks(items: Iterator[Line | Block], file: str, chunk_rows: int,
                  plain: Callable[[str], bool]) -> Iterator[RawChunk]:
    """Rows of a JSON Lines file: clean blocks through Arrow's JSON reader, the rest (and
    any block it refuses) through Python's json, line by line."""
    def convert(item: Block | list[Line]) -> RawChunk | list[Line]:
        if not isinstance(item, Block):
            return item
        start = item.data.lstrip()
        # A block that starts a JSON array is read line by line: there, the first one is
        # refused as such, any later one as a line that is not an object.
        table = None if not start or start.startswith(b"[") else _arrow_json(item)
        return _lines_of(item) if table is None else _arrow_chunk(table, item.first, plain)

    pending: list[Line] = []
    seen_any = False
    for done in _ahead(_lines_together(items), convert):
        if pending and (isinstance(done, RawChunk) or len(pending) >= chunk_rows):
            yield from _slow_jsonl(pending, file, chunk_rows, seen_any, last=False)
            seen_any = seen_any or any(ln.text is not None and ln.text.strip()
                                       for ln in pending)
            pending = []
        if isinstance(done, RawChunk):
            seen_any = True
            yield done
        else:
            pending.extend(done)
    yield from _slow_jsonl(pending, file, chunk_rows, seen_any, last=True)


def _arrow_json(block: Block) -> pa.Table | None:
    """The block's objects as text columns, or None when a line needs Python's reading
    (a null, a number, a nested value, a blank line, a line that is not an object)."""
    if not COLUMNAR or b"null" in block.data:
        return None
    try:
        first = json.loads(block.data[:block.data.find(b"\n") + 1 or None])
    except ValueError:
        return None
    if not isinstance(first, dict):
        return None
    schema = pa.schema([(key, pa.string()) for key in first])
    try:
        table = pajson.read_json(
            io.BytesIO(block.data),
            read_options=pajson.ReadOptions(use_threads=False, block_size=1 << 24),
            parse_options=pajson.ParseOptions(explicit_schema=schema,
                                              unexpected_field_behavior="infer"))
    except pa.ArrowInvalid:
        return None
    if table.num_rows != block.count or not all(pa.types.is_string(t)
                                                 for t in table.schema.types):
        return None
    return table


def _slow_jsonl(lines: list[Line], file: str, chunk_rows: int, seen_any: bool,
                last: bool) -> Iterator[RawChunk]:
    """Python's json over these lines: every line a row or a rejected row."""
    rows: list[dict] = []
    numbers: list[int] = []
    rejected: list[dict] = []
    blank = 0
    for line in lines:
        if line.text is None:
            rejected.append(_rejected(line))
            continue
        if not line.text.strip():
            blank += 1
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
            yield _json_chunk(rows, numbers, rejected, blank)
            rows, numbers, rejected, blank = [], [], [], 0
    if last and not seen_any and not rejected:
        raise LogFormatError(file, Reason.of("empty_file",
                                             expected="one JSON object per line"), 1)
    if rows or rejected or blank or last:
        yield _json_chunk(rows, numbers, rejected, blank)


def _json_chunk(rows: list[dict], numbers: list[int], rejected: list[dict],
                blank: int = 0) -> RawChunk:
    # A key missing from a row stays missing (NA), told apart from an empty string.
    frame = pd.DataFrame.from_records(rows).astype("str") if rows else pd.DataFrame()
    frame["line"] = pd.Series(numbers, dtype="int64")
    return _without_controls(RawChunk(frame, rejected, blank))


# --- Parquet: typed columns, rows numbered from 1 -----------------------------------------

def _parquet_chunks(stream: BinaryIO | str, file: str, chunk_rows: int, bar: tqdm,
                    max_rows: int | None = None, inflated: int | None = None,
                    size: int | None = None) -> Iterator[RawChunk]:
    try:
        schema = pq.ParquetFile(stream).schema_arrow
        if not isinstance(stream, str):
            stream.seek(0)
        strings = [f.name for f in schema if pa.types.is_string(f.type)
                   or pa.types.is_large_string(f.type) or pa.types.is_dictionary(f.type)]
        parquet = pq.ParquetFile(stream, read_dictionary=strings, memory_map=isinstance(
            stream, str))
    except (pa.ArrowException, OSError) as error:
        raise LogFormatError(file, Reason.of("bad_parquet", detail=error)) from error
    total = parquet.metadata.num_rows
    if total == 0:
        raise LogFormatError(file, Reason.of("empty_file", expected="no rows"))
    if max_rows is not None and total > max_rows:
        limit = f"{max_rows:_}".replace("_", " ")
        raise LogFormatError(file, Reason.of("too_many_rows", limit=limit))
    if inflated is not None:
        _check_parquet_size(parquet.metadata, file, inflated, size)
    bar.reset(total=total)
    bar.unit, bar.unit_scale = "rows", True
    tables = _parquet_tables(parquet, max(chunk_rows, PARQUET_CHUNK_ROWS))
    for chunk in _ahead(_numbered(tables), _parquet_chunk):
        bar.update(len(chunk.frame))
        yield chunk


def _numbered(tables: Iterator[pa.Table]) -> Iterator[tuple[pa.Table, int]]:
    """Each table with the row number (from 1) of its first row."""
    first = 1
    for table in tables:
        yield table, first
        first += table.num_rows


def _parquet_chunk(numbered: tuple[pa.Table, int]) -> RawChunk:
    table, first = numbered
    frame = pd.DataFrame({name: arrow_categorical(column)
                          if pa.types.is_dictionary(column.type) else column.to_pandas()
                          for name, column in zip(table.column_names, table.columns,
                                                  strict=True)})
    frame["line"] = pd.RangeIndex(first, first + len(frame))
    return _without_controls(RawChunk(frame))


TEXT_DICTIONARY = pa.dictionary(pa.int32(), pa.string())


def arrow_categorical(column: pa.ChunkedArray) -> pd.Categorical:
    """A dictionary-encoded Arrow column as a pandas categorical of text, built from its
    dictionaries: pandas' own conversion would check the categories again, which costs as
    much as encoding the million case ids of a large log a second time.
    """
    if column.type != TEXT_DICTIONARY:  # numbers, or large strings: as text
        column = column.cast(TEXT_DICTIONARY)
    # Arrow unites the chunks' dictionaries into unique values, each hashed once (not once
    # per row); a single chunk's too, which a hostile file may give with a value twice.
    chunks = column.chunks if column.num_chunks > 1 else [*column.chunks,
                                                          pa.array([], TEXT_DICTIONARY)]
    column = pa.chunked_array(chunks, TEXT_DICTIONARY).unify_dictionaries()
    codes = np.concatenate([(pc.fill_null(chunk.indices, -1) if chunk.null_count
                             else chunk.indices).to_numpy(zero_copy_only=False)
                            for chunk in column.chunks])  # a missing value: code -1
    return pd.Categorical.from_codes(codes, dtype=text_categories(column.chunks[0].dictionary),
                                     validate=False)


def text_categories(values: pa.Array | pd.Index) -> pd.CategoricalDtype:
    """The categorical dtype of unique text values (an Arrow dictionary's)."""
    categories = pd.Index(values.to_pandas() if isinstance(values, pa.Array) else values,
                          dtype="str")
    # The values are unique: pandas' private fast path skips its own uniqueness
    # check (a second hashing of every value). Should a pandas release drop it, the public
    # constructor gives the same dtype, only slower.
    fastpath = getattr(pd.CategoricalDtype, "_from_fastpath", None)
    return fastpath(categories, ordered=False) if fastpath else pd.CategoricalDtype(categories)


PARQUET_ROW_BYTES = 64  # an event held in memory takes at least this (decoded, as text)


def _check_parquet_size(metadata, file: str, inflated: int, size: int | None) -> None:
    """Parquet's bound, as gzip's: the rows (at PARQUET_ROW_BYTES each) and the decoded
    pages must fit in what the file may inflate to (`inflated_limit`). Dictionary and run-
    length encoding let a few hundred kilobytes declare ten million identical rows."""
    rows = metadata.num_rows
    decoded = sum(metadata.row_group(i).total_byte_size for i in range(metadata.num_row_groups))
    if rows * PARQUET_ROW_BYTES > inflated or decoded > inflated:
        shown = f"{size / 2**10:.0f} KiB" if size is not None else "unknown size"
        raise LogFormatError(file, Reason.of("too_many_rows_for_size", rows=rows, size=shown,
                                             limit=inflated // PARQUET_ROW_BYTES))


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
