"""Pages of the carnet: per child for a parent, the class's mots for a pupil, writing and
following mots for a teacher or the director."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from preau.core.errors import PreauError
from preau.directory.models import ClassMembership, Profile
from preau.directory.policies import get_scope
from preau.liaison import exports, policies, selectors, services
from preau.liaison.forms import NoteForm
from preau.liaison.models import Note, NoteRecipient
from preau.liaison.views._common import run_and_report
from preau.storage.downloads import file_response


@dataclass(frozen=True)
class PupilChoice:
    pk: int
    label: str


def _selected_child(request: HttpRequest, children: list[Any]) -> Any:
    wanted = request.GET.get("enfant", "")
    for child in children:
        if str(child.pk) == wanted:
            return child
    return children[0] if children else None


@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    scope = get_scope(user)
    children = selectors.children_of(user)
    child = _selected_child(request, children)
    context: dict[str, Any] = {"children": children, "child": child}
    if child is not None:
        context["received"] = selectors.received_by_parent(user, child.pk)
        context["sent_messages"] = list(selectors.messages_by_parent(user, child.pk))
    if policies.write_scope(user, scope).any:
        context["written"] = list(selectors.written_by(user))
        context["parent_messages"] = list(selectors.messages_for_teacher(user))
    if any(profile == Profile.ELEVE for _, profile in scope.school_profiles):
        context["pupil_notes"] = list(selectors.received_by_pupil(user))
    return render(request, "liaison/home.html", context)


def _pupil_choices(classes: list[Any]) -> list[PupilChoice]:
    rows = (
        ClassMembership.objects.filter(
            school_class__in=classes, role=ClassMembership.Role.ELEVE, ended_at__isnull=True
        )
        .select_related("user", "school_class")
        .order_by("school_class__name", "user__last_name", "user__first_name")
    )
    return [PupilChoice(m.user_id, f"{m.user.list_name} ({m.school_class.name})") for m in rows]


@login_required
def new_note_view(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    ws = policies.write_scope(request.user, scope)
    if not ws.any:
        raise Http404
    classes = list(policies.writable_classes(request.user, scope))
    school_id = next(iter(sorted(ws.school_ids)), None)
    form = NoteForm(
        request.POST or None,
        classes=classes,
        pupils=_pupil_choices(classes),
        school_id=school_id,
    )
    if request.method == "POST" and form.is_valid():
        try:
            note = services.publish_note(
                request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                audience=form.audience(),
                requires_signature=form.cleaned_data["requires_signature"],
                reply=form.reply(),
                attachments=[f for f in request.FILES.getlist("attachments") if f.size],
            )
        except PreauError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Votre mot est publié.")
            return redirect("liaison:note", pk=note.pk)
    return render(request, "liaison/new.html", {"form": form}, status=200)


def _note_or_404(request: HttpRequest, pk: int) -> tuple[Note, dict[str, bool]]:
    note = selectors.get_note(pk)
    if note is None:
        raise Http404
    abilities = policies.note_abilities(request.user, note)
    if not abilities["view"]:
        raise Http404
    return note, abilities


def _family_rows(request: HttpRequest, note: Note) -> list[NoteRecipient]:
    return list(
        NoteRecipient.objects.filter(note=note, parent_id=request.user.pk)
        .select_related("pupil")
        .order_by("pupil__first_name")
    )


@login_required
def note_view(request: HttpRequest, pk: int) -> HttpResponse:
    note, abilities = _note_or_404(request, pk)
    context: dict[str, Any] = {"note": note, "abilities": abilities}
    context["family_rows"] = _family_rows(request, note)
    context["attachments"] = selectors.attachments_of(note)
    if abilities["follow"]:
        context["follow_up"] = selectors.follow_up(note)
        context["counts"] = selectors.signature_counts(note)
    return render(request, "liaison/note.html", context)


def _after_family_action(request: HttpRequest, note: Note, error: str) -> HttpResponse:
    if request.headers.get("HX-Request"):
        context = {"note": note, "family_rows": _family_rows(request, note), "error": error}
        return render(request, "liaison/_family.html", context)
    return redirect("liaison:note", pk=note.pk)


def _pupil_id(request: HttpRequest) -> int | None:
    value = request.POST.get("pupil", "")
    return int(value) if value.isdigit() else None


@login_required
@require_POST
def sign_view(request: HttpRequest, pk: int) -> HttpResponse:
    note, _ = _note_or_404(request, pk)
    error = run_and_report(
        request,
        lambda: services.sign_note(request.user, note, _pupil_id(request)),
        "Merci, votre signature est enregistrée.",
    )
    return _after_family_action(request, note, error)


@login_required
@require_POST
def answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    note, _ = _note_or_404(request, pk)
    answer = request.POST.get("answer", "")
    error = run_and_report(
        request,
        lambda: services.answer_note(request.user, note, answer, _pupil_id(request)),
        "Votre réponse est enregistrée.",
    )
    return _after_family_action(request, note, error)


@login_required
@require_POST
def remind_view(request: HttpRequest, pk: int) -> HttpResponse:
    note, _ = _note_or_404(request, pk)
    run_and_report(
        request,
        lambda: services.send_reminder(request.user, note),
        "La relance est envoyée aux familles qui n'ont pas signé.",
    )
    return redirect("liaison:note", pk=note.pk)


def _followed_note(request: HttpRequest, pk: int) -> Note:
    note, abilities = _note_or_404(request, pk)
    if not abilities["follow"]:
        raise Http404
    return note


@login_required
def attachment_view(request: HttpRequest, pk: int, attachment: int) -> HttpResponseBase:
    """A file of the mot, streamed to those who may read the mot (and nobody else)."""
    note, _ = _note_or_404(request, pk)
    joined = selectors.attachment(note, attachment)
    if joined is None:
        raise Http404
    return file_response(request, joined.file, download=request.GET.get("telecharger") == "1")


@login_required
def export_csv_view(request: HttpRequest, pk: int) -> HttpResponse:
    note = _followed_note(request, pk)
    return exports.csv_response(note, selectors.follow_up(note))


@login_required
def export_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    note = _followed_note(request, pk)
    return exports.pdf_response(note, selectors.follow_up(note), selectors.signature_counts(note))
