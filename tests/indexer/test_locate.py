"""locate(): a cleaned sentence found back in the original across line breaks and markup."""

from indexer.clean import locate


def test_locate_finds_a_sentence_across_line_breaks_and_markup() -> None:
    original = "1. **鼓励**各国执行\n《行动纲领》<sup>1</sup>。其他。"
    start, end = locate(original, 0, len(original), "鼓励各国执行《行动纲领》¹。")
    assert original[start:end] == "鼓励**各国执行\n《行动纲领》<sup>1</sup>。"


def test_locate_returns_the_range_when_text_is_absent() -> None:
    assert locate("甲乙丙", 0, 3, "丁") == (0, 3)
