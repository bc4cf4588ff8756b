"""Translatable text: every marked message is in the catalogs, translations keep their placeholders, the CLI and the
site switch language only when asked, and rule texts stay Indonesian (marked lang="id") on an English site."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from conftest import ROOT
from zi_evidence.catalogs import PACKAGE, extract, languages, missing_translations
from zi_evidence.i18n import available_languages, current_language, translations, using_language
from zi_evidence.site.context import SiteOptions
from zi_evidence.site.generate import generate_site
from zi_evidence.site.mkdocs_plugin import site_language

PLACEHOLDER = re.compile(r"\{[a-z_0-9]*(?:![rsa])?(?::[^}]*)?\}|%\([a-z_]+\)s")


def test_every_marked_message_is_translated_and_the_template_is_current():
    template = extract()
    assert len([m for m in template if m.id]) > 250
    assert missing_translations(template) == {"en": []}
    with (PACKAGE / "locale" / "zi.pot").open("rb") as handle:
        shipped = {m.id for m in read_po(handle) if m.id}
    assert shipped == {m.id for m in template if m.id}, "run `make messages` and commit locale/"


def test_translations_keep_every_placeholder():
    for po in languages():
        with po.open("rb") as handle:
            for message in read_po(handle):
                if message.id:
                    assert sorted(PLACEHOLDER.findall(message.id)) == sorted(PLACEHOLDER.findall(message.string)), message.id


@pytest.mark.slow
def test_language_is_chosen_explicitly_never_from_the_machine_locale():
    env = {"PATH": os.environ["PATH"], "LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8", "HOME": "/tmp"}
    run = [sys.executable, "-m", "zi_evidence.cli.main", "check", str(ROOT)]
    indonesian = subprocess.run(run, capture_output=True, text=True, env=env, cwd=ROOT)
    assert "berkas diperiksa" in indonesian.stdout and "LULUS" in indonesian.stdout
    english = subprocess.run(run, capture_output=True, text=True, env={**env, "ZI_LANG": "en"}, cwd=ROOT)
    assert "files checked" in english.stdout and "PASSED" in english.stdout
    helptext = subprocess.run([*run[:3], "score", "--help"], capture_output=True, text=True, env={**env, "ZI_LANG": "en"}, cwd=ROOT)
    assert "repository root" in helptext.stdout


def test_unknown_language_falls_back_to_indonesian(monkeypatch):
    monkeypatch.setenv("ZI_LANG", "xx")
    assert current_language() == "id"
    assert available_languages() == ["en", "id"]
    assert translations("id").gettext("Semua unit kerja") == "Semua unit kerja"
    assert translations("en").gettext("Semua unit kerja") == "All work units"


@pytest.mark.slow
def test_site_in_english_keeps_rule_texts_indonesian_and_marked():
    build = generate_site(ROOT, SiteOptions(language="en", history=False), workers=1)
    pages = {f.path: f.text for f in build.files if f.text}
    home = pages["index.md"]
    assert "## All work units" in home and "Towards WBK" in home and "days left" in home
    assert "Semua unit kerja" not in home
    lke = next(text for path, text in pages.items() if "/lke-" in path and path.endswith(".md"))
    assert '<span lang="id">' in lke and "<th>Question</th>" in lke
    unit = pages["unit/disdukcapil/index.md"]
    assert UNIT_PROFILE_EN in unit and "DEKLARASI" in unit  # the declaration itself is a document in Indonesian
    # the build's language does not leak into what runs after it
    assert current_language() == "id"
    again = generate_site(ROOT, SiteOptions(history=False), workers=1)
    assert "## Semua unit kerja" in next(f.text for f in again.files if f.path == "index.md")


# a section heading of the unit page (HTML, partials/heading.html): its text, id and permalink title in English
UNIT_PROFILE_EN = '<h2 id="unit-profile">Unit profile<a class="headerlink" href="#unit-profile" title="Link to this section">¶</a></h2>'


@pytest.mark.slow
def test_english_site_built_in_worker_processes_is_english_too():
    build = generate_site(ROOT, SiteOptions(language="en", history=False), workers=2)
    assert all(UNIT_PROFILE_EN in f.text for f in build.files if f.text and f.path.startswith("unit/") and f.path.endswith("/index.md"))


def test_plugin_language_comes_from_the_option_or_the_theme():
    assert site_language(None, "en") == "en"
    assert site_language(None, "de") == "id"  # no catalog: Indonesian
    assert site_language("id", "en") == "id"
    with pytest.raises(Exception, match="tidak tersedia"):
        site_language("fr", None)
    with using_language("en"):
        assert current_language() == "en"
    assert current_language() == "id"


def test_no_message_is_marked_inside_an_f_string():
    """Babel's extractor does not look inside f-strings (Python 3.11): a `_()` there would never reach the catalog."""
    import ast

    hidden = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                hidden += [f"{path.name}:{call.lineno}" for call in ast.walk(node)
                           if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in ("_", "N_")]
    assert hidden == []


def test_rule_labels_per_language_come_from_the_rules(monkeypatch):
    """`labels: {en: …}` on a summary quantity: the English site and CLI use it, Indonesian keeps the regulation's label."""
    from zi_evidence.ruleset import RuleSetLoader
    rules = RuleSetLoader(ROOT).load("permenpanrb-90-2021")
    pemenuhan = next(q for q in rules.summary if q.key == "pemenuhan")
    assert pemenuhan.display == "Pemenuhan"
    with using_language("en"):
        assert pemenuhan.display == "Fulfilment"
        local = RuleSetLoader(ROOT).load("permenpanrb-52-2014")  # a rule set without English labels stays Indonesian
        assert all(q.display == q.label for q in local.summary)
