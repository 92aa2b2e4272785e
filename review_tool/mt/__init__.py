"""review_tool.mt."""
