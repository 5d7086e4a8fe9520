"""``python -m geodata.build``: the same as ``karabakh-dashboard build-geodata``."""

from __future__ import annotations

import argparse
import sys

from geodata.build.run import add_arguments, main

parser = argparse.ArgumentParser(prog="python -m geodata.build", description=__doc__)
add_arguments(parser)
sys.exit(main(parser.parse_args()))
