"""Allow ``python -m review_tool``."""

from review_tool.cli import main

raise SystemExit(main())
