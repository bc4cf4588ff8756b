"""Templates: the PR comment renders exactly what the pre-template code wrote (golden file from it), hostile data
stays inert in every format, and the site's templates escape by themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

from zi_evidence.declarations import declaration_of
from zi_evidence.prreport import render_markdown
from zi_evidence.site.markup import table
from zi_evidence.templating import environment, render

GOLDEN = Path(__file__).parent / "data" / "pr-report-golden.md"


def sample_report() -> dict:
    def summ(t):
        return {"total": t, "pengungkit": t*0.6, "hasil": t*0.4, "components": {"pengungkit": "Pengungkit", "hasil": "Hasil"},
                "areas": {"P.MP": 3.5, "P.TT": 2.25}, "eligibility": {"WBK": t > 75, "WBBM": False},
                      "status": {"WBBM": "belum dapat dinilai"}, "failed": {"WBK": ["nilai total ≥ 75 <b>x</b>"], "WBBM": []}}
    report = {"problems": [{"file": "units/a|b/x.yaml", "line": 3, "severity": "error", "message": "salah @user #12 `x` <script>"},
                           {"file": "units/a/y.yaml", "line": None, "severity": "warning", "message": "hati-hati: http://x.y"}],
              "units": [{"unit": "dinsos", "year": 2026, "assessor": "self", "file": "units/dinsos/lke/2026/self.yaml",
                         "before": summ(70.0), "after": summ(80.5), "problem": None, "addresses_revisi": ["P.MP.1.a", "R.PP.2.b"],
                         "items": [{"item": "P.MP.1.a", "before": "B", "after": "A", "evidence_added": ["sk-1", "foto_[2]"]},
                                   {"item": "H.BA.1", "before": None, "after": {"harus": 6, "selesai": 1.5}, "evidence_added": []}]},
                        {"unit": "dukcapil", "year": 2025, "assessor": "tpi", "file": "u/x.yaml", "before": None, "after": None,
                         "problem": "rusak: `a`", "items": []}],
              "evidence": [{"unit": "dinsos", "id": "sk`1", "change": "diubah", "title": "SK *Tim*", "visibility": "public", "tpi_assessed": True},
                           {"unit": "dinsos", "id": "foto", "change": "baru", "title": "Foto", "visibility": "internal", "tpi_assessed": False}],
              "differences": [{"unit": "dinsos", "year": 2026, "compared": True, "items": [{"item": f"P.X.{i}", "self": "A", "tpi": 0.5} for i in range(17)]},
                              {"unit": "x", "year": 2026, "compared": True, "items": []}, {"unit": "y", "year": 2026, "compared": False, "items": []}]}
    return report


def test_pr_comment_is_the_golden_text():
    assert render_markdown(sample_report()) == GOLDEN.read_text(encoding="utf-8")


def test_pr_comment_escapes_data_once():
    text = render_markdown(sample_report())
    assert "<script>" not in text and "&#60;script&#62;" in text and "&#38;" not in text  # escaped, not twice
    assert "@user" not in text  # no live mention


def test_html_templates_autoescape_and_the_table_macro_matches_its_python_entry():
    hostile = '<img src=x onerror="alert(1)">'
    macro = environment("html").get_template("partials/table.html").module.table
    html = str(macro(["Kolom"], [[hostile]], cls="zi-units"))
    assert "<img" not in html and "&lt;img" in html
    from zi_evidence.escaping import html_text
    assert table(["Kolom"], [[html_text(hostile)]], cls="zi-units") == html.replace("&#34;", "&quot;")  # python callers pass escaped cells


def test_the_table_rows_are_escaped_as_autoescape_escapes_every_value():
    """Rows are made in Python (templating.table_rows) for speed; each value is escaped as ``{{ }}`` would: text and
    numbers become text, a fragment stays, labels and row classes are attributes. Exact bytes, one line per row."""
    from markupsafe import Markup

    macro = environment("html").get_template("partials/table.html").module.table
    html = str(macro(['Ko"lom', "B"], [["<b>x</b>", 7], [Markup("<em>ok</em>"), None], ["tiga"]],
                     cls="zi-units", row_classes=['a" onclick="x', None, ""]))
    assert html == ('<div class="zi-table zi-units"><table>\n<thead><tr><th>Ko&#34;lom</th> <th>B</th></tr></thead><tbody>\n'
                    '<tr class="a&#34; onclick=&#34;x"><td data-label="Ko&#34;lom">&lt;b&gt;x&lt;/b&gt;</td> <td data-label="B">7</td></tr>\n'
                    '<tr><td data-label="Ko&#34;lom"><em>ok</em></td> <td data-label="B">None</td></tr>\n'
                    '<tr><td data-label="Ko&#34;lom">tiga</td></tr>\n</tbody></table></div>')
    assert "<td>" in str(macro(["A"], [["x", "extra"]]))  # a cell beyond the headers has no label


def test_the_declaration_partial_escapes_and_the_letter_markdown_is_inert():
    doc = {"date": "2024-02-19", "place": "Kota <b>", "signatories": [{"position": "Kepala", "name": "[x](javascript:y)"}]}
    decl = declaration_of("deklarasi", {"deklarasi": doc}, {}, "Dinas *Sosial*")
    html = str(environment("html").get_template("partials/declaration.html").module.declaration(decl))
    assert "Kota &lt;b&gt;" in html and "<b>" not in html
    letter = render("letter", "letters/declaration.md", d=decl, blank="…")
    assert "\\[x\\](javascript:y)" in letter and "Dinas \\*Sosial\\*" in letter


@pytest.mark.parametrize("kind", ["html", "letter", "comment"])
def test_unknown_variables_fail_loudly(kind):
    import jinja2
    with pytest.raises(jinja2.UndefinedError):
        environment(kind).from_string("{{ missing }}").render()


def test_dict_keys_win_over_dict_methods():
    env = environment("html")
    assert env.from_string("{{ r.items }}|{{ r.values }}").render(r={"items": "a", "values": "b"}) == "a|b"


def test_the_terminal_report_shows_control_characters_instead_of_obeying_them():
    """`zi pr-report --format text`: data from a pull request cannot move the cursor, recolour, hide or reorder text."""
    from zi_evidence.escaping import terminal_text
    from zi_evidence.prreport import render_text

    hostile = "catatan\x1b[2J\x1b[31mmerah\r\u202etxt.exe\u200b"
    assert terminal_text(hostile) == "catatan\\x1b[2J\\x1b[31mmerah\\r\\u202etxt.exe\\u200b"
    report = sample_report()
    report["problems"][0]["message"] = hostile
    text = render_text(report)
    assert "\x1b" not in text and "\r" not in text and "\u202e" not in text and "\\x1b[2J" in text
    assert all(ch == "\n" or ch >= " " for ch in text)


@pytest.mark.parametrize("kind", ["html", "letter", "comment"])
@pytest.mark.parametrize("language", ["id", "en"])
def test_gettext_renders_what_jinjas_new_style_gettext_renders(kind, language):
    """templating._gettext keeps the text of calls without variables; every message of the catalog, a literal %% and
    variables holding markup come out as Jinja's own new-style gettext makes them, called once or again."""
    import jinja2

    from zi_evidence.i18n import translations
    from zi_evidence.templating import trusted

    catalog = translations(language)
    reference = jinja2.Environment(extensions=["jinja2.ext.i18n"], autoescape=kind == "html")  # noqa: S701 — compared, not rendered for anyone
    reference.install_gettext_callables(lambda m: trusted(catalog.gettext(m)),  # type: ignore[attr-defined]
                                        lambda s, p, n: trusted(catalog.ngettext(s, p, n)), newstyle=True)
    ours = environment(kind, language)
    messages = [m for m in getattr(catalog, "_catalog", {}) if isinstance(m, str) and m] or ["Kembali", "Nilai total"]
    messages += ["50%% selesai", "<b>tebal</b> & %%"]

    def both(source: str, **values: object) -> tuple[str, str]:
        out = []
        for env in (reference, ours):
            try:
                out.append(env.from_string(source).render(**values))
            except (KeyError, TypeError, ValueError) as exc:
                out.append(f"{type(exc).__name__}")
        return out[0], out[1]

    for message in messages:
        expected, got = both("{{ _(m) }}|{{ gettext(m) }}|{{ _(m) }}", m=message)
        assert got == expected, message
    expected, got = both('{{ _("%(unit)s: %(n)s butir", unit=u, n=3) }}|{% trans %}Tabel{% endtrans %}', u="<i>A&B</i>")
    assert got == expected and "&lt;i&gt;A&amp;B&lt;/i&gt;" in got  # markup in a variable is text in every format


def test_blank_lines_are_squeezed_as_the_plain_pattern_squeezes_them():
    import random
    import re

    from zi_evidence.templating import squeeze_blank_lines

    rng = random.Random(3)
    for _ in range(2000):
        text = "".join(rng.choice(["\n", "\n", "a", " ", "\r", "<p>"]) for _ in range(rng.randint(0, 40)))
        assert squeeze_blank_lines(text) == re.sub(r"\n{3,}", "\n\n", text), repr(text)


def test_an_html_section_heading_has_the_id_and_permalink_a_markdown_heading_had():
    """partials/heading.html: the unit and LKE pages write their section headings as HTML; the ids (what links to a
    section point at) are the toc extension's, the markup its permalink's, titled in the page's language."""
    import markdown

    for text in ("Profil unit", "Kelayakan predikat 2026", "Deklarasi dan Piagam Pencanangan", "Pemenuhan: Manajemen Perubahan",
                 "Survei & pengaduan", "Évaluasi  ganda", "A < B"):
        converter = markdown.Markdown(extensions=["toc"], extension_configs={"toc": {"permalink": True}})
        expected = converter.convert("## " + text.replace("<", "&lt;")).replace('title="Permanent link">&para;', 'title="Tautan ke bagian ini">¶')
        got = environment("html", "id").from_string('{% from "partials/heading.html" import heading %}{{ heading(t) }}').render(t=text)
        assert got == expected, text
