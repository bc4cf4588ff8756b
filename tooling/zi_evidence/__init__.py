"""ZI Evidence: Zona Integritas evaluations (PermenPANRB 90/2021) kept as data in Git."""

__version__ = "0.1.0"
