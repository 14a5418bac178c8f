#!/usr/bin/env bash
# Build a wheelhouse: sahel-brief's wheel plus every runtime dependency as a wheel.
#   usage: wheelhouse.sh DIR [PYTHON_VERSION] [PLATFORM] [PYTHON]
# With no version/platform it targets this interpreter. For another target, the
# pure-Python dependencies that publish only sdists (docopt) are first built into
# py3-none-any wheels here, then pip fetches binary wheels for the target.
set -euo pipefail
out=${1:-wheelhouse}; pyver=${2:-}; plat=${3:-}; py=${4:-python3}
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
"$py" -m pip wheel --quiet --wheel-dir "$out" "$here"
if [ -n "$pyver$plat" ]; then
  args=(--only-binary=:all: --implementation cp --dest "$out" --find-links "$out")
  [ -n "$pyver" ] && args+=(--python-version "$pyver")
  [ -n "$plat" ] && args+=(--platform "$plat")
  "$py" -m pip download --quiet "${args[@]}" sahel-brief
fi
echo "wheelhouse: $(ls "$out" | wc -l) wheels in $out"
echo "install offline with: pip install --no-index --find-links $out sahel-brief"
