"""POST /v1/ask: the ranked, cited passages that answer a question."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from service.api.responses import ANY_ROUTE, RATE_LIMITED, WITH_BODY, WITH_KEY, error_responses
from service.auth import require_api_key
from service.deps import EngineDep, MetricsDep
from service.schemas import AskRequest, AskResponse, ErrorOut

router = APIRouter(prefix="/v1", tags=["ask"], dependencies=[Depends(require_api_key)])


# a sync endpoint: FastAPI runs it in its thread pool, so model inference never blocks the event loop
@router.post(
    "/ask", response_model=AskResponse, summary="提问：返回带引文的段落（及答案句，或说明文件没有答案）",
    openapi_extra={"requestBody": {"content": {"application/json": {"examples": {
        "question": {"summary": "提问", "value": {"question": "2018年第三次审议大会在哪里举行？", "top_k": 5}},
        "one_document": {"summary": "只在一份文件中检索", "value": {
            "question": "65/64号决议对非法中介活动说了什么？", "top_k": 3, "documents": ["res-65-64"],
            "mode": "hybrid"}}}}}}},
    responses={
        **error_responses(*WITH_BODY, *WITH_KEY, *RATE_LIMITED, *ANY_ROUTE),
        200: {"content": {"application/json": {"examples": {
            "answer": {"summary": "有答案：answer 是出处段落中的一句原文", "value": {
                "question": "2018年第三次审议大会在哪里举行？", "mode": "hybrid", "answerable": True,
                "confidence": 0.863, "confidence_level": "high", "reasons": [], "missing_terms": [], "answer": {
                    "text": "第三次联合国审查从各个方面防止、打击和消除小武器和轻武器非法贸易的行动纲领"
                            "执行进度大会于 2018 年 6 月 18 日至 29 日在联合国总部举行。",
                    "passage_rank": 1, "start": 538, "end": 614},
                "passages": [{
                    "chunk_id": "revcon3-report-2018:p4", "rank": 1, "score": 0.31207,
                    "text": "第三次联合国审查从各个方面防止、打击和消除小武器和轻武器非法贸易的行动纲领"
                            "执行进度大会于 2018 年 6 月 18 日至 29 日在联合国总部举行。"
                            "6 月 18 日,裁军事务高级代表宣布大会开幕。…",
                    "kind": "paragraph", "citation": {
                        "doc_id": "revcon3-report-2018", "file": "004_1366cbd6226e3dfd.txt",
                        "symbol": "A/CONF.192/2018/RC/3", "title": "第三次联合国审查从各个方面防止、打击和消除小武器和"
                        "轻武器非法贸易的行动纲领执行进度大会的报告（附成果文件）", "date": "2018-07-06",
                        "part": "正文",
                        "section": "二. 组织事项和会议记录 > A. 会议开幕和会期",
                        "section_path": ["二. 组织事项和会议记录", "A. 会议开幕和会期"], "paragraph": "4",
                        "label": "第4段", "anchor": "p4", "start": 538, "end": 761, "spans": [[538, 761]]},
                    "sources": {"dense": 0.888, "clause": 0.903, "bm25": 5.29}, "document_bonus": 0.090909,
                    "pinned": False}],
                "took_ms": 85.3}},
            "abstain": {"summary": "文件没有答案：answerable 为 false，段落只是相关内容", "value": {
                "question": "2016年第六次双年度会议在哪里举行？", "mode": "hybrid", "answerable": False,
                "confidence": 0.3, "confidence_level": "low", "reasons": ["terms"], "missing_terms": ["2016"],
                "answer": None, "passages": [{
                    "chunk_id": "res-65-64:p30", "rank": 1, "score": 0.187943,
                    "text": "请秘书长就本决议的执行情况向大会第六十六届会议提出报告；", "kind": "paragraph",
                    "citation": {
                        "doc_id": "res-65-64", "file": "001_95727af4ea0c9107.txt", "symbol": "A/RES/65/64",
                        "title": "大会第65/64号决议：小武器和轻武器非法贸易的各方面问题", "date": "2010-12-08",
                        "part": "执行部分", "section": "", "section_path": [], "paragraph": "30",
                        "label": "执行部分第30段", "anchor": "p30", "start": 3809, "end": 3839,
                        "spans": [[3809, 3839]]},
                    "sources": {"dense": 0.867, "clause": 0.884, "bm25": 3.48}, "document_bonus": 0.0,
                    "pinned": False}],
                "took_ms": 72.0}}}}}},
        404: {"model": ErrorOut, "description": "a doc_id in documents is unknown",
              "content": {"application/json": {"example": {
                  "detail": "unknown document 'res-65-65'; known doc_ids: bms3-letter-2008, mge-2011-report, "
                            "res-65-64, revcon3-report-2018, sg-report-2012"}}}},
        422: {"model": ErrorOut, "description": "a field is missing, unknown, of the wrong type or out of range",
              "content": {"application/json": {"examples": {
            "empty": {"summary": "问题为空", "value": {
                "detail": "question: question is empty; ask a question in words"}},
            "top_k": {"summary": "top_k 超出范围", "value": {
                "detail": "top_k: top_k=80 is outside 1..50; use a value from 1 to 50"}},
            "unknown": {"summary": "未知字段", "value": {
                "detail": "unknown field 'topk' (did you mean top_k?); known: question, top_k, documents, mode, "
                          "context, group_by"}},
            "type": {"summary": "类型错误", "value": {
                "detail": "top_k: Input should be a valid integer; got a string \"5\""}}}}}},
    },
)
def ask(request: AskRequest, engine: EngineDep, metrics: MetricsDep) -> AskResponse:
    result = engine.pipeline.ask(request.to_query())
    metrics.observe_answer("/v1/ask", result)
    return AskResponse.of(result, engine.neighbours if request.context else None)
