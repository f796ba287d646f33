"""Progress of a run, batch by batch: a rich bar on a terminal, one plain line per batch otherwise."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator, Protocol

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


class BatchCounts(Protocol):
    loaded: int
    skipped: int
    failed: int


class PlainProgress:
    """``batch 2/5: 100 loaded, 0 unchanged, 1 failed (200/480 files)``, one line per batch."""

    def __init__(self, console: Console, batches: int, files: int):
        self.console, self.batches, self.files, self.done, self.files_done = console, batches, files, 0, 0

    def advance(self, result: BatchCounts) -> None:
        self.done += 1
        self.files_done += result.loaded + result.skipped + result.failed
        self.console.print(f"batch {self.done}/{self.batches}: {result.loaded} loaded, {result.skipped} unchanged, "
                           f"{result.failed} failed ({self.files_done}/{self.files} files)",
                           markup=False, highlight=False, soft_wrap=True)


class BarProgress:
    """A rich progress bar over the files, advanced after each batch."""

    def __init__(self, progress: Progress, files: int):
        self.progress = progress
        self.task = progress.add_task("ingesting", total=files, failed=0)
        self.failed = 0

    def advance(self, result: BatchCounts) -> None:
        self.failed += result.failed
        self.progress.update(self.task, advance=result.loaded + result.skipped + result.failed, failed=self.failed)


@contextmanager
def batch_progress(batches: int, files: int, console: Console | None = None) -> Iterator[PlainProgress | BarProgress]:
    """Report each finished batch on ``console`` (default: standard error)."""
    console = console or Console(stderr=True)
    if not console.is_terminal:
        yield PlainProgress(console, batches, files)
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("files"),
               TextColumn("[red]{task.fields[failed]} failed"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        yield BarProgress(progress, files)
