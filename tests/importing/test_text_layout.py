"""What real text extractions hold, and how the importer reads it.

``PROGRAMME`` is a constructed March 2024 programme as a text extraction gives it: the
header block with its two columns run together, two regular sessions, the post-2025
heading of B.III, agencies with commas and abbreviations, dates padded every way, a page
break (page number and a repeated running header) inside an item, and the "./." on a
line of its own.
"""

import json

import pytest
from django.core.management import CommandError

from programme.importing import ImportRefused, import_programme
from tests.importing.conftest import CULTURE, ENVIRONMENT, run_import

PROGRAMME = """\
UBND TỈNH BẮC GIANG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
VĂN PHÒNG Độc lập - Tự do - Hạnh phúc
Số: 15/CTr-VP Bắc Giang, ngày 28 tháng 02 năm 2024
CHƯƠNG TRÌNH
Công tác của UBND tỉnh tháng 3 năm
2024
––––––––
A. NHIỆM VỤ TRỌNG TÂM
1. Tập trung triển khai Nghị quyết của Chính phủ về Kế hoạch phát triển kinh tế - xã hội
năm 2024.
2. Chỉ đạo sản xuất vụ Chiêm - Xuân.
B. CÁC HỘI NGHỊ CHÍNH TRONG THÁNG
I. Hội nghị UBND tỉnh thường kỳ
Phiên ngày 5/3/2024 (thứ Ba):
1. Dự thảo Kế hoạch tổ chức Tuần văn hóa - du lịch năm 2024 (Sở Văn hóa,
Thể thao và Du lịch chuẩn bị);
2. Dự thảo Báo cáo tình hình kinh tế - xã hội quý I (Sở KH&ĐT, Sở TN&MT
chuẩn bị).
Phiên ngày 22/03/2024:
1. Dự thảo Quyết định về lễ hội truyền thống (Sở VHTTDL, sở nội vụ, CONG AN TINH chuẩn bị).
II. Các nội dung, đề án trình Chủ tịch UBND tỉnh
1. Kế hoạch thực hiện công tác phòng, chống tham nhũng trên địa bàn tỉnh năm
\f2
Chương trình công tác tháng 3 năm 2024
2024 (Thanh tra tỉnh chuẩn bị);
2. Kế hoạch phòng chống ma túy năm 2024 (Công an tỉnh chuẩn bị).
III. Hội nghị với các sở, ngành; UBND các xã, phường
1. Ngày 05/3/2024 (thứ Ba): Tiếp công dân định kỳ.
2. Ngày 18/3/2024: Hội nghị tổng kết công tác khen thưởng năm 2023 (Sở Văn hóa, Thể thao
và Du lịch, Sở Nội vụ chuẩn bị)
./.
\f3
Chương trình công tác tháng 3 năm 2024
Nơi nhận:
- Văn phòng Chính phủ;
- TT Tỉnh ủy, TT HĐND
tỉnh;
- Lưu: VT, TH.
TL. CHỦ TỊCH
CHÁNH VĂN PHÒNG
Lê Tuấn Phú
"""


def read(text, filename="programme.txt", **options):
    return import_programme(text.encode("utf-8"), filename, **options)


def test_the_header_block_gives_the_issuer_number_and_date(directory):
    data = read(PROGRAMME).data
    assert data["issuer"] == {"parent_body": "UBND TỈNH BẮC GIANG", "name": "VĂN PHÒNG", "place": "Bắc Giang"}
    assert data["number"] == "15"
    assert data["issue_date"] == "2024-02-28"
    assert data["title"] == "Công tác của UBND tỉnh tháng 3 năm 2024"
    assert (data["year"], data["month"]) == (2024, 3)


def test_two_sessions_with_dates_padded_either_way(directory):
    sessions = read(PROGRAMME).data["regular_sessions"]
    assert [session["date"] for session in sessions] == ["2024-03-05", "2024-03-22"]
    assert [len(session["items"]) for session in sessions] == [2, 1]


def test_agency_names_with_commas_abbreviations_case_and_diacritics_are_matched(directory):
    data = read(PROGRAMME).data
    first, second = data["regular_sessions"][0]["items"]
    assert first["agencies"] == [CULTURE]
    assert second["agencies"] == ["Sở Kế hoạch và Đầu tư", ENVIRONMENT]
    assert data["regular_sessions"][1]["items"][0]["agencies"] == [CULTURE, "Sở Nội vụ", "Công an tỉnh"]
    assert data["conferences"][1]["agencies"] == [CULTURE, "Sở Nội vụ"]
    assert {"name": CULTURE, "short_name": "Sở VHTTDL"} in data["agencies"]


def test_a_page_break_inside_an_item_drops_the_page_number_and_the_repeated_header(directory):
    data = read(PROGRAMME).data
    assert data["chairman_items"][0] == {
        "title": "Kế hoạch thực hiện công tác phòng, chống tham nhũng trên địa bàn tỉnh năm 2024",
        "agencies": ["Thanh tra tỉnh"],
    }


def test_headings_as_written_become_the_plans_headings(directory):
    headings = read(PROGRAMME).data["headings"]
    assert headings["conferences"] == "Hội nghị với các sở, ngành; UBND các xã, phường"
    assert headings["priority_tasks"] == "NHIỆM VỤ TRỌNG TÂM"


def test_the_closing_mark_on_its_own_line_and_the_closing_block(directory):
    data = read(PROGRAMME).data
    assert data["conferences"][1]["title"] == "Hội nghị tổng kết công tác khen thưởng năm 2023"
    assert data["priority_tasks"][1] == "Chỉ đạo sản xuất vụ Chiêm - Xuân."
    assert data["recipients"] == ["Văn phòng Chính phủ", "TT Tỉnh ủy, TT HĐND tỉnh", "Lưu: VT, TH"]
    assert data["signer"] == {"authority": "TL. CHỦ TỊCH", "position": "CHÁNH VĂN PHÒNG", "name": "Lê Tuấn Phú"}


def test_a_clean_programme_reports_no_problem(directory):
    assert read(PROGRAMME).problems == []


def test_a_line_starting_with_another_number_continues_its_paragraph(directory):
    text = PROGRAMME.replace("(Sở KH&ĐT, Sở TN&MT\nchuẩn bị).", "cho\n5. năm tới (Sở KH&ĐT chuẩn bị).")
    item = read(text).data["regular_sessions"][0]["items"][1]
    assert item["title"] == "Dự thảo Báo cáo tình hình kinh tế - xã hội quý I cho 5. năm tới"


def test_an_unknown_agency_is_reported_with_its_place_and_never_guessed(directory):
    text = PROGRAMME.replace("(Thanh tra tỉnh chuẩn bị)", "(Sở Khoa học, Công nghệ và Đổi mới chuẩn bị)")
    result = read(text)
    assert result.data["chairman_items"][0]["agencies"] == ["Sở Khoa học, Công nghệ và Đổi mới"]
    assert result.unknown_agencies == {"Sở Khoa học, Công nghệ và Đổi mới": ["dòng 22"]}
    assert result.problems == [
        "dòng 22: cơ quan “Sở Khoa học, Công nghệ và Đổi mới” không có trong danh mục; chưa ghép, "
        "cần chọn hoặc tạo mới."
    ]


def test_a_wrong_weekday_is_reported_but_the_date_is_kept(directory):
    result = read(PROGRAMME.replace("Ngày 05/3/2024 (thứ Ba)", "Ngày 05/3/2024 (thứ Tư)"))
    assert result.data["conferences"][0]["date"] == "2024-03-05"
    assert result.problems == ["dòng 28: ngày 05/3/2024 là thứ Ba, không phải “thứ Tư”."]


def test_a_conference_without_its_date_is_reported_and_left_out(directory):
    result = read(PROGRAMME.replace("1. Ngày 05/3/2024 (thứ Ba): Tiếp", "1. Tiếp"))
    assert [conference["date"] for conference in result.data["conferences"]] == ["2024-03-18"]
    assert result.problems == [
        "dòng 28: hội nghị không có ngày dạng “Ngày 05/3/2024 (thứ Ba): …”; đã bỏ qua: “Tiếp công dân định kỳ.”."
    ]


def test_a_stray_line_continues_the_paragraph_before_it(directory):
    """A line no numbering expects cannot be told from a broken line: it stays where it fell."""
    text = PROGRAMME.replace("\nIII. Hội nghị", "\nGhi chú: các sở chủ động chuẩn bị.\nIII. Hội nghị")
    with pytest.raises(ImportRefused) as refused:
        read(text)
    assert refused.value.problems == ["dòng 26 (chairman_items[1].agencies): phải có ít nhất một cơ quan chuẩn bị."]


def test_a_broken_interchange_rule_names_the_line(directory):
    text = PROGRAMME.replace(" (Thanh tra tỉnh chuẩn bị)", "").replace("Ngày 18/3/2024", "Ngày 18/4/2024")
    with pytest.raises(ImportRefused) as refused:
        read(text)
    assert "dòng 22 (chairman_items[0].agencies): phải có ít nhất một cơ quan chuẩn bị." in refused.value.problems
    assert "dòng 29 (conferences[1].date): ngày 18/4/2024 không thuộc tháng 3 năm 2024." in refused.value.problems


def test_problems_go_to_stderr_and_the_data_to_stdout(directory, tmp_path):
    path = tmp_path / "programme.txt"
    path.write_text(PROGRAMME.replace("(Thanh tra tỉnh chuẩn bị)", "(Ban Dân tộc chuẩn bị)"), encoding="utf-8")
    out, err = run_import(path, "--dry-run", "--format", "json")
    assert json.loads(out)["chairman_items"][0]["agencies"] == ["Ban Dân tộc"]
    assert "dòng 22: cơ quan “Ban Dân tộc” không có trong danh mục" in err


def test_a_month_outside_the_title_is_refused_by_the_shared_validation(directory, tmp_path):
    path = tmp_path / "programme.txt"
    path.write_text(PROGRAMME, encoding="utf-8")
    with pytest.raises(CommandError, match=r"không có gì thay đổi(.|\n)*không thuộc tháng 4 năm 2024"):
        run_import(path, "--dry-run", "--month", "4")


def test_a_programme_of_another_issuing_body_is_reported(directory):
    text = PROGRAMME.replace("UBND TỈNH BẮC GIANG", "UBND TỈNH BẮC NINH").replace("Bắc Giang, ngày", "Bắc Ninh, ngày")
    result = read(text)
    assert result.data["issuer"] == {"parent_body": "UBND TỈNH BẮC NINH", "name": "VĂN PHÒNG", "place": "Bắc Ninh"}
    assert result.problems == [
        "phần đầu văn bản: cơ quan ban hành trong tệp (UBND TỈNH BẮC NINH, VĂN PHÒNG, Bắc Ninh) khác với "
        "cơ quan đã cấu hình (UBND TỈNH BẮC GIANG, VĂN PHÒNG, Bắc Giang)."
    ]


def test_a_missing_signature_block_is_named_by_its_place(directory):
    text = PROGRAMME[: PROGRAMME.index("TL. CHỦ TỊCH")]
    with pytest.raises(ImportRefused) as refused:
        read(text)
    assert refused.value.problems == [
        "cuối văn bản (khối chữ ký) (signer.authority): phải là một chuỗi ký tự không rỗng.",
        "cuối văn bản (khối chữ ký) (signer.position): phải là một chuỗi ký tự không rỗng.",
    ]


def test_two_sessions_on_the_same_day_are_refused_at_the_heading_of_the_sessions(directory):
    with pytest.raises(ImportRefused) as refused:
        read(PROGRAMME.replace("Phiên ngày 22/03/2024:", "Phiên ngày 05/03/2024:"))
    assert refused.value.problems == ["dòng 13 (regular_sessions): có hai phiên họp trùng ngày và giờ."]
