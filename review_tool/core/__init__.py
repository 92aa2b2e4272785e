"""review_tool.core."""
