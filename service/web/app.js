/* poa-qa web page: the ask page (/) and the document view (/documents/{doc_id}); no build step, no CDN. */
"use strict";

(function () {
  // ---------------------------------------------------------------- labels, in Chinese and English
  const LABELS = {
    zh: {
      app_title: "行动纲领文件问答",
      intro: "在联合国《行动纲领》（小武器和轻武器）中文文件中查找答案，每个段落都附有可核查的出处。",
      question_label: "问题",
      question_placeholder: "输入问题，按回车提问（Shift+回车换行）",
      ask: "提问",
      asking: "检索中…",
      examples: "示例问题：",
      document_filter: "文件范围",
      all_documents: "全部文件",
      top_k: "段落数",
      group_by_document: "按文件分组",
      api_docs: "API 文档",
      back: "← 返回提问",
      back_results: "← 返回问题和结果",
      loading_document: "正在载入文件…",
      searching: "正在检索相关段落…",
      empty_question: "请先输入问题。",
      request_refused: "请求未被接受：",
      not_ready: "服务尚未就绪：",
      server_error: "服务出错（HTTP {status}）。",
      unreachable: "无法连接到服务。请检查服务是否正在运行，然后重试。",
      timeout: "请求超时，请重试。",
      documents_unavailable: "无法载入文件列表：",
      found: "找到 {n} 个段落 · 用时 {ms} 毫秒",
      answer: "答案",
      confidence: "置信度 {p}%",
      level_high: "把握较大",
      level_medium: "把握一般",
      level_low: "把握较小",
      supporting: "出处段落（答案句已标出）",
      abstain_title: "这些文件没有回答这个问题。",
      abstain_hint: "下面列出的段落与问题相关，但并不是答案。",
      abstain_missing: "这些段落没有提到：{terms}",
      reason_off_topic: "这些文件没有谈到这个问题。",
      reason_writing_request: "本服务只从文件中查找答案，不代写、翻译文字，也不作推荐。",
      reason_test_message: "这是一条测试消息，没有提出问题：服务在运行，请输入要查找的问题。",
      reason_bare_word: "只输入了一个词，没有提出问题：下面列出含有它的段落，但不作为答案。",
      reason_no_sentence: "没有一句话说明所问的内容。",
      reason_outcome_after: "问题问的是后来的结果，而这些文件都写于该事件之前，只能预告或安排它。",
      reason_current_state: "问题问的是现在的情况，而这些文件都写于多年以前。",
      reason_past_after: "问题问的是这些文件写成之后的年份里发生的事。",
      reason_later_event: "问题问的是这些文件写成之后的年份里发生的事，而文件只能预告或安排它。",
      reason_outcome_after_source: "问题问的是某时事件的结果，而答案所在的文件写于那时之前，只能预告或安排它。",
      reason_outcome_announced: "问题问的是事件的结果，而找到的句子只是预告、安排或提议它，没有说明结果。",
      reason_meeting_announced: "问题问的是一次会议的结果，而答案所在的文件把这次会议说成尚未举行或正在进行，写于结果之前。",
      reason_unknown_title: "问题提到的文件或条约不在这些文件之中。",
      reason_unknown_meeting: "问题提到的会议这些文件从未提及：其他会议的情况不能代替它。",
      reason_title_provisions: "问题问的是一项条约或文书本身的规定；这些文件提到它，但不载它的条文。",
      reason_unknown_paragraph: "问题引用的段落不在这些文件之中（或没有说清是哪份文件、哪一节的段落）：别的段落不能代替它。",
      reason_national_law: "问题问的是某一个国家的法律；这些联合国文件只谈各国的国内立法，不载任何一国的法律。",
      reason_findings_requested: "问题问的是一份报告的结论，而答案所在的段落要求提交一份报告，写于报告之前。",
      reason_report_requested: "问题问的是秘书长一份报告的内容，而答案所在的文件请秘书长提交这份报告，或记载了对它的请求，写于报告之前。",
      reason_count_after_source: "问题问的是某一年的数目，而答案所在的文件写于那一年之前，只能给出它写成时的数目。",
      reason_confidence: "找到的句子把握太小，不能作为答案。",
      related_not_answer: "相关段落，并非答案",
      passages: "相关段落",
      other_passages: "其他段落",
      no_passages: "没有找到段落。",
      copy_citation: "复制引文",
      copied: "已复制 ✓",
      copy_manually: "请手动复制以下引文：",
      score: "得分",
      original_text: "原始文本",
      chunk_count: "{n} 个段落",
      document_not_found: "无法打开文件：",
      anchor_missing: "文件中没有段落“{anchor}”。",
      unnumbered: "未编号段落（按位置计）",
      kind_report: "报告",
      kind_resolution: "决议",
      kind_letter: "信函",
      lang_button: "English",
      lang_button_label: "Switch to English",
    },
    en: {
      app_title: "PoA document QA",
      intro: "Find answers in the Chinese UN documents of the Programme of Action on small arms and light " +
        "weapons; every passage comes with a citation you can check.",
      question_label: "Question",
      question_placeholder: "Type a question and press Enter (Shift+Enter for a new line)",
      ask: "Ask",
      asking: "Searching…",
      examples: "Examples:",
      document_filter: "Documents",
      all_documents: "All documents",
      top_k: "Passages",
      group_by_document: "Group by document",
      api_docs: "API docs",
      back: "← Back to questions",
      back_results: "← Back to the question and results",
      loading_document: "Loading the document…",
      searching: "Searching the documents…",
      empty_question: "Please type a question first.",
      request_refused: "The service refused the request: ",
      not_ready: "The service is not ready: ",
      server_error: "The service failed (HTTP {status}).",
      unreachable: "Cannot reach the service. Check that it is running, then try again.",
      timeout: "The request timed out; please try again.",
      documents_unavailable: "Could not load the list of documents: ",
      found: "{n} passages · {ms} ms",
      answer: "Answer",
      confidence: "confidence {p}%",
      level_high: "likely right",
      level_medium: "may be right",
      level_low: "unsure",
      supporting: "Supporting paragraph (answer sentence highlighted)",
      abstain_title: "The documents do not answer this question.",
      abstain_hint: "The passages below are related to the question, but they are not an answer.",
      abstain_missing: "These passages do not mention: {terms}",
      reason_off_topic: "The documents do not cover this subject.",
      reason_writing_request: "This service finds answers in the documents; it does not write or translate text, nor recommend anything.",
      reason_test_message: "This reads as a test message, not a question: the service is running; ask what the documents say.",
      reason_bare_word: "A single word asks no question: the passages below mention it, but none is taken for an answer.",
      reason_no_sentence: "No sentence states what is asked.",
      reason_outcome_after: "The question asks how something turned out, but these documents were written before it happened: they could only announce or schedule it.",
      reason_current_state: "The question asks how things stand today; these documents were written years ago.",
      reason_past_after: "The question asks what happened in years after these documents were written.",
      reason_later_event: "The question asks what happened in a year after these documents were written: they could only announce or schedule it.",
      reason_outcome_after_source: "The question asks how an event of a given month or year turned out, but the answer's document was written before then: it could only announce or schedule it.",
      reason_outcome_announced: "The question asks how something turned out, but the sentence found only announces, schedules or proposes it.",
      reason_meeting_announced: "The question asks how a meeting turned out, but the answer's document speaks of that meeting as still to come or under way: it was written before the outcome.",
      reason_unknown_title: "The question names a document or treaty these documents never mention.",
      reason_unknown_meeting: "The question names a meeting these documents never mention: what they say of other meetings is not about it.",
      reason_title_provisions: "The question asks what a treaty or instrument itself provides; these documents mention it but do not hold its text.",
      reason_unknown_paragraph: "The paragraph the question cites is not in these documents (or it does not say which document or section it is in): no other paragraph can stand in for it.",
      reason_national_law: "The question asks what one country's law says; these UN documents speak of national legislation in general, never of one country's law.",
      reason_findings_requested: "The question asks what a report found, but the paragraph found requests a report: it was written before it.",
      reason_report_requested: "The question asks what a report of the Secretary-General said, but the document found asks the Secretary-General for that report, or records the request for it: it was written before it.",
      reason_count_after_source: "The question asks for a count as of a year after the answer's document was written: it can only give the count of its own date.",
      reason_confidence: "The best sentence found is too uncertain to give as the answer.",
      related_not_answer: "Related passages, not an answer",
      passages: "Passages",
      other_passages: "Other passages",
      no_passages: "No passages found.",
      copy_citation: "Copy citation",
      copied: "Copied ✓",
      copy_manually: "Copy this citation:",
      score: "score",
      original_text: "Original text",
      chunk_count: "{n} chunks",
      document_not_found: "Could not open the document: ",
      anchor_missing: "The document has no paragraph “{anchor}”.",
      unnumbered: "unnumbered paragraph (counted by position)",
      kind_report: "Report",
      kind_resolution: "Resolution",
      kind_letter: "Letter",
      lang_button: "中文",
      lang_button_label: "切换到中文",
    },
  };
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  const REQUEST_TIMEOUT_MS = 60000;

  let lang = readLanguage();
  let rerender = function () {};

  function readLanguage() {
    try {
      return window.localStorage.getItem("poaqa.lang") === "en" ? "en" : "zh";
    } catch (e) {
      return "zh";
    }
  }

  function t(key, vars) {
    let text = LABELS[lang][key] !== undefined ? LABELS[lang][key] : LABELS.zh[key];
    Object.entries(vars || {}).forEach(function ([name, value]) {
      text = text.split("{" + name + "}").join(String(value));
    });
    return text;
  }

  function applyLanguage() {
    document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
    document.querySelectorAll("[data-i18n]").forEach(function (el) {
      el.textContent = t(el.dataset.i18n);
    });
    document.querySelectorAll("[data-i18n-placeholder]").forEach(function (el) {
      el.placeholder = t(el.dataset.i18nPlaceholder);
    });
    const toggle = document.getElementById("lang-toggle");
    if (toggle) {
      toggle.textContent = t("lang_button");
      toggle.setAttribute("aria-label", t("lang_button_label"));
    }
    rerender();
  }

  function toggleLanguage() {
    lang = lang === "en" ? "zh" : "en";
    try {
      window.localStorage.setItem("poaqa.lang", lang);
    } catch (e) {
      // private mode: the choice lasts until the page is left
    }
    applyLanguage();
  }

  // ---------------------------------------------------------------- small DOM helpers
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(function ([name, value]) {
      if (value === null || value === undefined || value === false) return;
      if (name === "className") node.className = value;
      else if (name === "text") node.textContent = value;
      else if (name.startsWith("data-") || name.startsWith("aria-") || name === "role" || name === "title" ||
               name === "href" || name === "id" || name === "type" || name === "tabindex") {
        node.setAttribute(name, value);
      } else node[name] = value;
    });
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) node.append(child);
    });
    return node;
  }

  function showMessage(text, kind) {
    const box = document.getElementById("message");
    box.textContent = text;
    box.className = "message message-" + (kind || "error");
    box.hidden = false;
  }

  function hideMessage() {
    const box = document.getElementById("message");
    box.hidden = true;
    box.textContent = "";
  }

  // ---------------------------------------------------------------- talking to the service
  async function fetchJson(url, options) {
    const controller = new AbortController();
    const timer = window.setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS);
    let response;
    try {
      response = await window.fetch(url, Object.assign({ signal: controller.signal }, options || {}));
    } catch (e) {
      const error = new Error(e && e.name === "AbortError" ? t("timeout") : t("unreachable"));
      error.kind = "network";
      throw error;
    } finally {
      window.clearTimeout(timer);
    }
    let data = null;
    try {
      data = await response.json();
    } catch (e) {
      data = null;
    }
    if (!response.ok) {
      const error = new Error(errorText(response.status, data));
      error.status = response.status;
      error.detail = data && typeof data.detail === "string" ? data.detail : "";
      throw error;
    }
    return data;
  }

  function errorText(status, data) {
    let detail = "";
    if (data && typeof data.detail === "string") detail = data.detail;
    else if (data && data.detail) detail = JSON.stringify(data.detail);
    if (status === 503) return t("not_ready") + detail;
    if (status >= 400 && status < 500) return t("request_refused") + (detail || "HTTP " + status);
    return t("server_error", { status: status }) + (detail ? " " + detail : "");
  }

  // ---------------------------------------------------------------- citations

  function formatDate(iso) {
    if (!iso) return "";
    const parts = String(iso).split("-").map(Number);
    if (parts.some(isNaN)) return String(iso);
    if (lang === "en") {
      if (parts.length === 3) return parts[2] + " " + MONTHS[parts[1] - 1] + " " + parts[0];
      if (parts.length === 2) return MONTHS[parts[1] - 1] + " " + parts[0];
      return String(parts[0]);
    }
    return parts[0] + "年" + (parts.length > 1 ? parts[1] + "月" : "") + (parts.length > 2 ? parts[2] + "日" : "");
  }

  const COVER_HAN = /[\u3400-\u9fff]/;
  const COVER_GLUED_DATE = /([A-Z][a-z]+ \d{4})(?=[\u3400-\u9fff])/g;
  const COVER_MASTHEAD = /^(联合国|大会|安全理事会|经济及社会理事会|秘书处)$|^(临时)?议程|届会议$/;
  const COVER_DATELINE = /^\d{4}\s*年|^[[［].*[\]］]$/;

  const HEADING_NUMBER = /^(附件[一二三四五六七八九十]*|[一二三四五六七八九十]+[.、]|[A-Z][.]|\d+[.]|\([a-z]+\)|（[a-z]+）)/;

  // long headings shrink to their number ("二. …") so the chip stays one line; the full path is its title. A
  // heading that repeats the document's title (a letter headed by itself, "…的信的附件") says nothing in a chip
  // already naming the document, and is left out
  function shortSection(path, title) {
    const base = String(title || "").replace(/（[^（）]*）$/, "");
    return (path || []).filter(function (heading) {
      return !base || !heading.startsWith(base);
    }).map(function (heading) {
      if (heading.length <= 14) return heading;
      const number = heading.match(HEADING_NUMBER);
      return number ? number[1] + " …" : heading.slice(0, 12) + "…";
    }).join(" > ");
  }

  const SHORT_NAME_CHARS = 24;

  // a document's name in a chip, a group title or the filter: its symbol, else its title without what the chip
  // shows beside it or needs no repeating (the Programme's full name, a bracketed tail, a leading date, the subject
  // after a colon); the full title is the tooltip
  function shortName(d) {
    if (d.symbol) return d.symbol;
    let name = d.title
      .replace(/《[^》]*行动纲领》/g, "《行动纲领》")
      .replace(/（[^（）]*）$/, "")
      .replace(/^\d{4}年\d{1,2}月\d{1,2}日/, "");
    const colon = name.indexOf("：");
    if (colon > 0) name = name.slice(0, colon);
    if (!name) name = d.title;
    return name.length > SHORT_NAME_CHARS ? name.slice(0, SHORT_NAME_CHARS - 1) + "…" : name;
  }

  // a label's explanatory note keeps its first clause ("正文第1段（未编号）"); the full label is the tooltip
  function shortLabel(label) {
    return String(label || "").replace(/（([^（），]*)，[^（）]*）$/, "（$1）");
  }

  // the chip's parts, each in its own span: at desktop width the section shrinks first (ellipsis), so the chip
  // stays one line however deep the section
  function chipParts(citation) {
    return [["name", shortName(citation)], ["date", formatDate(citation.date)],
      ["section", shortSection(citation.section_path, citation.title)], ["label", shortLabel(citation.label)]]
      .filter(function (part) { return part[1]; });
  }

  function fullCitationTitle(citation) {
    return [citation.title, citation.symbol, (citation.section_path || []).join(" > "), citation.label]
      .filter(Boolean).join("\n");
  }

  function reference(citation, quote) {
    const text = String(quote || "").replace(/\s*\n\s*/g, " ").trim();
    const section = (citation.section_path || []).join(" > ");
    if (lang === "en") {
      return [citation.symbol, "“" + citation.title + "”", formatDate(citation.date), section, citation.label]
        .filter(Boolean).join(", ") + ": “" + text + "”";
    }
    return [citation.symbol, "《" + citation.title + "》", formatDate(citation.date), section, citation.label]
      .filter(Boolean).join("，") + "：“" + text + "”";
  }

  function documentUrl(citation, highlight) {
    return "/documents/" + encodeURIComponent(citation.doc_id) +
      (highlight ? "?hl=" + encodeURIComponent(highlight) : "") + "#" + encodeURIComponent(citation.anchor);
  }

  // where ``needle`` sits in ``text``, ignoring whitespace (the answer and the passage may wrap differently)
  function locate(text, needle) {
    if (!needle) return null;
    const exact = text.indexOf(needle);
    if (exact >= 0) return [exact, exact + needle.length];
    const positions = [];
    let compact = "";
    for (let i = 0; i < text.length; i++) {
      if (!/\s/.test(text[i])) {
        positions.push(i);
        compact += text[i];
      }
    }
    const wanted = needle.replace(/\s+/g, "");
    const at = wanted ? compact.indexOf(wanted) : -1;
    if (at < 0) return null;
    return [positions[at], positions[at + wanted.length - 1] + 1];
  }

  function textWithMark(text, highlight, markClass) {
    const span = locate(text, highlight);
    if (!span) return [document.createTextNode(text)];
    return [
      document.createTextNode(text.slice(0, span[0])),
      el("mark", { className: markClass, text: text.slice(span[0], span[1]) }),
      document.createTextNode(text.slice(span[1])),
    ];
  }

  async function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(text);
        return true;
      } catch (e) {
        // denied (no focus, no permission): fall back to the selection copy below
      }
    }
    const area = el("textarea", { readOnly: true, value: text, className: "copy-buffer" });
    document.body.append(area);
    area.select();
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (e) {
      copied = false;
    }
    area.remove();
    return copied;
  }

  function copyButton(citation, quote) {
    const button = el("button", { type: "button", className: "copy-citation", text: t("copy_citation") });
    button.dataset.reference = reference(citation, quote);
    button.addEventListener("click", async function () {
      const text = reference(citation, quote);
      button.dataset.reference = text;
      if (await copyText(text)) {
        button.textContent = t("copied");
        button.classList.add("is-copied");
        window.setTimeout(function () {
          button.textContent = t("copy_citation");
          button.classList.remove("is-copied");
        }, 2000);
      } else {
        window.prompt(t("copy_manually"), text);
      }
    });
    return button;
  }

  function citationChip(citation, highlight) {
    const children = [];
    chipParts(citation).forEach(function ([kind, text], i) {
      // the dot stays with the part before it where a phone wraps the chip
      if (i) children.push(el("span", { className: "chip-sep", text: "\u00a0· " }));
      children.push(el("span", { className: "chip-part chip-" + kind, text: text }));
    });
    return el("a", {
      className: "citation-chip", href: documentUrl(citation, highlight), title: fullCitationTitle(citation),
    }, children);
  }

  // ---------------------------------------------------------------- the ask page
  function initAskPage() {
    const form = document.getElementById("ask-form");
    const question = document.getElementById("question");
    const filter = document.getElementById("document-filter");
    const topK = document.getElementById("top-k");
    const groupByDocument = document.getElementById("group-by-document");
    const button = document.getElementById("ask-button");
    const results = document.getElementById("results");
    let lastResult = null;
    let busy = false;

    rerender = function () {
      if (lastResult) renderResults(lastResult);
      if (busy) button.querySelector(".ask-button-text").textContent = t("asking");
    };

    function setBusy(value) {
      busy = value;
      button.disabled = value;
      button.classList.toggle("is-loading", value);
      button.querySelector(".ask-button-text").textContent = value ? t("asking") : t("ask");
      results.setAttribute("aria-busy", value ? "true" : "false");
      results.classList.toggle("is-stale", value);
      if (value && !lastResult) {
        results.replaceChildren(el("p", { className: "loading-line", text: t("searching") }));
      }
    }

    function passageCard(passage, highlight) {
      const citation = passage.citation;
      return el("article", { className: "passage kind-" + passage.kind, "data-rank": passage.rank,
        "data-chunk-id": passage.chunk_id }, [
        el("div", { className: "passage-head" }, [
          el("span", { className: "rank", text: String(passage.rank) }),
          citationChip(citation, highlight),
        ]),
        el("p", { className: "passage-text" }, textWithMark(passage.text, highlight, "answer-sentence")),
        el("div", { className: "passage-actions" }, [
          copyButton(citation, passage.text),
          el("span", { className: "score", text: t("score") + " " + Number(passage.score).toFixed(4) }),
        ]),
      ]);
    }

    function answerCard(answer, passage, confidence, level) {
      const head = [el("h2", { text: t("answer") })];
      if (typeof confidence === "number") {
        const words = level ? " · " + t("level_" + level) : "";
        head.push(el("span", { className: "confidence",
                               text: t("confidence", { p: Math.round(confidence * 100) }) + words }));
      }
      const children = [el("div", { className: "answer-head" }, head),
        el("p", { className: "answer-text", text: answer.text })];
      if (passage) {
        children.push(
          el("p", { className: "supporting-label", text: t("supporting") }),
          el("div", { className: "passage supporting", "data-rank": passage.rank,
            "data-chunk-id": passage.chunk_id }, [
            el("div", { className: "passage-head" }, [citationChip(passage.citation, answer.text)]),
            el("p", { className: "passage-text" }, textWithMark(passage.text, answer.text, "answer-sentence")),
            el("div", { className: "passage-actions" }, [copyButton(passage.citation, answer.text)]),
          ]));
      }
      return el("section", { className: "answer-card", id: "answer" }, children);
    }

    // passages document by document, as the service ordered them, under each document's name
    function documentGroups(groups, listed) {
      return groups.map(function (group) {
        const own = listed.filter(function (p) { return p.citation.doc_id === group.doc_id; });
        return el("section", { className: "document-group", "data-doc-id": group.doc_id }, [
          el("h3", { className: "document-group-title", title: group.title,
            text: group.symbol ? group.symbol + " · " + group.title : shortName(group) }),
        ].concat(own.map(function (p) { return passageCard(p, null); })));
      }).filter(function (section) { return section.children.length > 1; });
    }

    // why the service abstains, one line a reason; a service without reasons gives its missing terms only
    function abstainReasons(data) {
      const missing = data.missing_terms || [];
      const reasons = data.reasons || (missing.length ? ["terms"] : []);
      const lines = [];
      reasons.forEach(function (reason) {
        if (reason === "terms" || reason === "places") {
          if (missing.length) lines.push(["abstain-missing", t("abstain_missing", { terms: missing.join("、") })]);
        } else if (LABELS.zh["reason_" + reason] !== undefined) {
          lines.push(["abstain-reason", t("reason_" + reason)]);
        }
        // a reason this page does not know is left out: the title above already says the service abstains
      });
      const said = new Set();
      return lines.filter(function ([, text]) { return !said.has(text) && said.add(text); })
        .map(function ([className, text]) { return el("li", { className: className, text: text }); });
    }

    function renderResults(data) {
      const passages = data.passages || [];
      const abstained = data.answerable === false;
      const answer = !abstained && data.answer && data.answer.text ? data.answer : null;
      const supporting = answer ? passages.find(function (p) { return p.rank === answer.passage_rank; }) : null;
      const nodes = [el("p", { className: "summary", text: t("found", { n: passages.length, ms: data.took_ms }) })];

      if (abstained) {
        const reasons = abstainReasons(data);
        nodes.push(el("section", { className: "abstain-notice", id: "abstain", role: "status" }, [
          el("h2", { text: t("abstain_title") }),
          reasons.length ? el("ul", { className: "abstain-reasons" }, reasons) : null,
          passages.length ? el("p", { className: "abstain-hint", text: t("abstain_hint") }) : null,
        ]));
      }
      if (answer) nodes.push(answerCard(answer, supporting, data.confidence, data.confidence_level));

      const listed = passages.filter(function (p) { return p !== supporting; });
      if (!passages.length) {
        nodes.push(el("p", { className: "empty", text: t("no_passages") }));
      } else if (listed.length) {
        const heading = abstained ? t("related_not_answer") : answer ? t("other_passages") : t("passages");
        nodes.push(el("h2", { className: "passages-heading", text: heading }));
        nodes.push(el("div", { className: "passages" + (abstained ? " is-related" : "") },
          data.groups ? documentGroups(data.groups, listed) : listed.map(function (p) { return passageCard(p, null); })));
      }
      results.replaceChildren.apply(results, nodes);
    }

    function rememberInUrl(body) {
      const params = new URLSearchParams();
      params.set("q", body.question);
      if (body.top_k !== 5) params.set("k", String(body.top_k));
      if (body.documents) params.set("doc", body.documents[0]);
      if (body.group_by) params.set("group", body.group_by);
      window.history.replaceState(null, "", "/?" + params.toString());
    }

    async function ask() {
      if (busy) return;
      const text = question.value.trim();
      if (!text) {
        showMessage(t("empty_question"), "error");
        question.focus();
        return;
      }
      const parsed = parseInt(topK.value, 10);
      const body = { question: text, top_k: isNaN(parsed) ? 5 : parsed };
      if (filter.value) body.documents = [filter.value];
      if (groupByDocument.checked) body.group_by = "document";
      hideMessage();
      setBusy(true);
      try {
        const data = await fetchJson("/v1/ask", {
          method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
        });
        lastResult = data;
        renderResults(data);
        rememberInUrl(body);
      } catch (error) {
        lastResult = null;
        results.replaceChildren();
        showMessage(error.message, "error");
      } finally {
        setBusy(false);
      }
    }

    async function loadDocuments(selected) {
      try {
        const documents = await fetchJson("/v1/documents");
        documents.forEach(function (d) {
          const name = shortName(d);
          filter.append(el("option", { value: d.doc_id, title: d.title,
            text: name + (d.date ? "（" + d.date + "）" : "") }));
        });
        if (selected) filter.value = selected;
      } catch (error) {
        showMessage(t("documents_unavailable") + error.message, "warning");
      }
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      ask();
    });
    question.addEventListener("keydown", function (event) {
      // Enter asks; Shift+Enter breaks the line; Enter that confirms an IME candidate does neither
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        ask();
      }
    });
    document.querySelectorAll(".example").forEach(function (example) {
      example.addEventListener("click", function () {
        question.value = example.textContent.trim();
        ask();
      });
    });

    const params = new URLSearchParams(window.location.search);
    if (params.get("k")) topK.value = params.get("k");
    groupByDocument.checked = params.get("group") === "document";
    const documentsLoaded = loadDocuments(params.get("doc"));
    if (params.get("q")) {
      question.value = params.get("q");
      documentsLoaded.then(ask);
    }
  }

  // ---------------------------------------------------------------- the document view
  function initDocumentPage() {
    const docId = decodeURIComponent(window.location.pathname.replace(/^\/documents\//, "").replace(/\/$/, ""));
    const article = document.getElementById("document");
    const body = document.getElementById("doc-body");
    const loading = document.getElementById("loading");
    let doc = null;

    const back = document.getElementById("back-link");
    if (document.referrer && new URL(document.referrer).origin === window.location.origin) {
      back.href = document.referrer;
      const from = new URL(document.referrer);
      if (from.pathname === "/" && from.searchParams.get("q")) back.dataset.i18n = "back_results";
      // each paragraph followed in this document is a history entry: its state says how many lie since the page
      // came, so the way back skips them all and returns to the page (and its scroll position) it came from
      if (!window.history.state) window.history.replaceState({ docDepth: 0 }, "");
      let depth = window.history.state.docDepth || 0;
      window.addEventListener("hashchange", function () {
        if (window.history.state) depth = window.history.state.docDepth || 0;
        else {
          depth += 1;
          window.history.replaceState({ docDepth: depth }, "");
        }
      });
      back.addEventListener("click", function (event) {
        if (window.history.length > depth + 1) {
          event.preventDefault();
          window.history.go(-(depth + 1));
        }
      });
    }

    rerender = function () {
      if (!doc) return;
      renderHeader(doc);
      body.querySelectorAll(".cover-date").forEach(function (date) { date.textContent = formatDate(doc.date); });
    };

    function renderHeader(d) {
      document.getElementById("doc-symbol").textContent = d.symbol || "";
      document.getElementById("doc-title").textContent = d.title;
      const kind = LABELS[lang]["kind_" + d.kind] || d.kind;
      const meta = document.getElementById("doc-meta");
      meta.replaceChildren(
        document.createTextNode([formatDate(d.date), kind, t("chunk_count", { n: d.chunks })]
          .filter(Boolean).join(" · ") + " · "),
        el("a", { href: "/v1/documents/" + encodeURIComponent(d.doc_id) + "/source", text: t("original_text") }));
      document.title = (d.symbol || d.title) + " · " + t("app_title");
      const name = document.getElementById("doc-nav-name");
      name.textContent = shortName(d);
      name.title = d.title;
    }

    // the cover's lines as the page printed them, sorted into masthead (organ, distribution, session, agenda),
    // title lines, date lines (dates, places, adoption notes) and the first words of the text
    function coverLines(text, symbol) {
      const lines = [];
      text.split("\n")
        // a Latin date run into the next words ("13 January 2011第六十五届会议") is two lines
        .flatMap(function (line) { return line.replace(COVER_GLUED_DATE, "$1\n").split("\n"); })
        .forEach(function (line) {
          // the symbol is shown on its own, from the document's record
          const rest = (symbol ? line.split(symbol).join(" ") : line).trim();
          if (!rest) return;
          const previous = lines[lines.length - 1];
          // a title the page wrapped inside 《…》 runs on into the next line
          if (previous && previous.split("《").length > previous.split("》").length) {
            lines[lines.length - 1] = previous + rest;
          } else lines.push(rest);
        });
      return lines.map(function (line) {
        if (!COVER_HAN.test(line) || COVER_MASTHEAD.test(line)) return ["meta", line];
        if (/[，：]$/.test(line)) return ["lead", line];
        if (COVER_DATELINE.test(line)) return ["dateline", line];
        return ["title", line];
      });
    }

    function coverBlock(group, d) {
      const chunk = group.pieces[0];
      const lines = coverLines(group.pieces.map(function (piece) { return piece.text; }).join("\n"), d.symbol);
      const meta = [];
      lines.filter(function (line) { return line[0] === "meta"; }).forEach(function (line, i) {
        if (i) meta.push(el("span", { className: "cover-sep", text: "\u00a0· " }));
        meta.push(el("span", { className: "cover-line", text: line[1] }));
      });
      const id = [d.symbol ? el("span", { className: "cover-symbol", text: d.symbol }) : null,
        d.date ? el("span", { className: "cover-date", text: formatDate(d.date) }) : null];
      return el("section", { className: "para kind-front", id: chunk.anchor, "data-label": chunk.label,
        "data-chunk-id": chunk.chunk_id, title: chunk.label }, [
        el("div", { className: "cover", "data-chunk-id": chunk.chunk_id }, [
          el("div", { className: "cover-head" }, [el("p", { className: "cover-meta" }, meta),
            el("p", { className: "cover-id" }, id)]),
          el("div", { className: "cover-body" }, lines.filter(function (line) {
            return line[0] === "title" || line[0] === "dateline";
          }).map(function ([kind, text]) { return el("p", { className: "cover-line cover-" + kind, text: text }); })),
        ].concat(lines.filter(function (line) { return line[0] === "lead"; }).map(function ([, text]) {
          return el("p", { className: "cover-line cover-lead", text: text });
        }))),
      ]);
    }

    function isNumbered(chunk) {
      return chunk.kind === "paragraph" && chunk.label.indexOf("未编号") < 0;
    }

    function marginText(chunk) {
      if (chunk.kind === "footnote") return chunk.citation.paragraph;
      if (chunk.kind !== "paragraph") return "";
      return isNumbered(chunk) ? chunk.citation.paragraph + "." : "¶" + chunk.citation.paragraph;
    }

    function block(group) {
      const first = group.pieces[0];
      const margin = el("div", { className: "para-margin" + (isNumbered(first) || first.kind === "footnote" ? "" :
        " is-position"), title: first.kind === "paragraph" && !isNumbered(first) ?
        first.label + " · " + t("unnumbered") : first.label, text: marginText(first) });
      const text = el("div", { className: "para-text" }, group.pieces.map(function (piece) {
        return el("span", { className: "piece", "data-chunk-id": piece.chunk_id, text: piece.text });
      }));
      return el("section", { className: "para kind-" + first.kind, id: first.anchor, "data-label": first.label,
        "data-chunk-id": first.chunk_id }, [margin, text]);
    }

    function heading(text, depth) {
      return el("h" + Math.min(depth + 2, 6), { className: "section-heading depth-" + depth, text: text });
    }

    function renderBody(d) {
      const chunks = d.paragraphs;
      const groups = [];
      chunks.filter(function (c) { return c.kind !== "footnote"; }).forEach(function (chunk) {
        const last = groups[groups.length - 1];
        if (last && last.pieces[0].anchor === chunk.anchor) last.pieces.push(chunk);
        else groups.push({ pieces: [chunk], notes: [] });
      });
      const groupOf = new Map();
      groups.forEach(function (g) { g.pieces.forEach(function (p) { groupOf.set(p.chunk_id, g); }); });
      const orphans = [];
      chunks.filter(function (c) { return c.kind === "footnote"; }).forEach(function (note) {
        const owner = groupOf.get(note.parent);
        (owner ? owner.notes : orphans).push(note);
      });

      const nodes = [];
      let previousPath = [];
      let previousPart = null;
      groups.forEach(function (g) {
        const first = g.pieces[0];
        const path = first.citation.section_path || [];
        const part = first.citation.part;
        if (part !== previousPart) {
          if (previousPart !== null && part !== "正文" && part !== "文件信息" && path[0] !== part) {
            nodes.push(el("h2", { className: "part-heading", text: part }));
          }
          previousPath = [];
        }
        let same = 0;
        while (same < path.length && same < previousPath.length && path[same] === previousPath[same]) same++;
        for (let depth = same; depth < path.length; depth++) nodes.push(heading(path[depth], depth));
        previousPath = path;
        previousPart = part;
        nodes.push(first.kind === "front" ? coverBlock(g, d) : block(g));
        g.notes.forEach(function (note) { nodes.push(block({ pieces: [note], notes: [] })); });
      });
      orphans.forEach(function (note) { nodes.push(block({ pieces: [note], notes: [] })); });
      body.replaceChildren.apply(body, nodes);
    }

    function focusTarget() {
      body.querySelectorAll(".is-target").forEach(function (node) { node.classList.remove("is-target"); });
      body.querySelectorAll("mark.answer-sentence").forEach(function (mark) {
        mark.replaceWith(document.createTextNode(mark.textContent));
      });
      const anchor = decodeURIComponent(window.location.hash.slice(1));
      if (!anchor) return;
      const target = document.getElementById(anchor);
      if (!target || !body.contains(target)) {
        showMessage(t("anchor_missing", { anchor: anchor }), "warning");
        return;
      }
      hideMessage();
      const highlight = new URLSearchParams(window.location.search).get("hl");
      if (highlight) {
        target.querySelectorAll(".piece").forEach(function (piece) {
          piece.normalize();
          if (locate(piece.textContent, highlight)) {
            piece.replaceChildren.apply(piece, textWithMark(piece.textContent, highlight, "answer-sentence"));
          }
        });
        // a quote of the cover is marked in the line that holds it, else (it spans lines: the cover is quoted
        // whole) in each line it holds
        const lines = Array.from(target.querySelectorAll(".cover-line"));
        lines.forEach(function (line) { line.normalize(); });
        const holder = lines.find(function (line) { return locate(line.textContent, highlight); });
        if (holder) holder.replaceChildren.apply(holder, textWithMark(holder.textContent, highlight, "answer-sentence"));
        else {
          lines.filter(function (line) { return locate(highlight, line.textContent); }).forEach(function (line) {
            line.replaceChildren(el("mark", { className: "answer-sentence", text: line.textContent }));
          });
        }
      }
      target.classList.add("is-target");
      target.setAttribute("tabindex", "-1");
      target.scrollIntoView({ block: "center" });
      target.focus({ preventScroll: true });
    }

    fetchJson("/v1/documents/" + encodeURIComponent(docId))
      .then(function (d) {
        doc = d;
        renderHeader(d);
        renderBody(d);
        loading.hidden = true;
        article.hidden = false;
        focusTarget();
        window.addEventListener("hashchange", focusTarget);
      })
      .catch(function (error) {
        loading.hidden = true;
        const known = error.status === 404 && error.detail;
        showMessage(known ? t("document_not_found") + error.detail : error.message, "error");
      });
  }

  // ---------------------------------------------------------------- start
  document.addEventListener("DOMContentLoaded", function () {
    const toggle = document.getElementById("lang-toggle");
    if (toggle) toggle.addEventListener("click", toggleLanguage);
    if (document.body.dataset.page === "ask") initAskPage();
    if (document.body.dataset.page === "document") initDocumentPage();
    applyLanguage();
  });
})();
