#!/usr/bin/env bash
# JupyterLab for the UI tests, from the project virtualenv (with the Styx extension installed by
# scripts/setup.sh), configured by jupyter_server_test_config.py.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec "$here/../../.venv/bin/jupyter" lab --config "$here/jupyter_server_test_config.py"
