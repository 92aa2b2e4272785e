"""review_tool.documents."""
