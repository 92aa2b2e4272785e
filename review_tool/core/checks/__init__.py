"""review_tool.core.checks."""
