"""Large repositories are checked and scored by several worker processes; the results must not change."""

from __future__ import annotations

import pytest

from conftest import ROOT
from zi_evidence.batch import score_all
from zi_evidence.check.runner import check_repository
from zi_evidence.layout import unit_dirs
from zi_evidence.lkefile import find_answers_files

pytestmark = pytest.mark.slow  # worker processes


def test_parallel_check_reports_exactly_what_a_serial_check_reports(repo_copy):
    (repo_copy / "units/dinas-sosial/lke/2026/self.yaml").write_text(
        (repo_copy / "units/dinas-sosial/lke/2026/self.yaml").read_text().replace("P.MP.1.b:", "P.MP.1.b: Z\n  P.XX.9.z:", 1))
    (repo_copy / "units/prasyarat/2026.yaml").write_text((repo_copy / "units/prasyarat/2026.yaml").read_text().replace("year: 2026", "year: 2025"))
    (repo_copy / "evidence/disdukcapil/files/sk-tim-zi.pdf").write_bytes(b"diubah")
    serial = check_repository(repo_copy, workers=1)
    parallel = check_repository(repo_copy, workers=3)
    assert len(serial.errors) >= 3
    assert parallel.problems == serial.problems
    assert parallel.files_checked == serial.files_checked


def test_parallel_scores_equal_serial_in_order():
    files = [f for u in unit_dirs(ROOT) for f in find_answers_files(u)]
    assert list(score_all(ROOT, files, None, workers=1)) == list(score_all(ROOT, files, None, workers=2))


def _site(workers: int):
    from datetime import date

    from zi_evidence.site import SiteOptions, generate_site
    build = generate_site(ROOT, SiteOptions(today=date(2026, 11, 22), portalrb=True), workers=workers)
    return [(f.path, f.text, f.source) for f in build.files], build.warnings, build.errors


def test_parallel_site_generation_writes_the_same_files(monkeypatch):
    from zi_evidence.site import generate

    serial = _site(1)
    monkeypatch.setattr(generate, "CHUNK_UNITS", 2)  # several jobs over two workers
    assert _site(2) == serial
    assert len(serial[0]) > 100


def test_workers_are_spawned_when_the_process_has_threads(monkeypatch, repo_copy):
    """``mkdocs serve`` rebuilds from a thread; forking a threaded process can deadlock, so workers are spawned.
    Site generation, check and score all start their workers through one helper; each must still give the same result."""
    import multiprocessing

    from zi_evidence import workers
    from zi_evidence.site import generate

    methods = []
    real = multiprocessing.get_context
    monkeypatch.setattr(workers.multiprocessing, "get_context", lambda method: methods.append(method) or real(method))
    monkeypatch.setattr(workers.threading, "active_count", lambda: 3)
    monkeypatch.setattr(generate, "CHUNK_UNITS", 4)
    assert _site(2)[0] == _site(1)[0]
    assert check_repository(repo_copy, workers=2).problems == check_repository(repo_copy, workers=1).problems
    files = [f for u in unit_dirs(ROOT) for f in find_answers_files(u)]
    assert list(score_all(ROOT, files, None, workers=2)) == list(score_all(ROOT, files, None, workers=1))
    # three pools (site, check, score), plus the evidence sandbox when this worker process has not started it yet
    assert set(methods) == {"spawn"} and len(methods) in (3, 4), methods


def test_what_stops_publication_outside_unit_folders_is_found_by_a_worker_as_by_one_process(monkeypatch, repo_copy):
    """With workers, one of them checks everything outside unit folders (file names anywhere, instansi.yaml) beside the
    units; the site refuses the same findings, listed first, as when one process does it all."""
    from datetime import date

    from zi_evidence.site import SiteOptions, generate, generate_site

    (repo_copy / "evidence/dinas-sosial/files/nama\u202egnp.pdf").write_bytes(b"%PDF-1.4\n")
    monkeypatch.setattr(generate, "CHUNK_UNITS", 1)
    serial, parallel = (generate_site(repo_copy, SiteOptions(today=date(2026, 11, 22), history=False), workers=w).errors
                        for w in (1, 2))
    assert serial == parallel and any("karakter kendali" in e and "nama" in e for e in serial)
    assert "karakter kendali" in serial[0]  # what lies outside the units comes first, as before
