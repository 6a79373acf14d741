# SPDX-License-Identifier: MIT
# Type stubs of crmrules (the extension module has no annotations of its own).
import datetime
import os
from decimal import Decimal
from typing import (Any, Dict, Iterable, Iterator, List, Literal, Mapping, NamedTuple,
                    Optional, Sequence, Tuple, TypedDict, Union, overload)

__version__: str
VERSION: str

StrPath = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]

Scalar = Union[bool, int, float, str, Decimal, datetime.date, datetime.datetime,
               datetime.timedelta]
# A fact's value by its declared type: bool; int; number (int, float or
# Decimal); money (Decimal, or an int of whole units; never a float); string;
# date (datetime.date); datetime (an aware datetime.datetime: naive ones are
# refused); duration (datetime.timedelta); list of T (a list or tuple). None
# leaves the fact unknown.
FactValue = Union[Scalar, Sequence[Scalar], None]
Facts = Mapping[str, FactValue]
# An output's value: bool, int, float, str, Decimal (money), datetime.date,
# datetime.datetime (aware, UTC), datetime.timedelta, a list of them, or
# None (unknown). "$provisional" and "$explain" when they apply.
Result = Dict[str, Any]

class Diagnostic(NamedTuple):
    severity: str  # "error" or "warning"
    code: str
    file: str
    line: int
    column: int
    message: str

class Error(Exception):
    message: str
    code: str  # "missing", "no_match", "conflict", "invalid", "type", "unknown", ...
    file: Optional[str]
    line: int  # 1-based; 0 when the error has no place in a rule file
    column: int
    index: Optional[int]  # the item's place in decide_many's input
    def __init__(self, message: str, *, code: str = ..., file: Optional[str] = ...,
                 line: int = ..., column: int = ...) -> None: ...

class RuleError(Error):
    diagnostics: Tuple[Diagnostic, ...]

class DecisionError(Error):
    decision: Optional[str]
    missing: Tuple[str, ...]
    tried: Optional[List[Dict[str, Any]]]

class MissingFactsError(DecisionError): ...
class NoMatchError(DecisionError): ...

class FactError(Error, ValueError):
    fact: Optional[str]

class FactTypeError(FactError, TypeError): ...

class SlaError(Error):
    timer: Optional[str]

class SlaState(TypedDict):
    timer: str
    measure: str  # "wall", "working days" or "business hours"
    status: Literal["running", "warning", "breached", "stopped"]
    due: datetime.datetime  # at the calendar's UTC offset
    total: datetime.timedelta  # in seconds of the timer's measure
    elapsed: datetime.timedelta
    remaining: datetime.timedelta  # negative once breached
    next_alert: Optional[datetime.datetime]
    warnings_passed: int
    breached_at_stop: bool
    escalates_to: Optional[str]
    provisional: bool  # a calendar day past its data was assumed
    assumed_from: Optional[datetime.date]

class DecisionIterator(Iterator[Any]):
    def __next__(self) -> Any: ...
    def close(self) -> None: ...

class Ruleset:
    """A compiled ruleset: immutable, shared by any number of threads."""

    @property
    def facts(self) -> Mapping[str, str]:
        """{fact name: type}, types as the rule files write them ("money", "list of string")."""
    @property
    def decisions(self) -> Tuple[str, ...]: ...
    @property
    def timers(self) -> Tuple[str, ...]: ...
    @property
    def warnings(self) -> Tuple[Diagnostic, ...]: ...
    def decision_facts(self, name: str) -> Tuple[str, ...]:
        """Every fact the decision may read, chained decisions' too (crmrules describe)."""
    def decide(self, name: str, facts: Facts,
               explain: Union[bool, Literal["full"]] = False) -> Result:
        """One decision's outputs by name. Raises MissingFactsError (every
        missing fact in .missing), NoMatchError, DecisionError, FactError,
        FactTypeError."""
    @overload
    def decide_many(self, name: str, items: Iterable[Facts],
                    errors: Literal["raise"] = "raise",
                    explain: Union[bool, Literal["full"]] = False) -> Iterator[Result]: ...
    @overload
    def decide_many(self, name: str, items: Iterable[Facts], errors: Literal["yield"],
                    explain: Union[bool, Literal["full"]] = False
                    ) -> Iterator[Union[Result, Error]]: ...
    def decide_json(self, name: str, facts: Union[str, bytes],
                    explain: Union[bool, Literal["full"]] = False) -> str:
        """JSON text in, JSON text out: what `crmrules eval` reads and prints,
        an error as {"$error": {...}}."""
    def sla(self, timer: str, start: datetime.datetime,
            pauses: Iterable[Tuple[datetime.datetime, Optional[datetime.datetime]]] = (),
            now: Optional[datetime.datetime] = None,
            stop: Optional[datetime.datetime] = None) -> SlaState:
        """The state of an SLA clock at now (default: the current time)."""

def load(paths: Union[StrPath, Iterable[StrPath]], *,
         warnings_as_errors: bool = False) -> Ruleset:
    """Load a rule file, a directory of them, or several together. Raises
    RuleError (file, line, column, message, diagnostics)."""

def library_version() -> str: ...
