#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image (the zip's files are in
# /autograder/source): install the kit's pinned requirements into the image's own Python (3.10 or newer;
# PYTHON picks another). Nothing of the kit is installed: run_autograder imports it from /autograder/source.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
if ! command -v "$PYTHON" >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 python3-pip
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
    echo "setup.sh: the kit needs Python 3.10 or newer; $PYTHON is older: choose a newer base image or set PYTHON" >&2
    exit 1
fi
if ! "$PYTHON" -m pip --version >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-pip
fi
# Ubuntu 24.04 marks its Python "externally managed"; the image is the grader's alone, so install into it.
export PIP_BREAK_SYSTEM_PACKAGES=1
# CPU wheels of torch are enough to grade (and much smaller); override PIP_EXTRA_INDEX_URL to change it.
export PIP_EXTRA_INDEX_URL="${PIP_EXTRA_INDEX_URL:-https://download.pytorch.org/whl/cpu}"
"$PYTHON" -m pip install --no-cache-dir -r requirements.txt
# Fail the image build now, not every submission later: the kit imports from here with this Python.
"$PYTHON" -c 'import autograder.commands.gradescope'
# run_autograder uses the same interpreter.
"$PYTHON" -c 'import sys; print(sys.executable)' > .python
# Student code runs as a user of its own (the sandbox drops to 1000000+pid, no groups) under Landlock
# and seccomp; the reference and the kit's secrets are readable by root alone (.cache/: the grader protects it).
chmod -R go-rwx solutions autograder/reference_outputs .autograder-secret 2>/dev/null || true
