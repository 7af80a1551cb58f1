#!/bin/sh
# Serves the site under IMGLIO_BASE_PATH (default "/"): renders nginx's site
# locations from their template into /tmp (the root file system is read-only),
# where nginx.conf includes them. The tests run this same script.
#   IMGLIO_BASE_PATH=/                the site at the root (default)
#   IMGLIO_BASE_PATH=/tools/imglio/   the site under that prefix; "/" redirects to it
# Segments are [A-Za-z0-9._~-]+ (not "." or "..", not starting with ".", not
# "_imglio"); the trailing slash is optional.
set -eu
raw="${IMGLIO_BASE_PATH:-/}"
template="${IMGLIO_SITE_TEMPLATE:-/etc/nginx/imglio/site.conf.in}"
dir="${IMGLIO_SITE_CONF_DIR:-/tmp/imglio-site}"

refuse() {
  # Shown on one line: anything outside the allowed characters (a newline too) as "?".
  shown=$(printf '%s' "$raw" | tr -c 'A-Za-z0-9._~/-' '?')
  echo "imglio: IMGLIO_BASE_PATH must be \"/\" or a path like \"/tools/imglio/\" (segments of A-Z a-z 0-9 . _ ~ -, not \".\", \"..\" or \"_imglio\"), not '$shown'" >&2
  exit 1
}
[ -n "$raw" ] || raw=/
# One line only (grep would test each line of a multi-line value on its own).
[ "$(printf '%s' "$raw" | wc -l)" -eq 0 ] || refuse
printf '%s\n' "$raw" | grep -Eqx '/([A-Za-z0-9._~-]+/)*([A-Za-z0-9._~-]+)?' || refuse
case "/$raw/" in
  */./* | */../* | */.*/* | */_imglio/*) refuse ;;
esac
case "$raw" in
  */) base="$raw" ;;
  *) base="$raw/" ;;
esac

[ -r "$template" ] || { echo "imglio: the site template $template is missing" >&2; exit 1; }
mkdir -p "$dir"
if [ "$base" = / ]; then
  sed -e '/^#@prefix /d' -e "s|@BASE@|/|g" "$template" > "$dir/site.conf.tmp"
else
  sed -e 's/^#@prefix //' -e "s|@BASE_NO_SLASH@|${base%/}|g" -e "s|@BASE@|$base|g" "$template" > "$dir/site.conf.tmp"
fi
mv "$dir/site.conf.tmp" "$dir/site.conf"
echo "imglio: site served under $base" >&2
