"""Coalitions: programs share their readiness with their state coalition, with consent."""
