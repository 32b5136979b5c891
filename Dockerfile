# syntax=docker/dockerfile:1
#
# Table Order API image: deps (all packages) -> build (swc) -> prod-deps (runtime packages only)
# -> runtime (non-root, production, tini as PID 1, read-only root friendly).
#
# Install scripts: package.json's "allowScripts" names the packages that may run theirs (argon2,
# sharp and @swc/core; @scarf/scarf's analytics ping and @parcel/watcher may not). npm only
# warns about that field, so each `npm ci` below runs with --ignore-scripts and then rebuilds
# exactly the approved packages. On linux-x64 glibc those scripts only confirm the prebuilt
# binaries: argon2 ships prebuilds/linux-x64/argon2.glibc.node, sharp loads @img/sharp-linux-x64
# (+ libvips), and @swc/core loads @swc/core-linux-x64-gnu; nothing is compiled, so no
# toolchain is needed. All three are Node-API addons, so they load on Node 24 unchanged.

FROM node:24.21.0-bookworm-slim AS base
ENV npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false
WORKDIR /app

# All dependencies, dev included: the swc compiler lives there.
FROM base AS deps
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts \
    && npm rebuild argon2 sharp @swc/core

FROM deps AS build
COPY .swcrc tsconfig.json ./
COPY scripts/build.js ./scripts/
COPY migrations ./migrations
COPY src ./src
RUN npm run build

# Runtime dependencies only.
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts \
    && npm rebuild argon2 sharp \
    && npm cache clean --force

FROM base AS runtime
# tini is PID 1: it forwards SIGTERM/SIGINT to node (which then drains and exits 0) and reaps
# zombies, with or without `docker run --init`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini=0.19.0-1+b3 \
    && rm -rf /var/lib/apt/lists/*
# build_info{commit} on /metrics: docker build --build-arg BUILD_COMMIT=$(git rev-parse --short HEAD)
ARG BUILD_COMMIT=unknown
ENV BUILD_COMMIT=$BUILD_COMMIT \
    NODE_ENV=production \
    PORT=8000 \
    UPLOAD_DIR=/app/uploads \
    UPLOAD_TMP_DIR=/tmp/table-order-api-uploads \
    JWT_DEV_KEYS_DIR=/app/.keys
# Memory (docs/decisions.md "Memory settings of the runtime"): young generation capped at Node
# 20's 16 MB semi-spaces (Node 24 lets them reach 64 MB), old generation at 512 MB (a quarter of
# the 2 GB task: V8 otherwise sizes it, and how much garbage it lets pile up, from the host), and
# a fixed glibc mmap threshold so the 19 MiB argon2 buffer of a login goes back to the system.
ENV NODE_OPTIONS="--max-semi-space-size=16 --max-old-space-size=512" \
    MALLOC_MMAP_THRESHOLD_=131072
# Code and packages stay root-owned (read-only for the app). At run time the process writes only
# /app/uploads (images: a volume, EFS on AWS), /app/.keys (a generated key pair, outside
# production only) and /tmp (upload staging): the root filesystem can be mounted read-only
# with volumes on those three (docker run --read-only --tmpfs /tmp, ECS readonlyRootFilesystem).
# RDS server certificates chain to Amazon's RDS CA, which Node does not ship: a task connecting
# with sslmode=verify-full sets NODE_EXTRA_CA_CERTS to this bundle (terraform/service.tf).
ADD --chmod=644 https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem /etc/ssl/certs/rds-global-bundle.pem
RUN mkdir -p /app/uploads /app/.keys \
    && chown node:node /app/uploads /app/.keys
# package.json and the builder (which keeps a source-less dist/) make `npm start` and the
# operating commands (`npm run migration:run`, `seed`, `history:purge`) work here as well.
COPY package.json ./
COPY scripts/build.js ./scripts/
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 8000
# Liveness only (no curl in slim images): dependency outages show on GET /health, not here.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
# Pending migrations run at start (DB_MIGRATIONS_RUN=true) under an advisory lock. The operating
# commands run from the same image, e.g. `docker run IMAGE node dist/src/cli/migrate.js status`.
CMD ["node", "dist/src/main.js"]
