"""The demo site in a real browser (Debian's headless Chromium): no console errors, no request leaves the
local server, and screenshots for people to look at (saved under test-artifacts/screenshots/)."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

from sitecheck import ROOT

pytestmark = pytest.mark.browser  # headless Chromium on the built site

ARTIFACTS = Path(os.environ.get("ZI_ARTIFACTS", ROOT / "test-artifacts")) / "screenshots"
PAGES = [
    ("beranda", "", {}),
    ("beranda-ponsel", "", {"width": 390, "height": 844, "mobile": True}),
    ("unit-dinas-sosial", "unit/dinas-sosial/", {}),
    ("lke-disdukcapil-2026", "unit/disdukcapil/lke-2026/", {}),
    ("bukti-disdukcapil", "unit/disdukcapil/bukti/", {}),
    ("metodologi", "aturan/", {}),
    ("sptjm-cetak", "unit/disdukcapil/surat-2026/sptjm.html", {}),
    ("aturan-permenpanrb-90-2021", "aturan/permenpanrb-90-2021/", {}),
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


class _RecordingHandler(_QuietHandler):
    seen: list[str] = []  # every path asked for, workers' fetches included (the browser's log misses those)

    def do_GET(self):
        self.seen.append(self.path)
        super().do_GET()


def _serve(site: Path, handler_class: type = _QuietHandler):
    handler = functools.partial(handler_class, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


@pytest.fixture(scope="module")
def server(demo_site):
    httpd, url = _serve(demo_site)
    yield url
    httpd.shutdown()


@pytest.fixture(scope="module")
def sharded_server(tmp_path_factory):
    """The demo site with one Pagefind index per unit (``search_units_per_index: 1``), as a 10,000-unit institution
    gets one per 1,000 units: the search page merges them."""
    from sitecheck import mkdocs_build, repo_with_site

    root = repo_with_site(tmp_path_factory.mktemp("sharded"))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - zi:\n", "  - zi:\n      search_units_per_index: 1\n", 1), encoding="utf-8")
    result = mkdocs_build(config, root / "site")
    assert result.returncode == 0, result.stderr
    httpd, url = _serve(root / "site", _RecordingHandler)
    yield url, root / "site"
    httpd.shutdown()


@pytest.mark.parametrize(("name", "path", "viewport"), PAGES, ids=[p[0] for p in PAGES])
def test_page_in_chromium(browser, server, name, path, viewport):
    shot = ARTIFACTS / f"{name}.png"
    report = browser.open(server + path, screenshot=shot, **viewport)
    assert report.requests and report.requests[0] == server + path
    leaving = [u for u in report.requests if not u.startswith(server) and not u.startswith(("data:", "blob:", "about:"))]
    assert leaving == [], f"requests to other hosts: {leaving}"
    assert report.console_errors == []
    assert shot.stat().st_size > 10_000  # a rendered page, not a blank image


# What a reader would see on a phone and a desktop: nothing of the content wider than the window (a visually hidden
# table header excepted), no table over its box, no text squeezed into a column narrower than ~12 characters.
MEASURE = """(() => { const vw = document.documentElement.clientWidth; const out = {wide: [], tables: [], narrow: []};
const hidden = el => { const h = el.closest('thead'); return h && h.getBoundingClientRect().height <= 1; };
for (const el of document.querySelectorAll('.md-content *')) { const r = el.getBoundingClientRect();
  if (r.width === 0 || hidden(el)) continue;
  if (r.right > vw + 1) out.wide.push(el.tagName + '.' + String(el.className || '').slice(0, 30) + ' ' + Math.round(r.right)); }
for (const t of document.querySelectorAll('.md-content table')) { const box = t.parentElement.getBoundingClientRect();
  const r = t.getBoundingClientRect();
  if (r.width > box.width + 1) out.tables.push(String(t.parentElement.className || 'table') + ' ' + Math.round(r.width) + '>' + Math.round(box.width)); }
const ch = parseFloat(getComputedStyle(document.body).fontSize) * 0.5;
for (const td of document.querySelectorAll('.md-content td, .md-content dd')) { const text = td.innerText.trim();
  if (text.length <= 12) continue;
  const cs = getComputedStyle(td); const w = td.getBoundingClientRect().width - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
  if (w < 12 * ch) out.narrow.push(text.slice(0, 20) + ' ' + Math.round(w)); }
for (const k of Object.keys(out)) out[k] = out[k].slice(0, 5);
out.page = document.documentElement.scrollWidth - window.innerWidth; return JSON.stringify(out); })()"""
TEMPLATES = [("beranda", ""), ("unit", "unit/dinas-sosial/"), ("unit-lke", "unit/disdukcapil/lke-2026/"),
             ("bukti", "unit/disdukcapil/bukti/"), ("aturan-indeks", "aturan/"), ("aturan", "aturan/permenpanrb-90-2021/"),
             ("aturan-lama", "aturan/permenpanrb-52-2014/"), ("data", "data-terbuka/"), ("metodologi", "metodologi/"),
             ("surat", "unit/disdukcapil/surat-2026/"), ("tentang", "tentang/"), ("ikut-serta", "ikut-serta/"),
             ("formulir", "formulir/"), ("privasi", "privasi/")]


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize(("name", "path"), TEMPLATES, ids=[t[0] for t in TEMPLATES])
def test_every_template_fits_a_phone_and_a_desktop(browser, server, name, path, width):
    import json
    shot = ARTIFACTS / f"lebar-{width}-{name}.png"
    report = browser.open(server + path, screenshot=shot, width=width, height=900 if width > 600 else 844, mobile=width < 600,
                          evaluate=MEASURE)
    measured = json.loads(report.value)
    assert measured["wide"] == [], f"{name} at {width}px: wider than the window"
    assert measured["tables"] == [], f"{name} at {width}px: a table over its box"
    assert measured["narrow"] == [], f"{name} at {width}px: text squeezed into a narrow column"
    assert measured["page"] <= 1, f"{name} at {width}px: the page scrolls sideways by {measured['page']} px"


# Accessibility: axe-core (npm, installed by .ci/run; ZI_AXE_JS names its axe.min.js) injected into each page template.
AXE_TEMPLATES = TEMPLATES + [("sptjm-cetak", "unit/disdukcapil/surat-2026/sptjm.html")]
AXE_RUN = """;axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(r.violations.map(v => (
  {id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))"""


@pytest.fixture(scope="module")
def axe_source():
    path = os.environ.get("ZI_AXE_JS")
    if not path or not Path(path).is_file():
        if os.environ.get("ZI_REQUIRE_AXE"):
            pytest.fail("axe-core not found but ZI_REQUIRE_AXE is set (.ci/run installs it with npm and sets ZI_AXE_JS)")
        pytest.skip("axe-core not installed (npm install axe-core; ZI_AXE_JS=…/axe.min.js)")
    return Path(path).read_text(encoding="utf-8")


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize(("name", "path"), AXE_TEMPLATES, ids=[t[0] for t in AXE_TEMPLATES])
def test_no_serious_or_critical_accessibility_violation(browser, server, axe_source, name, path, width):
    import json
    report = browser.open(server + path, width=width, height=900 if width > 600 else 844, mobile=width < 600, evaluate=axe_source + AXE_RUN)
    violations = json.loads(report.value)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], f"{name} at {width}px: " + "; ".join(f"{v['id']} ({v['impact']}): {v['help']} {v['nodes']}" for v in serious)


# Search as a citizen uses it: the Cari page asked with ?q= (what Beranda's form sends), its results as shown.
SEARCH = """(async () => {
  for (let i = 0; i < 100; i++) {
    await new Promise(r => setTimeout(r, 100));
    const items = [...document.querySelectorAll('.zi-search-list li')];
    if (items.length || document.querySelector('.zi-search-none')) {
      return JSON.stringify(items.map(i => ({href: i.querySelector('a').href, text: i.innerText})));
    }
  }
  return '"timeout"';
})()"""


@pytest.mark.parametrize(("query", "expected"), [
    ("disdukcapil", "unit/disdukcapil/"),  # the unit id everyone uses
    ("Dukcapil", "unit/disdukcapil/"),  # an alias from unit.yaml
    ("DPMPTSP", "unit/dpmptsp/"),  # an abbreviation
    ("pencatatan sipil", "unit/disdukcapil/"),  # words of a name, in Indonesian
    ("P.MP.1.a", None),  # an item id: the rule set's page, which explains it
])
def test_search_finds_ids_abbreviations_and_items(browser, server, query, expected):
    import json
    from urllib.parse import quote
    report = browser.open(server + "cari/?q=" + quote(query), width=390, height=844, mobile=True, evaluate=SEARCH)
    results = json.loads(report.value)
    assert isinstance(results, list) and results, f"search for {query!r} found nothing"
    assert report.console_errors == []
    if expected:
        assert results[0]["href"] == server + expected, results[0]
    else:
        assert any(r["href"].startswith(server + "aturan/") for r in results), [r["href"] for r in results]
    assert all(r["href"].startswith(server) and "/lke-" not in r["href"] for r in results)  # LKE details are not indexed


@pytest.mark.parametrize(("query", "expected"), [
    ("disdukcapil", "unit/disdukcapil/"), ("Dukcapil", "unit/disdukcapil/"), ("DPMPTSP", "unit/dpmptsp/"),
    ("RSUD", "unit/rsud-kota-contoh/"), ("P.MP.1.a", None),
])
def test_search_over_an_index_in_parts_finds_what_one_index_finds(browser, sharded_server, query, expected):
    import json
    from urllib.parse import quote
    server, site = sharded_server
    parts = json.loads((site / "pagefind/zi-bagian.json").read_text(encoding="utf-8"))
    assert len(parts) >= 5 and all((site / "pagefind" / p / "pagefind-entry.json").is_file() for p in parts)
    _RecordingHandler.seen.clear()
    report = browser.open(server + "cari/?q=" + quote(query), width=390, height=844, mobile=True, evaluate=SEARCH)
    results = json.loads(report.value)
    assert isinstance(results, list) and results, f"search for {query!r} found nothing"
    assert report.console_errors == []
    asked = list(_RecordingHandler.seen)
    assert {p for p in parts if any(a.startswith(f"/pagefind/{p}") for a in asked)} == set(parts), asked  # every part merged
    assert not any(a.endswith(".pagefind") and "/bagian-" in a for a in asked)  # one WebAssembly module, the first's
    # found, though not always first: each part ranks by its own word statistics, comparable when the parts hold
    # 1,000 units each, not here with one unit in a part
    if expected:
        assert server + expected in [r["href"] for r in results], results
    else:
        assert any(r["href"].startswith(server + "aturan/") for r in results), [r["href"] for r in results]
    assert len({r["href"] for r in results}) == len(results)  # no page found twice


def test_a_query_with_no_match_says_so(browser, server):
    import json
    report = browser.open(server + "cari/?q=zzqqxx", evaluate=SEARCH)
    assert json.loads(report.value) == [] and report.console_errors == []


# What a phone downloads on a first view, before the reader asks for anything: no search index, no sitemap.
FIRST_VIEW = [("Beranda", ""), ("unit", "unit/disdukcapil/"), ("LKE", "unit/disdukcapil/lke-2026/")]


@pytest.mark.parametrize(("name", "path"), FIRST_VIEW, ids=[n for n, _ in FIRST_VIEW])
def test_a_first_view_fetches_only_what_the_page_shows(browser, server, demo_site, name, path):
    import gzip
    report = browser.open(server + path, width=390, height=844, mobile=True)
    fetched = [u.removeprefix(server) for u in report.requests if u.startswith(server)]
    assert not any(u.startswith(("pagefind/", "search/")) or u == "sitemap.xml" for u in fetched), fetched
    files = [demo_site / (u.split("?")[0] or "index.html") for u in fetched]
    files = [f / "index.html" if f.is_dir() else f for f in files]
    raw = sum(f.stat().st_size for f in files if f.is_file())
    packed = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files if f.is_file())
    assert raw <= 1_500_000 and packed <= 300_000, (name, raw, packed, fetched)


FILTER_AND_SORT = """(async () => {
  const wrap = document.querySelector('.zi-table.zi-all');
  const input = document.querySelector('.zi-filter input');
  const visible = () => [...wrap.querySelectorAll('tbody tr')].filter(r => !r.hidden).map(r => r.cells[0].innerText.trim());
  input.value = 'sosial'; input.dispatchEvent(new Event('input'));
  const filtered = visible();
  input.value = ''; input.dispatchEvent(new Event('input'));
  const headers = [...wrap.querySelectorAll('thead th')];
  const column = headers.findIndex(th => th.innerText.includes('Nilai mandiri'));
  headers[column].querySelector('button').click();
  const ascending = [...wrap.querySelectorAll('tbody tr')].map(r => r.cells[column].innerText.trim());
  const sortState = headers[column].getAttribute('aria-sort');
  const dates = headers.findIndex(th => th.innerText.includes('Pembaruan'));
  headers[dates].querySelector('button').click(); headers[dates].querySelector('button').click();
  const newestFirst = [...wrap.querySelectorAll('tbody tr')].map(r => r.cells[dates].innerText.trim());
  return JSON.stringify({filtered, all: visible().length, ascending, sortState, newestFirst});
})()"""


def test_all_units_table_can_be_filtered_and_sorted(browser, server):
    import json
    result = json.loads(browser.open(server, evaluate=FILTER_AND_SORT).value)
    from zi_evidence.repository import Repository
    assert result["filtered"] == ["Dinas Sosial"] and result["all"] == len(Repository(ROOT).unit_ids())
    numbers = [float(x.split(" ")[0].replace(",", ".")) for x in result["ascending"] if x[0].isdigit()]
    assert numbers == sorted(numbers) and result["sortState"] == "ascending"
    months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"]
    days = [(int(y), months.index(m), int(d)) for d, m, y in (x.split(" ") for x in result["newestFirst"] if x.count(" ") == 2)]
    assert len(days) >= 2 and days == sorted(days, reverse=True)  # dates sort as dates, not as text
