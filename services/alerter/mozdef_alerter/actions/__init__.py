"""Response actions: plugins (:mod:`.base`) that tell people and systems about new alerts, run by the
:class:`~.runner.ActionRunner` off the alerting path with retries, every attempt recorded.

Built-ins: ``webhook``, ``slack``, ``mattermost``, ``pagerduty``, ``email``, ``block_ip``,
``block_domain``; more arrive through the entry point group ``mozdef.actions`` (:mod:`.registry`).
"""

from __future__ import annotations

from mozdef_alerter.actions.base import ActionContext, ActionFailed, ActionPlugin, Outcome
from mozdef_alerter.actions.registry import GROUP, ActionSet, load_actions, register
from mozdef_alerter.actions.runner import ActionRunner
from mozdef_alerter.actions.settings import ActionSettings

__all__ = [
    "GROUP",
    "ActionContext",
    "ActionFailed",
    "ActionPlugin",
    "ActionRunner",
    "ActionSet",
    "ActionSettings",
    "Outcome",
    "load_actions",
    "register",
]
