"""The closed list of extraction-event codes, and the levels they are logged at.

docs/events.md is generated from EVENT_CODES (a test fails when they differ):

    .venv/bin/python -m pairaid_etl.events > docs/events.md
"""

from __future__ import annotations

# code -> (level, meaning). Rejection reason codes are stored as "rejected_<reason>".
EVENT_CODES: dict[str, tuple[str, str]] = {
    "figure_accepted": ("info", "A figure was extracted; rule_id names the rule."),
    "rejected_year": ("info", "A number that is a calendar year."),
    "rejected_date": ("info", "A number that is part of a date or a span of years."),
    "rejected_ordinal": ("info", "An ordinal (12th, first)."),
    "rejected_name": ("info", "A number inside a name, model or document number (1+1, No.1)."),
    "rejected_footer": ("info", "A number in the site footer (phone, postcode, licence)."),
    "rejected_list_marker": ("info", "A list or section marker."),
    "rejected_no_unit": ("info", "A number with neither a unit nor a counted noun."),
    "rejected_cut_off": ("info", "A number cut off by the end of the text."),
    "rejected_other": ("info", "A number rejected for another reason, given in the message."),
    "indicator_unknown": ("warning", "A figure whose phrasing matches no indicator."),
    "conflict": ("warning", "Mentions of the same fact disagree."),
    "part_whole_mismatch": ("warning", "Parts do not add up to the stated whole."),
    "part_whole_ok": ("info", "Parts add up to the stated whole."),
    "no_figures": ("warning", "The document was loaded but holds no figures."),
    "document_loaded": ("info", "A document version was loaded."),
    "document_skipped": ("info", "The file is unchanged since it was loaded; nothing re-extracted."),
    "document_superseded": ("info", "A newer version of the same path replaced this one."),
    "document_reextracted": ("info", "An earlier pipeline version's extraction of this document was replaced (ingest --reextract)."),
    "correction_applied": ("info", "A reviewer's correction was applied to a figure."),
    "correction_unmatched": ("warning", "A reviewer's correction no longer matches the text."),
    "correction_withdrawn": ("info", "A correction was removed from the corrections file; the figure is as extracted again."),
    "doc_empty": ("error", "The file is empty."),
    "doc_binary": ("error", "The file is binary, not text."),
    "doc_decoding": ("error", "The bytes are not text in a supported encoding."),
    "doc_too_large": ("error", "The file is larger than the configured limit."),
    "doc_unreadable": ("error", "The file cannot be read (permissions, not a file)."),
    "doc_missing": ("error", "The file vanished before it could be read."),
    "doc_internal_error": ("error", "An unexpected error while processing the document."),
    "run_interrupted": ("warning", "An earlier run on this host was killed midway; this run closed its row as interrupted."),
}


def level_of(code: str) -> str:
    return EVENT_CODES.get(code, ("warning", ""))[0]


def event_row(run_id: int, document_id: int | None, path: str | None, code: str, message: str,
              start: int | None = None, end: int | None = None, rule_id: str | None = None,
              text: str | None = None) -> dict:
    """One ``extraction_event`` row as a mapping, logged at the code's level."""
    return dict(run_id=run_id, document_id=document_id, path=path, level=level_of(code),
                code=code, message=message, start=start, end=end, rule_id=rule_id, text=text)


def rejection_code(reason: str) -> str:
    code = f"rejected_{reason}"
    return code if code in EVENT_CODES else "rejected_other"


def document_error_code(reason: str) -> str:
    code = f"doc_{reason}"
    return code if code in EVENT_CODES else "doc_internal_error"


LEVELS = ("info", "warning", "error")


def markdown() -> str:
    """docs/events.md: the closed list of event codes as a Markdown table."""
    lines = [
        "# Extraction events",
        "",
        "Every decision the pipeline makes leaves one `extraction_event` row (and one line in",
        "`logs/run-<id>.jsonl`). This is the closed list of codes; a test checks that this page",
        "matches `pairaid_etl.events.EVENT_CODES`. Regenerate it with",
        "`.venv/bin/python -m pairaid_etl.events > docs/events.md`.",
        "",
        "Rejected candidates are logged as `rejected_<reason>`; document errors as `doc_<reason>`.",
        "",
        "| code | level | meaning |",
        "|---|---|---|",
    ]
    lines += [f"| `{code}` | {level} | {meaning} |" for code, (level, meaning) in EVENT_CODES.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(markdown())
