"""fsync of a file's data and of a folder's entries: what makes a write or a rename survive a crash."""

from __future__ import annotations

import os
from pathlib import Path


def fsync_path(path: Path) -> None:
    """Flush ``path`` to disk: a file's data, or a folder's entries (the renames into and out of it)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
