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


# Search highlighting (issue 11): matched on the folded text, marked on the original, escaped.


def test_highlight_marks_the_start_of_words_whatever_the_diacritics():
    from agenda.text import highlight

    html = highlight("Phòng, chống MA TÚY; tuyển quân", ["phong", "ma", "tuy"])
    assert html == "<mark>Phòng</mark>, chống <mark>MA</mark> <mark>TÚY</mark>; <mark>tuy</mark>ển quân"
    assert highlight("Sở Kế hoạch và Đầu tư", ["dau", "d"]) == "Sở Kế hoạch và <mark>Đầu</mark> tư"
    assert highlight("Sửa đổi", ["uy", "oi"]) == "Sửa đổi"  # only the start of a word


def test_highlight_keeps_decomposed_marks_inside_and_escapes_everything_else():
    import unicodedata

    from agenda.text import highlight

    decomposed = unicodedata.normalize("NFD", "túy")
    assert highlight(decomposed, ["tu"]) == f"<mark>{decomposed[:3]}</mark>{decomposed[3:]}"
    html = highlight('<b class="x">Đầu & tư</b>', ["b", "dau", "x"])
    assert html == (
        "&lt;<mark>b</mark> class=&quot;<mark>x</mark>&quot;&gt;<mark>Đầu</mark> &amp; tư&lt;/<mark>b</mark>&gt;"
    )


def test_highlight_cuts_a_long_text_around_the_first_match():
    from agenda.text import highlight

    text = "Mở đầu " + "chữ " * 200 + "phòng chống ma túy " + "cuối " * 200
    html = highlight(text, ["ma", "tuy"], limit=100)
    assert html.startswith("… chữ") and html.endswith(" …")
    assert "<mark>ma</mark> <mark>túy</mark>" in html
    assert len(html.replace("<mark>", "").replace("</mark>", "")) <= 100 + 4
    assert highlight("ngắn gọn", ["ngan"], limit=100) == "<mark>ngắn</mark> gọn"
