"""Places: donor and recipient from titles, recipient regions named for figures, sections."""

import pytest

from pairaid_etl.extract import extract_figures
from pairaid_etl.meaning.lexicon import load_lexicon


@pytest.mark.parametrize("title, donor, recipient", [
    ("Zhejiang-Sichuan Pairing-off Poverty Alleviation", "Zhejiang", "Sichuan"),
    ("Beijing - Inner Mongolia Autonomous Region Pairing-off Poverty Alleviation", "Beijing", "Inner Mongolia"),
    ("Qingdao-Guizhou Pairing-off Poverty Alleviation", "Qingdao", "Guizhou"),
    ("Poverty Alleviation and Development in Gansu Province", None, "Gansu"),
])
def test_title_gives_the_pair(title, donor, recipient):
    ex = extract_figures(title + "\n\n【Overview】 In 2010, it built 7 schools.", bulletin_year=2010)
    assert (ex.title, ex.donor, ex.recipient) == (title, donor, recipient)


def test_a_figure_takes_the_region_its_sentence_names():
    text = ("Zhejiang-Sichuan Pairing-off Poverty Alleviation\n\n"
            "【Overview】 Zhejiang donated 32.33 million Yuan to 12 counties of Guangyuan and Nanchong. "
            "It built 3 hospitals.")
    figs = {f.number_text: f for f in extract_figures(text, bulletin_year=2010).figures}
    assert figs["32.33 million"].recipient == "Guangyuan; Nanchong"
    assert figs["3"].recipient == "Sichuan"
    assert figs["3"].donor == "Zhejiang"


@pytest.mark.parametrize("sentence", [
    "The province lies on the Qinghai-Tibet Plateau and covers 720,000 square kilometers.",
    "It has 22 poor counties, mainly in the Tibet Plateau and the Sichuan Basin.",
])
def test_a_landform_named_after_a_place_is_not_the_place(sentence):
    ex = extract_figures("Poverty Alleviation and Development in Qinghai Province\n\n" + sentence, bulletin_year=2012)
    assert [(f.recipient, f.province) for f in ex.figures] == [("Qinghai", "Qinghai")]


@pytest.mark.parametrize("sentence, donor, recipient", [
    # the giver opens the sentence, the receiver follows it
    ("Tianjin Municipality kept helping the poor counties of Gansu, providing 14 million Yuan of aid.",
     "Tianjin", "Gansu"),
    # givers named together are no one giver
    ("Tianjin Municipality, central departments and enterprises in Gansu provided aid worth 14 million Yuan.",
     None, None),
])
def test_a_province_that_opens_a_sentence_and_gives_is_the_giver(sentence, donor, recipient):
    text = "Poverty Alleviation and Development in Gansu Province\n\nIn 2014, Gansu cut its poor by 1.1 million. "
    fig = {f.number_text: f for f in extract_figures(text + sentence, bulletin_year=2014).figures}["14 million"]
    assert fig.donor == donor
    if recipient:
        assert (fig.recipient, fig.province, fig.donor_rule) == (recipient, recipient, "donor.giver")


@pytest.mark.parametrize("text, donor, recipient", [
    # the document's province gives to another (a local bulletin, a news article with "it")
    ("Poverty Alleviation and Development in Hunan Province\n\nIn 2014, Hunan provided 30 million Yuan of "
     "government aid funds to Guizhou.", "Hunan", "Guizhou"),
    ("Hunan helps its neighbours\n\nHunan also helps poorer areas. Last year, it provided 30 million Yuan "
     "of aid funds to its paired areas in Guizhou.", "Hunan", "Guizhou"),
    # a giver opening the sentence, the receiver right after it
    ("Poverty Alleviation and Development in Guizhou Province\n\nIn 2014, Hunan Province provided Guizhou "
     "with government aid funds of 30 million Yuan.", "Hunan", "Guizhou"),
    # givers listed together are no one giver, and not where the money went
    ("Poverty Alleviation and Development in Guizhou Province\n\nIn 2014, the paired cities, Dalian, "
     "Qingdao and Ningbo, provided financial aid of 30 million Yuan.", None, "Guizhou"),
    # the province of a donor city gives in its own name
    ("Dongguan-Zhaotong Pairing-off Poverty Alleviation\n\nIn 2016, Guangdong Province provided a total of "
     "30 million Yuan of financial aid to its paired areas in Yunnan.", "Guangdong", "Yunnan"),
])
def test_who_gives_money_to_whom(text, donor, recipient):
    fig = {f.number_text: f for f in extract_figures(text, bulletin_year=2015).figures}["30 million"]
    assert (fig.donor, fig.province) == (donor, recipient)


def test_names_inside_quotes_are_ignored():
    text = ("Poverty Alleviation in Henan Province\n\n【Overview】 It issued the “Notice on Hebei Aid”"
            " and built 4 schools.")
    ex = extract_figures(text, bulletin_year=2011)
    assert ex.figures[0].recipient == "Henan"


def test_sections_come_from_headings():
    text = "Title line\n\n【Overview】 It built 7 schools.\n\n【Infrastructure improvement】 It built 9 roads."
    ex = extract_figures(text, bulletin_year=2010)
    assert [s.title for s in ex.sections] == ["Overview", "Infrastructure improvement"]
    assert [f.section for f in ex.figures] == ["Overview", "Infrastructure improvement"]


def test_gazetteer_has_every_province_and_prefecture_level_division():
    levels = [r.level for r in load_lexicon().regions]
    assert levels.count("province") == 34
    assert levels.count("prefecture") == 333


@pytest.mark.parametrize("title, donor", [
    ("Designated Poverty Alleviation of the State Forestry Administration in Longsheng and Luocheng Counties",
     "State Forestry Administration"),
    ("The Ministry of Agriculture's Designated Poverty Alleviation in Two Counties", "Ministry of Agriculture"),
    ("Designated Poverty Alleviation by the Ministry of Science and Technology", "Ministry of Science and Technology"),
    ("Poverty Alleviation and Development in Hebei Province", None),
])
def test_a_central_unit_s_designated_assistance_names_its_giver(title, donor):
    ex = extract_figures(title + "\n\nIn 2013, it allocated assistance funds of 3.8 million Yuan to Guangxi.",
                         bulletin_year=2013)
    # a bulletin that names no giver in its title: its own province gives ("it allocated ... to Guangxi")
    assert ex.donor == donor and ex.figures[0].donor == (donor or "Hebei")
