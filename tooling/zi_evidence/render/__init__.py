"""Rendering score results for people (text tables now; Markdown and HTML live beside it)."""
