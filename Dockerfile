# syntax=docker/dockerfile:1
#
# systeme-hooks: one image for every command (serve, work, start, webhook …, sim).
#   docker build -t systeme-hooks .
#   docker run --env-file .env -p 3000:3000 systeme-hooks            # the receiver
#   docker run --env-file .env -v "$PWD/rules:/app/rules:ro" \
#     -e RULES_FILE=/app/rules/rules.yaml systeme-hooks work          # a worker
#   docker run --rm --env-file .env systeme-hooks webhook status      # any CLI command
#
# Node 24 is the active LTS; build with --build-arg NODE_VERSION=22 for the previous one.
ARG NODE_VERSION=24

# --- build: dev dependencies, TypeScript → dist/ ----------------------------------------------
FROM node:${NODE_VERSION}-alpine AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# --- runtime: production dependencies and the compiled code only ------------------------------
FROM node:${NODE_VERSION}-alpine AS runtime
# tini as PID 1: forwards SIGTERM to Node (graceful drain on `docker stop`) and reaps zombies
# (pino-pretty runs in a worker thread, the CLI may spawn children).
RUN apk add --no-cache tini
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
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
ENTRYPOINT ["/sbin/tini", "--", "node", "/app/dist/src/cli/main.js"]
CMD ["serve"]
