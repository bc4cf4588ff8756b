"""`zi serve portalrb` over 127.0.0.1: Bearer token, the guide's error documents, request logs, a rate limit, and no way
out of the served documents (path traversal in every spelling)."""

from __future__ import annotations

import http.client
import json
import threading
import time

import jsonschema
import pytest

from conftest import ROOT
from zi_evidence.cli import main as zi
from zi_evidence.repository import Repository
from zi_evidence.serve import PortalConfig, RateLimiter, build_documents, make_server
from zi_evidence.validation import load_schema

pytestmark = pytest.mark.slow  # starts HTTP servers

TOKEN = "t" * 40


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def documents():
    return build_documents(Repository(ROOT))


@pytest.fixture
def portal(documents):
    lines: list[str] = []
    clock = FakeClock()
    config = PortalConfig(documents, TOKEN, RateLimiter(per_minute=60, burst=5, clock=clock), lines.append)
    server = make_server("127.0.0.1", 0, config)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], lines, clock
    server.shutdown()
    server.server_close()


def request(port: int, path: str, token: str | None = TOKEN, method: str = "GET", scheme: str = "Bearer") -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Authorization": f"{scheme} {token}"} if token is not None else {}
    conn.putrequest(method, path, skip_accept_encoding=True)  # the path goes out exactly as written (no normalising)
    for key, value in headers.items():
        conn.putheader(key, value)
    conn.endheaders()
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), body


def test_serves_every_endpoint_with_the_token(portal):
    port, lines, _ = portal
    status, headers, body = request(port, "/portalrb/2026/lke/jawaban-unit/UNIT-DISDUKCAPIL")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    jsonschema.validate(json.loads(body), load_schema("portalrb-jawaban-unit"))
    assert request(port, "/portalrb/2026/lke/jawaban-unit/UNIT-DISDUKCAPIL.json")[2] == body
    for predicate in ("wbk", "wbbm"):
        status, _, body = request(port, f"/portalrb/2026/pengusulan/unit-{predicate}", scheme="bearer")  # the scheme is case-insensitive
        assert status == 200
        jsonschema.validate(json.loads(body), load_schema("portalrb-pengusulan"))
    status, headers, body = request(port, "/portalrb/2026/pengusulan/unit-wbk", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


@pytest.mark.parametrize("token", [None, "", "salah", TOKEN[:-1], TOKEN + "x", f"{TOKEN} extra"])
def test_missing_or_wrong_token_is_refused_with_the_error_document(portal, token):
    port, lines, _ = portal
    status, headers, body = request(port, "/portalrb/2026/pengusulan/unit-wbk", token=token)
    assert status == 401 and headers["WWW-Authenticate"].startswith("Bearer")
    doc = json.loads(body)
    jsonschema.validate(doc, load_schema("portalrb-error"))
    assert doc["code"] == "UNAUTHORIZED" and "units" not in body.decode()


def test_basic_auth_is_not_a_bearer_token(portal):
    port, _, _ = portal
    assert request(port, "/portalrb/2026/pengusulan/unit-wbk", scheme="Basic")[0] == 401


@pytest.mark.parametrize("path", [
    "/portalrb/2026/../../../../etc/passwd", "/portalrb/2026/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/portalrb/..%2f..%2fetc%2fpasswd",
    "//etc/passwd", "/portalrb/2026/lke/jawaban-unit/../../../pyproject.toml", "/portalrb/2026/lke/jawaban-unit/%00",
    "/portalrb/2026/lke/jawaban-unit/UNIT-DISDUKCAPIL/../../pengusulan/unit-wbk", "/portalrb", "/portalrb/", "/",
    "/portalrb/2026/lke/jawaban-unit/UNIT-TIDAK-ADA", "/portalrb/1999/pengusulan/unit-wbk", "/units/instansi.yaml",
])
def test_nothing_outside_the_documents_is_reachable(portal, path):
    port, _, _ = portal
    status, _, body = request(port, path)
    assert status == 404
    doc = json.loads(body)
    jsonschema.validate(doc, load_schema("portalrb-error"))
    assert doc["code"] == "DATA_NOT_FOUND" and "root:" not in body.decode()


def test_only_get_and_head(portal):
    port, _, _ = portal
    status, headers, body = request(port, "/portalrb/2026/pengusulan/unit-wbk", method="POST")
    assert status == 405 and headers["Allow"] == "GET, HEAD" and json.loads(body)["code"] == "METHOD_NOT_ALLOWED"


def test_rate_limit_per_client_then_recovers(portal):
    port, _, clock = portal
    statuses = [request(port, "/portalrb/2026/pengusulan/unit-wbk")[0] for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    status, headers, body = request(port, "/portalrb/2026/pengusulan/unit-wbk")
    assert status == 429 and int(headers["Retry-After"]) >= 1 and json.loads(body)["code"] == "RATE_LIMITED"
    clock.now += 2  # 60 a minute: one request a second comes back
    assert request(port, "/portalrb/2026/pengusulan/unit-wbk")[0] == 200


def test_every_request_is_logged_without_the_token(portal):
    port, lines, _ = portal
    request(port, "/portalrb/2026/pengusulan/unit-wbk")
    request(port, "/portalrb/2026/pengusulan/unit-wbk", token="salah")
    request(port, "/portalrb/../etc/passwd")
    for _ in range(50):  # the line is written after the response went out
        if len(lines) == 3:
            break
        time.sleep(0.1)
    assert len(lines) == 3
    # a threaded server writes each line after its response went out: the order of the lines is not the order of requests
    assert sorted(next(code for code in (" 200 ", " 401 ", " 404 ") if code in line) for line in lines) == [" 200 ", " 401 ", " 404 "]
    assert all("127.0.0.1 GET " in line and TOKEN not in line and "salah" not in line for line in lines)


def test_the_command_refuses_a_short_or_missing_token(monkeypatch, capsys, tmp_path):
    monkeypatch.delenv("ZI_PORTALRB_TOKEN", raising=False)
    assert zi(["serve", "portalrb", "--root", str(ROOT)]) == 2
    short = tmp_path / "token"
    short.write_text("rahasia\n")
    assert zi(["serve", "portalrb", "--root", str(ROOT), "--token-file", str(short)]) == 2
    assert "minimal 32 karakter" in capsys.readouterr().err


def test_an_unreadable_token_file_or_log_file_is_a_clear_error(monkeypatch, capsys, tmp_path):
    monkeypatch.delenv("ZI_PORTALRB_TOKEN", raising=False)
    missing = tmp_path / "tidak-ada"
    assert zi(["serve", "portalrb", "--root", str(ROOT), "--token-file", str(missing)]) == 2
    err = capsys.readouterr().err
    assert f"{missing}: berkas token tidak dapat dibaca" in err and "Traceback" not in err
    binary = tmp_path / "token.bin"
    binary.write_bytes(b"\xff\xfe" * 40)
    assert zi(["serve", "portalrb", "--root", str(ROOT), "--token-file", str(binary)]) == 2
    assert f"{binary}: berkas token tidak dapat dibaca" in capsys.readouterr().err
    monkeypatch.setenv("ZI_PORTALRB_TOKEN", "t" * 40)
    log = tmp_path / "tidak-ada" / "portal.log"
    assert zi(["serve", "portalrb", "--root", str(ROOT), "--log", str(log)]) == 2
    assert f"{log}: berkas log tidak dapat ditulis" in capsys.readouterr().err


@pytest.fixture
def strict_portal(documents):
    """A server with a short total deadline for request headers (the default is 15 s)."""
    lines: list[str] = []
    config = PortalConfig(documents, TOKEN, RateLimiter(per_minute=600, burst=50), lines.append, deadline=1.5)
    server = make_server("127.0.0.1", 0, config)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], lines
    server.shutdown()
    server.server_close()


def _raw(port: int, data: bytes, timeout: float = 10) -> bytes:
    import socket
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def test_a_slow_client_is_cut_off_at_the_total_deadline(strict_portal):
    """One header line every 0.4 s never trips a per-read timeout; the total deadline (1.5 s here) ends it."""
    import socket
    port, lines = strict_portal
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET /portalrb/2026/pengusulan/unit-wbk HTTP/1.1\r\nHost: x\r\n")
        closed = False
        for n in range(20):
            time.sleep(0.4)
            try:
                sock.sendall(f"X-Pelan-{n}: a\r\n".encode())
                if sock.recv(1, socket.MSG_DONTWAIT) == b"":
                    closed = True
                    break
            except BlockingIOError:
                continue
            except OSError:
                closed = True
                break
    assert closed and time.monotonic() - started < 5
    for _ in range(50):
        if lines:
            break
        time.sleep(0.05)
    assert lines and " 408 " in lines[-1]  # logged


@pytest.mark.parametrize("raw, status, code", [
    (b"TRACE /portalrb/2026/pengusulan/unit-wbk HTTP/1.1\r\nHost: x\r\n\r\n", 405, "METHOD_NOT_ALLOWED"),
    (b"BREW /x HTTP/1.1\r\nHost: x\r\n\r\n", 405, "METHOD_NOT_ALLOWED"),
    (b"GET /x HTTP/9.9\r\nHost: x\r\n\r\n", 505, "HTTP_VERSION_NOT_SUPPORTED"),
    (b"ini bukan permintaan HTTP\r\n\r\n", 400, "BAD_REQUEST"),
    (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n", 414, "URI_TOO_LONG"),
])
def test_malformed_requests_get_the_json_error_and_are_logged(strict_portal, raw, status, code):
    port, lines = strict_portal
    answer = _raw(port, raw)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.split(b" ", 2)[1] == str(status).encode(), head
    assert b"application/json" in head and b"<html" not in answer.lower()
    assert json.loads(body)["code"] == code
    for _ in range(50):
        if lines:
            break
        time.sleep(0.05)
    assert lines and f" {status} " in lines[-1]


def test_trust_proxy_takes_the_right_most_hop_that_is_not_ours():
    from zi_evidence.serve import forwarded_client
    assert forwarded_client("203.0.113.9", "127.0.0.1") == "203.0.113.9"
    assert forwarded_client("6.6.6.6, 203.0.113.9", "127.0.0.1") == "203.0.113.9"  # the client wrote 6.6.6.6 itself
    assert forwarded_client("6.6.6.6, 203.0.113.9, 10.0.0.2", "10.0.0.3") == "203.0.113.9"  # our second proxy skipped
    assert forwarded_client("palsu, 203.0.113.9", "127.0.0.1") == "203.0.113.9"
    assert forwarded_client("203.0.113.9, palsu", "127.0.0.1") == "127.0.0.1"  # garbage at the right end: the proxy itself
    assert forwarded_client("", "127.0.0.1") == "127.0.0.1"
