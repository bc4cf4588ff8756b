"""``zi serve portalrb``: the PortalRB endpoints (DESIGN §9) over HTTP with a Bearer token, as the integration guide asks.

Standard library only (``http.server``), meant to sit behind a TLS reverse proxy (README: PortalRB). The documents are
assembled and schema-checked once at start (the same functions as ``zi export portalrb``) and served from memory: a
request path is looked up in a dictionary, never joined to a file system path, so there is nothing to traverse.
Every request is logged (time, client, method, path, status, bytes, milliseconds; never the token); each client has a
token-bucket rate limit; the answers never leave without the token.
"""

from __future__ import annotations

import hmac
import io
import ipaddress
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

from .portalrb import document_problems, document_text, error_document, portalrb_documents
from .problems import DataError
from .repository import Repository

MIN_TOKEN_LENGTH = 32  # a token shorter than this is refused: it would be guessable
REQUEST_TIMEOUT = 10  # seconds a client may stay silent while sending its request
REQUEST_DEADLINE = 15  # seconds a client may take for its whole request line and headers (one header every 5 s holds nothing)
STATUS_CODES = {400: "BAD_REQUEST", 404: "DATA_NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 408: "REQUEST_TIMEOUT",
                414: "URI_TOO_LONG", 431: "HEADERS_TOO_LARGE", 505: "HTTP_VERSION_NOT_SUPPORTED"}


def build_documents(repo: Repository, years: list[int] | None = None) -> dict[str, bytes]:
    """URL path (``/<year>/pengusulan/unit-wbk``, … and the same with ``.json``) → JSON body, for every year asked (all
    years with LKE files by default). Refuses documents PortalRB would reject, like the export does."""
    records = repo.units()
    years = years or sorted({e.year for r in records for e in r.lke if e.year})
    out: dict[str, bytes] = {}
    for year in years:
        docs = portalrb_documents(repo, year, records)
        problems = document_problems(docs)
        if problems:
            raise DataError(problems)
        for path, doc in docs.items():
            body = document_text(doc).encode("utf-8")
            out[f"/{year}/{path}"] = body
            out[f"/{year}/{path}.json"] = body
    return out


@dataclass
class RateLimiter:
    """A token bucket per client: ``per_minute`` requests a minute on average, bursts up to ``burst``."""

    per_minute: int = 60
    burst: int = 20
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def allow(self, client: str) -> tuple[bool, int]:
        """(allowed, seconds to wait when not)."""
        rate = self.per_minute / 60.0
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.get(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * rate)
            if tokens >= 1:
                self._buckets[client] = (tokens - 1, now)
                return True, 0
            self._buckets[client] = (tokens, now)
            return False, max(1, int((1 - tokens) / rate + 0.999))


@dataclass
class PortalConfig:
    documents: dict[str, bytes]
    token: str
    limiter: RateLimiter
    log: Callable[[str], None]
    base: str = "/portalrb"  # the path prefix the reverse proxy forwards (the base URL PortalRB is given ends with it)
    trust_proxy: bool = False  # take the client address from X-Forwarded-For (only behind your own proxy)
    deadline: float = REQUEST_DEADLINE


PROXY_NETWORKS = tuple(ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"))


def forwarded_client(header: str, peer: str) -> str:
    """The client behind our own proxies: the right-most X-Forwarded-For hop that is not one of them.

    Only the right end of the header is trustworthy (each proxy appends the address it saw); the left end is whatever
    the client wrote. Hops that are the peer itself or loopback, link-local or RFC 1918/6598/4193 addresses are our proxies and are skipped; an
    entry that is not an IP address stops the walk (the client wrote it), and the hop to its right is the answer."""
    hops = [h.strip() for h in header.split(",") if h.strip()]
    client = peer
    for hop in reversed(hops):
        try:
            address = ipaddress.ip_address(hop)
        except ValueError:
            break
        client = str(address)
        if not (hop == peer or address.is_loopback or address.is_link_local or any(address in net for net in PROXY_NETWORKS)):
            break
    return client


class _DeadlineReader(io.RawIOBase):
    """The request's bytes, each read given only the time left before the request's deadline (then ``TimeoutError``,
    which ``http.server`` answers by closing the connection)."""

    def __init__(self, sock: socket.socket, deadline: Callable[[], float]) -> None:
        self._sock, self._deadline = sock, deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        remaining = self._deadline() - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("request deadline")
        self._sock.settimeout(min(remaining, REQUEST_TIMEOUT))
        return self._sock.recv_into(buffer)


def make_handler(config: PortalConfig) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "zi-portalrb"

        def version_string(self) -> str:  # no Python version in the Server header
            return self.server_version
        protocol_version = "HTTP/1.1"
        timeout = REQUEST_TIMEOUT

        def client(self) -> str:
            headers = getattr(self, "headers", None)
            if config.trust_proxy and headers is not None and headers.get("X-Forwarded-For"):
                return forwarded_client(headers.get("X-Forwarded-For", ""), self.client_address[0])
            return str(self.client_address[0])

        def send_json(self, status: int, body: bytes, extra: dict[str, str] | None = None, head: bool = False) -> None:
            self._status, self._bytes = status, len(body)  # answered: the header deadline no longer applies
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def fail(self, status: int, code: str, message: str, extra: dict[str, str] | None = None, head: bool = False) -> None:
            self.send_json(status, document_text(error_document(code, message)).encode("utf-8"), extra, head)

        def setup(self) -> None:
            super().setup()
            self._deadline = time.monotonic() + config.deadline
            # every read of the request checks a total deadline: a socket timeout alone restarts with every byte
            self.rfile = io.BufferedReader(_DeadlineReader(self.connection, lambda: self._deadline))

        def handle_one_request(self) -> None:
            self._status, self._bytes, self._started = 0, 0, time.perf_counter()
            self._deadline = time.monotonic() + config.deadline
            super().handle_one_request()
            if not self._status and time.monotonic() >= self._deadline:
                self._status = 408  # cut off at the deadline: no answer was sent, the line says so
            if self._status:
                path = urlsplit(self.path).path if getattr(self, "path", None) else "-"
                config.log(f"{datetime.now(UTC).isoformat(timespec='seconds')} {self.client()} {getattr(self, 'command', '-')} "
                           f"{path!r} {self._status} {self._bytes} {1000 * (time.perf_counter() - self._started):.1f}ms")

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            """Malformed requests and unknown methods get the guide's JSON error document (never the stdlib's HTML page),
            and are logged like any request. An unknown method (TRACE, CONNECT, …) is 405, as POST is."""
            if code == 501:
                code = 405
            self.close_connection = True
            if not getattr(self, "request_version", None) or self.request_version == "HTTP/0.9":
                self.request_version = "HTTP/1.1"  # answer even a request line we could not parse with a proper status line
            reason = {405: "hanya GET dan HEAD", 408: "permintaan tidak selesai tepat waktu"}.get(code, "permintaan tidak sah")
            self.fail(code, STATUS_CODES.get(code, "BAD_REQUEST"), reason, {"Allow": "GET, HEAD"} if code == 405 else None)

        def respond(self, head: bool) -> None:
            allowed, wait = config.limiter.allow(self.client())
            if not allowed:
                self.fail(429, "RATE_LIMITED", f"terlalu banyak permintaan; coba lagi dalam {wait} detik", {"Retry-After": str(wait)}, head)
                return
            given = self.headers.get("Authorization", "")
            scheme, _, token = given.partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), config.token.encode()):
                self.fail(401, "UNAUTHORIZED", "token Bearer tidak ada atau salah", {"WWW-Authenticate": 'Bearer realm="portalrb"'}, head)
                return
            path = unquote(urlsplit(self.path).path)
            key = path[len(config.base):] if path.startswith(config.base + "/") else None
            body = config.documents.get(key) if key else None
            if body is None:
                self.fail(404, "DATA_NOT_FOUND", "data tidak ditemukan untuk alamat ini", head=head)
                return
            self.send_json(200, body, head=head)

        def do_GET(self) -> None:  # noqa: N802 — http.server's naming
            self.respond(head=False)

        def do_HEAD(self) -> None:  # noqa: N802
            self.respond(head=True)

        def refuse(self) -> None:
            self.fail(405, "METHOD_NOT_ALLOWED", "hanya GET", {"Allow": "GET, HEAD"})

        do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = refuse  # noqa: N815

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 — the one request log is handle_one_request's
            return

    return Handler


def make_server(host: str, port: int, config: PortalConfig) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((host, port), make_handler(config))
    server.daemon_threads = True
    return server


def check_token(token: str | None) -> str:
    token = (token or "").strip()
    if len(token) < MIN_TOKEN_LENGTH:
        raise ValueError(f"token PortalRB minimal {MIN_TOKEN_LENGTH} karakter (buat dengan: python -c 'import secrets; print(secrets.token_urlsafe(32))')")
    return token
