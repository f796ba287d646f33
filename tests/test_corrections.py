"""Reviewer corrections: the YAML file, `pairaid correct`, and applying them on every ingest."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
import yaml
from sqlalchemy import select
from typer.testing import CliRunner

from pairaid_etl.cli import app
from pairaid_etl.store.corrections import CorrectionsError, apply_corrections, load_corrections, make_correction, record_correction, validate, withdraw_corrections
from pairaid_etl.store.db import make_engine, upgrade
from pairaid_etl.store.models import DocumentRow, ExtractionEvent, FigureRow

from review_support import HILLSIDE, document, hillside_extraction, ingest, span

SHA = document().sha256


def correction(surface: str, action: str, value=None, **kw):
    start, end = span(HILLSIDE, surface)
    return validate(dict(sha256=SHA, start=start, end=end, text=surface, action=action, reviewer="ana",
                         **({"value": value} if value is not None else {}), **kw))


def figure_rows(engine) -> dict[str, dict]:
    with engine.connect() as conn:
        return {r["text"]: dict(r) for r in conn.execute(select(FigureRow)).mappings()}


def event_codes(engine, run_id=None) -> list[str]:
    query = select(ExtractionEvent.code).order_by(ExtractionEvent.id)
    if run_id is not None:
        query = query.where(ExtractionEvent.run_id == run_id)
    with engine.connect() as conn:
        return list(conn.execute(query).scalars())


# --- the file -------------------------------------------------------------------------------

@pytest.mark.parametrize(("change", "message"), [
    ({"action": "delete"}, "action must be one of reject, set_value"),
    ({"sha256": "abc"}, "sha256 must be 64 hex digits"),
    ({"start": 10, "end": 5}, "0 <= start < end"),
    ({"reviewer": " "}, "reviewer must name who decided"),
    ({"colour": "red"}, "unknown key(s) ['colour']"),
    ({"action": "set_value", "value": "lots"}, "set_value needs a number"),
    ({"action": "set_unit", "value": "furlong"}, "unknown unit 'furlong'"),
    ({"action": "set_indicator"}, "set_indicator needs a code"),
    ({"value": 3}, "reject takes no value"),
])
def test_it_rejects_malformed_corrections_saying_what_was_expected(change, message):
    record = dict(sha256=SHA, start=1, end=5, text="x", action="reject", reviewer="ana") | change
    with pytest.raises(CorrectionsError) as info:
        validate(record)
    assert message in str(info.value)


def test_it_round_trips_the_file_and_replaces_a_decision_on_the_same_figure(tmp_path):
    path = tmp_path / "reviews" / "corrections.yaml"
    record_correction(path, correction("5 clinics", "set_value", 6, note="see Health"))
    record_correction(path, correction("4 counties", "reject"))
    record_correction(path, correction("5 clinics", "set_value", "7", date=date(2026, 11, 29)))
    loaded = load_corrections(path)
    assert [(c.text, c.action, c.value) for c in loaded] == [("4 counties", "reject", None), ("5 clinics", "set_value", 7.0)]
    assert loaded[1].date == "2026-11-29"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert raw["version"] == 1 and "value" not in raw["corrections"][0]
    withdraw_corrections(path, loaded[0].key)
    assert [c.text for c in load_corrections(path)] == ["5 clinics"]


def test_rewriting_the_file_keeps_reviewers_comments_and_the_order_of_entries(tmp_path):
    path = tmp_path / "corrections.yaml"
    record_correction(path, correction("5 clinics", "set_value", 6, note="see Health"))
    record_correction(path, correction("4 counties", "reject"))
    edited = (path.read_text(encoding="utf-8")
              .replace("corrections:\n", "corrections:\n# batch of 29 November, checked by ana and bo\n")
              .replace("note: see Health", "note: see Health  # table 3, page 2"))
    path.write_text("# our team's corrections file\n" + edited, encoding="utf-8")

    record_correction(path, correction("9 schools", "set_indicator", "schools_built"))
    withdraw_corrections(path, correction("4 counties", "reject").key)

    text = path.read_text(encoding="utf-8")
    for comment in ("# our team's corrections file", "# batch of 29 November, checked by ana and bo",
                    "note: see Health  # table 3, page 2"):
        assert comment in text
    assert [c.text for c in load_corrections(path)] == ["5 clinics", "9 schools"]


def test_an_absent_file_means_no_corrections(tmp_path):
    assert load_corrections(tmp_path / "none.yaml") == []


def test_a_broken_file_is_an_error_naming_the_entry(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("version: 1\ncorrections:\n- {sha256: nope}\n", encoding="utf-8")
    with pytest.raises(CorrectionsError, match="correction 1: missing key"):
        load_corrections(path)


# --- applying -------------------------------------------------------------------------------

def test_it_applies_corrections_on_load_and_keeps_the_original_extraction(engine):
    fixes = [correction("4 counties", "reject", note="counted twice"), correction("5 clinics", "set_value", 6),
             correction("14.2 kilometers", "set_unit", "m"), correction("1,200 farmers", "set_indicator", "people_trained")]
    run_id = ingest(engine, [(document(), hillside_extraction())], fixes)
    rows = figure_rows(engine)
    assert rows["4 counties"]["rejected_by_review"] and rows["4 counties"]["reviewed"]
    assert rows["5 clinics"]["value"] == 5 and rows["5 clinics"]["corrected_value"] == 6
    assert rows["5 clinics"]["corrected_canonical_value"] == 6 and rows["5 clinics"]["corrected_canonical_unit"] == "count"
    assert rows["14.2 kilometers"]["corrected_unit"] == "m"
    assert float(rows["14.2 kilometers"]["corrected_canonical_value"]) == pytest.approx(0.0142)
    assert rows["1,200 farmers"]["corrected_indicator"] == "people_trained" and rows["1,200 farmers"]["indicator"] is None
    untouched = rows["9 schools"]
    assert not untouched["reviewed"] and not untouched["rejected_by_review"] and untouched["corrected_value"] is None
    assert event_codes(engine, run_id).count("correction_applied") == 4


def test_a_correction_whose_span_holds_no_figure_is_reported_not_dropped(engine):
    wrong_text = replace(correction("9 schools", "reject"), text="8 schools")
    on_a_rejection = correction("2+2", "reject")
    run_id = ingest(engine, [(document(), hillside_extraction())], [wrong_text, on_a_rejection])
    with engine.connect() as conn:
        messages = conn.execute(select(ExtractionEvent.message).where(
            ExtractionEvent.run_id == run_id, ExtractionEvent.code == "correction_unmatched")).scalars().all()
    assert len(messages) == 2
    assert any("reads '9 schools', not '8 schools'" in m for m in messages)
    assert any("no figure is extracted at" in m for m in messages)
    assert not any(r["reviewed"] for r in figure_rows(engine).values())


def test_it_applies_new_corrections_to_unchanged_documents_and_withdraws_removed_ones(engine):
    ingest(engine, [(document(), hillside_extraction())])
    fixes = [correction("4 counties", "reject")]
    run_id = ingest(engine, [(document(), hillside_extraction())])  # unchanged: skipped by load_document
    assert apply_corrections(engine, run_id, fixes) == {"correction_applied": 1}
    assert figure_rows(engine)["4 counties"]["rejected_by_review"]
    assert apply_corrections(engine, run_id, fixes) == {}, "applying twice changes nothing"
    assert apply_corrections(engine, ingest(engine, []), []) == {"correction_withdrawn": 1}
    assert not figure_rows(engine)["4 counties"]["reviewed"]


def test_a_correction_for_an_older_version_of_the_file_is_reported_on_the_new_one(engine):
    fixes = [correction("4 counties", "reject", path=document().path)]
    ingest(engine, [(document(), hillside_extraction())], fixes)
    changed = HILLSIDE.replace("9 schools", "10 schools")
    extraction = hillside_extraction(changed.replace("10 schools", "9 schools"))  # same offsets up to there
    run_id = ingest(engine, [(document(changed), extraction)])
    counts = apply_corrections(engine, run_id, fixes)
    assert counts == {"correction_unmatched": 1}
    with engine.connect() as conn:
        current = conn.execute(select(DocumentRow.id).where(DocumentRow.is_current.is_(True))).scalar_one()
        event = conn.execute(select(ExtractionEvent).where(ExtractionEvent.code == "correction_unmatched")).mappings().one()
    assert event["document_id"] == current and "the file has changed" in event["message"]
    assert apply_corrections(engine, run_id, fixes) == {}, "reported once per run"


def test_a_correction_for_a_document_not_in_the_database_is_reported(engine):
    run_id = ingest(engine, [])
    assert apply_corrections(engine, run_id, [correction("4 counties", "reject")]) == {"correction_unmatched": 1}


# --- the promise: corrections survive a re-ingest from scratch --------------------------------

STATE = ("corrected_value", "corrected_unit", "corrected_canonical_value", "corrected_canonical_unit",
         "corrected_indicator", "rejected_by_review", "reviewed")
VOLATILE = {"id", "run_id", "document_id", "loaded_at"}


def snapshot(engine) -> dict:
    with engine.connect() as conn:
        docs = [{k: v for k, v in r.items() if k not in VOLATILE}
                for r in conn.execute(select(DocumentRow).order_by(DocumentRow.sha256)).mappings()]
        figures = {(r["start"], r["end"]): {k: v for k, v in r.items() if k not in VOLATILE}
                   for r in conn.execute(select(FigureRow)).mappings()}
        events = sorted((r.code, r.start or -1, r.end or -1) for r in conn.execute(select(ExtractionEvent)))
    return {"documents": docs, "figures": figures, "events": events}


def test_rejecting_one_figure_and_correcting_another_survives_a_reingest_from_scratch(database_url, tmp_path):
    """Two `pairaid correct` calls, a fresh database, a re-ingest: both applied, nothing else changed."""
    first = make_engine(database_url)
    upgrade(first)
    ingest(first, [(document(), hillside_extraction())])
    before = snapshot(first)
    file = tmp_path / "reviews" / "corrections.yaml"
    runner = CliRunner()
    with first.connect() as conn:
        four = conn.execute(select(FigureRow.id).where(FigureRow.text == "4 counties")).scalar_one()
    five = "{}:{}-{}".format(SHA[:12], *span(HILLSIDE, "5 clinics"))
    for args in ([str(four), "reject", "--note", "counts the same counties twice"],
                 [five, "set_value", "6", "--note", "the Health section says 6"]):
        result = runner.invoke(app, ["correct", *args, "--reviewer", "ana", "--file", str(file),
                                     "--database-url", database_url])
        assert result.exit_code == 0, result.output
    first.dispose()

    fresh = database_url.replace("pairaid.sqlite3", "fresh.sqlite3") if database_url.startswith("sqlite") else None
    if fresh is None:  # PostgreSQL: empty the same database and migrate again
        from pairaid_etl.store.db import downgrade
        downgrade(make_engine(database_url), "base")
        fresh = database_url
    second = make_engine(fresh)
    upgrade(second)
    ingest(second, [(document(), hillside_extraction())], load_corrections(file))
    after = snapshot(second)
    second.dispose()

    assert after["documents"] == before["documents"]
    changed = {span for span in before["figures"] if before["figures"][span] != after["figures"][span]}
    assert changed == {span(HILLSIDE, "4 counties"), span(HILLSIDE, "5 clinics")}
    counties, clinics = after["figures"][span(HILLSIDE, "4 counties")], after["figures"][span(HILLSIDE, "5 clinics")]
    assert counties["rejected_by_review"] and counties["reviewed"] and counties["corrected_value"] is None
    assert clinics["corrected_value"] == 6 and clinics["value"] == 5 and not clinics["rejected_by_review"]
    for key in (span(HILLSIDE, "4 counties"), span(HILLSIDE, "5 clinics")):
        other = {k: v for k, v in after["figures"][key].items() if k not in STATE}
        assert other == {k: v for k, v in before["figures"][key].items() if k not in STATE}
    extra = list(after["events"])
    for event in before["events"]:
        extra.remove(event)
    assert sorted(code for code, *_ in extra) == ["correction_applied", "correction_applied"]


def test_correct_refuses_an_unknown_figure(engine, tmp_path):
    ingest(engine, [(document(), hillside_extraction())])
    with engine.connect() as conn:
        with pytest.raises(CorrectionsError, match="no figure in the database"):
            make_correction(conn, f"{SHA[:12]}:0-3", "reject", None, "ana")
        with pytest.raises(CorrectionsError, match="expected a figure id"):
            make_correction(conn, "the clinics", "reject", None, "ana")
