"""review_tool.review."""
