"""Editors help fully: yaml-language-server (the engine of VS Code's YAML extension), driven over stdio with our
schemas, completes item ids and options, shows the criterion on hover, and flags a wrong option.

Needs ``npm ci --prefix tooling/editor`` (.ci/run does it); skipped without it unless ZI_REQUIRE_YLS=1.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from committed import SOURCE

SERVER = SOURCE / "tooling/editor/node_modules/yaml-language-server/bin/yaml-language-server"


class Lsp:
    """A minimal Language Server Protocol client: Content-Length framed JSON-RPC over the server's stdin/stdout."""

    def __init__(self, root: Path) -> None:
        self.proc = subprocess.Popen([shutil.which("node") or "node", str(SERVER), "--stdio"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.next_id, self.replies, self.notes = 1, {}, []
        self.lock = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        self.request("initialize", {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": {
            "textDocument": {"completion": {"completionItem": {"snippetSupport": False}}, "hover": {"contentFormat": ["markdown", "plaintext"]},
                             "publishDiagnostics": {}}, "workspace": {"configuration": True}}})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": self.settings})

    settings = {"yaml": {"validate": True, "hover": True, "completion": True, "schemaStore": {"enable": False}}}

    def _send(self, message: dict) -> None:
        body = json.dumps(message).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return
            message = json.loads(stream.read(length))
            if "method" in message and "id" in message:  # the server asks us (workspace/configuration …)
                items = (message.get("params") or {}).get("items") or []
                self._send({"jsonrpc": "2.0", "id": message["id"],
                            "result": [self.settings.get(i.get("section", ""), self.settings["yaml"]) for i in items] or None})
                continue
            with self.lock:
                if "id" in message:
                    self.replies[message["id"]] = message
                else:
                    self.notes.append(message)
                self.lock.notify_all()

    def notify(self, method: str, params: dict) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: dict, timeout: float = 30) -> object:
        rid, self.next_id = self.next_id, self.next_id + 1
        self._send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        with self.lock:
            assert self.lock.wait_for(lambda: rid in self.replies, timeout), f"{method}: no reply"
            reply = self.replies.pop(rid)
        assert "error" not in reply, reply
        return reply.get("result")

    def diagnostics(self, uri: str, timeout: float = 30) -> list[dict]:
        deadline = time.monotonic() + timeout
        with self.lock:
            while time.monotonic() < deadline:
                found = [n["params"]["diagnostics"] for n in self.notes
                         if n.get("method") == "textDocument/publishDiagnostics" and n["params"]["uri"] == uri and n["params"]["diagnostics"]]
                if found:
                    return found[-1]
                self.lock.wait(0.2)
        return []

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=10)
            self.notify("exit", {})
            self.proc.wait(timeout=10)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


@pytest.fixture(scope="module")
def editor():
    if not SERVER.is_file() or not shutil.which("node"):
        if os.environ.get("ZI_REQUIRE_YLS") == "1":
            pytest.fail("yaml-language-server not installed: npm ci --prefix tooling/editor")
        pytest.skip("yaml-language-server not installed (npm ci --prefix tooling/editor)")
    client = Lsp(SOURCE)
    yield client
    client.close()


def _open(editor: Lsp, rel: str, text: str) -> str:
    uri = (SOURCE / rel).as_uri()  # the schema line is relative to the file: the document lives where the unit's file does
    editor.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}})
    return uri


SELF = "units/disdukcapil/lke/2099/self.yaml"
HEAD = "# yaml-language-server: $schema=../../../../tooling/zi_evidence/schemas/lke-self.schema.json\nrules: permenpanrb-90-2021\nanswers:\n"


def _labels(result) -> list[str]:
    items = result.get("items", []) if isinstance(result, dict) else result or []
    return [i["label"] for i in items]


def test_completion_offers_item_ids_then_the_items_options(editor):
    uri = _open(editor, SELF, HEAD + "  P.MP.1.a: Ya\n  \n")
    labels = _labels(editor.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": 4, "character": 2}}))
    assert {"P.MP.1.b", "P.MP.2.a", "H.PP.1.a"} <= set(labels) and len(labels) > 80
    uri = _open(editor, SELF.replace("2099", "2098"), HEAD + "  P.MP.1.b: \n")
    options = _labels(editor.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": 3, "character": 12}}))
    assert {"A", "B", "C"} <= set(options), options


def test_completion_in_the_long_form_never_offers_tpi_fields_to_the_unit(editor):
    uri = _open(editor, SELF.replace("2099", "2097"), HEAD + "  P.MP.1.a:\n    answer: Ya\n    \n")
    labels = set(_labels(editor.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": 5, "character": 4}})))
    assert {"evidence", "tanggapan"} <= labels and not {"status", "catatan"} & labels, labels


def test_hover_shows_the_criterion_of_the_item(editor):
    from zi_evidence.ruleset import RuleSetLoader

    rules = RuleSetLoader(SOURCE).load("permenpanrb-90-2021")
    uri = _open(editor, SELF.replace("2099", "2096"), HEAD + "  P.MP.1.b: B\n")
    hover = editor.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 3, "character": 5}})
    text = json.dumps(hover, ensure_ascii=False)
    assert rules.items["P.MP.1.b"].text[:60] in text
    option_b = next(o for o in rules.items["P.MP.1.b"].options if o.code == "B")
    assert str(option_b.text)[:60] in text  # each option's meaning, whole


def test_a_wrong_option_is_flagged_where_it_is_written(editor):
    uri = _open(editor, SELF.replace("2099", "2095"), HEAD + "  P.MP.1.a: Ya\n  P.MP.1.b: Z\n")
    found = editor.diagnostics(uri)
    assert found, "no diagnostics"
    wrong = [d for d in found if d["range"]["start"]["line"] == 4]
    assert wrong and all(d["range"]["start"]["line"] != 3 for d in found), found
