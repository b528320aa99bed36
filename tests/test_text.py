"""Long titles are cut at a word with "…", and the full title stays on hover and for screen readers."""

from django.template import Context, Template

from agenda.text import shorten

TITLE = "Đề án phát triển khu công nghiệp trên địa bàn tỉnh Bắc Giang giai đoạn 2024 - 2030"


def test_shorten_cuts_at_a_word_and_adds_an_ellipsis():
    assert shorten(TITLE, 36) == "Đề án phát triển khu công nghiệp…"
    assert shorten(TITLE, 38) == "Đề án phát triển khu công nghiệp trên…"
    for length in range(10, len(TITLE)):
        short = shorten(TITLE, length)
        assert len(short) <= length and short.endswith("…")
        assert TITLE.startswith(short[:-1]) and TITLE[len(short) - 1] == " ", short


def test_shorten_keeps_a_short_title_whole():
    assert shorten(TITLE, len(TITLE)) == TITLE
    assert shorten("Một  dòng\n ngắn", 80) == "Một dòng ngắn"


def test_short_title_filter_keeps_the_full_title_for_hover_and_screen_readers():
    html = Template("{% load text_tags %}{{ title|short_title:36 }}").render(Context({"title": TITLE}))
    assert f'title="{TITLE}"' in html
    assert '<span aria-hidden="true">Đề án phát triển khu công nghiệp…</span>' in html
    assert f'<span class="visually-hidden">{TITLE}</span>' in html


def test_short_title_filter_leaves_a_short_title_alone_and_escapes():
    html = Template("{% load text_tags %}{{ title|short_title }}").render(Context({"title": "Hội nghị <b>"}))
    assert html == "Hội nghị &lt;b&gt;"
