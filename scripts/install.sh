#!/usr/bin/env bash
# The one installer of poa-qa, used by the Makefile (`make install`) and the Dockerfile.
#
#   scripts/install.sh VENV [dev|deps|project]
#
#   dev      (default) torch's CPU build, then the project editable with the dev extra: `make serve`, `make test`
#   deps     torch's CPU build, then only the runtime dependencies listed in pyproject.toml (and those of the
#            extras named in EXTRAS), without the project: needs nothing but pyproject.toml, so Docker caches this
#            layer until the dependencies change
#   project  the project itself, non-editable, without dependencies (Docker, once the sources are copied)
#
# torch comes first and explicitly as its CPU build: otherwise sentence-transformers pulls the multi-gigabyte
# CUDA build. It is taken from TORCH_INDEX (the PyTorch CPU index) when that answers within TORCH_INDEX_TIMEOUT
# seconds; otherwise from pip's default index (or the mirror pip is configured with), saying so.
#
# Environment: PYTHON (python3) creates the venv; TORCH_VERSION, TORCH_INDEX, TORCH_INDEX_TIMEOUT (5); EXTRAS
# (none): comma-separated extras of pyproject.toml whose dependencies `deps` adds, e.g. EXTRAS=milvus.
set -euo pipefail

usage="usage: $0 VENV [dev|deps|project]"
venv=${1:?$usage}
target=${2:-dev}
case "$target" in
    dev | deps | project) ;;
    *) echo "$0: unknown target '$target'; use dev, deps or project" >&2; exit 2 ;;
esac

case "$venv" in
    /*) ;;
    *) venv="$PWD/$venv" ;;  # relative to the caller's folder, before the cd below
esac
cd "$(dirname "$0")/.."  # the project root: pyproject.toml is here

: "${PYTHON:=python3}"
: "${TORCH_VERSION:=2.13.0}"
: "${TORCH_INDEX:=https://download.pytorch.org/whl/cpu}"
: "${TORCH_INDEX_TIMEOUT:=5}"

if [ ! -x "$venv/bin/python" ]; then
    echo "install: creating $venv with $PYTHON"
    "$PYTHON" -m venv "$venv"
fi
py="$venv/bin/python"
pip=("$py" -m pip --disable-pip-version-check)
"${pip[@]}" install --quiet --upgrade pip

install_torch() {
    local installed
    installed=$("$py" -c "import importlib.metadata as m; print(m.version('torch'))" 2>/dev/null || true)
    if [ "${installed%%+*}" = "$TORCH_VERSION" ]; then
        echo "install: torch $installed already installed"
        return
    fi
    # a short probe first: pip retries an unreachable index for minutes before giving up
    if "$py" - "$TORCH_INDEX" "$TORCH_INDEX_TIMEOUT" <<'EOF'
import sys
import urllib.request

url, timeout = sys.argv[1].rstrip("/") + "/torch/", float(sys.argv[2])
try:
    urllib.request.urlopen(url, timeout=timeout).close()
except OSError as e:
    sys.exit(f"install: {url} is unreachable ({e})")
EOF
    then
        echo "install: torch==$TORCH_VERSION from the CPU index $TORCH_INDEX"
        "${pip[@]}" install --quiet --index-url "$TORCH_INDEX" "torch==$TORCH_VERSION"
    else
        echo "install: torch==$TORCH_VERSION from pip's default index instead (a CPU build only if that index or a" \
             "configured mirror holds one; on PyPI, Linux gets the CUDA build)"
        "${pip[@]}" install --quiet "torch==$TORCH_VERSION"
    fi
}

case "$target" in
    dev)
        install_torch
        echo "install: the project, editable, with the dev extra"
        "${pip[@]}" install --quiet -e ".[dev]"
        ;;
    deps)
        install_torch
        echo "install: the runtime dependencies of pyproject.toml${EXTRAS:+, with those of the extras $EXTRAS}"
        requirements=$(mktemp)
        trap 'rm -f "$requirements"' EXIT
        EXTRAS="${EXTRAS:-}" "$py" - >"$requirements" <<'EOF'
import os
import sys
import tomllib

project = tomllib.load(open("pyproject.toml", "rb"))["project"]
extras = project["optional-dependencies"]
wanted = [name.strip() for name in os.environ["EXTRAS"].split(",") if name.strip()]
if unknown := [name for name in wanted if name not in extras]:
    sys.exit(f"install: unknown extra {', '.join(unknown)} in EXTRAS; known: {', '.join(extras)}")
print("\n".join(project["dependencies"] + [req for name in wanted for req in extras[name]]))
EOF
        "${pip[@]}" install --quiet -r "$requirements"
        ;;
    project)
        echo "install: the project, without dependencies"
        "${pip[@]}" install --quiet --no-deps .
        ;;
esac
echo "install: done ($venv)"
