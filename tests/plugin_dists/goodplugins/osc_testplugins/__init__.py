"""Test-only plugins; importing this package must stay side-effect free."""
