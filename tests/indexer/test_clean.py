"""Cleaning: markup and furniture go, offsets lead back to the original, squash ignores only markup."""

from indexer.clean import Line, clean_line, footnote_marker, is_faithful, is_furniture, split_lines, squash


def line_of(text: str) -> tuple[str, Line]:
    [line] = split_lines(text)
    return text, line


def test_clean_line_strips_markdown_and_keeps_offsets() -> None:
    original, line = line_of("- 1. **强调**必须执行<sup>2</sup>《行动纲领》")
    cleaned = clean_line(original, line)
    assert cleaned.text == "1. 强调必须执行²《行动纲领》"
    assert all(original[o] == c or c == "²" for o, c in zip(cleaned.offsets, cleaned.text, strict=True))


def test_clean_line_drops_spaces_between_chinese_characters_only() -> None:
    original, line = line_of("第 三次联合国审查 2018 年 6 月 A/CONF.192 报告")
    assert clean_line(original, line).text == "第三次联合国审查 2018 年 6 月 A/CONF.192 报告"


def test_page_furniture_and_table_of_contents_are_recognised() -> None:
    for text in ("18-11232 (C) 3/21", "18-11232 (C) **21/21**", "---", "一. 导言\t3", "目录"):
        assert is_furniture(split_lines(text)[0]), text
    assert not is_furniture(split_lines("一. 导言")[0])


def test_footnote_lines_are_recognised_with_their_number() -> None:
    assert footnote_marker(split_lines("<sup>4</sup> 见 A/62/163。")[0]) == "4"
    assert footnote_marker(split_lines("¹² 见 www.poa-iss.org。")[0]) == "12"
    assert footnote_marker(split_lines("* A/67/150。")[0]) == "*"
    assert footnote_marker(split_lines("**强调**有必要")[0]) is None


def test_squash_ignores_whitespace_and_markup_but_not_words() -> None:
    assert squash("- 12. **鼓励**各国\n  执行<sup>1</sup>") == squash("12.鼓励各国执行¹")
    assert squash("鼓励各国") != squash("鼓励所有国家")


def test_is_faithful_rejects_a_wrong_span() -> None:
    original = "1. 大会决定召开会议。\n2. 大会通过报告。"
    assert is_faithful(original, "大会决定召开会议。", ((3, 12),))
    assert not is_faithful(original, "大会决定召开会议。", ((16, 24),))
    assert not is_faithful(original, "大会决定召开会议。", ())
