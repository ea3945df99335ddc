# systeme-hooks: one image for every command (serve, work, start, webhook …, sim).
#   docker build -t systeme-hooks .
#   docker run --init --env-file .env -p 3000:3000 systeme-hooks                 # the receiver
#   docker run --init --env-file .env -v "$PWD/rules:/app/rules:ro" \
#     -e RULES_FILE=/app/rules/rules.yaml systeme-hooks work                     # a worker
#   docker run --rm --env-file .env systeme-hooks webhook status                 # any CLI command
#
# The base is Node 24 (the active LTS) on Debian bookworm slim: glibc, the platform the Node
# project supports fully (its Alpine images are experimental), and one our tests can rebuild
# exactly on machines without an image registry (scripts/docker/base-images.sh). Any image with
# node and npm works: --build-arg NODE_IMAGE=node:22-bookworm-slim, or an internal mirror's.
#
# Behind a TLS-intercepting proxy, hand npm its CA bundle as a build secret; it is mounted for the
# install steps only and never stored in a layer:
#   docker build --secret id=npm_ca,src=/etc/ssl/certs/ca-certificates.crt .
ARG NODE_IMAGE=node:24-bookworm-slim

# --- build: dev dependencies, TypeScript → dist/ ----------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=npm_ca \
    if [ -s /run/secrets/npm_ca ]; then export npm_config_cafile=/run/secrets/npm_ca; fi; \
    npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# --- production dependencies only -------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=npm_ca \
    if [ -s /run/secrets/npm_ca ]; then export npm_config_cafile=/run/secrets/npm_ca; fi; \
    npm ci --omit=dev --no-audit --no-fund && rm -rf /root/.npm

# --- runtime: the compiled code and production dependencies, nothing else ---------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY rules.example.yaml rules.schema.json ./
COPY examples ./examples
COPY deploy/docker/healthcheck.mjs ./deploy/docker/healthcheck.mjs
# The rules file is mounted from the host (docker-compose.yml mounts ./rules on /app/rules).
RUN mkdir -p /app/rules && chown node:node /app/rules

USER node
# 3000: receiver (PORT). 9464: a worker's /metrics and /healthz (METRICS_PORT).
EXPOSE 3000 9464
# Receiver on PORT, else worker on METRICS_PORT; one-shot commands never reach a first check.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "/app/deploy/docker/healthcheck.mjs"]
# Run it under an init as PID 1 (`docker run --init`, compose `init: true`): it forwards SIGTERM
# for the graceful drain and reaps children. Docker ships that init; the image needs none.
ENTRYPOINT ["node", "/app/dist/src/cli/main.js"]
CMD ["serve"]
