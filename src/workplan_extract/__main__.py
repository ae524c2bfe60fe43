"""``python -m workplan_extract``."""

from workplan_extract.cli import main

main()
