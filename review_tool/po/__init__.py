"""review_tool.po."""
