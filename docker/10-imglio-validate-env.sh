#!/bin/sh
# Validates every environment variable the Imglio image reads, before any
# other start-up script uses one. A bad value stops the container with the
# reason (exit 1). The variables are listed in README.md ("Configuration").
#
# POSIX sh. The nginx image's entrypoint may execute or source the scripts in
# /docker-entrypoint.d/ (it runs them in a pipeline with `set -e`): either way
# `exit 1` ends the start-up with a non-zero status. So this script never
# calls `exit 0`, sets no shell options and uses only imglio_* names.

imglio_errors=0
imglio_fail() {
  echo "imglio: invalid configuration: $*" >&2
  imglio_errors=$((imglio_errors + 1))
}

imglio_is_port() {
  case "$1" in
    '' | *[!0-9]* | 0*) return 1 ;;
  esac
  [ "$1" -ge 1 ] && [ "$1" -le 65535 ]
}

# IMGLIO_ACCESS_LOG: off (default) | anonymized
case "${IMGLIO_ACCESS_LOG:-off}" in
  off | anonymized) ;;
  *) imglio_fail "IMGLIO_ACCESS_LOG must be 'off' or 'anonymized', not '${IMGLIO_ACCESS_LOG}'" ;;
esac

# IMGLIO_ACCESS_LOG_PATH / IMGLIO_LOG_CONF_DIR: where the access log goes and
# where its nginx snippet is written (absolute paths; the defaults suit the image).
for imglio_name in IMGLIO_ACCESS_LOG_PATH IMGLIO_LOG_CONF_DIR IMGLIO_TLS_CONF_DIR; do
  eval "imglio_value=\${$imglio_name:-}"
  case "$imglio_value" in
    '' | /*) ;;
    *) imglio_fail "$imglio_name must be an absolute path, not '$imglio_value'" ;;
  esac
  case "$imglio_value" in
    *[!A-Za-z0-9._/-]*) imglio_fail "$imglio_name may contain only letters, digits and . _ / -, not '$imglio_value'" ;;
  esac
done

# IMGLIO_BASE_PATH: empty or '/', or /seg/…/seg with or without a trailing
# slash, each seg [A-Za-z0-9._~-]+ but never starting with '.' (so no '.' or
# '..') and never '_imglio' (the 404 page's links); 50-imglio-base-path.sh
# applies the same rule.
imglio_base="${IMGLIO_BASE_PATH:-}"
case "$imglio_base" in
  '' | /) ;;
  /*)
    if printf '%s\n' "$imglio_base" | grep -Eq '^(/[A-Za-z0-9._~-]+)+/?$' \
      && ! printf '%s/\n' "$imglio_base" | grep -Eq '/(\.[^/]*|_imglio)/'; then
      :
    else
      imglio_fail "IMGLIO_BASE_PATH must be '/' or a path like /tools/imglio/ (segments of letters, digits and . _ ~ -, none starting with '.', none '_imglio'), not '$imglio_base'"
    fi
    ;;
  *) imglio_fail "IMGLIO_BASE_PATH must start with '/' (for example /tools/imglio/), not '$imglio_base'" ;;
esac

# TLS: IMGLIO_TLS auto (default: on when the certificate is mounted) | on | off.
imglio_cert="${IMGLIO_TLS_CERT:-/etc/imglio/tls/tls.crt}"
imglio_key="${IMGLIO_TLS_KEY:-/etc/imglio/tls/tls.key}"
imglio_tls_wanted=''
case "${IMGLIO_TLS:-auto}" in
  on) imglio_tls_wanted=yes ;;
  off) ;;
  auto)
    if [ -e "$imglio_cert" ] || [ -e "$imglio_key" ]; then imglio_tls_wanted=yes; fi
    ;;
  *) imglio_fail "IMGLIO_TLS must be 'auto', 'on' or 'off', not '${IMGLIO_TLS}'" ;;
esac
if [ -n "$imglio_tls_wanted" ]; then
  for imglio_pair in "IMGLIO_TLS_CERT=$imglio_cert=CERTIFICATE" "IMGLIO_TLS_KEY=$imglio_key=PRIVATE KEY"; do
    imglio_name="${imglio_pair%%=*}"
    imglio_rest="${imglio_pair#*=}"
    imglio_file="${imglio_rest%=*}"
    imglio_pem="${imglio_rest##*=}"
    case "$imglio_file" in
      /*) ;;
      *) imglio_fail "$imglio_name must be an absolute path, not '$imglio_file'"; continue ;;
    esac
    if [ ! -f "$imglio_file" ]; then
      imglio_fail "TLS is on but $imglio_name ($imglio_file) is not mounted: mount the certificate and key (PEM) or set IMGLIO_TLS=off"
    elif [ ! -r "$imglio_file" ]; then
      imglio_fail "$imglio_name ($imglio_file) is not readable by user $(id -u): make it readable (mode 0440, group $(id -g)) or mount it with that owner"
    elif ! grep -q -- "-----BEGIN .*$imglio_pem-----" "$imglio_file"; then
      imglio_fail "$imglio_name ($imglio_file) is not a PEM $(printf '%s' "$imglio_pem" | tr 'A-Z' 'a-z') (no '-----BEGIN …$imglio_pem-----' line)"
    fi
  done
fi

# IMGLIO_TLS_LISTEN: where the TLS server listens (default 8443): a port, or address:port.
imglio_listen="${IMGLIO_TLS_LISTEN:-8443}"
case "$imglio_listen" in
  *:*) imglio_listen_port="${imglio_listen##*:}" ;;
  *) imglio_listen_port="$imglio_listen" ;;
esac
if ! imglio_is_port "$imglio_listen_port" || ! printf '%s\n' "$imglio_listen" | grep -Eq '^(([0-9.]+|\[[0-9A-Fa-f:]+\]):)?[0-9]+$'; then
  imglio_fail "IMGLIO_TLS_LISTEN must be a port (1-65535) or address:port like 127.0.0.1:8443, not '$imglio_listen'"
fi

# IMGLIO_TLS_REDIRECT: on (default) | off — with TLS on, plain HTTP on 8080 redirects to HTTPS (except /healthz).
case "${IMGLIO_TLS_REDIRECT:-on}" in
  on | off) ;;
  *) imglio_fail "IMGLIO_TLS_REDIRECT must be 'on' or 'off', not '${IMGLIO_TLS_REDIRECT}'" ;;
esac

# IMGLIO_HTTPS_PORT: the port clients use for HTTPS, in that redirect (default 443).
if ! imglio_is_port "${IMGLIO_HTTPS_PORT:-443}"; then
  imglio_fail "IMGLIO_HTTPS_PORT must be a port number from 1 to 65535, not '${IMGLIO_HTTPS_PORT}'"
fi

# A misspelt name would be ignored silently: name it (a warning, so a variable
# a newer start-up script reads never stops an older validator).
for imglio_name in $(env | sed -n 's/^\(IMGLIO_[A-Za-z0-9_]*\)=.*/\1/p'); do
  case "$imglio_name" in
    IMGLIO_ACCESS_LOG | IMGLIO_ACCESS_LOG_PATH | IMGLIO_LOG_CONF_DIR | IMGLIO_BASE_PATH | IMGLIO_SITE_TEMPLATE | IMGLIO_SITE_CONF_DIR | IMGLIO_TLS | IMGLIO_TLS_CERT | IMGLIO_TLS_KEY | IMGLIO_TLS_LISTEN | IMGLIO_TLS_REDIRECT | IMGLIO_HTTPS_PORT | IMGLIO_TLS_CONF_DIR) ;;
    *) echo "imglio: warning: $imglio_name is not a variable Imglio reads (misspelt?); it is ignored" >&2 ;;
  esac
done

if [ "$imglio_errors" -gt 0 ]; then
  echo "imglio: $imglio_errors invalid setting(s); the container stops. See the configuration table in README.md." >&2
  exit 1
fi
echo "imglio: configuration valid" >&2
