"""An invalid item is an error for `zi check`, counts 0 in the score, and is shown where the score is shown; the file never
vanishes from `zi score`, the site or the history (DESIGN §4)."""

from __future__ import annotations

import json

import pytest

from sitecheck import mkdocs_build, repo_with_site
from test_check import edit
from zi_evidence.check import check_repository
from zi_evidence.cli import main


def test_score_keeps_the_file_and_counts_the_invalid_item_0(repo_copy, capsys):
    path = repo_copy / "units/disdukcapil/lke/2026/tpi.yaml"
    assert main(["score", str(path), "--format", "json", "--root", str(repo_copy)]) == 0
    before = json.loads(capsys.readouterr().out)
    edit(path, "  P.MP.1.b:\n    answer: A", "  P.MP.1.b:\n    answer: Z")
    assert any(p.code == "answers.invalid" for p in check_repository(repo_copy).errors)  # still an error for CI
    assert main(["score", str(path), "--format", "json", "--root", str(repo_copy)]) == 1
    captured = capsys.readouterr()
    after = json.loads(captured.out)
    assert "units/disdukcapil/lke/2026/tpi.yaml:" in captured.err
    assert [i["item"] for i in after["invalid"]] == ["P.MP.1.b"]
    assert after["items"]["P.MP.1.b"] == {"answer": None, "value": 0.0, "answered": False}
    # exactly the item's share is lost: sub-indicator P.MP.1 (weight 0.5, 2 items) loses value_before × 0.5 / 2
    lost = before["items"]["P.MP.1.b"]["value"] * 0.5 / 2
    assert abs(before["total"] - after["total"] - lost) < 1e-12
    assert any(w["code"] == "invalid_item" for w in after["warnings"])


@pytest.mark.slow
def test_site_shows_the_score_and_names_the_invalid_item(tmp_path):
    root = repo_with_site(tmp_path / "repo")
    path = root / "units/disdukcapil/lke/2026/tpi.yaml"
    edit(path, "  P.MP.1.b:\n    answer: A", "  P.MP.1.b:\n    answer: Z")
    result = mkdocs_build(root / "mkdocs.yml", tmp_path / "site", strict=False)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/unit/disdukcapil/index.html").read_text()
    assert "Jawaban tidak valid dihitung 0" in page and "P.MP.1.b" in page
    assert "lke-2026" in page  # the LKE page is still there
    assert (tmp_path / "site/unit/disdukcapil/lke-2026/index.html").exists()
