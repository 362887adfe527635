"""The processing pipeline from Sigma's field names and log sources to our event schema.

Order matters, and each step sees only what the previous ones left:

1. every field the rule names goes under ``details``, lower-cased (:func:`.fields.details_field`);
2. log sources whose MozDef names differ rename some of those (:mod:`.fields`);
3. the log source becomes a condition (:mod:`.logsources`) written directly in our field names, so
   it is added last, after the renaming steps that would otherwise move it under ``details``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sigma.conditions import SigmaCondition
from sigma.correlations import SigmaCorrelationRule
from sigma.processing.conditions import LogsourceCondition
from sigma.processing.pipeline import ProcessingItem, ProcessingPipeline
from sigma.processing.transformations import (
    FieldFunctionTransformation,
    FieldMappingTransformation,
)
from sigma.processing.transformations.base import ConditionTransformation
from sigma.rule import SigmaDetection
from sigma.rule import SigmaRule as PySigmaRule

from mozdef_alerter.sigma.fields import NETWORK, WEB, details_field
from mozdef_alerter.sigma.logsources import logsource_condition

#: The detection the log source condition is added as; the leading underscore keeps it out of
#: ``1 of them`` / ``all of them`` and of patterns like ``1 of selection*``.
LOGSOURCE_DETECTION = "_mozdef_logsource"


@dataclass
class LogsourceConditionTransformation(ConditionTransformation):
    """AND the rule's conditions with the events its log source covers (nothing if it is unknown)."""

    def apply(self, rule: PySigmaRule | SigmaCorrelationRule) -> None:
        if not isinstance(rule, PySigmaRule):
            return
        definition = logsource_condition(rule.logsource)
        if definition is None:
            return
        rule.detection.detections[LOGSOURCE_DETECTION] = SigmaDetection.from_definition(
            cast(Any, definition)  # a list of maps is an OR of them, which the stubs do not spell
        )
        super().apply(rule)

    def apply_condition(self, cond: SigmaCondition) -> None:
        cond.condition = f"{LOGSOURCE_DETECTION} and ({cond.condition})"


def mozdef_pipeline() -> ProcessingPipeline:
    """A fresh pipeline (pipelines keep per-run state, so each backend gets its own)."""
    return ProcessingPipeline(
        name="MozDef event schema",
        priority=20,
        items=[
            ProcessingItem(
                identifier="mozdef_details_fields",
                transformation=FieldFunctionTransformation(mapping={}, transform_func=details_field),
            ),
            ProcessingItem(
                identifier="mozdef_web_fields",
                transformation=FieldMappingTransformation(WEB),
                rule_conditions=[
                    LogsourceCondition(category="proxy"),
                    LogsourceCondition(category="webserver"),
                ],
                rule_condition_linking=any,
            ),
            ProcessingItem(
                identifier="mozdef_network_fields",
                transformation=FieldMappingTransformation(NETWORK),
                rule_conditions=[
                    LogsourceCondition(category="firewall"),
                    LogsourceCondition(category="dns"),
                    LogsourceCondition(product="zeek"),
                ],
                rule_condition_linking=any,
            ),
            ProcessingItem(
                identifier="mozdef_logsource",
                transformation=LogsourceConditionTransformation(),
            ),
        ],
    )
