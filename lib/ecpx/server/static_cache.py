"""Static files compressed once, then served from memory to every device of the room.

Tornado's gzip transform compresses each response again, for every first visit of every
trainee (a chapter's 3.6 MB of scripts). Here each static file (Voilà's scripts, the template's
styles, the widgets' extensions) is compressed once, at its first request, at gzip's best level
(level 9: a first visit of chapter 02 receives 1.51 MB instead of 1.78 MB at level 1,
`benchmarks/bench_phone.py`), and the compressed bytes are kept in memory, keyed by the file's
path, size and modification time (a changed file is compressed again). A request that
accepts gzip gets them with `Content-Encoding: gzip`, their length and an ETag of their own
(the file's hash and `-gzip`), so that a browser's revalidation answers 304 as before. A
`Range` request, a client without gzip, a small file or an incompressible type gets
tornado's own answer.

`precompressed(handler_class)` gives a handler class that does this, for any
`tornado.web.StaticFileHandler`; the server wraps its static handlers with it (`app`).
"""

from __future__ import annotations

import gzip
import os
import threading

import tornado.web

LEVEL = 9
MIN_SIZE = 1024  # tornado's own threshold: a smaller file gains nothing from gzip
MAX_SIZE = 32 << 20  # a larger file is streamed by tornado, compressed on the fly
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml",
                "image/svg+xml", "application/wasm", "application/x-javascript")

_cache: dict[tuple[str, int, int], bytes] = {}
_lock = threading.Lock()


def compressed(path: str) -> bytes:
    """The file's bytes at gzip level 9, compressed at the first call for this version."""
    stat = os.stat(path)
    key = (path, stat.st_size, stat.st_mtime_ns)
    data = _cache.get(key)
    if data is None:
        with open(path, "rb") as file:
            data = gzip.compress(file.read(), compresslevel=LEVEL, mtime=0)
        with _lock:
            for old in [k for k in _cache if k[0] == path]:  # an older version of the file
                del _cache[old]
            _cache[key] = data
    return data


def cached_bytes() -> int:
    """What the cache holds (for the benchmarks and the tests)."""
    return sum(len(data) for data in _cache.values())


class PrecompressedMixin:
    """The hooks of `tornado.web.StaticFileHandler.get` that serve the compressed bytes."""

    _gzipped: bytes | None = None

    def _wants_gzip(self) -> bool:
        request = self.request
        if "gzip" not in request.headers.get("Accept-Encoding", "") or "Range" in request.headers:
            return False
        content_type = self.get_content_type().split(";")[0].strip()
        if not content_type.startswith(COMPRESSIBLE):
            return False
        size = self.get_content_size()
        return MIN_SIZE <= size <= MAX_SIZE

    def set_headers(self) -> None:
        if self._wants_gzip():
            data = compressed(self.absolute_path)
            self._gzipped = data
            # get() reads the body through get_content (a class method), on this instance.
            self.get_content = lambda abspath, start=None, end=None: data
        super().set_headers()
        if self._gzipped is not None:
            # Tornado's gzip transform leaves an encoded body alone and adds Vary itself.
            self.set_header("Content-Encoding", "gzip")

    def get_content_size(self) -> int:
        if self._gzipped is not None:
            return len(self._gzipped)
        return super().get_content_size()

    def compute_etag(self) -> str | None:
        etag = super().compute_etag()
        if etag and self._gzipped is not None:  # another representation, another tag
            return etag[:-1] + '-gzip"'
        return etag


def precompressed(handler_class: type) -> type:
    """`handler_class`, serving its files' gzip bytes from the cache if it serves static files."""
    if not (isinstance(handler_class, type)
            and issubclass(handler_class, tornado.web.StaticFileHandler)):
        return handler_class
    return type(f"Precompressed{handler_class.__name__}", (PrecompressedMixin, handler_class),
                {"__module__": __name__})
