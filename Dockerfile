# syntax=docker/dockerfile:1
# Imglio: build the static site with Node 22, serve it with unprivileged nginx.
#   docker build -t imglio .
#   docker run --read-only --tmpfs /tmp -p 8080:8080 imglio
#   docker run --read-only --tmpfs /tmp -p 8080:8080 -e IMGLIO_ACCESS_LOG=anonymized imglio
#   docker run --read-only --tmpfs /tmp -p 80:8080 -p 443:8443 -v "$PWD/tls:/etc/imglio/tls:ro" imglio   (HTTPS)
#   docker run --read-only --tmpfs /tmp -p 8080:8080 -e IMGLIO_BASE_PATH=/tools/imglio/ imglio

FROM node:22.14.0-bookworm-slim AS build
WORKDIR /app
ENV ASTRO_TELEMETRY_DISABLED=1 CI=true
# git lets the build manifest name the source commit (and see uncommitted
# changes); without it the manifest says "unknown" and dirty. The build's only
# date is SOURCE_DATE_EPOCH, the commit date read with git.
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends git >/dev/null && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM nginxinc/nginx-unprivileged:1.27.4-alpine3.21 AS serve
# The stock server block is replaced by Imglio's complete nginx.conf.
USER root
RUN rm -f /etc/nginx/conf.d/default.conf
COPY nginx.conf /etc/nginx/nginx.conf
COPY --from=build /app/build/security-headers.conf /etc/nginx/imglio/security-headers.conf
COPY --from=build /app/dist /usr/share/nginx/html
# Start-up, in this order: every IMGLIO_* variable is validated (a bad value
# stops the container with the reason), TLS on 8443 when a certificate is
# mounted at /etc/imglio/tls/, then the access log.
COPY docker/10-imglio-validate-env.sh /docker-entrypoint.d/10-imglio-validate-env.sh
COPY docker/30-imglio-tls.sh /docker-entrypoint.d/30-imglio-tls.sh
COPY docker/access-log.sh /docker-entrypoint.d/40-imglio-access-log.sh
# The site's locations under IMGLIO_BASE_PATH, rendered into /tmp at every start.
COPY nginx-site.conf.in /etc/nginx/imglio/site.conf.in
COPY docker/50-imglio-base-path.sh /docker-entrypoint.d/50-imglio-base-path.sh
RUN chmod 0755 /docker-entrypoint.d/10-imglio-validate-env.sh /docker-entrypoint.d/30-imglio-tls.sh /docker-entrypoint.d/40-imglio-access-log.sh /docker-entrypoint.d/50-imglio-base-path.sh \
 && mkdir -p /etc/imglio/tls \
 && chmod -R a+rX /usr/share/nginx/html /etc/nginx \
 && IMGLIO_BASE_PATH=/tools/imglio/ sh /docker-entrypoint.d/50-imglio-base-path.sh && nginx -t -c /etc/nginx/nginx.conf \
 && sh /docker-entrypoint.d/50-imglio-base-path.sh && nginx -t -c /etc/nginx/nginx.conf \
 && rm -rf /tmp/imglio-site
USER 101
ENV IMGLIO_ACCESS_LOG=off IMGLIO_BASE_PATH=/
# 8080 plain HTTP (the default, for a TLS-terminating proxy); 8443 HTTPS when a certificate is mounted.
EXPOSE 8080 8443
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
  CMD wget -q -O /dev/null http://127.0.0.1:8080/healthz || exit 1
CMD ["nginx", "-g", "daemon off;"]
