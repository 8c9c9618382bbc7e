"""Advertising-rules check: rule packs per jurisdiction, run in the editor, at review, at publish, by lint_content."""
