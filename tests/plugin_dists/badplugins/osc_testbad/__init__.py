"""Test-only plugins, each module breaking one family of the checker's rules."""
