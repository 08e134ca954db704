"""A parent writes a mot to their child's teacher; the teacher reads and acknowledges it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from preau.core.errors import PreauError
from preau.liaison import policies, selectors, services
from preau.liaison.forms import ParentMessageForm
from preau.liaison.models import ParentMessage
from preau.liaison.views._common import run_and_report


@login_required
def write_to_teacher_view(request: HttpRequest) -> HttpResponse:
    children = selectors.children_of(request.user)
    wanted = request.GET.get("enfant", "")
    child = next((c for c in children if str(c.pk) == wanted), None)
    if child is None:
        raise Http404
    teachers = list(policies.teachers_of_child(request.user, child.pk))
    form = ParentMessageForm(request.POST or None, teachers=teachers)
    if request.method == "POST" and form.is_valid():
        try:
            services.write_to_teacher(
                request.user,
                child_id=child.pk,
                teacher_id=form.cleaned_data["teacher"],
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except PreauError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Votre mot est envoyé.")
            return redirect(f"{redirect('liaison:home').url}?enfant={child.pk}")
    return render(request, "liaison/write.html", {"form": form, "child": child})


def _message_or_404(request: HttpRequest, pk: int) -> ParentMessage:
    message = (
        ParentMessage.objects.select_related("author", "pupil", "teacher").filter(pk=pk).first()
    )
    if message is None or not policies.message_abilities(request.user, message)["view"]:
        raise Http404
    return message


@login_required
def message_view(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message_or_404(request, pk)
    abilities = policies.message_abilities(request.user, message)
    return render(request, "liaison/message.html", {"message": message, "abilities": abilities})


@login_required
@require_POST
def acknowledge_view(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message_or_404(request, pk)
    run_and_report(
        request,
        lambda: services.acknowledge(request.user, message),
        "Le mot est marqué comme pris en compte.",
    )
    return redirect("liaison:message", pk=message.pk)
