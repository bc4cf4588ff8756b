"""Helpers that CI workflows run (standard library only, so they run without installing the package)."""
