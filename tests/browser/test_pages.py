"""The web page in headless Chromium against the real service: ask, follow a citation, abstain, errors."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlencode, urlparse

import pytest

from service.deps import Engine

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ASKED = "2018年第三次审议大会在哪里举行？"
# the 2016 meeting is in none of the five documents: the service abstains on it
NOT_IN_THE_DOCUMENTS = "2030年第五次审议大会在哪里举行？"
TIMEOUT = 60

# makes /v1/ask answer like the service did before it had answerable/confidence/answer
OLD_SERVICE = """
const realFetch = window.fetch.bind(window);
window.fetch = async function (url, options) {
  const response = await realFetch(url, options);
  if (!String(url).includes('/v1/ask')) return response;
  const data = await response.json();
  delete data.answerable; delete data.confidence; delete data.answer;
  await new Promise(function (resolve) { setTimeout(resolve, 800); });
  return new Response(JSON.stringify(data), {status: 200, headers: {'Content-Type': 'application/json'}});
};
"""
SERVER_DOWN = "window.fetch = function () { return Promise.reject(new TypeError('Failed to fetch')); };"


def wait(driver: Any, css: str, timeout: float = TIMEOUT) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(ec.visibility_of_element_located((By.CSS_SELECTOR, css)))


def find(driver: Any, css: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, css)


def find_all(driver: Any, css: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return list(driver.find_elements(By.CSS_SELECTOR, css))


def ask(driver: Any, base_url: str, question: str) -> None:
    from selenium.webdriver.common.keys import Keys

    driver.get(base_url + "/")
    box = wait(driver, "#question")
    box.clear()
    box.send_keys(question)
    box.send_keys(Keys.ENTER)


def in_viewport(driver: Any, element: Any) -> bool:
    return bool(driver.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;", element))


def rect(driver: Any, element: Any) -> dict[str, float]:
    return dict(driver.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height};", element))


def one_line(driver: Any, element: Any) -> bool:
    """Whether the element's text takes a single line: its height is under one and a half lines."""
    return bool(driver.execute_script(
        "const s = getComputedStyle(arguments[0]);"
        "const inner = arguments[0].clientHeight - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom);"
        "return inner < 1.5 * parseFloat(s.lineHeight);", element))


def test_ask_shows_the_answer_highlighted_in_its_cited_paragraph(browser: Any, base_url: str,
                                                                  screenshot_dir: Path) -> None:
    ask(browser, base_url, ASKED)
    card = wait(browser, "#answer")
    assert "联合国总部" in find(card, ".answer-text").text
    supporting = find(card, ".passage.supporting")
    assert "联合国总部" in find(supporting, "mark.answer-sentence").text
    # .text would give one line per part of the chip: the words as they read
    chip = find(supporting, ".citation-chip").get_attribute("textContent").replace("\xa0", " ")
    assert chip.startswith("A/CONF.192/2018/RC/3 · 2018年7月6日 · ") and chip.endswith(" · 第4段"), chip
    assert "A. 会议开幕和会期" in chip
    assert find(browser, ".summary").text.startswith("找到 ")
    assert len(find_all(browser, ".passages .passage")) == 4  # top 5, the answer's paragraph shown above
    assert "q=" in browser.current_url  # the question stays in the address, so Back returns to it
    browser.set_window_size(1280, 1400)
    browser.save_screenshot(str(screenshot_dir / "screenshot-ask.png"))


def test_group_by_document_shows_each_document_once_with_its_passages(browser: Any, base_url: str) -> None:
    question = "各文件对国际援助与合作分别提出了什么？"
    browser.get(base_url + "/")
    wait(browser, "#question")
    find(browser, "#group-by-document").click()
    ask_form = find(browser, "#question")
    ask_form.send_keys(question)
    find(browser, "#ask-button").click()
    wait(browser, ".document-group")
    groups = find_all(browser, ".document-group")
    documents = [g.get_attribute("data-doc-id") for g in groups]
    assert len(documents) == len(set(documents)) > 1
    page = rect(browser, find(browser, ".ask-form"))
    for group in groups:
        assert find(group, ".document-group-title").text
        assert rect(browser, group)["right"] <= page["right"]  # no wider than the page
        chips = [chip.get_attribute("href") for chip in group.find_elements("css selector", ".passage .citation-chip")]
        assert chips and all(f"/documents/{group.get_attribute('data-doc-id')}" in href for href in chips)
    assert "group=document" in browser.current_url
    browser.get(browser.current_url)  # the choice is kept in the address
    wait(browser, ".document-group")
    assert find(browser, "#group-by-document").is_selected()


def test_citation_opens_the_document_at_the_highlighted_paragraph(browser: Any, base_url: str, engine: Engine,
                                                                   screenshot_dir: Path) -> None:
    ask(browser, base_url, ASKED)
    wait(browser, "#answer .citation-chip").click()
    target = wait(browser, "#p4.is-target")
    url = urlparse(browser.current_url)
    assert url.path == "/documents/revcon3-report-2018" and url.fragment == "p4"
    assert in_viewport(browser, target)
    assert find(target, ".para-margin").text == "4."
    assert "联合国总部" in find(target, "mark.answer-sentence").text
    headings = [h.text for h in find_all(browser, ".section-heading")]
    assert headings[:3] == ["一. 导言", "二. 组织事项和会议记录", "A. 会议开幕和会期"]
    assert "附件" in headings
    assert find(browser, "#doc-symbol").text == "A/CONF.192/2018/RC/3"
    # one block per anchor: the pieces of a split paragraph are shown as the one paragraph they are
    anchors = {c.anchor for c in engine.bundle.chunks if c.doc_id == "revcon3-report-2018"}
    assert len(find_all(browser, ".para")) == len(anchors)
    browser.save_screenshot(str(screenshot_dir / "screenshot-document.png"))


def test_document_view_puts_footnotes_after_their_paragraph_and_marks_unnumbered_ones(browser: Any,
                                                                                      base_url: str) -> None:
    browser.get(base_url + "/documents/res-65-64#pre-u3")
    target = wait(browser, "#pre-u3.is-target")
    assert find(target, ".para-margin").text == "¶3"
    following = browser.execute_script("return arguments[0].nextElementSibling.id", target)
    assert following == "fn2"
    assert find(browser, "#fn2 .para-margin").text == "2"
    assert find(browser, "#p3 .para-margin").text == "3."


def test_unknown_paragraph_and_unknown_document_are_said_in_words(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/documents/res-65-64#p99")
    assert "文件中没有段落“p99”" in wait(browser, "#message").text
    browser.get(base_url + "/documents/no-such-doc")
    message = wait(browser, "#message").text
    assert message.startswith("无法打开文件：unknown document 'no-such-doc'") and "res-65-64" in message


def test_abstention_says_the_documents_do_not_answer(browser: Any, base_url: str, screenshot_dir: Path) -> None:
    ask(browser, base_url, NOT_IN_THE_DOCUMENTS)
    notice = wait(browser, "#abstain")
    assert "这些文件没有回答这个问题" in notice.text
    assert find(browser, ".abstain-missing").text == "这些段落没有提到：2030"
    assert find(browser, ".passages-heading").text == "相关段落，并非答案"
    assert find_all(browser, ".passages.is-related .passage")
    assert not find_all(browser, "#answer")
    browser.set_window_size(1280, 1100)
    browser.save_screenshot(str(screenshot_dir / "screenshot-abstain.png"))


def test_page_works_with_a_service_without_answers_and_shows_loading(browser: Any, base_url: str) -> None:
    from selenium.webdriver.common.keys import Keys

    browser.get(base_url + "/")
    box = wait(browser, "#question")
    browser.execute_script(OLD_SERVICE)
    box.send_keys(ASKED, Keys.ENTER)
    button = wait(browser, "#ask-button.is-loading")
    assert not button.is_enabled() and button.text == "检索中…"
    wait(browser, ".passages .passage")
    assert find(browser, ".passages-heading").text == "相关段落"
    assert not find_all(browser, "#answer") and not find_all(browser, "#abstain")
    assert find(browser, "#ask-button").text == "提问"


def test_empty_question_shows_an_error_in_words(browser: Any, base_url: str, screenshot_dir: Path) -> None:
    browser.get(base_url + "/")
    wait(browser, "#ask-button").click()
    assert wait(browser, "#message").text == "请先输入问题。"
    browser.save_screenshot(str(screenshot_dir / "screenshot-error.png"))


def test_server_refusal_shows_its_message(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/?q=" + "标识" + "&k=80")
    message = wait(browser, "#message").text
    assert message == "请求未被接受：top_k: top_k=80 is outside 1..50; use a value from 1 to 50"


def test_server_down_is_said_in_words(browser: Any, base_url: str) -> None:
    from selenium.webdriver.common.keys import Keys

    browser.get(base_url + "/")
    box = wait(browser, "#question")
    browser.execute_script(SERVER_DOWN)
    box.send_keys(ASKED, Keys.ENTER)
    assert wait(browser, "#message").text.startswith("无法连接到服务")


def test_example_question_asks_and_copy_citation_copies_a_full_reference(browser: Any, base_url: str) -> None:
    browser.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": base_url, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    browser.get(base_url + "/")
    [example] = [b for b in find_all(browser, ".example") if "65/64" in b.text]
    example.click()
    wait(browser, ".passage")
    # the passage retrieval ranks first (the answer's own passage may be shown before it)
    first = find(browser, ".passage[data-rank='1']")
    button = find(first, ".copy-citation")
    button.click()
    wait(browser, ".copy-citation.is-copied")
    copied = browser.execute_async_script(
        "const done = arguments[0]; navigator.clipboard.readText().then(done, () => done(null));")
    reference = button.get_attribute("data-reference")
    assert copied in (reference, None)  # None: headless Chromium without a clipboard to read back
    assert reference.startswith("A/RES/65/64，《大会第65/64号决议：小武器和轻武器非法贸易的各方面问题》，"
                                "2010年12月8日，")
    assert "：“" in reference and reference.endswith("”")


def test_english_toggle_changes_the_labels(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/")
    wait(browser, "#lang-toggle").click()
    assert find(browser, "#ask-button").text == "Ask"
    assert find(browser, "html").get_attribute("lang") == "en"
    assert find(browser, "#document-filter option[value='']").text == "All documents"
    browser.refresh()
    assert wait(browser, "#ask-button").text == "Ask"  # remembered
    find(browser, "#ask-button").click()
    assert wait(browser, "#message").text == "Please type a question first."
    find(browser, "#lang-toggle").click()
    assert find(browser, "#ask-button").text == "提问"


def test_phone_width_needs_no_sideways_scrolling(browser: Any, base_url: str, screenshot_dir: Path) -> None:
    browser.set_window_size(390, 844)
    ask(browser, base_url, ASKED)
    wait(browser, "#answer")
    overflow = "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert browser.execute_script(overflow) <= 0
    browser.save_screenshot(str(screenshot_dir / "screenshot-phone.png"))
    browser.get(base_url + "/documents/revcon3-report-2018#annex-s2-p5")
    wait(browser, "#annex-s2-p5.is-target")
    assert browser.execute_script(overflow) <= 0
    assert unquote(urlparse(browser.current_url).fragment) == "annex-s2-p5"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_group_by_document_checkbox_sits_beside_its_label_at_phone_width(browser: Any, base_url: str,
                                                                          lang: str) -> None:
    browser.set_window_size(375, 812)
    browser.get(base_url + "/")
    if lang == "en":
        wait(browser, "#lang-toggle").click()
    box = wait(browser, "#group-by-document")
    label = find(browser, ".filter-group span")
    assert browser.execute_script("return window.innerWidth") <= 600  # the phone layout applies
    box_at, label_at = rect(browser, box), rect(browser, label)
    middle = (box_at["top"] + box_at["bottom"]) / 2
    assert label_at["top"] <= middle <= label_at["bottom"], (box_at, label_at)  # on one line
    assert 0 <= label_at["left"] - box_at["right"] <= 16, (box_at, label_at)  # side by side, not edge to edge


# documents without a symbol, each with a question the service answers from it alone
UNSYMBOLED = {
    "mge-2011-report": "2011年政府专家会议的主席团成员有哪些？",
    "sg-report-2012": "秘书长报告中提到了哪些区域组织？",
    "bms3-letter-2008": "第三届两年期会议的主席是谁？",
}


@pytest.mark.parametrize("doc_id", sorted(UNSYMBOLED))
def test_citation_chip_of_a_document_without_symbol_fits_one_line(browser: Any, base_url: str, engine: Engine,
                                                                  doc_id: str) -> None:
    browser.get(base_url + "/?" + urlencode({"q": UNSYMBOLED[doc_id], "doc": doc_id, "k": 10}))
    wait(browser, ".citation-chip")
    chips = find_all(browser, ".citation-chip")
    assert len(chips) == 10
    title = engine.bundle.documents[doc_id].title
    page = rect(browser, find(browser, ".ask-form"))
    for chip in chips:
        assert one_line(browser, chip), chip.text
        assert rect(browser, chip)["right"] <= page["right"]  # the page does not widen to fit the chip
        assert chip.get_attribute("title").startswith(title + "\n")  # the full title on hover


def test_document_view_keeps_the_top_bar_and_the_way_back_in_view_far_down(browser: Any, base_url: str) -> None:
    ask(browser, base_url, ASKED)
    wait(browser, "#answer .citation-chip").click()
    wait(browser, "#p4.is-target")
    browser.execute_script("window.location.hash = '#annex-s2-p5'")  # a paragraph far down the document
    target = wait(browser, "#annex-s2-p5.is-target")
    assert browser.execute_script("return window.scrollY") > 3000
    bar, back = find(browser, ".topbar"), find(browser, "#back-link")
    assert rect(browser, bar)["top"] == 0 and in_viewport(browser, bar)
    assert in_viewport(browser, back) and back.is_displayed()
    assert rect(browser, target)["top"] >= rect(browser, back)["bottom"]  # the target is not under the bar
    browser.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    assert rect(browser, bar)["top"] == 0 and in_viewport(browser, back)
    back.click()
    wait(browser, "#answer")  # back at the question and its results
    assert urlparse(browser.current_url).path == "/" and find(browser, "#question").get_attribute("value") == ASKED


def test_document_view_shows_the_cover_as_a_header_block(browser: Any, base_url: str, engine: Engine,
                                                         screenshot_dir: Path) -> None:
    browser.get(base_url + "/documents/revcon3-report-2018")
    cover = wait(browser, "#front .cover")
    assert find(cover, ".cover-symbol").text == "A/CONF.192/2018/RC/3"
    assert find(cover, ".cover-date").text == "2018年7月6日"
    assert [line.text for line in find_all(cover, ".cover-title")] == [
        "第三次联合国审查从各个方面防止、打击和消除小武器和轻武器非法贸易的行动纲领执行进度大会",
        "联合国审查从各个方面防止、打击和消除小武器和轻武器非法贸易的行动纲领执行进度大会的报告"]
    assert find(cover, ".cover-dateline").text == "2018年6月18日至29日,纽约"
    meta = find(cover, ".cover-meta").text
    assert "Distr.: General" in meta and "Original: English" in meta and "A/CONF" not in meta
    title = find(cover, ".cover-title")
    style = browser.execute_script("const s = getComputedStyle(arguments[0]);"
                                   "return [s.textAlign, s.fontWeight];", title)
    assert style[0] == "center" and int(style[1]) >= 600
    browser.save_screenshot(str(screenshot_dir / "screenshot-cover.png"))
    # a quote of one line is marked there; a quote of the whole cover in every line
    report = "联合国审查从各个方面防止、打击和消除小武器和轻武器非法贸易的行动纲领执行进度大会的报告"
    browser.get(base_url + "/documents/revcon3-report-2018?" + urlencode({"hl": report}) + "#front")
    wait(browser, "#front.is-target")
    assert [mark.text for mark in find_all(browser, "#front mark.answer-sentence")] == [report]
    whole = next(c.text for c in engine.bundle.chunks if c.doc_id == "revcon3-report-2018" and c.kind == "front")
    browser.get(base_url + "/documents/revcon3-report-2018?" + urlencode({"hl": whole}) + "#front")
    wait(browser, "#front.is-target")
    assert len(find_all(browser, "#front mark.answer-sentence")) == len(find_all(browser, "#front .cover-line"))
    # a title the printed page wrapped mid-word is one line again; a cover without symbol shows none
    browser.get(base_url + "/documents/mge-2011-report")
    cover = wait(browser, "#front .cover")
    assert not find_all(cover, ".cover-symbol")
    assert find(cover, ".cover-date").text == "2011年5月13日"
    assert find_all(cover, ".cover-title")[-1].text == (
        "执行《从各个方面防止、打击和消除小武器和轻武器非法贸易的行动纲领》不限成员名额政府专家会议的报告")
    find(browser, "#lang-toggle").click()
    assert find(cover, ".cover-date").text == "13 May 2011"


def test_resolution_cover_keeps_its_adoption_note_and_first_words_apart(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/documents/res-65-64")
    cover = wait(browser, "#front .cover")
    assert [line.text for line in find_all(cover, ".cover-title")] == ["65/64. 小武器和轻武器非法贸易的各方面问题"]
    assert [line.text for line in find_all(cover, ".cover-dateline")] == [
        "2010 年 12 月 8 日大会决议", "[根据第一委员会的报告(A/65/410)通过]"]
    assert "13 January 2011 · 第六十五届会议" in find(cover, ".cover-meta").text
    assert find(cover, ".cover-lead").text == "大会，"


# turns the service's verdict into an abstention for the reasons given, as a later service might
def abstaining(reasons: list[str]) -> str:
    return OLD_SERVICE.replace(
        "delete data.answerable; delete data.confidence; delete data.answer;",
        f"data.answerable = false; data.answer = null; data.reasons = {reasons!r}; data.missing_terms = [];")


def test_abstention_says_why_in_words(browser: Any, base_url: str) -> None:
    ask(browser, base_url, "今天天气怎么样？")
    assert [r.text for r in find_all(wait(browser, "#abstain"), ".abstain-reasons li")] == [
        "这些文件没有谈到这个问题。"]
    find(browser, "#lang-toggle").click()
    assert [r.text for r in find_all(browser, ".abstain-reasons li")] == ["The documents do not cover this subject."]
    find(browser, "#lang-toggle").click()
    for reasons, said in [(["no_sentence"], ["没有一句话说明所问的内容。"]),
                          (["confidence"], ["找到的句子把握太小，不能作为答案。"]),
                          (["writing_request"], ["本服务只从文件中查找答案，不代写、翻译文字，也不作推荐。"]),
                          (["test_message"], ["这是一条测试消息，没有提出问题：服务在运行，请输入要查找的问题。"]),
                          (["outcome_after_source"],
                           ["问题问的是某时事件的结果，而答案所在的文件写于那时之前，只能预告或安排它。"]),
                          (["outcome_announced"],
                           ["问题问的是事件的结果，而找到的句子只是预告、安排或提议它，没有说明结果。"]),
                          (["meeting_announced"],
                           ["问题问的是一次会议的结果，而答案所在的文件把这次会议说成尚未举行或正在进行，写于结果之前。"]),
                          (["unknown_title"], ["问题提到的文件或条约不在这些文件之中。"]),
                          (["unknown_meeting"], ["问题提到的会议这些文件从未提及：其他会议的情况不能代替它。"]),
                          (["title_provisions"],
                           ["问题问的是一项条约或文书本身的规定；这些文件提到它，但不载它的条文。"]),
                          (["findings_requested"],
                           ["问题问的是一份报告的结论，而答案所在的段落要求提交一份报告，写于报告之前。"]),
                          (["report_requested"],
                           ["问题问的是秘书长一份报告的内容，而答案所在的文件请秘书长提交这份报告，或记载了对它的请求，写于报告之前。"]),
                          (["count_after_source"],
                           ["问题问的是某一年的数目，而答案所在的文件写于那一年之前，只能给出它写成时的数目。"]),
                          (["no_sentence", "a_reason_from_the_future"], ["没有一句话说明所问的内容。"])]:
        browser.get(base_url + "/")
        box = wait(browser, "#question")
        browser.execute_script(abstaining(reasons))
        box.send_keys(ASKED + "\n")
        wait(browser, "#abstain")
        assert [r.text for r in find_all(browser, ".abstain-reasons li")] == said, reasons


def test_answer_shows_its_confidence_in_figures_and_words(browser: Any, base_url: str) -> None:
    ask(browser, base_url, ASKED)
    confidence = wait(browser, "#answer .confidence").text
    assert re.fullmatch(r"置信度 \d{1,3}% · 把握(较大|一般|较小)", confidence), confidence
    find(browser, "#lang-toggle").click()
    confidence = find(browser, "#answer .confidence").text
    assert re.fullmatch(r"confidence \d{1,3}% · (likely right|may be right|unsure)", confidence), confidence
