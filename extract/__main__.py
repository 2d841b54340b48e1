"""`python -m extract …` is `plan-extract …`."""

from .cli import main

main(prog_name="plan-extract")
