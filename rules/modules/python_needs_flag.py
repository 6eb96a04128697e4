"""WM308: a Python Worker has the python_workers flag"""

from __future__ import annotations

from collections.abc import Iterator

from wmlint.rulekit import base_type, compat_state, Diagnostic, Rule, Severity, Upload


class PythonFlag(Rule):
    r"""## What it does
    Checks that an upload whose main module is Python (`text/x-python`) enables the
    `python_workers` compatibility flag (directly or through a flag that implies it).

    ## Why is this bad?
    The runtime refuses it: "The python_workers compatibility flag is required to use
    Python."

    ## Example
    ```json
    {"main_module": "entry.py", "compatibility_date": "2025-06-01"}
    ```

    ```python part=entry.py
    from workers import Response
    def on_fetch(request):
        return Response("ok")
    ```

    ## Use instead
    ```json
    {"main_module": "entry.py", "compatibility_date": "2025-06-01", "compatibility_flags": ["python_workers"]}
    ```

    ```python part=entry.py
    from workers import Response
    def on_fetch(request):
        return Response("ok")
    ```
    """

    code = "WM308"
    name = "python-needs-flag"
    severity = Severity.ERROR
    summary = "a Python Worker has the python_workers flag"

    def check(self, upload: Upload) -> Iterator[Diagnostic]:
        main = upload.part(upload.main_module)
        python = main is not None and base_type(main.content_type) == "text/x-python"
        if not python and upload.parts is None and isinstance(upload.main_module, str):
            python = upload.main_module.endswith(".py")
        if python and not compat_state(upload).enabled("python_workers"):
            yield self.report("/main_module", f"main module {upload.main_module!r} is Python, but the python_workers "
                              "compatibility flag is not set; add \"python_workers\" to compatibility_flags")
