"""
Lambda's entry point for Python functions in the emulator: the runtime client itself is _lambda_runtime_client.py
beside this file. Python compiles the script it runs at every start but byte-compiles a module it imports once, so
this script only imports the client, its byte code kept in the emulator's private cache (.pycache beside the client's
directory, made 0700 by the emulator) and not in the client's own, content-checked directory. The handler's own
modules are then imported with Python's usual caching, as on Lambda.
"""

import json  # noqa: F401 (the client's imports of the standard library, with their own byte code)
import os
import sys

_pycache_prefix = sys.pycache_prefix  # the function's PYTHONPYCACHEPREFIX, if it sets one
sys.pycache_prefix = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), ".pycache")
import _lambda_runtime_client  # noqa: E402

sys.pycache_prefix = _pycache_prefix
del _pycache_prefix
_lambda_runtime_client.main()
