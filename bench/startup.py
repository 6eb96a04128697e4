"""Where a cold `wmlint check` of one file spends its time, measured as whole processes.

    python bench/startup.py [PYTHON]     # PYTHON: an interpreter with wmlint installed
                                         # (default: bench/.work/corpus-self/bin/python)
    python bench/startup.py --smoke      # this interpreter, one run of each step

`-X importtime` does not see the rule modules (they are imported with importlib when a
Linter is built), so each step here is a fresh process that stops after it; the cost of a
step is the difference between two medians (21 runs each, interleaved).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from common import SMOKE, WORK, argv  # noqa: E402
FILE = HERE.parent / "tests" / "corpus" / "uploads" / "kitchen-sink--deploy.multipart"

STEPS = {
    "interpreter": "pass",
    "+ import wmlint.cli (click included)": "import wmlint.cli",
    "+ import the check command's runner": "import wmlint.cli, wmlint.cli.runner",
    "+ Linter() (a rule is imported when an upload first needs it)": "import wmlint.cli, wmlint.cli.runner\nfrom wmlint import Linter\nLinter()",
}


def main() -> None:
    given = argv()
    python = os.path.abspath(given[0]) if given else sys.executable if SMOKE else str(WORK / "corpus-self" / "bin" / "python")
    wmlint = [str(Path(python).with_name("wmlint"))] if Path(python).with_name("wmlint").exists() else [python, "-m",
                                                                                                     "wmlint"]
    meta = WORK / "startup-metadata.json"
    meta.parent.mkdir(exist_ok=True)
    subprocess.run([python, "-c", "import sys, json\nfrom wmlint.inputs import from_bytes\n"
                    "open(sys.argv[2], 'w').write(json.dumps(from_bytes(open(sys.argv[1], 'rb').read()).metadata))",
                    str(FILE), str(meta)], check=True)
    commands = {name: [python, "-c", code] for name, code in STEPS.items()}
    commands["whole `wmlint check --no-parts` of one real metadata file"] = [
        *wmlint, "check", "--no-parts", "--isolated", "--today", "2026-11-30", str(meta)]
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(1 if SMOKE else 21):
        for name, cmd in commands.items():
            t = time.perf_counter()
            subprocess.run(cmd, cwd="/", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            times[name].append(time.perf_counter() - t)
    print("| step | process, median | this step |")
    print("|---|---|---|")
    before = 0.0
    for name, runs in times.items():
        median = statistics.median(runs) * 1000
        print(f"| {name} | {median:.0f} ms | {median - before:+.0f} ms |")
        before = median


if __name__ == "__main__":
    main()
