"""Functional tests of the core.

The fixtures that start real services on 127.0.0.1 come from the harness
(``tests/functional/harness/fixtures.py``), which ``tox -e functional`` loads once as a
pytest plugin so that the core's and every plugin's functional tests share one set of
services.
"""
