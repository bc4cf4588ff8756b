"""The binding verdict on a pull request: validation, scores before → after and authorization, computed by trusted
(base-branch) tooling that reads the pull request's head as data — Git objects, never code to run.

``build_verdict`` is what the privileged workflow job runs; ``authorization`` is also what ``zi authz`` prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import git

from .authz import handle, ownership_rules, render_codeowners, violations
from .authz_fields import POLICY_PATH, field_violations, load_policy, roles
from .filekinds import classify
from .layout import CODEOWNERS_PATH, EVIDENCE, UNITS
from .prreport import MARKER, Side, build_report, changed_files, render_markdown
from .render.comment import code, fit, inline
from .scan.text import identifier_key

CONTEXT = "zi/verdict"  # the commit status branch protection can require


@dataclass
class Authorization:
    paths: list[str]
    files: list[dict]  # {path, owners, rule, why}
    fields: list[dict]  # {path, line, field, owners, why}
    protected: list[str]
    registration: list[str] = field(default_factory=list)  # files of a new unit's first PR: admins approve (CODEOWNERS)
    new_units: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.files and not self.fields


def _merge_base(repo: git.Repo, base: str, head: git.Commit) -> git.Commit:
    bases = repo.merge_base(repo.commit(base), head)
    return bases[0] if bases else repo.commit(base)


def rules_at(repo: git.Repo, commit: git.Commit, units: Iterable[str] | None = None) -> list:
    """Ownership as the base revision declares it: a pull request cannot grant itself rights. With ``units``, only
    those units' rules (what decides a path in their folders: the last matching rule is the same, :func:`rules_for_paths`)."""
    side = Side(repo, commit=commit)
    try:
        tree = commit.tree[UNITS]
    except KeyError:
        tree = None
    wanted = None if units is None else set(units)
    # one listing of units/: each unit's profile read from its own subtree (a lookup by full path re-parsed the whole
    # units/ tree for every unit, quadratic in units)
    profiles = {entry.name: _profile(entry, f"{UNITS}/{entry.name}/unit.yaml") for entry in (tree.trees if tree is not None else [])
                if wanted is None or entry.name in wanted}
    return ownership_rules(side.yaml(f"{UNITS}/instansi.yaml"), profiles)


def rules_for_paths(repo: git.Repo, commit: git.Commit, paths: Iterable[str]) -> list:
    """The ownership rules that can decide ``paths``: the instansi's, the TPI's and those of the units the paths lie in.
    A unit's rules match only inside its own folders, so the rules of other units never decide these paths, and
    their profiles are not read (a pull request pays for the units it touches, not for the institution's size)."""
    named = {parts[1] for parts in (p.split("/") for p in paths) if len(parts) >= 2 and parts[0] in (UNITS, EVIDENCE)}
    return rules_at(repo, commit, named)


def _profile(unit_tree, path: str) -> dict:
    try:
        blob = unit_tree["unit.yaml"]
    except KeyError:
        return {}
    return Side.parse(blob.data_stream.read(), path) if blob.type == "blob" else {}


def authorization(repo: git.Repo, base: str, head: str, actor: str, changes: dict[str, str] | None = None,
                  full: bool = False) -> Authorization:
    """File- and field-level rights of ``actor`` over the change base…head, by the rules of the base revision
    (``changes``: the change's paths when the caller has listed them already; ``full``: every unit's rules read)."""
    head_commit = repo.commit(head)
    base_commit = _merge_base(repo, base, head_commit)
    paths = list(changes if changes is not None else changed_files(repo, base_commit.hexsha, head_commit.hexsha, tops=None))
    before, after = Side(repo, commit=base_commit), Side(repo, commit=head_commit)
    policy_text = before.read(POLICY_PATH)
    policy = load_policy(policy_text.decode("utf-8") if policy_text is not None else None)
    instansi = before.yaml(f"{UNITS}/instansi.yaml")
    new_units, registration = registration_files(repo, base_commit, head_commit, actor, paths)
    fields = []
    for path in paths:
        parts = path.split("/")
        if len(parts) == 3 and parts[0] == UNITS and parts[2] == "unit.yaml":
            if parts[1] in new_units:  # a registration: its profile may set everything except predicates and stages
                head_profile = after.yaml(path)
                baseline = {k: v for k, v in head_profile.items() if k not in ("predicates", "stages") or v == []}
                fields += field_violations(policy, "unit", path, roles(actor, instansi, head_profile), baseline, head_profile)
                continue
            base_profile = before.yaml(path)
            fields += field_violations(policy, "unit", path, roles(actor, instansi, base_profile), base_profile, after.yaml(path))
    protected = [p for p in paths if any(p == q or (q.endswith("/") and p.startswith(q)) for q in policy.get("protected_paths") or [])]
    files = violations(rules_at(repo, base_commit) if full else rules_for_paths(repo, base_commit, paths), actor, paths)
    files = [v for v in files if v["path"] not in registration]
    return Authorization(paths, files, fields, protected, registration, new_units)


def registration_files(repo: git.Repo, base: git.Commit, head: git.Commit, actor: str, paths: list[str]) -> tuple[list[str], list[str]]:
    """The policy for registering a unit (README): its first pull request adds ``units/<id>/`` and ``evidence/<id>/`` with the
    actor among the new ``maintainers``, and the regenerated ``.github/CODEOWNERS``. Nobody holds rights over a unit that does
    not exist yet, so these files are not violations but need the admins' approval, which CODEOWNERS (``*`` → admins)
    requests; anything else in the pull request is judged as usual."""
    before, after = Side(repo, commit=base), Side(repo, commit=head)
    me = identifier_key(handle(actor))
    new_units = []
    for path in paths:
        parts = path.split("/")
        if len(parts) == 3 and parts[0] == UNITS and parts[2] == "unit.yaml" and before.read(path) is None:
            profile = after.yaml(path)
            if isinstance(profile, dict) and me in {identifier_key(handle(m)) for m in profile.get("maintainers") or [] if isinstance(m, str)}:
                new_units.append(parts[1])
    if not new_units:
        return [], []
    # the unit's own files: not kinds another role owns (the TPI's and TPN's assessments, filekinds.py), which a
    # registration cannot carry (judged as usual: a violation)
    owned = [p for p in paths if any(p.startswith(f"{top}/{uid}/") for uid in new_units for top in (UNITS, EVIDENCE))
             and ((found := classify(p)) is None or found.kind.owner == "unit")]
    if CODEOWNERS_PATH in paths:
        expected = render_codeowners(rules_at(repo, head))
        if (after.read(CODEOWNERS_PATH) or b"").decode("utf-8", "replace") == expected:
            owned.append(CODEOWNERS_PATH)  # only exactly what `zi codeowners` derives from the new data
    return new_units, owned


def build_verdict(root: Path, base: str, head: str, actor: str, today: date | None = None, full: bool = False) -> dict:
    """Everything the verdict says, as data (``state`` is ``success`` or ``failure``). It costs what the change
    touches (:mod:`.check.scope`, :func:`rules_for_paths`); ``full`` checks the whole head and reads every unit's
    ownership — the same verdict, which ``tests/test_incremental_verdict.py`` holds it to."""
    repo = git.Repo(root)
    head_commit = repo.commit(head)
    changes = changed_files(repo, _merge_base(repo, base, head_commit).hexsha, head_commit.hexsha, tops=None)  # listed once
    report = build_report(root, base, head, changes, today, full)
    auth = authorization(repo, base, head, actor, changes, full)
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    state = "success" if not errors and auth.ok else "failure"
    reasons = ([f"{len(errors)} masalah validasi"] if errors else []) + \
              ([f"{len(auth.files) + len(auth.fields)} perubahan di luar hak"] if not auth.ok else [])
    return {"state": state, "description": "; ".join(reasons) or "lulus validasi dan hak akses", "actor": actor,
            "base": report["base"], "head": report["head"], "report": report,
            "authz": {"files": auth.files, "fields": auth.fields, "protected": [p for p in auth.protected if p not in auth.registration],
                      "registration": auth.registration, "new_units": auth.new_units}}


def _scope_line(scope: dict | None) -> str:
    """What was checked: the units the change touches (their earlier findings elsewhere were judged when they merged),
    or everything when a shared file changed."""
    if not scope or scope["full"]:
        why = f" karena berkas bersama {code(scope['shared'])} berubah" if scope and scope.get("shared") else ""
        return f"Cakupan pemeriksaan: seluruh repositori{why}."
    units = scope["units"]
    shown = ", ".join(code(u) for u in units[:20]) + (f" dan {len(units) - 20} unit lain" if len(units) > 20 else "")
    return (f"Cakupan pemeriksaan: unit yang diubah ({shown}) dan semua berkas di luar folder unit; "
            "unit lain tidak berubah dan sudah diperiksa saat digabung." if units else
            "Cakupan pemeriksaan: semua berkas di luar folder unit (tidak ada folder unit yang berubah).")


def render_verdict(verdict: dict, details_url: str | None = None) -> str:
    """The sticky comment: the verdict, authorization, then the report; at most 65,536 characters."""
    ok = verdict["state"] == "success"
    out = [MARKER, f"## {'✅' if ok else '❌'} Putusan ZI Evidence: {'lulus' if ok else 'belum lulus'}", "",
           f"Dihitung oleh perkakas cabang dasar atas isi commit {code(verdict['head'][:12])} (kode dari pull request tidak dijalankan). "
           f"Status {code(CONTEXT)}: {inline(verdict['description'])}.", "", _scope_line(verdict["report"].get("scope")), ""]
    auth = verdict["authz"]
    if auth.get("new_units"):
        out += [f"**🆕 Pendaftaran unit baru:** {', '.join(code(u) for u in auth['new_units'])} — berkas unit baru dan CODEOWNERS "
                "hasil `zi codeowners` bukan pelanggaran hak, tetapi pull request pertama unit perlu **persetujuan admin** "
                "(Code Owners) sebelum digabung.", ""]
    if auth["protected"]:
        out += ["**⚠️ Perubahan perkakas, aturan atau alur kerja** — perlu ditinjau admin: "
                + ", ".join(code(p) for p in auth["protected"][:30]) + ("…" if len(auth["protected"]) > 30 else ""), ""]
    if auth["files"] or auth["fields"]:
        out += [f"**Hak akses:** ❌ {inline(verdict['actor'])} mengubah yang bukan haknya:", ""]
        for v in auth["files"][:50]:
            out.append(f"- {code(v['path'])}: {inline(v['why'])} — perlu {inline(' '.join(v['owners']) or 'admin')}")
        for v in auth["fields"][:50]:
            where = f"{v['path']}:{v['line']}" if v["line"] else v["path"]
            out.append(f"- {code(where)} kolom {code(v['field'])}: {inline(v['why'])} — hanya {inline(', '.join(v['owners']))}")
        out.append("")
    else:
        out += ["**Hak akses:** ✅ semua perubahan sesuai hak pengubah.", ""]
    body = "\n".join(out) + render_markdown(verdict["report"]).removeprefix(MARKER).lstrip("\n")
    pointer = "… (laporan dipotong; versi lengkap ada di ringkasan job" + (f": {details_url})" if details_url else ")")
    return fit(body, pointer)
