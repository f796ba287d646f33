"""Schema for the meaning layer: indicators, regions, sections, observations, figure relations.

These tables share ``base.Base``'s metadata (and naming convention); ``store/__init__``
imports both model modules. Reference tables (indicator, region) are filled from the package data files by
``load_meaning.sync_reference``; migrations stay schema-only.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .decimals import ExactNumber
from .base import Base


class IndicatorRow(Base):
    __tablename__ = "indicator"
    __table_args__ = {"comment": "Controlled vocabulary of what a figure measures (data/indicators.toml)."}

    code: Mapped[str] = mapped_column(String(64), primary_key=True, comment="Indicator code, e.g. aid_funds.")
    label: Mapped[str] = mapped_column(String(128), comment="Label an analyst reads.")
    kind: Mapped[str] = mapped_column(String(16), comment="Figure kind it takes: money, area, length, weight, count, percent, ratio.")
    unit: Mapped[str] = mapped_column(String(16), comment="Canonical unit of the indicator.")
    measure: Mapped[str] = mapped_column(String(8), comment="flow (amount over a period, may be cumulative) or stock (level at a moment).")
    single: Mapped[bool] = mapped_column(Boolean, comment="True when a document states one value per period, so different values conflict.")
    description: Mapped[str] = mapped_column(Text, comment="One-sentence definition.")


class RegionRow(Base):
    __tablename__ = "region"
    __table_args__ = (
        UniqueConstraint("name", "parent_name", name="uq_region_name_parent"),
        {"comment": "Gazetteer of China's province- and prefecture-level divisions and named counties (data/regions.csv)."},
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="Region id.")
    name: Mapped[str] = mapped_column(String(128), comment="Short English name as stored on figures, e.g. Guangyuan.")
    level: Mapped[str] = mapped_column(String(16), comment="country, province, prefecture or county.")
    type: Mapped[str] = mapped_column(String(48), comment="Kind of division: province, municipality, autonomous region, prefecture-level city, ...")
    full_name: Mapped[str] = mapped_column(String(256), comment="Official English name.")
    parent_name: Mapped[str | None] = mapped_column(String(128), comment="Name of the parent region; NULL for the country.")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"), comment="Parent region id; NULL for the country.")


class SectionRow(Base):
    __tablename__ = "section"
    __table_args__ = {"comment": "A bulletin heading such as 【Overview】 and the text range it governs."}

    id: Mapped[int] = mapped_column(primary_key=True, comment="Section id.")
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True, comment="Document the heading is in.")
    ordinal: Mapped[int] = mapped_column(Integer, comment="Position of the section in the document, from 1.")
    title: Mapped[str] = mapped_column(String(256), comment="Heading text without brackets.")
    start: Mapped[int] = mapped_column(Integer, comment="Start offset of the heading in document.text.")
    end: Mapped[int] = mapped_column(Integer, comment="End offset of the text the heading governs.")


class FigureMeaning(Base):
    __tablename__ = "figure_meaning"
    __table_args__ = {"comment": "How a figure relates to others (parts, changes, shares) and which section holds it."}

    figure_id: Mapped[int] = mapped_column(ForeignKey("figure.id", ondelete="CASCADE"), primary_key=True, comment="The figure.")
    relation: Mapped[str | None] = mapped_column(String(32), comment="part_of, included_in, same_group, target, share, plan_completion, from, increase, decrease, comparison; NULL for a plain level.")
    relates_to_id: Mapped[int | None] = mapped_column(ForeignKey("figure.id", ondelete="SET NULL"), comment="Figure this one qualifies or is part of.")
    section_id: Mapped[int | None] = mapped_column(ForeignKey("section.id", ondelete="SET NULL"), index=True, comment="Section the figure is in.")


class ObservationRow(Base):
    __tablename__ = "observation"
    # No (indicator, year) index: its scattered keys cost every load more than the scans
    # they save (migration 0007).
    __table_args__ = {"comment": "One distinct fact of a document, with all its mentions; conflicting mentions make status conflict."}

    id: Mapped[int] = mapped_column(primary_key=True, comment="Observation id.")
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True, comment="Document stating the fact.")
    run_id: Mapped[int] = mapped_column(ForeignKey("extraction_run.id"), comment="Run that computed it.")
    indicator: Mapped[str | None] = mapped_column(ForeignKey("indicator.code"), comment="Indicator code; NULL when unknown.")
    donor: Mapped[str | None] = mapped_column(String(128), comment="Donor region of the document's pairing.")
    recipient: Mapped[str | None] = mapped_column(String(128), comment="Recipient region of the document.")
    region: Mapped[str | None] = mapped_column(String(256), comment="Specific recipient region(s) named by a mention, '; '-separated.")
    province: Mapped[str | None] = mapped_column(String(128), comment="Province-level region the fact is for (China for national facts); NULL when unknown or several.")
    year: Mapped[int | None] = mapped_column(Integer, comment="Year the fact describes (end year when cumulative).")
    cumulative: Mapped[bool] = mapped_column(Boolean, comment="True when the fact totals several years.")
    base_year: Mapped[int | None] = mapped_column(Integer, comment="Year compared against, for changes.")
    relation: Mapped[str | None] = mapped_column(String(32), comment="NULL for a level; part_of, share, increase, decrease ... as on the figures.")
    unit: Mapped[str] = mapped_column(String(16), comment="Canonical unit of the value.")
    item: Mapped[str | None] = mapped_column(String(64), comment="For counts: what is counted.")
    value: Mapped[Decimal | None] = mapped_column(ExactNumber(), comment="The value in the canonical unit; NULL when the mentions conflict.")
    values_text: Mapped[str] = mapped_column(String(256), comment="Every distinct value stated, ' | '-separated.")
    status: Mapped[str] = mapped_column(String(16), comment="ok or conflict.")
    parts_status: Mapped[str | None] = mapped_column(String(16), comment="pass or mismatch when listed parts were checked against this whole.")
    n_mentions: Mapped[int] = mapped_column(Integer, comment="Number of figures stating it.")


class ObservationMention(Base):
    __tablename__ = "observation_mention"
    __table_args__ = {"comment": "Which figures state which observation."}

    observation_id: Mapped[int] = mapped_column(ForeignKey("observation.id", ondelete="CASCADE"), primary_key=True, comment="The observation.")
    figure_id: Mapped[int] = mapped_column(ForeignKey("figure.id", ondelete="CASCADE"), primary_key=True, index=True, comment="A figure stating it.")
