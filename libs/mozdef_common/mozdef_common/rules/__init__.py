"""Detection rules as data: models (:mod:`.models`), and loading them from files (:mod:`.loader`).

Shared by the alerter (which runs them) and the API (which validates the rules analysts write).
"""

from __future__ import annotations

from mozdef_common.rules.build import build_rule
from mozdef_common.rules.durations import Duration, format_duration, parse_duration
from mozdef_common.rules.errors import RuleError
from mozdef_common.rules.loader import (
    SigmaLoader,
    default_sigma,
    load_rule_files,
    load_rules_dir,
    load_rules_text,
    rule_files,
)
from mozdef_common.rules.models import (
    RULE_TYPES,
    SCHEDULED_TYPES,
    STREAM_TYPES,
    AbsenceRule,
    ActionSpec,
    Dedup,
    GeovelocityRule,
    MatchRule,
    NewTermsRule,
    Rule,
    RuleBase,
    SequenceRule,
    SequenceStep,
    ThresholdRule,
)
from mozdef_common.rules.query import ParsedQuery, parse_rule_query, query_from_node
from mozdef_common.rules.sigma_convert import convert_sigma

__all__ = [
    "RULE_TYPES",
    "SCHEDULED_TYPES",
    "STREAM_TYPES",
    "AbsenceRule",
    "ActionSpec",
    "Dedup",
    "Duration",
    "GeovelocityRule",
    "MatchRule",
    "NewTermsRule",
    "ParsedQuery",
    "Rule",
    "RuleBase",
    "RuleError",
    "SequenceRule",
    "SequenceStep",
    "SigmaLoader",
    "ThresholdRule",
    "build_rule",
    "convert_sigma",
    "default_sigma",
    "format_duration",
    "load_rule_files",
    "load_rules_dir",
    "load_rules_text",
    "parse_duration",
    "parse_rule_query",
    "query_from_node",
    "rule_files",
]
