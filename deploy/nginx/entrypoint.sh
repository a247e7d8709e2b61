#!/bin/sh
# Start nginx for the Global Hub: fill in the configuration from the environment, and make a
# self-signed certificate for local use when no certificate is mounted at HUB_TLS_CERTIFICATE. The
# same script starts the rehearsal's nginx outside a container (NGINX_TEMPLATE, NGINX_CONF and the
# HUB_* placeholders given in the environment).
set -eu

: "${NGINX_TEMPLATE:=/etc/nginx/hub/nginx.conf.template}"
: "${NGINX_CONF:=/etc/nginx/hub/nginx.conf}"
: "${NGINX_RUN_DIR:=/var/run/nginx}"
: "${HUB_SERVER_NAME:=localhost}"
: "${HUB_HTTP_LISTEN:=80}"
: "${HUB_HTTPS_LISTEN:=443}"
: "${HUB_HTTPS_PORT_SUFFIX:=}"
: "${HUB_UPSTREAM_SERVERS:=server web:8000 max_fails=3 fail_timeout=10s;}"
: "${HUB_TLS_CERTIFICATE:=/etc/nginx/certs/fullchain.pem}"
: "${HUB_TLS_KEY:=/etc/nginx/certs/privkey.pem}"
: "${HUB_STATIC_ROOT:=/srv/static}"
: "${HUB_PRIVATE_ROOT:=/srv/media/private}"
: "${HUB_PRIVATE_ACCEL_PREFIX:=/protected-media/}"
: "${HUB_S3_ACCEL_PREFIX:=/protected-s3/}"
# Docker's own DNS, so the bucket's host name (e.g. minio) is found when a signed address names it.
: "${HUB_RESOLVER:=resolver 127.0.0.11 valid=30s ipv6=off;}"
: "${HUB_MAX_BODY_SIZE:=600m}"
export NGINX_RUN_DIR HUB_SERVER_NAME HUB_HTTP_LISTEN HUB_HTTPS_LISTEN HUB_HTTPS_PORT_SUFFIX \
    HUB_UPSTREAM_SERVERS HUB_TLS_CERTIFICATE HUB_TLS_KEY HUB_STATIC_ROOT HUB_PRIVATE_ROOT \
    HUB_PRIVATE_ACCEL_PREFIX HUB_S3_ACCEL_PREFIX HUB_RESOLVER HUB_MAX_BODY_SIZE

if [ ! -s "$HUB_TLS_CERTIFICATE" ] || [ ! -s "$HUB_TLS_KEY" ]; then
    echo "No certificate at $HUB_TLS_CERTIFICATE: making a self-signed one for $HUB_SERVER_NAME (local use only)."
    mkdir -p "$(dirname "$HUB_TLS_CERTIFICATE")" "$(dirname "$HUB_TLS_KEY")"
    openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=$HUB_SERVER_NAME" \
        -addext "subjectAltName=DNS:$HUB_SERVER_NAME,DNS:localhost,IP:127.0.0.1" \
        -keyout "$HUB_TLS_KEY" -out "$HUB_TLS_CERTIFICATE" 2>/dev/null \
        || { echo "openssl could not make the certificate" >&2; exit 1; }
    chmod 600 "$HUB_TLS_KEY"
fi

mkdir -p "$NGINX_RUN_DIR"
# Only the placeholders are replaced; nginx's own $variables stay as they are.
envsubst "$(printf '${%s} ' NGINX_RUN_DIR HUB_SERVER_NAME HUB_HTTP_LISTEN HUB_HTTPS_LISTEN \
    HUB_HTTPS_PORT_SUFFIX HUB_UPSTREAM_SERVERS HUB_TLS_CERTIFICATE HUB_TLS_KEY HUB_STATIC_ROOT \
    HUB_PRIVATE_ROOT HUB_PRIVATE_ACCEL_PREFIX HUB_S3_ACCEL_PREFIX HUB_RESOLVER HUB_MAX_BODY_SIZE)" \
    < "$NGINX_TEMPLATE" > "$NGINX_CONF"
nginx -t -q -c "$NGINX_CONF"
exec "$@"
