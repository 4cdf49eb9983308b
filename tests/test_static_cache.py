"""Static files compressed once (gzip level 9) and served from memory, with their own ETag."""

from __future__ import annotations

import gzip

import pytest
import tornado.httpclient
import tornado.testing
import tornado.web
from ecpx.server import static_cache
from ecpx.server.app import QuickGzip

from tests.conftest import in_own_thread

SCRIPT = b"export const words = ['Activer votre e-CPS'];\n" * 400


class CountingCompressions:
    def __init__(self, monkeypatch):
        self.calls = 0
        real = gzip.compress

        def counted(data, *args, **kwargs):
            self.calls += 1
            return real(data, *args, **kwargs)

        monkeypatch.setattr(static_cache.gzip, "compress", counted)


@pytest.fixture
def counter(monkeypatch):
    monkeypatch.setattr(static_cache, "_cache", {})
    return CountingCompressions(monkeypatch)


def decoded(response: tornado.httpclient.HTTPResponse) -> bytes:
    if response.headers.get("Content-Encoding") == "gzip":
        return gzip.decompress(response.body)
    return response.body


class StaticCacheTest(tornado.testing.AsyncHTTPTestCase):
    def run(self, result=None):
        # Tornado's test loop in a thread of its own (Playwright may hold this thread's loop).
        return in_own_thread(super().run, result)

    @pytest.fixture(autouse=True)
    def folder(self, tmp_path, counter):
        (tmp_path / "app.js").write_bytes(SCRIPT)
        (tmp_path / "tiny.js").write_bytes(b"let a = 1;\n")
        (tmp_path / "logo.png").write_bytes(bytes(range(256)) * 20)
        self.root, self.counter = tmp_path, counter

    def get_app(self):
        handler = static_cache.precompressed(tornado.web.StaticFileHandler)
        return tornado.web.Application([(r"/static/(.*)", handler, {"path": str(self.root)})],
                                       transforms=[QuickGzip])

    def get(self, path: str, **headers) -> tornado.httpclient.HTTPResponse:
        return self.fetch(path, headers=headers, decompress_response=False, raise_error=False)

    def test_a_script_crosses_compressed_once_for_every_visit(self):
        first = self.get("/static/app.js", **{"Accept-Encoding": "gzip"})
        second = self.get("/static/app.js", **{"Accept-Encoding": "gzip, br"})
        for response in (first, second):
            assert response.code == 200
            assert response.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(response.body) == SCRIPT
            assert int(response.headers["Content-Length"]) == len(response.body) < len(SCRIPT)
            assert "Accept-Encoding" in response.headers["Vary"]
        assert first.body == second.body
        assert self.counter.calls == 1  # not at every first visit
        assert static_cache.cached_bytes() == len(first.body)

    def test_the_compressed_bytes_have_their_own_etag_and_revalidate(self):
        plain = self.get("/static/app.js")
        packed = self.get("/static/app.js", **{"Accept-Encoding": "gzip"})
        assert plain.body == SCRIPT and "Content-Encoding" not in plain.headers
        assert packed.headers["Etag"] != plain.headers["Etag"]
        assert packed.headers["Etag"].endswith('-gzip"')
        again = self.get("/static/app.js", **{"Accept-Encoding": "gzip",
                                              "If-None-Match": packed.headers["Etag"]})
        assert again.code == 304

    def test_a_changed_file_is_compressed_again(self):
        self.get("/static/app.js", **{"Accept-Encoding": "gzip"})
        (self.root / "app.js").write_bytes(SCRIPT + b"// v2\n")
        response = self.get("/static/app.js", **{"Accept-Encoding": "gzip"})
        assert gzip.decompress(response.body) == SCRIPT + b"// v2\n"
        assert self.counter.calls == 2
        assert len(static_cache._cache) == 1  # the old version is dropped

    def test_ranges_small_files_and_images_get_tornados_answer(self):
        ranged = self.get("/static/app.js", **{"Accept-Encoding": "gzip", "Range": "bytes=0-9"})
        # (tornado's own answer: its transform may gzip it on the fly, as before)
        assert ranged.code == 206 and decoded(ranged) == SCRIPT[:10]
        tiny = self.get("/static/tiny.js", **{"Accept-Encoding": "gzip"})
        assert decoded(tiny) == b"let a = 1;\n"
        image = self.get("/static/logo.png", **{"Accept-Encoding": "gzip"})
        assert "Content-Encoding" not in image.headers
        assert self.counter.calls == 0


def test_other_handlers_are_left_alone():
    assert static_cache.precompressed(tornado.web.RequestHandler) is tornado.web.RequestHandler
    wrapped = static_cache.precompressed(tornado.web.StaticFileHandler)
    assert issubclass(wrapped, tornado.web.StaticFileHandler)
