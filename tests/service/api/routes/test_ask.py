"""POST /v1/ask: real questions find their paragraph on the real index (slow); shapes, filters, modes and bad input
on the FAKE-encoder index (fast)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from indexer.clean import is_faithful

# question -> (doc_id, anchor of the answering paragraph), each read off the documents themselves
QUESTIONS = {
    "2018年第三次审议大会在哪里举行？": ("revcon3-report-2018", "p4"),
    "2011年政府专家会议是什么时候举行的？": ("mge-2011-report", "p4"),
    "谁当选为2011年政府专家会议的主席？": ("mge-2011-report", "p7"),
    "成果文件草案第一节第13段的表决结果是多少票？": ("revcon3-report-2018", "p18"),
    "65/64号决议决定何时召开审议大会筹备委员会会议？": ("res-65-64", "p18"),
    "2018年成果文件关于禁止非法去除或更改标识有什么措施？": ("revcon3-report-2018", "annex-s3-p4"),
    "联合国常规武器登记册有多少会员国报告过小武器进出口情况？": ("sg-report-2012", "p20"),
    "2008年两年期会议提交国家报告的截止日期是哪天？": ("bms3-letter-2008", "annex-u5"),
}


@pytest.mark.parametrize("question", QUESTIONS)
def test_real_question_finds_its_paragraph_in_top_5(client: TestClient, question: str) -> None:
    response = client.post("/v1/ask", json={"question": question, "top_k": 5})
    assert response.status_code == 200
    cited = [(p["citation"]["doc_id"], p["citation"]["anchor"]) for p in response.json()["passages"]]
    assert QUESTIONS[question] in cited, cited


def test_citation_is_complete_and_points_at_the_passage(client: TestClient, engine) -> None:
    response = client.post("/v1/ask", json={"question": "2018年第三次审议大会在哪里举行？"}).json()
    top = next(p for p in response["passages"] if p["citation"]["anchor"] == "p4")
    citation = top["citation"]
    assert citation["symbol"] == "A/CONF.192/2018/RC/3" and citation["file"] == "004_1366cbd6226e3dfd.txt"
    assert citation["section"] == "二. 组织事项和会议记录 > A. 会议开幕和会期" and citation["paragraph"] == "4"
    original = engine.bundle.documents[citation["doc_id"]].text
    assert is_faithful(original, top["text"], citation["spans"])
    assert original[citation["start"]:citation["end"]].startswith("第三次联合国审查")


def test_documents_filter_keeps_only_those_documents(fake_client: TestClient) -> None:
    response = fake_client.post("/v1/ask", json={"question": "标识", "top_k": 10, "documents": ["res-65-64"]})
    assert {p["citation"]["doc_id"] for p in response.json()["passages"]} == {"res-65-64"}


@pytest.mark.parametrize("mode", ["dense", "keyword", "hybrid"])
def test_each_mode_answers(fake_client: TestClient, mode: str) -> None:
    response = fake_client.post("/v1/ask", json={"question": "非法中介活动", "mode": mode, "top_k": 3})
    assert response.status_code == 200 and response.json()["mode"] == mode and response.json()["passages"]


@pytest.mark.parametrize(("body", "status", "message"), [
    ({"question": ""}, 422, "question is empty"),
    ({"question": "   \n "}, 422, "question is empty"),
    ({"question": "问" * 1001}, 422, "1001 characters, above the maximum 1000"),
    ({"question": "标识", "top_k": 0}, 422, "top_k=0 is outside 1..50"),
    ({"question": "标识", "top_k": 51}, 422, "top_k=51 is outside 1..50"),
    ({"question": "标识", "documents": ["A/RES/65/64"]}, 404, "unknown document 'A/RES/65/64'"),
    ({"top_k": 5}, 422, "question: Field required"),
    ({"question": "标识", "mode": "magic"}, 422, "mode:"),
])
def test_bad_input_gets_a_4xx_saying_what_is_wrong(fake_client: TestClient, body: dict, status: int,
                                                   message: str) -> None:
    response = fake_client.post("/v1/ask", json=body)
    assert response.status_code == status
    assert message in response.json()["detail"]


def test_malformed_json_gets_400(fake_client: TestClient) -> None:
    response = fake_client.post("/v1/ask", content=b'{"question": ', headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["detail"]


def test_answer_is_a_verbatim_sentence_of_a_returned_passage(client: TestClient, engine) -> None:
    data = client.post("/v1/ask", json={"question": "2011年政府专家会议是什么时候举行的？"}).json()
    assert data["answerable"] and 0 <= data["confidence"] <= 1
    answer = data["answer"]
    passage = data["passages"][answer["passage_rank"] - 1]
    assert answer["text"] in passage["text"]
    original = engine.bundle.documents[passage["citation"]["doc_id"]].text
    assert passage["citation"]["start"] <= answer["start"] < answer["end"] <= passage["citation"]["end"]
    assert is_faithful(original, answer["text"], [(answer["start"], answer["end"])])


def test_question_naming_a_year_no_document_covers_is_not_answerable(client: TestClient) -> None:
    data = client.post("/v1/ask", json={"question": "2030年第五次审议大会在哪里举行？"}).json()
    assert data["answerable"] is False and data["answer"] is None and data["passages"]


def test_context_gives_heading_and_neighbouring_paragraphs(client: TestClient) -> None:
    data = client.post("/v1/ask", json={"question": "65/64号决议执行部分第12段说了什么？", "context": True}).json()
    context = data["passages"][0]["context"]
    assert context["previous"]["anchor"] == "p11" and context["next"]["anchor"] == "p13"
    assert context["heading"] == data["passages"][0]["citation"]["section"]
    plain = client.post("/v1/ask", json={"question": "65/64号决议执行部分第12段说了什么？"}).json()
    assert plain["passages"][0]["context"] is None


def test_group_by_document_keeps_ranks_and_lists_each_document_once(fake_client: TestClient) -> None:
    body = {"question": "各文件对国际援助与合作分别提出了什么？", "top_k": 10}
    ranked = fake_client.post("/v1/ask", json=body).json()["passages"]
    grouped = fake_client.post("/v1/ask", json={**body, "group_by": "document"}).json()
    assert sorted(p["rank"] for p in grouped["passages"]) == list(range(1, 11))
    documents = [g["doc_id"] for g in grouped["groups"]]
    assert len(documents) == len(set(documents))
    assert documents == list(dict.fromkeys(p["citation"]["doc_id"] for p in ranked))
    assert [p["citation"]["doc_id"] for p in grouped["passages"]] == [
        d for d in documents for _ in grouped["groups"][documents.index(d)]["ranks"]]
    assert all(g["ranks"] == sorted(g["ranks"]) for g in grouped["groups"])


def test_explicit_citation_is_pinned_first_with_its_own_fields(client: TestClient) -> None:
    data = client.post("/v1/ask", json={"question": "65/64号决议执行部分第12段说了什么？", "top_k": 3}).json()
    first = data["passages"][0]
    assert first["citation"]["anchor"] == "p12" and first["pinned"] is True
    assert first["document_bonus"] > 0  # the question names resolution 65/64
    assert set(first["sources"]) <= {"dense", "clause", "bm25"}
    assert not any(p["pinned"] for p in data["passages"][1:])


# --- strict input (issue 16, defects 3 and 11) -----------------------------------------------------------------

@pytest.mark.parametrize(("body", "message"), [
    ({"question": "标识", "top_k": "5"}, 'top_k: Input should be a valid integer; got a string "5"'),
    ({"question": "标识", "top_k": True}, "top_k: Input should be a valid integer; got a boolean true"),
    ({"question": "标识", "top_k": 5.0}, "top_k: Input should be a valid integer; got a number 5.0"),
    ({"question": "标识", "context": "yes"}, 'context: Input should be a valid boolean; got a string "yes"'),
    ({"question": "标识", "context": 1}, "context: Input should be a valid boolean; got a number 1"),
    ({"question": 42}, "question: Input should be a valid string; got a number 42"),
    ({"question": "标识", "documents": "res-65-64"}, "documents: Input should be a valid list"),
])
def test_a_string_or_boolean_for_a_number_is_refused_not_coerced(fake_client: TestClient, body: dict,
                                                                 message: str) -> None:
    response = fake_client.post("/v1/ask", json=body)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(message)


@pytest.mark.parametrize(("body", "message"), [
    ({"question": "标识", "topk": 3}, "unknown field 'topk' (did you mean top_k?); known: question, top_k, documents, "
                                    "mode, context, group_by"),
    ({"question": "标识", "k": 3, "lang": "zh"}, "unknown fields 'k', 'lang'; known: question, top_k"),
])
def test_an_unknown_field_is_refused_with_its_name_and_the_known_ones(fake_client: TestClient, body: dict,
                                                                     message: str) -> None:
    response = fake_client.post("/v1/ask", json=body)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(message)


@pytest.mark.parametrize("body", [b'{"question": "\\ud800"}', b'{"question": "\\udfff\\u6807"}',
                                  b'{"question": "\\u6807", "documents": ["\\ud83d"]}'])
def test_a_lone_surrogate_is_422_not_500(fake_client: TestClient, body: bytes) -> None:
    response = fake_client.post("/v1/ask", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert "half of a UTF-16 surrogate pair, which is not text; send valid Unicode" in response.json()["detail"]


def test_a_surrogate_pair_is_one_character_and_answered(fake_client: TestClient) -> None:
    response = fake_client.post("/v1/ask", content=b'{"question": "\\ud83d\\ude00 \\u6807\\u8bc6"}',
                                headers={"Content-Type": "application/json"})
    assert response.status_code == 200 and response.json()["question"] == "😀 标识"


@pytest.mark.parametrize(("content", "headers", "status", "message"), [
    (b"", {"Content-Type": "application/json"}, 422, "the request body is empty; send a JSON object with the "
                                                     "route's fields (see /docs)"),
    (b'{"question": "\xff\xfe"}', {"Content-Type": "application/json"}, 400,
     "the request body is not valid UTF-8 (byte 0xff at offset 14); send JSON encoded as UTF-8"),
    (b'{"question": "x"}', {}, 422, "the request body must be a JSON object sent with 'Content-Type: "
                                    "application/json'"),
    (b"[1, 2]", {"Content-Type": "application/json"}, 422, "the request body must be a JSON object"),
])
def test_an_empty_or_undecodable_body_gets_a_message_saying_so(fake_client: TestClient, content: bytes,
                                                               headers: dict, status: int, message: str) -> None:
    response = fake_client.post("/v1/ask", content=content, headers=headers)
    assert response.status_code == status
    assert response.json()["detail"].startswith(message)


def test_the_schema_states_every_limit_and_error(fake_client: TestClient) -> None:
    schema = fake_client.get("/openapi.json").json()
    request = schema["components"]["schemas"]["AskRequest"]
    question, top_k = request["properties"]["question"], request["properties"]["top_k"]
    assert (question["minLength"], question["maxLength"]) == (1, 1000)
    assert (top_k["minimum"], top_k["maximum"]) == (1, 50)
    assert request["additionalProperties"] is False
    setting = schema["components"]["schemas"]["DifyRetrievalSetting"]["properties"]
    assert (setting["score_threshold"]["minimum"], setting["score_threshold"]["maximum"]) == (0, 1)
    assert (setting["top_k"]["minimum"], setting["top_k"]["maximum"]) == (1, 50)
    assert "additionalProperties" not in schema["components"]["schemas"]["DifyRetrievalRequest"]
    for path in ("/v1/ask", "/retrieval"):
        documented = set(schema["paths"][path]["post"]["responses"])
        assert {"400", "413", "422", "429", "503"} <= documented, path
