"""The model: what flows through wmlint. Diagnostics and severities, JSON pointers, and the
upload a rule looks at (metadata, parts, request parameters). Imports nothing else of wmlint."""

from wmlint.model.diagnostic import Diagnostic, Severity, escape_pointer_token, finding, make_pointer, split_pointer
from wmlint.model.upload import Part, PartProblem, SourceDocument, Upload, declares_service_worker, infer_content_type

__all__ = ["Diagnostic", "Part", "PartProblem", "Severity", "SourceDocument", "Upload", "declares_service_worker",
           "escape_pointer_token", "finding", "infer_content_type", "make_pointer", "split_pointer"]
