"""``python -m gbda_core`` runs the ``gbda`` command line."""

from gbda_core.cli import main

main()
