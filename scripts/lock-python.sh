#!/usr/bin/env bash
# Compiles the Python lock files that scripts/setup.sh installs, with uv (pinned in setup.sh, from
# PyPI):
#   scripts/requirements-test.lock  `npm test`: scripts/requirements.txt, the notebook environment
#                                   (images/notebook/requirements.txt) and
#                                   scripts/requirements-test.txt, resolved together, for Linux
#                                   x86_64 (the tests need Debian anyway)
#   scripts/requirements.lock       `npm start`: the first two only, for every platform (markers),
#                                   constrained to the test lock's versions, so that going from one
#                                   mode to the other never changes a shared package
#   scripts/requirements-pycsw.lock `npm test` too: pycsw alone, installed into .venv/opt/pycsw
# Run it after changing any of those requirements files, and commit the lock files.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
uv_version=$(sed -n 's/^uv_version=//p' scripts/setup.sh)
tool=$(mktemp -d)
trap 'rm -rf "$tool"' EXIT
python3 -m venv "$tool/venv"
"$tool/venv/bin/pip" install --quiet --disable-pip-version-check "uv==$uv_version"
uv=$tool/venv/bin/uv
# For the Python minor version the project's virtualenv is made with (python3), and later ones.
py=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
compile() { "$uv" pip compile --quiet --python-version "$py" --custom-compile-command "bash scripts/lock-python.sh" "$@"; }
compile --python-platform x86_64-unknown-linux-gnu -o scripts/requirements-test.lock \
  scripts/requirements.txt images/notebook/requirements.txt scripts/requirements-test.txt
compile --universal -c scripts/requirements-test.lock -o scripts/requirements.lock \
  scripts/requirements.txt images/notebook/requirements.txt
# pycsw, the federation tests' OpenSearch server, apart: it needs SQLAlchemy < 2 (see the file).
compile --python-platform x86_64-unknown-linux-gnu -o scripts/requirements-pycsw.lock \
  scripts/requirements-pycsw.txt
echo "wrote scripts/requirements-test.lock, scripts/requirements.lock and scripts/requirements-pycsw.lock"
