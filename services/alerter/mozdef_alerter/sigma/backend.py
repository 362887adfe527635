"""A pySigma backend whose output is our query AST rather than query text.

pySigma parses the rule, applies the modifiers (``base64``, ``windash``, ``all`` … arrive here as
plain strings, expansions and AND/OR groups) and runs the processing pipeline (field names and the
log source condition, :mod:`.pipeline`); this backend only turns the resulting condition tree into
:mod:`mozdef_common.query.ast` nodes. Sigma matches strings case-insensitively, so plain strings and
the ``contains``/``startswith``/``endswith`` patterns become case-insensitive wildcards.

Correlation rules are not converted here but by :mod:`.correlation`, from the referenced rules'
trees; the correlation hooks pySigma requires of a backend refuse, so nothing half-converts.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, NoReturn

from sigma.conditions import (
    ConditionAND,
    ConditionFieldEqualsValueExpression,
    ConditionNOT,
    ConditionOR,
    ConditionValueExpression,
)
from sigma.conversion.base import Backend
from sigma.conversion.state import ConversionState
from sigma.correlations import SigmaCorrelationRule
from sigma.exceptions import SigmaFeatureNotSupportedByBackendError
from sigma.processing.pipeline import ProcessingPipeline
from sigma.rule import SigmaRule as PySigmaRule
from sigma.types import (
    CompareOperators,
    SigmaBool,
    SigmaCIDRExpression,
    SigmaCompareExpression,
    SigmaFieldReference,
    SigmaNumber,
    SigmaRegularExpression,
    SigmaRegularExpressionFlag,
    SigmaString,
)

from mozdef_alerter.sigma.pipeline import mozdef_pipeline
from mozdef_alerter.sigma.values import has_case, literal_chunks, plain_text, unanchored, wildcard_pattern
from mozdef_common.query.ast import (
    Bool,
    Exists,
    FieldRef,
    MatchAll,
    Node,
    Phrase,
    Range,
    Regex,
    Subnet,
    Term,
    Wildcard,
    canonical_network,
)

# A global inline flag group at the start of a pattern, e.g. ``(?i)``: it must stay first once wrapped.
_LEADING_FLAGS = re.compile(r"\(\?([aiLmsux]+)\)")


def _unsupported(what: str) -> NoReturn:
    raise SigmaFeatureNotSupportedByBackendError(what)


class MozdefBackend(Backend):
    """Sigma detection conditions to :data:`~mozdef_common.query.ast.Node` trees (one per condition)."""

    name: ClassVar[str] = "MozDef query AST"
    formats: ClassVar[dict[str, str]] = {"default": "mozdef_common.query.ast nodes"}

    def __init__(self, processing_pipeline: ProcessingPipeline | None = None) -> None:
        super().__init__(processing_pipeline=processing_pipeline or mozdef_pipeline())

    # -- boolean structure -------------------------------------------------------------------

    def _args(self, cond: ConditionAND | ConditionOR | ConditionNOT, state: ConversionState) -> list[Node]:
        nodes = [self.convert_condition(arg, state) for arg in cond.args]
        return [node for node in nodes if node is not None]

    def convert_condition_and(self, cond: ConditionAND, state: ConversionState) -> Node:
        must: list[Node] = []
        for node in self._args(cond, state):
            # Flatten nested ANDs: a pure ``must`` Bool adds nothing but depth.
            if isinstance(node, Bool) and node.must and not node.should and not node.must_not:
                must.extend(node.must)
            else:
                must.append(node)
        return must[0] if len(must) == 1 else Bool(must=tuple(must))

    def convert_condition_or(self, cond: ConditionOR, state: ConversionState) -> Node:
        should: list[Node] = []
        for node in self._args(cond, state):
            if _is_plain_or(node):
                assert isinstance(node, Bool)
                should.extend(node.should)
            else:
                should.append(node)
        return should[0] if len(should) == 1 else Bool(should=tuple(should))

    def convert_condition_not(self, cond: ConditionNOT, state: ConversionState) -> Node:
        (inner,) = self._args(cond, state)
        return Bool(must_not=(inner,))

    def convert_condition_as_in_expression(
        self, cond: ConditionOR | ConditionAND, state: ConversionState
    ) -> Any:
        _unsupported("in-expressions are not used by this backend")  # convert_or_as_in is off

    # -- field = value -----------------------------------------------------------------------

    def convert_condition_field_eq_val_str(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> Node:
        assert isinstance(cond.value, SigmaString)
        return _string_node(cond.field, cond.value, case_insensitive=True)

    def convert_condition_field_eq_val_str_case_sensitive(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> Node:
        assert isinstance(cond.value, SigmaString)
        return _string_node(cond.field, cond.value, case_insensitive=False)

    def convert_condition_field_eq_val_num(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> Node:
        assert isinstance(cond.value, SigmaNumber)
        return Term(cond.field, str(cond.value.number))

    def convert_condition_field_eq_val_bool(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> Node:
        assert isinstance(cond.value, SigmaBool)
        return Term(cond.field, "true" if cond.value.boolean else "false")

    def convert_condition_field_eq_val_timestamp_part(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> Node:
        _unsupported("the minute/hour/day/week/month/year modifiers (parts of a timestamp)")

    def convert_condition_field_eq_val_re(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> Node:
        assert isinstance(cond.value, SigmaRegularExpression)
        return _regex_node(cond.field, cond.value)

    def convert_condition_field_eq_val_cidr(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> Node:
        assert isinstance(cond.value, SigmaCIDRExpression)
        return Subnet(cond.field, canonical_network(str(cond.value.network)))

    def convert_condition_field_compare_op_val(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> Node:
        assert isinstance(cond.value, SigmaCompareExpression)
        number = str(cond.value.number.number)
        match cond.value.op:
            case CompareOperators.LT:
                return Range(cond.field, None, number, include_upper=False)
            case CompareOperators.LTE:
                return Range(cond.field, None, number)
            case CompareOperators.GT:
                return Range(cond.field, number, None, include_lower=False)
            case CompareOperators.GTE:
                return Range(cond.field, number, None)
            case CompareOperators.NEQ:
                return Bool(must=(Exists(cond.field),), must_not=(Term(cond.field, number),))
        _unsupported(f"comparison {cond.value.op}")  # pragma: no cover

    def convert_condition_field_eq_field(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> Node:
        assert isinstance(cond.value, SigmaFieldReference)
        if cond.value.starts_with or cond.value.ends_with:
            _unsupported("fieldref combined with startswith/endswith")
        return FieldRef(cond.field, cond.value.field)

    def convert_condition_field_eq_val_null(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> Node:
        # Sigma's null: the field holds no value (absent or JSON null, which the stores do not index).
        return Bool(must_not=(Exists(cond.field),))

    def convert_condition_field_exists(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> Node:
        return Exists(cond.field)

    def convert_condition_field_not_exists(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> Node:
        return Bool(must_not=(Exists(cond.field),))

    def convert_condition_field_eq_query_expr(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> Node:
        _unsupported("query expressions (placeholders expanded to backend query text)")

    # -- keywords (no field): the default field --------------------------------------------

    def convert_condition_val_str(self, cond: ConditionValueExpression, state: ConversionState) -> Node:
        assert isinstance(cond.value, SigmaString)
        # The default field is analyzed text, where a wildcard sees one word at a time: a keyword is
        # the phrase of its words (case-insensitive by analysis), and a keyword with wildcards the
        # phrases between them, all required (their order is not checked).
        phrases = [Phrase(None, chunk) for chunk in literal_chunks(cond.value) if chunk.strip()]
        if not phrases:
            return MatchAll()
        return phrases[0] if len(phrases) == 1 else Bool(must=tuple(phrases))

    def convert_condition_val_num(self, cond: ConditionValueExpression, state: ConversionState) -> Node:
        assert isinstance(cond.value, SigmaNumber)
        return Term(None, str(cond.value.number))

    def convert_condition_val_re(self, cond: ConditionValueExpression, state: ConversionState) -> Node:
        assert isinstance(cond.value, SigmaRegularExpression)
        return _regex_node(None, cond.value)

    def convert_condition_query_expr(self, cond: ConditionValueExpression, state: ConversionState) -> Node:
        _unsupported("query expressions (placeholders expanded to backend query text)")

    # -- correlations: see mozdef_alerter.sigma.correlation -----------------------------------

    def _correlation(self, rule: SigmaCorrelationRule) -> NoReturn:
        _unsupported(f"correlation type {rule.type} through the backend (use load_sigma)")

    def convert_correlation_event_count_rule(
        self, rule: SigmaCorrelationRule, output_format: str | None = None, method: str = "default"
    ) -> list[Any]:
        self._correlation(rule)

    def convert_correlation_value_count_rule(
        self, rule: SigmaCorrelationRule, output_format: str | None = None, method: str = "default"
    ) -> list[Any]:
        self._correlation(rule)

    def convert_correlation_temporal_rule(
        self, rule: SigmaCorrelationRule, output_format: str | None = None, method: str = "default"
    ) -> list[Any]:
        self._correlation(rule)

    def convert_correlation_temporal_ordered_rule(
        self, rule: SigmaCorrelationRule, output_format: str | None = None, method: str = "default"
    ) -> list[Any]:
        self._correlation(rule)

    def convert_correlation_extended_temporal_rule(
        self, rule: SigmaCorrelationRule, output_format: str | None = None, method: str = "default"
    ) -> list[Any]:
        self._correlation(rule)

    def convert_correlation_extended_temporal_ordered_rule(
        self, rule: SigmaCorrelationRule, output_format: str | None = None, method: str = "default"
    ) -> list[Any]:
        self._correlation(rule)

    def convert_correlation_value_sum_rule(
        self, rule: SigmaCorrelationRule, output_format: str | None = None, method: str = "default"
    ) -> list[Any]:
        self._correlation(rule)

    def convert_correlation_value_avg_rule(
        self, rule: SigmaCorrelationRule, output_format: str | None = None, method: str = "default"
    ) -> list[Any]:
        self._correlation(rule)

    def convert_correlation_value_percentile_rule(
        self, rule: SigmaCorrelationRule, output_format: str | None = None, method: str = "default"
    ) -> list[Any]:
        self._correlation(rule)

    def convert_correlation_value_median_rule(
        self, rule: SigmaCorrelationRule, output_format: str | None = None, method: str = "default"
    ) -> list[Any]:
        self._correlation(rule)

    # -- one rule ------------------------------------------------------------------------------

    def compile_rule(self, rule: PySigmaRule) -> Node:
        """The tree of ``rule``: its conditions ORed (a Sigma rule may list several)."""
        self.convert_rule(rule)
        # The result, not convert_rule's return: that is empty for rules only a correlation uses.
        nodes: list[Node] = list(rule.get_conversion_result())
        if not nodes:
            _unsupported("the rule has no condition")
        return nodes[0] if len(nodes) == 1 else Bool(should=tuple(nodes))


def _is_plain_or(node: Node) -> bool:
    return (
        isinstance(node, Bool)
        and bool(node.should)
        and not node.must
        and not node.must_not
        and node.min_should is None
    )


def _string_node(field: str, value: SigmaString, *, case_insensitive: bool) -> Node:
    text = plain_text(value)
    if text is not None and (not case_insensitive or not has_case(text)):
        # Nothing to fold: an exact term, which also finds the number when the text is one ("4688").
        return Term(field, text)
    return Wildcard(field, wildcard_pattern(value), case_insensitive=case_insensitive)


def _regex_node(field: str | None, value: SigmaRegularExpression) -> Node:
    pattern = value.regexp.to_plain()
    flags = ""
    if found := _LEADING_FLAGS.match(pattern):
        flags, pattern = found.group(1), pattern[found.end() :]
    case_insensitive = SigmaRegularExpressionFlag.IGNORECASE in value.flags or "i" in flags
    inline = "".join(
        letter
        for flag, letter in (
            (SigmaRegularExpressionFlag.MULTILINE, "m"),
            (SigmaRegularExpressionFlag.DOTALL, "s"),
        )
        if flag in value.flags or letter in flags
    )
    body = unanchored(pattern)
    return Regex(field, f"(?{inline}){body}" if inline else body, case_insensitive=case_insensitive)
