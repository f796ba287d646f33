"""SQLAlchemy 2 models: the schema analysts query. Alembic migrations are derived from these.

A model whose table holds a record of the core is named for it with ``Row``
(``DocumentRow`` stores a ``read.Document``, ``FigureRow`` a ``records.Figure``), so each
name means one thing; the table names are the records' (``document``, ``figure``).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean, DateTime, ForeignKey, Index, Integer, String, Text,
    UniqueConstraint, false,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base
from .decimals import ExactNumber

class ExtractionRun(Base):
    __tablename__ = "extraction_run"
    __table_args__ = {"comment": "One ingest run: when, which pipeline version, what it did."}

    id: Mapped[int] = mapped_column(primary_key=True, comment="Run id.")
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), comment="When the run started (UTC).")
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), comment="When the run ended (UTC), or when a later run found it interrupted; NULL while running.")
    status: Mapped[str] = mapped_column(String(32), comment="running, completed, completed_with_errors, or interrupted (the process died; a later run on the same host noticed).")
    flow_run_id: Mapped[str | None] = mapped_column(String(64), comment="Prefect flow run id, when run by Prefect.")
    pipeline_version: Mapped[str] = mapped_column(String(64), comment="Package version + hash of the rule files.")
    n_documents: Mapped[int] = mapped_column(Integer, default=0, comment="Files seen.")
    n_loaded: Mapped[int] = mapped_column(Integer, default=0, comment="Documents newly loaded.")
    n_skipped: Mapped[int] = mapped_column(Integer, default=0, comment="Unchanged documents skipped.")
    n_failed: Mapped[int] = mapped_column(Integer, default=0, comment="Files that could not be loaded.")
    n_figures: Mapped[int] = mapped_column(Integer, default=0, comment="Figures loaded by this run.")
    host: Mapped[str | None] = mapped_column(String(255), comment="Host name of the process that ran the flow.")
    pid: Mapped[int | None] = mapped_column(Integer, comment="Process id of the flow on that host; a later run marks the row interrupted once it is gone.")


class DocumentRow(Base):
    __tablename__ = "document"
    __table_args__ = (
        Index("ix_document_path", "path"),
        {"comment": "One version of a bulletin file, keyed by the sha256 of its bytes."},
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="Document id.")
    path: Mapped[str] = mapped_column(String(1024), comment="Path of the file as ingested.")
    sha256: Mapped[str] = mapped_column(String(64), unique=True, comment="sha256 of the file's bytes.")
    title: Mapped[str | None] = mapped_column(String(512), comment="First line of the bulletin.")
    bulletin_year: Mapped[int | None] = mapped_column(Integer, comment="Year the bulletin reports on.")
    language: Mapped[str] = mapped_column(String(8), default="en", comment="Language code of the text.")
    encoding: Mapped[str] = mapped_column(String(32), default="utf-8", comment="Encoding the bytes were decoded from.")
    text: Mapped[str] = mapped_column(Text, comment="Decoded text, exactly; figure offsets point into it.")
    n_chars: Mapped[int] = mapped_column(Integer, comment="len(text).")
    status: Mapped[str] = mapped_column(String(32), comment="loaded (figures stored) or superseded.")
    is_current: Mapped[bool] = mapped_column(Boolean, default=True, comment="False once a newer version of the same path is loaded.")
    error: Mapped[str | None] = mapped_column(Text, comment="Error message if the document failed after decoding.")
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), comment="When this version was loaded (UTC).")
    run_id: Mapped[int] = mapped_column(ForeignKey("extraction_run.id"), comment="Run that loaded this version.")


class FigureRow(Base):
    __tablename__ = "figure"
    __table_args__ = (
        UniqueConstraint("document_id", "start", "end", name="uq_figure_document_id_span"),
        {"comment": "One figure stated in a document: raw text, stated value, canonical value."},
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="Figure id.")
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True, comment="Document the figure is in.")
    run_id: Mapped[int] = mapped_column(ForeignKey("extraction_run.id"), comment="Run that extracted it.")
    start: Mapped[int] = mapped_column(Integer, comment="Start offset (Python str index) into document.text.")
    end: Mapped[int] = mapped_column(Integer, comment="End offset into document.text; text = document.text[start:end].")
    text: Mapped[str] = mapped_column(String(256), comment="The figure as written.")
    number_text: Mapped[str] = mapped_column(String(128), comment="The numeral with its scale word as written.")
    value: Mapped[Decimal] = mapped_column(ExactNumber(), comment="Stated value, scale applied (32.33 million -> 32330000).")
    value_high: Mapped[Decimal | None] = mapped_column(ExactNumber(), comment="Upper end of a range, else NULL.")
    unit: Mapped[str] = mapped_column(String(16), comment="Stated unit code: CNY, USD, mu, ha, m2, km2, km, m, m3, kg, t, jin, percent, times, count.")
    canonical_value: Mapped[Decimal | None] = mapped_column(ExactNumber(), comment="Value in the canonical unit of its kind.")
    canonical_unit: Mapped[str | None] = mapped_column(String(16), comment="Canonical unit: CNY, USD, ha, km, kg, m3, percent, times, count.")
    kind: Mapped[str] = mapped_column(String(16), comment="money, area, length, weight, volume, percent, ratio, count.")
    qualifier: Mapped[str] = mapped_column(String(16), comment="exact, approx, more_than, at_least, less_than, up_to, nearly, range.")
    item: Mapped[str | None] = mapped_column(String(64), comment="For counts: singular head noun of what is counted.")
    indicator: Mapped[str | None] = mapped_column(String(64), comment="Indicator code, NULL when unknown.")
    year: Mapped[int | None] = mapped_column(Integer, comment="Calendar year the figure describes.")
    cumulative: Mapped[bool | None] = mapped_column(Boolean, comment="True when the figure totals several years.")
    base_year: Mapped[int | None] = mapped_column(Integer, comment="For changes and comparisons: the year compared against.")
    donor: Mapped[str | None] = mapped_column(String(128), comment="Donor region of the pairing.")
    recipient: Mapped[str | None] = mapped_column(String(128), comment="Recipient region named for the figure, else the document's.")
    province: Mapped[str | None] = mapped_column(String(128), comment="Province-level region of the recipient (the province of a named city or county; China for national figures); NULL when the named places lie in several provinces or none is known.")
    section: Mapped[str | None] = mapped_column(String(256), comment="Heading of the section the figure is in.")
    rule_id: Mapped[str] = mapped_column(String(128), comment="Id of the rule that produced the figure.")
    indicator_rule: Mapped[str | None] = mapped_column(String(128), comment='Id of the meaning rule that chose the indicator: indicator.plain/strong/complement:<phrase>, indicator.item_default:<item>, indicator.inherited:<relation>, structure.*; NULL when unknown.')
    place_rule: Mapped[str | None] = mapped_column(String(128), comment="Id of the rule that found the recipient: place.named_after, place.named_before (a place named next to the figure), place.title, place.text_province, place.national_title, place.most_named (the document's).")
    donor_rule: Mapped[str | None] = mapped_column(String(128), comment="Id of the rule that found the donor: donor.title (the pairing in the title) or donor.subject (a donor city the sentence's subject).")
    period_rule: Mapped[str | None] = mapped_column(String(128), comment='Id of the rule that set year and cumulative: period.local, period.year, period.range, period.since, period.as_of, period.by, period.span, period.governing, period.bulletin, period.from_level.')
    # Reviewer corrections (reviews/corrections.yaml), applied on every ingest; the columns
    # above always keep the original extraction.
    corrected_value: Mapped[Decimal | None] = mapped_column(ExactNumber(), comment="Value set by a reviewer (in corrected_unit if set, else unit); NULL when not corrected.")
    corrected_unit: Mapped[str | None] = mapped_column(String(16), comment="Unit code set by a reviewer; NULL when not corrected.")
    corrected_canonical_value: Mapped[Decimal | None] = mapped_column(ExactNumber(), comment="Canonical value after the reviewer's value/unit correction; NULL when neither was corrected.")
    corrected_canonical_unit: Mapped[str | None] = mapped_column(String(16), comment="Canonical unit after the reviewer's unit correction; NULL when neither value nor unit was corrected.")
    corrected_indicator: Mapped[str | None] = mapped_column(String(64), comment="Indicator code set by a reviewer; NULL when not corrected.")
    rejected_by_review: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(), comment="True when a reviewer rejected the figure: not a real figure.")
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(), comment="True when at least one reviewer correction applies to the figure.")


class ExtractionEvent(Base):
    __tablename__ = "extraction_event"
    __table_args__ = (
        Index("ix_extraction_event_run_id", "run_id"),
        {"comment": "The extraction log: every decision and error, one row each."},
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="Event id.")
    run_id: Mapped[int] = mapped_column(ForeignKey("extraction_run.id"), comment="Run that recorded the event.")
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True, comment="Document concerned; NULL when the file never became a document.")
    path: Mapped[str | None] = mapped_column(String(1024), comment="File path concerned.")
    level: Mapped[str] = mapped_column(String(16), comment="info, warning or error.")
    code: Mapped[str] = mapped_column(String(64), comment="Event code from the documented closed list.")
    message: Mapped[str] = mapped_column(Text, comment="Human-readable explanation.")
    start: Mapped[int | None] = mapped_column(Integer, comment="Start offset of the text concerned, if any.")
    end: Mapped[int | None] = mapped_column(Integer, comment="End offset of the text concerned, if any.")
    rule_id: Mapped[str | None] = mapped_column(String(128), comment="Rule that made the decision, if any.")
    text: Mapped[str | None] = mapped_column(Text, comment="The text concerned (the document's text from start to end), as recorded with the event.")
