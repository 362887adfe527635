"""The phase of an attack, on the kill chain MozDef's attacker view used.

Each alert points at a phase through its tags (MITRE ATT&CK tactics as Sigma writes them,
``attack.initial_access``…) or, failing that, its category (``scan``, ``bruteforce``…). A profile's
derived phase is the furthest one any of its alerts reached; an analyst may override it.

=======================  ===================================================================
phase                    reached by
=======================  ===================================================================
reconnaissance           ``attack.reconnaissance``, ``attack.discovery``; scan, portscan, recon
weaponization            ``attack.resource_development``
delivery                 ``attack.initial_access``; phishing, spam, delivery
exploitation             ``attack.execution``, ``attack.credential_access``,
                         ``attack.privilege_escalation``, ``attack.defense_evasion``;
                         bruteforce, exploit, exploitation, intrusion, authentication
installation             ``attack.persistence``; malware, installation
command and control      ``attack.command_and_control``; c2, botnet, command and control
actions on objectives    ``attack.lateral_movement``, ``attack.collection``,
                         ``attack.exfiltration``, ``attack.impact``; exfiltration, dataloss, impact
=======================  ===================================================================
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, Literal, get_args

PhaseName = Literal[
    "reconnaissance",
    "weaponization",
    "delivery",
    "exploitation",
    "installation",
    "command and control",
    "actions on objectives",
]
PHASES: Final[tuple[str, ...]] = get_args(PhaseName)

TACTICS: Final[dict[str, str]] = {
    "reconnaissance": "reconnaissance",
    "discovery": "reconnaissance",
    "resource_development": "weaponization",
    "initial_access": "delivery",
    "execution": "exploitation",
    "credential_access": "exploitation",
    "privilege_escalation": "exploitation",
    "defense_evasion": "exploitation",
    "persistence": "installation",
    "command_and_control": "command and control",
    "lateral_movement": "actions on objectives",
    "collection": "actions on objectives",
    "exfiltration": "actions on objectives",
    "impact": "actions on objectives",
}
CATEGORIES: Final[dict[str, str]] = {
    "scan": "reconnaissance",
    "portscan": "reconnaissance",
    "recon": "reconnaissance",
    "reconnaissance": "reconnaissance",
    "phishing": "delivery",
    "spam": "delivery",
    "delivery": "delivery",
    "bruteforce": "exploitation",
    "exploit": "exploitation",
    "exploitation": "exploitation",
    "intrusion": "exploitation",
    "authentication": "exploitation",
    "malware": "installation",
    "installation": "installation",
    "c2": "command and control",
    "botnet": "command and control",
    "command and control": "command and control",
    "exfiltration": "actions on objectives",
    "dataloss": "actions on objectives",
    "impact": "actions on objectives",
}


def phases_of(category: object, tags: Iterable[object]) -> set[str]:
    """The phases one alert points at: its ATT&CK tactic tags, else its category; maybe none."""
    found: set[str] = set()
    for tag in tags:
        name = str(tag).strip().lower().replace("-", "_").replace(" ", "_")
        if name.startswith("attack.") and name[len("attack.") :] in TACTICS:
            found.add(TACTICS[name[len("attack.") :]])
    if not found and isinstance(category, str):
        phase = CATEGORIES.get(category.strip().lower().replace("_", " "))
        if phase:
            found.add(phase)
    return found


def furthest(phases: Iterable[str]) -> str | None:
    """The latest phase of the kill chain among ``phases`` (unknown names ignored)."""
    known = [PHASES.index(p) for p in phases if p in PHASES]
    return PHASES[max(known)] if known else None
