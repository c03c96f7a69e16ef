"""Problems found in definitions or pages, reported one clear line each."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, and what to do about it."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


def closest(word: str, options) -> list[str]:
    """The option nearest a misspelt word, if one is near ("did you mean")."""
    import difflib  # only imported when something is wrong

    return difflib.get_close_matches(word, list(options), n=1)


class DefinitionError(Exception):
    """Raised with every problem found, so an author can fix them in one go."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        head = f"Career Allies found {count} problem{'s' if count != 1 else ''}:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])
