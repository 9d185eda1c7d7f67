"""Test-only conflicting plugin."""
