"""Agencies named in a suffix, matched against the Office's directory."""

import pytest

from agenda.models import Agency
from programme.importing.agencies import AgencyDirectory
from tests.importing.conftest import CULTURE, ENVIRONMENT


def names(text):
    return [(m.agency.name if m.agency else None, m.written) for m in AgencyDirectory().split(text)]


@pytest.mark.parametrize(
    ("written", "agency"),
    [
        ("Sở Kế hoạch và Đầu tư", "Sở Kế hoạch và Đầu tư"),
        ("Sở KHĐT", "Sở Kế hoạch và Đầu tư"),
        ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
        ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "Sở Kế hoạch và Đầu tư"),
        ("so ke hoach va dau tu", "Sở Kế hoạch và Đầu tư"),
        ("Sở TN&MT", ENVIRONMENT),
        ("Sở TNMT", ENVIRONMENT),
        ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("Bộ CHQS tỉnh", "Bộ Chỉ huy Quân sự tỉnh"),
        ("Sở VH, TT&DL", CULTURE),
        (CULTURE, CULTURE),
    ],
)
def test_a_name_short_name_or_usual_abbreviation_finds_its_agency(directory, written, agency):
    assert names(written) == [(agency, written)]


def test_names_with_commas_are_kept_whole_among_several(directory):
    assert names(f"{CULTURE}, Sở Nội vụ, Sở KHĐT") == [
        (CULTURE, CULTURE),
        ("Sở Nội vụ", "Sở Nội vụ"),
        ("Sở Kế hoạch và Đầu tư", "Sở KHĐT"),
    ]


def test_an_unknown_name_with_commas_stays_one_name_and_matches_nothing(directory):
    assert names("Sở Khoa học, Công nghệ và Đổi mới, Sở Nội vụ") == [
        (None, "Sở Khoa học, Công nghệ và Đổi mới"),
        ("Sở Nội vụ", "Sở Nội vụ"),
    ]


def test_a_name_that_fits_two_agencies_is_not_guessed(directory):
    Agency.objects.create(name="Sở Kiến trúc và Hạ tầng", short_name="Sở Kiến trúc")
    Agency.objects.create(name="Sở Kinh tế và Hạ tầng", short_name="Sở Kinh tế")
    [match] = AgencyDirectory().split("Sở KT&HT")
    assert (match.agency, match.ambiguous) == (None, True)
    assert names("Sở Kinh tế, Sở Kiến trúc") == [
        ("Sở Kinh tế và Hạ tầng", "Sở Kinh tế"),
        ("Sở Kiến trúc và Hạ tầng", "Sở Kiến trúc"),
    ]


def test_an_inactive_agency_is_found_for_old_programmes(directory):
    Agency.objects.filter(name="Sở Thông tin và Truyền thông").update(is_active=False)
    assert names("Sở TT&TT") == [("Sở Thông tin và Truyền thông", "Sở TT&TT")]
