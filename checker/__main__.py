"""`python -m checker` is the same as the `compliance-check` command."""
from checker.cli import main

main()
