from wmlint.cli import run

run()
