"""Maintenance tools for the dev set (run with python -m)."""
