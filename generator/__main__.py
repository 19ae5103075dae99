"""``python -m generator`` runs the ``handbook`` CLI."""

from generator.cli import main

raise SystemExit(main())
