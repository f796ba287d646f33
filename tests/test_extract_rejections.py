"""Numbers that are not figures are rejected with a reason code."""

import pytest

from pairaid_etl.extract import extract_figures


def outcome(text):
    extraction = extract_figures(text, bulletin_year=2010)
    return [f.text for f in extraction.figures], {r.text: r.code for r in extraction.rejections}


@pytest.mark.parametrize("text, number, code", [
    ("In 2010, the county built roads.", "2010", "year"),
    ("The plan (2011-2020) was issued.", "2020", "year"),
    ("Work in 1997~1999 went well.", "1997", "year"),
    ("The talks were held in April 2010 in the capital.", "2010", "date"),
    ("The talks were held on May 14 in the capital.", "14", "date"),
    ("It ended at the end of September 2010 as planned.", "2010", "date"),
    ("It was the 12th meeting of the group.", "12th", "ordinal"),
    ("It was the first meeting of the group.", "first", "ordinal"),
    ("It followed the \"1 +1\" twinning model.", "1", "name"),
    ("It issued Document [2014] No.1 on roads.", "1", "name"),
    ("It issued Document No. 257 on roads.", "257", "name"),
    ("It set the Five Goals for the region.", "Five", "name"),
    ("Talks between the two provinces went well.", "two", "reference"),
    ("Overview\n1. Roads were built.", "1", "list_marker"),
    ("Roads were built.\n电话:+86-10-84419655", "84419655", "footer"),
    ("It also built dikes (26 m", "26", "cut_off"),
    ("The score was 42, which was good.", "42", "no_unit"),
])
def test_it_rejects_non_figures(text, number, code):
    found, rejected = outcome(text)
    assert number not in found
    assert rejected.get(number) == code


def test_the_sample_footer_yields_no_figure():
    text = ("Funds of 5 million yuan were used.\n\n扫描下载手机客户端\n\n"
            "地址:北京朝阳区 邮编100028 电话:+86-10-84419655 传真:+86-10-84419658\n\n"
            "版权所有 京ICP备2020039194号-2")
    assert outcome(text)[0] == ["5 million"]
