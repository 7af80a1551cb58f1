#!/bin/sh
# Chooses nginx's access log when the container starts (the root file system is
# read-only, so the choice is written under /tmp, which nginx.conf includes).
#   IMGLIO_ACCESS_LOG=off         (default) no access log at all
#   IMGLIO_ACCESS_LOG=anonymized  truncated IP, time, method, path without query, status, size
set -eu
mode="${IMGLIO_ACCESS_LOG:-off}"
dir="${IMGLIO_LOG_CONF_DIR:-/tmp/imglio-log}"
target="${IMGLIO_ACCESS_LOG_PATH:-/dev/stdout}"
mkdir -p "$dir"
case "$mode" in
  off)
    rm -f "$dir/access.conf"
    echo "imglio: access log off" >&2
    ;;
  anonymized)
    printf 'access_log %s imglio_anonymized;\n' "$target" > "$dir/access.conf"
    echo "imglio: anonymized access log to $target" >&2
    ;;
  *)
    echo "imglio: IMGLIO_ACCESS_LOG must be 'off' or 'anonymized', not '$mode'" >&2
    exit 1
    ;;
esac
