"""Reporters (every output format), baselines and masking. Imports only the model."""

from wmlint.output.baseline import BaselineError, fingerprint, read_baseline, write_baseline
from wmlint.output.formats import FORMATS, render, statistics, summary
from wmlint.output.redaction import mask_secrets

__all__ = ["BaselineError", "FORMATS", "fingerprint", "mask_secrets", "read_baseline", "render", "statistics",
           "summary", "write_baseline"]
