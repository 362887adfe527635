"""Sigma rules for the alerter: load Sigma files, compile them to our query AST (docs/sigma.md).

``is_sigma(text)`` recognises a Sigma file by its content; ``load_sigma(text, path)`` returns its
rules as :class:`SigmaRule` (match, threshold or sequence) and raises or collects
:class:`SigmaLoadError`; ``load_sigma_collection`` does the same for several files whose
correlations refer to each other. :class:`MozdefBackend` is the pySigma backend behind them.
"""

from mozdef_alerter.sigma.backend import MozdefBackend
from mozdef_alerter.sigma.errors import SigmaLoadError
from mozdef_alerter.sigma.loader import is_sigma, load_sigma, load_sigma_collection
from mozdef_alerter.sigma.model import SigmaRule
from mozdef_alerter.sigma.pipeline import mozdef_pipeline

__all__ = [
    "MozdefBackend",
    "SigmaLoadError",
    "SigmaRule",
    "is_sigma",
    "load_sigma",
    "load_sigma_collection",
    "mozdef_pipeline",
]
