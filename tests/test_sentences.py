"""The sentence splitter's shortcuts give what underthesea gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from underthesea import sent_tokenize

from extract.sentences import _split

LINE = st.text(alphabet="aĐđT tp1290.?!…²\t", min_size=1, max_size=40).filter(str.strip)


@settings(max_examples=500, deadline=None)
@given(line=LINE)
def test_a_line_left_whole_is_what_underthesea_gives(line):
    assert _split(line) == sent_tokenize(line)

