"""S9's requests (performance.md §5): what signed-in parents do on an ordinary evening.

The brief's mix is 70 % page reads, 10 % timeline polls, 5 % messages, 3 % uploads and 2 % logins;
the 10 % it leaves unsaid go to the address book, which a parent searches before writing:
- page read: the home page (`/`);
- timeline poll: the unread badge that the pages poll (`/fil/badge/`);
- address book: `/api/v1/communication/visible?q=ma`;
- message: `POST /api/v1/messages` to a teacher of one of the parent's children (201), through the
  communication rules, the sanitiser and the recipient's notification;
- upload: `POST /api/v1/documents`, a 1,280 × 960 JPEG photo with EXIF into the parent's own space
  (201): type checked from the content, re-encoded without its EXIF, thumbnail made, quota counted;
- login: the sign-in API with the password (Argon2id).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from bench.broadcasts import message_post
from bench.loadgen import Picker, Request
from bench.scenarios import get, login_request

MIX = {"home": 70, "poll": 10, "recipients": 10, "message": 5, "upload": 3, "login": 2}
BOUNDARY = "preau-bench-photo"


@dataclass(frozen=True)
class Parent:
    cookie: str  # the browser's Cookie header: session and CSRF cookies
    teacher: int  # a teacher of one of their children's classes

    @property
    def csrf(self) -> str:
        for part in self.cookie.split("; "):
            name, _, value = part.partition("=")
            if name == "csrftoken":
                return value
        raise ValueError("no CSRF cookie in the bench browser's cookies")


def teachers_of(logins: list[str]) -> dict[str, int]:
    """For each parent login, a teacher of a class where one of their children is, read from the
    loaded académie (parents without one are left out)."""
    from preau.directory.models import ClassMembership

    found: dict[str, int] = {}
    for login in logins:
        classes = ClassMembership.objects.filter(
            role=ClassMembership.Role.ELEVE,
            ended_at=None,
            user__parent_links__parent__login=login,
            user__parent_links__parental_authority=True,
        ).values("school_class")
        teacher = (
            ClassMembership.objects.filter(
                role=ClassMembership.Role.ENSEIGNANT, ended_at=None, school_class__in=classes
            )
            .order_by("pk")
            .values_list("user_id", flat=True)
            .first()
        )
        if teacher is not None:
            found[login] = teacher
    return found


def photo(width: int = 1280, height: int = 960) -> bytes:
    """A phone-like JPEG of a few hundred KB (shading, grain, a few shapes, camera EXIF), made
    the same every run."""
    import random

    from PIL import Image, ImageDraw

    shade = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    noise = random.Random(9).randbytes(width * height * 3)  # noqa: S311 - an image, not a secret
    grain = Image.frombytes("RGB", (width, height), noise)
    image = Image.blend(shade, grain, 0.12)
    draw = ImageDraw.Draw(image)
    for n in range(12):
        x, y = (n * 97) % width, (n * 61) % height
        draw.ellipse((x, y, x + 180, y + 120), fill=(40 + n * 15, 120, 200 - n * 10))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Préau bench", "Phone"  # Make, Model
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, exif=exif)
    return out.getvalue()


def message_request(parent: Parent, i: int) -> Request:
    body = "<p>Bonjour, Léa a rendez-vous chez le dentiste à 16 h 30.</p>"
    return message_post(parent.cookie, parent.csrf, [parent.teacher], f"Ce soir ({i})", body)


def upload_request(parent: Parent, jpeg: bytes) -> Request:
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="sortie.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n"
    ).encode()
    headers = (
        ("Cookie", parent.cookie),
        ("X-CSRFToken", parent.csrf),
        ("Content-Type", f"multipart/form-data; boundary={BOUNDARY}"),
    )
    body = head + jpeg + f"\r\n--{BOUNDARY}--\r\n".encode()
    return Request("POST", "/api/v1/documents", headers, body, expect=201)


def pickers(
    parents: list[Parent], logins: list[str], password: str, jpeg: bytes
) -> dict[str, Picker]:
    def one(i: int) -> Parent:
        return parents[i % len(parents)]

    def each(build: Callable[[Parent], Request]) -> Picker:
        return lambda i: build(one(i))

    return {
        "home": each(lambda p: get("/", p.cookie)),
        "poll": each(lambda p: get("/fil/badge/", p.cookie)),
        "recipients": each(lambda p: get("/api/v1/communication/visible?q=ma", p.cookie)),
        "message": lambda i: message_request(one(i), i),
        "upload": each(lambda p: upload_request(p, jpeg)),
        "login": lambda i: login_request(logins[i % len(logins)], password),
    }
