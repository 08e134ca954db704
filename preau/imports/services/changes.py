"""What an import changes, person by person: the lists of the web preview and report.

Built from the run's own bookkeeping (no query), so a dry run shows exactly what the real run
would do: arrivals (new accounts, people joining from elsewhere, people back after an absence),
class moves, departures and new parent–child links."""

from __future__ import annotations

from typing import Any

from preau.imports.services.run import Run

PROFILE_ROWS = {"eleve": "pupils", "responsable": "parents", "enseignant": "teacher_rows"}


def describe(run: Run) -> None:
    run.report.changes = {
        "arrivals": _arrivals(run),
        "moves": _moves(run),
        "departures": _departures(run),
        "links": _links(run),
    }


def _name(run: Run, uid: int) -> str:
    return str(run.state.users[uid].list_name)


def _rows(run: Run, profile: str) -> list[Any]:
    files = run.plan.files
    return list(
        run.plan.teacher_rows if profile == "enseignant" else getattr(files, PROFILE_ROWS[profile])
    )


def _arrivals(run: Run) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for profile, ids in run.ids.items():
        rows = _rows(run, profile)
        for index, uid in ids.items():
            if uid in run.created:
                status = "new"
            elif uid in run.state.absences:
                status = "back"
            elif profile not in run.state.profiles.get(uid, set()):
                status = "joined"
            else:
                continue
            found.append(
                {
                    "profile": profile,
                    "name": _name(run, uid),
                    "detail": _detail(profile, rows[index]),
                    "status": status,
                }
            )
    return sorted(found, key=lambda a: (a["profile"], a["name"]))


def _detail(profile: str, row: Any) -> str:
    if profile == "eleve":
        return str(row.class_name)
    if profile == "enseignant":
        return ", ".join(row.class_names)
    return ""


def _moves(run: Run) -> list[dict[str, Any]]:
    rows = run.plan.files.pupils
    moves = [
        {
            "name": _name(run, uid),
            "from": run.state.last_class.get(uid, ""),
            "to": rows[index].class_name,
        }
        for index, uid in run.ids.get("eleve", {}).items()
        if uid in run.moved and uid not in run.created
    ]
    return sorted(moves, key=lambda m: m["name"])


def _departures(run: Run) -> list[dict[str, Any]]:
    gone = [
        {"name": _name(run, uid), "profiles": sorted(run.state.profiles.get(uid, set()))}
        for uid in run.gone
    ]
    return sorted(gone, key=lambda d: d["name"])


def _links(run: Run) -> list[dict[str, Any]]:
    links = [
        {"parent": _name(run, parent), "child": _name(run, child)}
        for parent, child in run.new_links
    ]
    return sorted(links, key=lambda link: (link["child"], link["parent"]))
