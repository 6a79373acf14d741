# SPDX-License-Identifier: MIT
"""The exceptions of crmrules and the loader's diagnostics.

Every exception is a crmrules.Error with ``code`` (the code crmrules eval
writes in "$error": "missing", "no_match", "invalid", ...) and ``message``;
``file``, ``line`` and ``column`` (1-based) when it has a place in a rule
file. The extension raises them; nothing here imports it.
"""

from typing import NamedTuple, Optional, Tuple


class Diagnostic(NamedTuple):
    """One error or warning of a load, at file:line:column."""

    severity: str  # "error" or "warning"
    code: str
    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}"


class Error(Exception):
    """Base of every crmrules error."""

    def __init__(self, message: str, *, code: str = "error", file: Optional[str] = None,
                 line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.index: Optional[int] = None  # the item's place in decide_many's input

    def __str__(self) -> str:
        return self.message


class RuleError(Error):
    """A rule file could not be loaded: the first error, at file:line:column,
    and every error and warning the loader found in ``diagnostics``."""

    def __init__(self, message: str, *, diagnostics: Tuple[Diagnostic, ...] = (),
                 **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.diagnostics = diagnostics

    def __str__(self) -> str:
        if self.file and self.line:
            return f"{self.file}:{self.line}:{self.column}: {self.message}"
        return self.message


class DecisionError(Error):
    """A decision failed. ``decision`` names it; file:line:column is where
    the decision (or the rule concerned) is declared."""

    def __init__(self, message: str, *, decision: Optional[str] = None,
                 missing: Tuple[str, ...] = (), tried: Optional[list] = None,
                 **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.decision = decision
        self.missing = missing
        self.tried = tried


class MissingFactsError(DecisionError):
    """The decision depends on facts that are not set: ``missing`` lists
    every fact it would need, at once (code "missing")."""


class NoMatchError(DecisionError):
    """No rule of a single-hit table matched (code "no_match"); with
    explain="full", ``tried`` says why each rule did not."""


class FactError(Error, ValueError):
    """A fact's value was refused (not among its values, out of its range,
    not matching its pattern), or the key names no fact. ``fact`` names it."""

    def __init__(self, message: str, *, fact: Optional[str] = None, **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.fact = fact


class FactTypeError(FactError, TypeError):
    """A fact's value has the wrong Python type (a float for money, a naive
    datetime for an instant, a str for an int)."""


class SlaError(Error):
    """An SLA clock could not be evaluated (an unknown timer, a pause that
    ends before it starts, a day the calendar has no data for)."""

    def __init__(self, message: str, *, timer: Optional[str] = None, **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.timer = timer
