"""Submission letters from the data (templates of Perwal Binjai 3/2024 and Perwal Kupang 23/2025)."""

from __future__ import annotations

from conftest import ROOT
from zi_evidence.cli import main as zi
from zi_evidence.letters import unit_letters
from zi_evidence.repository import Repository


def test_cli_writes_markdown_and_print_html(tmp_path):
    out = tmp_path / "surat"
    assert zi(["letters", "disdukcapil", "--year", "2026", "--out", str(out), "--root", str(ROOT)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"{s}.{e}" for s in ("surat-pengajuan", "sptjm", "laporan-monev", "deklarasi", "piagam") for e in ("md", "html"))
    pengajuan = (out / "surat-pengajuan.md").read_text()
    assert "Surat Wali Kota Nomor 100.3.3/300/2026" in pengajuan and "20 Mei 2026" in pengajuan
    assert "1. Dinas Kependudukan dan Pencatatan Sipil / menuju WBK" in pengajuan
    assert "WALI KOTA CONTOH" in pengajuan and "Dr. H. Wali Contoh, M.Si." in pengajuan
    sptjm = (out / "sptjm.md").read_text()
    assert "Maria Goreti Bria, S.H." in sptjm and "Tahun 2026" in sptjm and "Meterai" in sptjm
    html = (out / "sptjm.html").read_text()
    assert "@page { size: A4" in html and "<table>" in html
    piagam = (out / "piagam.md").read_text()
    assert "DISAKSIKAN OLEH" in piagam and "Pada hari ini Senin tanggal 19 bulan Februari tahun 2024" in piagam


def test_monitoring_report_lists_the_real_gaps():
    repo = Repository(ROOT)
    record = repo.unit("dinas-sosial")
    monev = next(x for x in unit_letters(repo, record, 2026) if x.slug == "laporan-monev")
    assert "Nilai minimal pengungkit belum terpenuhi. Kurang 0,35 poin." in monev.markdown
    assert "skor survei H.BA.1.a minimal 3,60" in monev.markdown
    assert "71,90" in monev.markdown and "Ir. Bagus Santoso" in monev.markdown
    assert "WBBM" not in monev.markdown.split("antara lain:")[1].split("Sehubungan")[0]  # only the unit's target predicate


def test_data_cannot_inject_markup(repo_copy):
    unit = repo_copy / "units/disdukcapil/unit.yaml"
    unit.write_text(unit.read_text().replace("name: Dinas Kependudukan dan Pencatatan Sipil", "name: '<img src=x onerror=alert(1)> *x* [a](b)'", 1))
    repo = Repository(repo_copy)
    for letter in unit_letters(repo, repo.unit("disdukcapil"), 2026):
        html = letter.html()
        assert "<img" not in html and "<a href" not in html, letter.slug


def test_letters_are_on_the_site(demo_site):
    page = (demo_site / "unit/disdukcapil/surat-2026/index.html").read_text()
    assert "SURAT PERNYATAAN TANGGUNG JAWAB MUTLAK" in page and "sptjm.html" in page
    assert (demo_site / "surat/pengajuan-2026/index.html").is_file()
