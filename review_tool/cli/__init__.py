"""review_tool.cli.main."""
