"""Allow ``python -m review_tool``."""

from review_tool.cli.main import main

raise SystemExit(main())
