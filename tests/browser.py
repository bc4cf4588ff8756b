"""A tiny headless-Chromium driver over the DevTools protocol on a pipe (no websocket, no extra package).

Chromium started with ``--remote-debugging-pipe`` reads protocol messages on fd 3 and writes on fd 4,
each JSON message ending with a NUL byte. Enough here to open pages, collect console errors and every
network request, and take screenshots.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def find_chromium() -> str | None:
    for path in CANDIDATES:
        if os.access(path, os.X_OK):
            return path
    return shutil.which("chromium")


class PageReport:
    def __init__(self) -> None:
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        self.value: object = None  # the result of ``evaluate``


class Chromium:
    def __init__(self, executable: str, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="zi-chromium-")
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def wire_fds() -> None:  # runs in the child: protocol pipe on fds 3 and 4
            high_r = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)  # out of the way first, so 3 and 4 cannot clobber each other
            high_w = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        args = [executable, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
                "--disable-extensions", "--mute-audio", "--hide-scrollbars", f"--user-data-dir={self.profile}", "about:blank"]
        self.proc = subprocess.Popen(args, preexec_fn=wire_fds, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._next_id = 0
        self._responses: dict[int, dict] = {}
        self._events: list[dict] = []
        self._cond = threading.Condition()
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()

    def _read_loop(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._from_chrome, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self._cond:
                    self._cond.notify_all()
                return
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                with self._cond:
                    if "id" in message:
                        self._responses[message["id"]] = message
                    else:
                        self._events.append(message)
                    self._cond.notify_all()

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._next_id += 1
        mid = self._next_id
        message = {"id": mid, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        with self._cond:
            while mid not in self._responses:
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    raise TimeoutError(f"Chromium did not answer {method}")
                self._cond.wait(left)
            response = self._responses.pop(mid)
        if "error" in response:
            raise RuntimeError(f"{method}: {response['error']}")
        return response.get("result", {})

    def wait_event(self, method: str, session: str, since: int) -> None:
        deadline = time.monotonic() + self.timeout
        with self._cond:
            while not any(e.get("method") == method and e.get("sessionId") == session for e in self._events[since:]):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no {method} within {self.timeout} s")
                self._cond.wait(left)

    def open(self, url: str, screenshot: Path | None = None, width: int = 1280, height: int = 900, mobile: bool = False,
             segment: int = 1600, evaluate: str | None = None) -> PageReport:
        """Load ``url`` in a new tab; return every request made and every console error; optionally save a full-page PNG."""
        opened = self.tab(width, height, mobile)
        target, session = opened.target, opened.session
        self.send("Log.enable", session=session)
        with self._cond:
            start = len(self._events)
        self.send("Page.navigate", {"url": url}, session)
        self.wait_event("Page.loadEventFired", session, start)
        time.sleep(0.3)  # let late scripts run and report
        report = PageReport()
        with self._cond:
            events = [e for e in self._events[start:] if e.get("sessionId") == session]
        for e in events:
            p = e.get("params", {})
            if e["method"] == "Network.requestWillBeSent":
                report.requests.append(p["request"]["url"])
            elif e["method"] == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                report.console_errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
            elif e["method"] == "Runtime.exceptionThrown":
                report.console_errors.append(p.get("exceptionDetails", {}).get("text", "exception"))
            elif e["method"] == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                report.console_errors.append(p["entry"].get("text", "") + " " + p["entry"].get("url", ""))
        if evaluate is not None:  # a JSON-returning expression run in the page (e.g. measuring overflow)
            value = self.send("Runtime.evaluate", {"expression": evaluate, "returnByValue": True, "awaitPromise": True}, session)
            report.value = (value.get("result") or {}).get("value")
        if screenshot is not None:
            metrics = self.send("Page.getLayoutMetrics", session=session)
            size = metrics.get("cssContentSize") or metrics["contentSize"]
            total = min(int(size["height"]), 12000)
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            # long pages are saved in screen-sized parts (name.png, name-2.png, …) so each stays readable
            for part, top in enumerate(range(0, max(total, 1), segment)):
                clip = {"x": 0, "y": top, "width": width, "height": min(segment, total - top), "scale": 1}
                shot = self.send("Page.captureScreenshot", {"format": "png", "clip": clip, "captureBeyondViewport": True}, session)
                path = screenshot if part == 0 else screenshot.with_name(f"{screenshot.stem}-{part + 1}{screenshot.suffix}")
                path.write_bytes(base64.b64decode(shot["data"]))
        self.send("Target.closeTarget", {"targetId": target})
        return report

    def tab(self, width: int = 1280, height: int = 900, mobile: bool = False) -> Tab:
        """A tab kept open for a sequence of steps (clicks, typing, file inputs), as a person uses a web form."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Network", "DOM"):
            self.send(f"{domain}.enable", session=session)
        self.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}, session)
        with self._cond:
            start = len(self._events)
        return Tab(self, target, session, start)

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (TimeoutError, RuntimeError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        for fd in (self._to_chrome, self._from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)


class Tab:
    """One open tab: evaluate, wait for a condition, type, press keys, set a file input, take screenshots."""

    def __init__(self, chrome: Chromium, target: str, session: str, start: int) -> None:
        self.chrome, self.target, self.session, self.start = chrome, target, session, start

    def navigate(self, url: str) -> None:
        self.chrome.send("Page.navigate", {"url": url}, self.session)

    def evaluate(self, expression: str) -> object:
        result = self.chrome.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True}, self.session)
        if "exceptionDetails" in result:
            raise RuntimeError(str(result["exceptionDetails"].get("exception", {}).get("description", result["exceptionDetails"]))[:500])
        return (result.get("result") or {}).get("value")

    def wait(self, expression: str, seconds: float = 30) -> object:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = self.evaluate(f"!!({expression})")
            if value:
                return value
            time.sleep(0.25)
        raise TimeoutError(f"not true within {seconds} s: {expression}")

    def type_text(self, text: str) -> None:
        self.chrome.send("Input.insertText", {"text": text}, self.session)

    def press(self, key: str, code: str, vk: int) -> None:
        for kind in ("keyDown", "keyUp"):
            self.chrome.send("Input.dispatchKeyEvent", {"type": kind, "key": key, "code": code, "windowsVirtualKeyCode": vk}, self.session)

    def set_files(self, selector: str, files: list[str]) -> None:
        root = self.chrome.send("DOM.getDocument", {"depth": 0}, self.session)["root"]["nodeId"]
        node = self.chrome.send("DOM.querySelector", {"nodeId": root, "selector": selector}, self.session)["nodeId"]
        self.chrome.send("DOM.setFileInputFiles", {"files": files, "nodeId": node}, self.session)

    def screenshot(self, path: Path) -> None:
        shot = self.chrome.send("Page.captureScreenshot", {"format": "png"}, self.session)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))

    def requests(self) -> list[str]:
        with self.chrome._cond:
            events = [e for e in self.chrome._events[self.start:] if e.get("sessionId") == self.session]
        return [e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"]

    def close(self) -> None:
        self.chrome.send("Target.closeTarget", {"targetId": self.target})
