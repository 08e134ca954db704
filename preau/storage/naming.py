"""File names people see: no path, no control characters, NFC-normalised, bounded."""

from __future__ import annotations

import re
import unicodedata

MAX_NAME = 150
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_SPACES = re.compile(r"\s+")

# Extensions matching a type found from the content, for names that lack one.
EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
    "text/plain": ".txt",
    "text/csv": ".csv",
    "audio/mpeg": ".mp3",
    "audio/ogg": ".ogg",
    "video/mp4": ".mp4",
    "video/webm": ".webm",
}


def sanitise_name(raw: str, content_type: str = "") -> str:
    """ "../../etc/pass wd" → "pass wd"; "e\u0301te\u0301.jpg" → "été.jpg" (NFC).

    Keeps only the last path component, drops control and reserved characters, trims dots and
    spaces at the ends (hidden files, Windows), and bounds the length keeping the extension.
    """
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[/\\]", name)[-1]
    name = _SPACES.sub(" ", _UNSAFE.sub("_", name)).strip(" .")
    if not name:
        name = "fichier" + EXTENSIONS.get(content_type, "")
    if "." not in name and content_type in EXTENSIONS:
        name += EXTENSIONS[content_type]
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        ext = ext[:15] if dot else ""
        keep = MAX_NAME - len(ext) - (1 if ext else 0)
        name = (stem if dot else name)[:keep].rstrip(" .") + (f".{ext}" if ext else "")
    return name
