"""The documentation's code is real: the plugin example runs, and the pages link what exists."""

from __future__ import annotations

import re

from conftest import REPO
from wmlint import Linter
from wmlint.tools.ruledocs import examples

DOCS = REPO / "docs"


def test_plugin_page_example_is_a_working_rule():
    text = (DOCS / "plugins.md").read_text()
    source = re.search(r"```python\n(.*?)\n```", text, re.S).group(1)
    namespace: dict = {}
    exec(compile(source, "docs/plugins.md", "exec"), namespace)
    rule = namespace["TeamPrefix"]
    bad, good = examples(rule)
    linter = Linter(extra_rules=[rule], select=["ACME"])
    assert [d.code for d in bad.run(linter)] == ["ACME001"]
    assert [d.code for d in good.run(linter)] == []
    opts = Linter(extra_rules=[rule], select=["ACME"], options={"team-prefix": {"prefix": "CA"}})
    assert [d.code for d in bad.run(opts)] == []


def test_pages_exist_and_mention_every_output_format():
    from wmlint.output.formats import FORMATS

    for page in ("inputs.md", "configuration.md", "output.md", "plugins.md", "library.md", "robustness.md"):
        assert (DOCS / page).is_file(), page
    output = (DOCS / "output.md").read_text()
    assert all(f"`{fmt}`" in output for fmt in FORMATS)
    readme = (REPO / "README.md").read_text()
    for page in ("inputs.md", "configuration.md", "output.md", "plugins.md", "library.md", "robustness.md"):
        assert f"docs/{page}" in readme, page
