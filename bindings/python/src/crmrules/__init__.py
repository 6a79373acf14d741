# SPDX-License-Identifier: MIT
"""crmrules: customer-policy decisions from YAML rule files.

    import crmrules
    rules = crmrules.load("rules")                 # once; share it across threads
    rules.decide("credit_grade", {...facts...})    # {'grade': 'A'}

Money is decimal.Decimal, dates datetime.date, instants aware
datetime.datetime, durations datetime.timedelta. See the stubs
(crmrules/__init__.pyi) or docs/bindings-python.md for the whole API.
"""

from ._errors import (Diagnostic, Error, RuleError, DecisionError, MissingFactsError,
                      NoMatchError, FactError, FactTypeError, SlaError)
from ._crmrules import load, library_version, Ruleset, DecisionIterator, VERSION

__version__ = VERSION

__all__ = [
    "load", "library_version", "Ruleset", "DecisionIterator", "Diagnostic", "Error",
    "RuleError", "DecisionError", "MissingFactsError", "NoMatchError", "FactError",
    "FactTypeError", "SlaError", "__version__",
]
