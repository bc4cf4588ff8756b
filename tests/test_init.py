"""`zi init`: from an empty folder to a checked, scored, published instansi, following developer/mulai.md."""

from __future__ import annotations

import re

import pytest
import yaml

from committed import SOURCE
from zi_evidence.check import check_repository
from zi_evidence.cli import main
from zi_evidence.instansi_init import InitError, InstansiSetup, init_instansi

SETUP = ["--nama", "Pemerintah Kabupaten Sukamaju", "--jenis", "pemda", "--situs", "https://zi.sukamajukab.go.id",
         "--admin", "organisasi-sukamaju", "--tpi", "inspektorat-sukamaju", "--tahun", "2027"]


def _fill(path, replacements: dict[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, (path, old)
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def _start(tmp_path):
    target = tmp_path / "zi-sukamaju"
    assert main(["init", str(target), *SETUP]) == 0
    return target


def test_init_starts_an_instansi_without_the_demo(tmp_path):
    target = _start(tmp_path)
    assert (target / "rules/permenpanrb-90-2021/lke.yaml").is_file() and (target / "tooling/zi_evidence/cli/main.py").is_file()
    assert (target / ".github/workflows/pr-verdict.yml").is_file() and (target / ".gitlab-ci.yml").is_file()
    assert (target / "developer/mulai.md").is_file()
    assert not (target / "tests").exists() and not (target / ".ci").exists()
    assert sorted(p.name for p in (target / "units").iterdir()) == ["instansi.yaml", "prasyarat"]
    assert not list((target / "evidence").glob("*/"))
    everything = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in (target / "units").rglob("*.yaml"))
    everything += (target / "mkdocs.yml").read_text() + (target / "docs/index.md").read_text() + (target / ".github/CODEOWNERS").read_text()
    for demo in ("Pemerintah Kota Contoh", "kotacontoh", "disdukcapil", "organisasi-kota-contoh", "Data demo"):
        assert demo not in everything, demo
    config = yaml.safe_load((target / "mkdocs.yml").read_text())
    assert config["site_url"] == "https://zi.sukamajukab.go.id/" and config["site_name"] == "Zona Integritas — Pemerintah Kabupaten Sukamaju"
    assert "# Required by the zi plugin" in (target / "mkdocs.yml").read_text()  # comments kept
    owners = (target / ".github/CODEOWNERS").read_text()
    assert "* @organisasi-sukamaju" in owners and "@inspektorat-sukamaju" in owners


def test_the_skeletons_name_every_fact_still_to_fill(tmp_path):
    target = _start(tmp_path)
    report = check_repository(target)
    assert report.errors  # the prasyarat facts are not invented
    for problem in report.problems:
        line = (target / problem.file).read_text(encoding="utf-8").splitlines()[(problem.line or 1) - 1]
        assert "GANTI" in line, str(problem)
    assert {p.file for p in report.problems} == {"units/instansi.yaml", "units/prasyarat/2027.yaml"}


def test_from_an_empty_folder_to_a_checked_scored_and_built_site(tmp_path, capsys):
    target = _start(tmp_path)
    _fill(target / "units/instansi.yaml", {'"GANTI: Nomor keputusan pembentukan TPI"': '"Keputusan Bupati Sukamaju Nomor 700/12/2027"'})
    _fill(target / "units/prasyarat/2027.yaml", {'"GANTI: pilih WTP, WDP, TW, TMP"': "WTP", '"GANTI: bilangan bulat 1–5"': "3"})
    _fill(target / "units/prasyarat/2027.yaml", {'"GANTI: pilih AA, A, BB, B, CC, C, D"': "BB"})
    assert main(["new", "unit", "dinas-pendidikan", "--name", "Dinas Pendidikan", "--maintainer", "tim-zi-disdik", "--year", "2027",
                 "--root", str(target)]) == 0
    unit = target / "units/dinas-pendidikan/unit.yaml"
    assert 'instansi: "Pemerintah Kabupaten Sukamaju"' in unit.read_text()  # taken from instansi.yaml
    _fill(unit, {'"GANTI: jenis layanan utama"': '"Pelayanan pendidikan"', '"GANTI: alamat kantor"': '"Jl. Pendidikan 1"',
                 '"GANTI: nama pimpinan unit"': '"Kepala Dinas Pendidikan"', '"GANTI: jabatan"': '"Kepala Dinas"'})
    _fill(target / "units/dinas-pendidikan/lke/2027/self.yaml", {"  P.MP.1.a:\n": "  P.MP.1.a: Tidak\n"})
    report = check_repository(target)
    assert not report.problems, [str(p) for p in report.problems]
    capsys.readouterr()
    assert main(["score", str(target / "units/dinas-pendidikan"), "--format", "json"]) == 0
    assert '"total"' in capsys.readouterr().out
    assert "/units/dinas-pendidikan/ @tim-zi-disdik" in (target / ".github/CODEOWNERS").read_text()
    from zi_evidence.site.context import SiteOptions
    from zi_evidence.site.generate import generate_site

    build = generate_site(target, SiteOptions(history=False, site_url="https://zi.sukamajukab.go.id/"), workers=1)
    assert not build.errors and not build.warnings, build.warnings
    pages = {f.path for f in build.files}
    assert {"index.md", "unit/dinas-pendidikan/index.md", "unit/dinas-pendidikan/kartu.png", "api/units.json"} <= pages


@pytest.mark.parametrize("change, message", [
    ({"site_url": "http://zi.contoh.go.id"}, "https://"),
    ({"kind": "provinsi"}, "pemda atau kl"),
    ({"admins": ["akun dengan spasi"]}, "tidak sah"),
    ({"name": "  "}, "--nama"),
])
def test_bad_values_are_refused_before_anything_is_written(tmp_path, change, message):
    values = {"name": "Pemerintah Kabupaten X", "kind": "pemda", "site_url": "https://zi.x.go.id/", "year": 2027, "admins": [], "tpi": []}
    with pytest.raises(InitError, match=re.escape(message)):
        init_instansi(tmp_path / "baru", InstansiSetup(**(values | change)), SOURCE)
    assert list(tmp_path.iterdir()) == []  # nothing half-made


def test_a_folder_with_files_is_never_overwritten(tmp_path):
    target = tmp_path / "ada"
    target.mkdir()
    (target / "catatan.txt").write_text("milik pengguna")
    assert main(["init", str(target), *SETUP]) == 2
    assert [p.name for p in target.iterdir()] == ["catatan.txt"]
