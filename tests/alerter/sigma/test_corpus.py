"""The public SigmaHQ corpus: how many rules load and compile, against a recorded baseline.

The corpus lives outside the repository (``../shared/sigma/rules`` from the project root, or
``MOZDEF_SIGMA_CORPUS``); without it the test is skipped. A rule counts when it loads, compiles to
our AST, and that tree compiles to a predicate the alerter can run. The figures are in docs/sigma.md.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest

from mozdef_alerter.sigma import SigmaLoadError, load_sigma
from mozdef_common.query.evaluate import compile_predicate

#: Share of corpus rules that must compile (measured: 3,141 of 3,141 in 3,141 files).
BASELINE = 0.99

CORPUS = Path(
    os.environ.get("MOZDEF_SIGMA_CORPUS", Path(__file__).resolve().parents[3].parent / "shared/sigma/rules")
)


def _reason(text: str) -> str:
    # Group failures by their kind: drop ids, quoted values and paths.
    return re.sub(r"[0-9a-f-]{36}|'[^']*'|\"[^\"]*\"|\S+\.yml\S*", "…", text)[:120]


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no Sigma corpus at {CORPUS}")
def test_corpus_compile_rate() -> None:
    files = sorted(CORPUS.rglob("*.yml"))
    compiled = 0
    failures: Counter[str] = Counter()
    for path in files:
        errors: list[SigmaLoadError] = []
        for rule in load_sigma(path.read_text(encoding="utf-8"), str(path), errors=errors):
            try:
                for tree in [rule.query, *rule.steps]:
                    if tree is not None:
                        compile_predicate(tree)
            except Exception as exc:  # any refusal counts against the rate, grouped by reason
                failures[_reason(f"{type(exc).__name__}: {exc}")] += 1
            else:
                compiled += 1
        failures.update(_reason(error.reason) for error in errors)
    total = compiled + sum(failures.values())
    rate = compiled / total if total else 0.0
    report = "\n".join(f"{count:5} {reason}" for reason, count in failures.most_common(15))
    print(f"\nSigma corpus: {len(files)} files, {total} rules, {compiled} compiled ({rate:.2%})\n{report}")
    assert total >= len(files) * 0.9, "fewer rules than files: the corpus did not load"
    assert rate >= BASELINE, f"compile rate {rate:.2%} fell below the baseline {BASELINE:.0%}:\n{report}"
