"""What is due, per unit, on a given day — without a server: a scheduled job turns this into one issue per unit.

- the submission deadline (31 May in 90/2021, from the rules' policy): H-30 and H-7 for a unit still building toward a
  predicate that has not recorded its submission to the TPN this year;
- revisi items of the TPI waiting on the unit for more than ``STALE_REVISI_DAYS`` days (``zi review``);
- the 2-yearly monitoring report of a predicate held (Lampiran II Bab IV huruf A angka 3–4): due within 60 days or overdue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .gitdata import GitHistory
from .numfmt import tanggal
from .render.comment import code, inline
from .repository import Repository
from .review import WAITS_ON_UNIT, unit_review
from .scoring.policy import deadline, monitoring_due, revocation_ban

STALE_REVISI_DAYS = 14
DEADLINE_WINDOWS = (30, 7)  # H-30, then H-7
MONITORING_NOTICE_DAYS = 60
GITHUB_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")  # GitHub's account names
MARKER = "<!-- zi-reminder:{unit} -->"


@dataclass(frozen=True)
class Reminder:
    kind: str  # deadline | revisi | monitoring
    message: str


def unit_reminders(repo: Repository, history: GitHistory | None, uid: str, today: date) -> list[Reminder]:
    record = repo.unit(uid)
    profile = record.profile
    rules = repo.rules(repo.default_rules(uid))
    out: list[Reminder] = []
    due = deadline(today.year, rules.policy)
    if due < today:
        due = deadline(today.year + 1, rules.policy)
    days_left = (due - today).days
    stages = [s for s in profile.get("stages") or [] if isinstance(s, dict)]
    submitted = any(s.get("stage") == "pengajuan_tpn" and str(s.get("date", "")).startswith(str(due.year)) for s in stages)
    building = profile.get("target") and not submitted and not any(
        isinstance(p, dict) and p.get("predicate") == profile.get("target") and not p.get("revoked") for p in profile.get("predicates") or [])
    banned = revocation_ban(profile.get("predicates"), due, rules.policy) is not None  # no proposal possible this year
    if building and not banned and days_left <= DEADLINE_WINDOWS[0]:
        window = next(w for w in sorted(DEADLINE_WINDOWS) if days_left <= w)
        # the text names the window and the date, not a day count, so the issue changes (and notifies) only per window
        out.append(Reminder("deadline", f"H-{window}: batas pengajuan ke TPN {tanggal(due.isoformat())}; pastikan LKE {due.year} "
                            "lengkap, dinilai TPI, dan tahap pengajuan_tpn dicatat setelah diajukan."))
    year = record.years[0] if record.years else None
    if year is not None:
        stale = [i for i in unit_review(repo, history, uid, year, today)
                 if i.waits_on == WAITS_ON_UNIT and i.age_days is not None and i.age_days > STALE_REVISI_DAYS]
        if stale:
            listing = ", ".join(f"{i.item} (sejak {tanggal(i.since.isoformat())})" for i in sorted(stale, key=lambda x: -(x.age_days or 0)) if i.since)
            out.append(Reminder("revisi", f"{len(stale)} butir revisi TPI belum ditanggapi lebih dari {STALE_REVISI_DAYS} hari: {listing}. "
                                "Lihat `zi review " + uid + "`."))
    for m in monitoring_due(profile.get("predicates"), stages, today, rules.policy):
        if m.overdue:
            out.append(Reminder("monitoring", f"Pemantauan berkala predikat {m.predicate} lewat jatuh tempo ({tanggal(m.due.isoformat())}); "
                                "laporkan melalui PMPZI dan catat tahap pemantauan_berkala."))
        elif (m.due - today).days <= MONITORING_NOTICE_DAYS:
            out.append(Reminder("monitoring", f"Pemantauan berkala predikat {m.predicate} jatuh tempo {tanggal(m.due.isoformat())}; "
                                "siapkan laporannya melalui PMPZI."))
    return out


def issue_body(uid: str, name: str, maintainers: list[str], reminders: list[Reminder], today: date) -> str:
    """The one issue per unit: marker, mentions, the list; the same reminders give the same text (idempotent updates).

    Built from unit data, so through the comment escaping policy (:mod:`.render.comment`): the name and the messages
    (which quote unit data) as inline text, the id as code; only well-formed account names become @mentions (they are
    the unit's maintainers, an admin-owned field). No image, link or mention can come from a unit's text."""
    handles = [m.lstrip("@") for m in maintainers if isinstance(m, str)]
    mentions = " ".join("@" + h for h in handles if GITHUB_LOGIN.fullmatch(h))
    lines = [MARKER.format(unit=uid), f"Pengingat ZI untuk **{inline(name)}** ({code(uid)}), dihitung {tanggal(today.isoformat())}.", ""]
    lines += [f"- {inline(r.message)}" for r in reminders] or ["Tidak ada yang jatuh tempo."]
    if mentions:
        lines += ["", f"Pengelola unit: {mentions}"]
    lines += ["", "_Isu ini diperbarui otomatis oleh alur kerja terjadwal; tutup tidak perlu — ia tertutup sendiri bila tidak ada pengingat._"]
    return "\n".join(lines)
