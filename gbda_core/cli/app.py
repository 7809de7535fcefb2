"""The ``gbda`` app object and what every command shares: consoles, progress bars, output."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from gbda_core import __version__
from gbda_core.feedback import Feedback

if TYPE_CHECKING:  # the heavy imports wait for a command that needs them: --help stays quick
    from gbda_core.problems import Problem

Result = TypeVar("Result")

app = typer.Typer(
    name="gbda",
    help="Groenblauwe dooradering: share of landscape elements in the rural area.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
import_app = typer.Typer(
    help="Import elements and rural area from BGT or BRP.", no_args_is_help=True
)
app.add_typer(import_app, name="import")

out_console = Console()
err_console = Console(stderr=True)


class RichFeedback(Feedback):
    """Progress bars on stderr while a step runs (only on a terminal)."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.task: object | None = None

    def step(self, label: str, total: int | None = None) -> None:
        """Start a new bar for the step."""
        if self.progress is None:
            return
        if self.task is not None:
            self.progress.update(self.task, completed=self.progress.tasks[-1].total)  # type: ignore[arg-type]
        self.task = self.progress.add_task(label, total=total)

    def advance(self, units: int = 1) -> None:
        """Move the current bar."""
        if self.progress is not None and self.task is not None:
            self.progress.advance(self.task, units)  # type: ignore[arg-type]

    def info(self, message: str) -> None:
        """Print a message above the bars."""
        err_console.print(message)


def progress_bars() -> Progress | None:
    """Return rich progress bars on stderr, or None when stderr is not a terminal."""
    if not err_console.is_terminal:
        return None
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    )


def run_with_progress(work: Callable[[Feedback], Result]) -> Result:
    """Run ``work`` with a :class:`Feedback` that draws progress bars where it can."""
    progress = progress_bars()
    if progress is None:
        return work(RichFeedback(None))
    with progress:
        return work(RichFeedback(progress))


def say(text: str, err: bool = False) -> None:
    """Print plain text on one line (paths must stay copyable and parseable)."""
    (err_console if err else out_console).print(text, soft_wrap=True, highlight=False, markup=False)


def report_problems(problems: list[Problem]) -> None:
    """Print each data problem as one line on stderr."""
    for p in problems:
        err_console.print(
            f"[yellow]problem[/yellow] {p.one_line()}", highlight=False, soft_wrap=True
        )


@app.callback(invoke_without_command=True)
def _root(
    version: Annotated[bool, typer.Option("--version", help="Show the version.")] = False,
) -> None:
    if version:
        out_console.print(f"gbda {__version__}")
        raise typer.Exit()
