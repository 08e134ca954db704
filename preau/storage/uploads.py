"""Django upload handlers that hash the bytes as they arrive (settings.FILE_UPLOAD_HANDLERS).

The storage core needs each file's SHA-256; computing it while the multipart body is parsed
means a 5 MB upload is not read from disk a second time just to hash it. The file gets a
`sha256` attribute (hex), which `storage.intake` trusts only together with the file's size.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler


class _Hashing:
    """Mixin: a SHA-256 of every chunk this handler keeps."""

    sha: Any = None

    def start_hash(self) -> None:
        self.sha = hashlib.sha256()

    def finish(self, uploaded: Any) -> Any:
        if uploaded is not None and self.sha is not None:
            uploaded.sha256 = self.sha.hexdigest()
        return uploaded


class HashingMemoryFileUploadHandler(_Hashing, MemoryFileUploadHandler):
    def new_file(self, *args: Any, **kwargs: Any) -> None:
        self.start_hash()  # before: the parent raises StopFutureHandlers when it keeps the file
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if self.activated:
            self.sha.update(raw_data)
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size: int) -> Any:
        return self.finish(super().file_complete(file_size))


class HashingTemporaryFileUploadHandler(_Hashing, TemporaryFileUploadHandler):
    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.start_hash()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.sha.update(raw_data)
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size: int) -> Any:
        return self.finish(super().file_complete(file_size))
