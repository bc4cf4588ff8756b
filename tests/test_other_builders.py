"""The exported site (`zi site export`) built by the maintained successors of the stack: ProperDocs (MkDocs 1.x with
plugins) and Zensical (Material's successor, newest installable). Same pages, no broken link, no request to another
host, and the same browser checks (console, overflow, axe) as the MkDocs build.

.ci/run installs each into its own virtualenv and names the executables in ZI_PROPERDOCS / ZI_ZENSICAL (with
ZI_REQUIRE_BUILDERS=1, a missing builder fails instead of skipping).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from sitecheck import ROOT, broken_links, external_resources
from test_site_browser import AXE_RUN, MEASURE, _QuietHandler

pytestmark = pytest.mark.builders  # ProperDocs and Zensical, each in its own virtualenv

BUILDERS = {"properdocs": "ZI_PROPERDOCS", "zensical": "ZI_ZENSICAL"}
PAGES = ["", "unit/dinas-sosial/", "unit/disdukcapil/lke-2026/", "unit/disdukcapil/bukti/", "aturan/permenpanrb-90-2021/", "data-terbuka/"]


def executable(name: str) -> str:
    path = os.environ.get(BUILDERS[name]) or shutil.which(name)
    if not path:
        if os.environ.get("ZI_REQUIRE_BUILDERS"):
            pytest.fail(f"{name} not found but ZI_REQUIRE_BUILDERS is set (.ci/run installs it and sets {BUILDERS[name]})")
        pytest.skip(f"{name} not installed (pip install {name}; {BUILDERS[name]}=…)")
    return path


@pytest.fixture(scope="module", params=sorted(BUILDERS))
def built(request, tmp_path_factory) -> tuple[str, Path]:
    from zi_evidence.site.export import export_site
    name = request.param
    exe = executable(name)
    work = tmp_path_factory.mktemp(name) / "src"
    assert not export_site(ROOT, work, builder=name).errors
    if name == "properdocs":
        out = work / "_site"
        result = subprocess.run([exe, "build", "--strict", "-f", str(work / "mkdocs.yml"), "-d", str(out)], capture_output=True, text=True, cwd=work)
    else:  # zensical writes site_dir (site/) next to mkdocs.yml
        out = work / "site"
        result = subprocess.run([exe, "build", "-f", str(work / "mkdocs.yml")], capture_output=True, text=True, cwd=work)
    assert result.returncode == 0, f"{name}: {result.stdout[-2000:]} {result.stderr[-2000:]}"
    return name, out


def test_same_pages_as_the_mkdocs_build(built, demo_site):
    name, out = built
    def pages(site: Path) -> set[str]:
        return {str(p.relative_to(site)) for p in site.rglob("index.html")} | {str(p.relative_to(site)) for p in site.rglob("*.json") if "api/" in str(p)}
    missing = pages(demo_site) - pages(out)
    assert missing == set(), f"{name} lacks {sorted(missing)[:10]}"
    assert (out / "feed.xml").is_file() and (out / "api/dcat.json").is_file()


def test_no_broken_link_and_no_external_resource(built):
    name, out = built
    assert broken_links(out) == [], name
    assert external_resources(out) == [], name


def test_browser_checks_on_every_template(built, browser):
    name, out = built
    handler = functools.partial(_QuietHandler, directory=str(out))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    server = f"http://127.0.0.1:{httpd.server_address[1]}/"
    axe_path = os.environ.get("ZI_AXE_JS")
    axe = Path(axe_path).read_text(encoding="utf-8") if axe_path and Path(axe_path).is_file() else None
    try:
        for path in PAGES:
            for width in (1280, 390):
                report = browser.open(server + path, width=width, height=900, mobile=width < 600, evaluate=MEASURE)
                leaving = [u for u in report.requests if not u.startswith(server) and not u.startswith(("data:", "blob:", "about:"))]
                assert leaving == [] and report.console_errors == [], (name, path, leaving, report.console_errors)
                measured = json.loads(report.value)
                assert not (measured["wide"] or measured["tables"] or measured["narrow"]) and measured["page"] <= 1, (name, path, width, measured)
                if axe and width == 1280:  # axe at both widths runs on the MkDocs build (test_site_browser); here once per page
                    violations = json.loads(browser.open(server + path, width=width, height=900, mobile=width < 600, evaluate=axe + AXE_RUN).value)
                    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
                    assert serious == [], (name, path, width, serious)
    finally:
        httpd.shutdown()
