"""Files on disk: fsync of a file's data and of a folder's entries (what makes a write or a rename survive a
crash), and a file's checksum (what tells that it changed)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def fsync_path(path: Path) -> None:
    """Flush ``path`` to disk: a file's data, or a folder's entries (the renames into and out of it)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex, read in blocks."""
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()
