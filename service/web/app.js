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

  const HEADING_NUMBER = /^(附件[一二三四五六七八九十]*|[一二三四五六七八九十]+[.、]|[A-Z][.]|\d+[.]|\([a-z]+\)|（[a-z]+）)/;

  // long headings shrink to their number ("二. …") so the chip stays one line; the full path is its title
  function shortSection(path) {
    return (path || []).map(function (heading) {
      if (heading.length <= 14) return heading;
      const number = heading.match(HEADING_NUMBER);
      return number ? number[1] + " …" : heading.slice(0, 12) + "…";
    }).join(" > ");
  }

  function shortTitle(title) {
    return title.length > 28 ? title.slice(0, 27) + "…" : title;
  }

  function chipText(citation) {
    return [citation.symbol || shortTitle(citation.title), formatDate(citation.date), shortSection(citation.section_path), citation.label]
      .filter(Boolean).join(" · ");
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
    return el("a", {
      className: "citation-chip", href: documentUrl(citation, highlight), title: fullCitationTitle(citation),
      text: chipText(citation),
    });
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
            text: group.symbol ? group.symbol + " · " + shortTitle(group.title) : shortTitle(group.title) }),
        ].concat(own.map(function (p) { return passageCard(p, null); })));
      }).filter(function (section) { return section.children.length > 1; });
    }

    function renderResults(data) {
      const passages = data.passages || [];
      const abstained = data.answerable === false;
      const answer = !abstained && data.answer && data.answer.text ? data.answer : null;
      const supporting = answer ? passages.find(function (p) { return p.rank === answer.passage_rank; }) : null;
      const nodes = [el("p", { className: "summary", text: t("found", { n: passages.length, ms: data.took_ms }) })];

      if (abstained) {
        nodes.push(el("section", { className: "abstain-notice", id: "abstain", role: "status" }, [
          el("h2", { text: t("abstain_title") }),
          el("p", { text: t("abstain_hint") }),
        ].concat((data.missing_terms || []).length
          ? [el("p", { className: "abstain-missing", text: t("abstain_missing", { terms: data.missing_terms.join("、") }) })]
          : [])));
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
          const name = d.symbol || shortTitle(d.title);
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
      back.addEventListener("click", function (event) {
        if (window.history.length > 1) {
          event.preventDefault();
          window.history.back();
        }
      });
    }

    rerender = function () {
      if (doc) renderHeader(doc);
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
        nodes.push(block(g));
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
