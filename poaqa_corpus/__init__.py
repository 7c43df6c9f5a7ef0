"""The bundled corpus: the five Chinese UN documents and their manifest, shipped as package data so that an
installed poa-qa finds them wherever it runs (the default of POAQA_CORPUS_DIR)."""

from pathlib import Path

FOLDER = Path(__file__).resolve().parent
