#!/bin/sh
# Turns on HTTPS on 8443 when a certificate is mounted (or IMGLIO_TLS=on):
# writes the server-level snippet nginx.conf includes from /tmp/imglio-tls/
# (the root file system is read-only). Without it nginx serves plain HTTP on
# 8080 only, for a TLS-terminating proxy in front. 10-imglio-validate-env.sh
# has already checked every value used here.
#   IMGLIO_TLS           auto (default) | on | off
#   IMGLIO_TLS_CERT      PEM certificate chain (default /etc/imglio/tls/tls.crt)
#   IMGLIO_TLS_KEY       PEM private key (default /etc/imglio/tls/tls.key)
#   IMGLIO_TLS_LISTEN    port or address:port (default 8443)
#   IMGLIO_TLS_REDIRECT  on (default) | off: plain HTTP redirects to HTTPS, except /healthz
#   IMGLIO_HTTPS_PORT    the HTTPS port clients use, for that redirect (default 443)
# Sourced or executed by the nginx image's entrypoint: no shell options, no `exit 0`.

imglio_tls_dir="${IMGLIO_TLS_CONF_DIR:-/tmp/imglio-tls}"
imglio_tls_cert="${IMGLIO_TLS_CERT:-/etc/imglio/tls/tls.crt}"
imglio_tls_key="${IMGLIO_TLS_KEY:-/etc/imglio/tls/tls.key}"
imglio_tls_on=''
case "${IMGLIO_TLS:-auto}" in
  on) imglio_tls_on=yes ;;
  auto) if [ -f "$imglio_tls_cert" ]; then imglio_tls_on=yes; fi ;;
esac

mkdir -p "$imglio_tls_dir" || exit 1
rm -f "$imglio_tls_dir/tls.conf"
if [ -z "$imglio_tls_on" ]; then
  echo "imglio: TLS off (plain HTTP on 8080; mount a certificate at $imglio_tls_cert or set IMGLIO_TLS=on for HTTPS on 8443)" >&2
else
  imglio_https_port="${IMGLIO_HTTPS_PORT:-443}"
  imglio_port_suffix=":$imglio_https_port"
  if [ "$imglio_https_port" = 443 ]; then imglio_port_suffix=''; fi
  {
    printf '# Written at container start by 30-imglio-tls.sh. Do not edit.\n'
    printf 'listen %s ssl;\n' "${IMGLIO_TLS_LISTEN:-8443}"
    printf 'ssl_certificate %s;\n' "$imglio_tls_cert"
    printf 'ssl_certificate_key %s;\n' "$imglio_tls_key"
    # TLS 1.2 and 1.3 only; for 1.2 only AEAD suites with forward secrecy (Mozilla "intermediate").
    printf 'ssl_protocols TLSv1.2 TLSv1.3;\n'
    printf 'ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;\n'
    printf 'ssl_prefer_server_ciphers off;\n'
    printf 'ssl_session_timeout 1d;\n'
    printf 'ssl_session_cache shared:imglio_tls:10m;\n'
    printf 'ssl_session_tickets off;\n'
    # Plain HTTP sent to the TLS port: redirect to the same host and port over HTTPS.
    printf 'error_page 497 =301 https://$http_host$request_uri;\n'
    if [ "${IMGLIO_TLS_REDIRECT:-on}" = on ]; then
      # Plain HTTP on 8080 goes to HTTPS too; /healthz stays plain for probes.
      printf 'set $imglio_to_https "";\n'
      printf 'if ($https = "") { set $imglio_to_https "yes"; }\n'
      printf 'if ($uri = /healthz) { set $imglio_to_https ""; }\n'
      printf 'if ($imglio_to_https) { return 301 https://$host%s$request_uri; }\n' "$imglio_port_suffix"
    fi
  } > "$imglio_tls_dir/tls.conf" || exit 1
  echo "imglio: TLS on (HTTPS on ${IMGLIO_TLS_LISTEN:-8443} with $imglio_tls_cert; HSTS on HTTPS responses; plain HTTP redirect ${IMGLIO_TLS_REDIRECT:-on})" >&2
fi
