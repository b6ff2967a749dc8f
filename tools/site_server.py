"""Serve the built site as a web host would: text compressed with gzip, connections kept alive.

``make serve``, the browser tests and ``make bench`` all use it, so what they measure is
what a reader's browser receives. Text files (HTML, CSS, JavaScript, JSON, SVG) go out
gzip-compressed to a client that accepts it; images and fonts, compressed already, as
they are. Usage: ``python tools/site_server.py --bind 127.0.0.1 --directory _build/html 8000``.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

COMPRESSED_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
)


def _accepts_gzip(header: str | None) -> bool:
    """Whether an ``Accept-Encoding`` header allows gzip (``gzip;q=0`` refuses it)."""
    for part in (header or "").split(","):
        name, _, parameters = part.strip().partition(";")
        if name.strip().lower() in ("gzip", "*"):
            quality = parameters.strip().removeprefix("q=").strip()
            try:
                return not quality or float(quality) > 0
            except ValueError:
                return False
    return False


@functools.lru_cache(maxsize=512)
def _gzipped(path: str, mtime_ns: int, size: int) -> bytes:
    """The file's bytes compressed (cached per path, modification time and size)."""
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; text compressed with gzip when the client accepts it. HTTP/1.1."""

    protocol_version = "HTTP/1.1"

    def send_head(self):
        path = self.translate_path(self.path)
        content_type = self.guess_type(path)
        if (
            not os.path.isfile(path)
            or not content_type.startswith(COMPRESSED_TYPES)
            or not _accepts_gzip(self.headers.get("Accept-Encoding"))
        ):
            return super().send_head()
        stat = os.stat(path)
        body = _gzipped(path, stat.st_mtime_ns, stat.st_size)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(stat.st_mtime))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


class QuietGzipHandler(GzipHandler):
    """The same, without a log line per request (for tests and benchmarks)."""

    def log_message(self, format, *args):
        pass


class SiteServer(http.server.ThreadingHTTPServer):
    """One thread per connection; a browser closing a kept-alive connection is no error."""

    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def make_server(
    directory: Path, host: str = "127.0.0.1", port: int = 0, *, quiet: bool = True
) -> SiteServer:
    """A server for ``directory`` on ``host:port`` (0: a free port); not started."""
    handler_class = QuietGzipHandler if quiet else GzipHandler
    handler = functools.partial(handler_class, directory=str(directory))
    return SiteServer((host, port), handler)


@contextmanager
def serving(directory: Path, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve ``directory`` on a free port in a background thread; yields the base URL."""
    server = make_server(directory, host)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bind", default="127.0.0.1", help="address (default 127.0.0.1)")
    parser.add_argument("--directory", type=Path, default=Path("_build/html"))
    parser.add_argument("port", type=int, nargs="?", default=8000)
    args = parser.parse_args(argv)
    server = make_server(args.directory, args.bind, args.port, quiet=False)
    print(f"Serving {args.directory} (gzip) on http://{args.bind}:{args.port}/")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
