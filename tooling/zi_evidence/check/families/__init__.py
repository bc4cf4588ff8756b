"""The check families of ``zi check``, one module per kind of data (their docstrings list the codes they report).

``repository_wide`` runs once per repository; ``unit`` runs per unit folder and calls ``evidence`` (the manifest) and
``lke`` (answers files), which need what the unit family read first.
"""
