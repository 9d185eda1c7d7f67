"""Run the command line: ``python -m openstack_core services``."""

import sys

from openstack_core._cli import main

sys.exit(main(prog="python -m openstack_core"))
