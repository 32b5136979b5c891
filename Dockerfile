# syntax=docker/dockerfile:1
#
# Table Order API image: deps (all packages) -> build (swc) -> prod-deps (runtime packages only)
# -> runtime (non-root, production).
#
# Install scripts: package.json's "allowScripts" is the policy npm 11 applies (argon2, sharp and
# @swc/core may run theirs; @scarf/scarf's analytics ping and @parcel/watcher may not). The npm
# bundled with Node 20 (10.x) ignores that field and would run every script, so each `npm ci`
# below runs with --ignore-scripts and then rebuilds exactly the approved packages. On
# linux-x64 glibc those scripts only confirm the prebuilt binaries: argon2 ships
# prebuilds/linux-x64/argon2.glibc.node, sharp loads @img/sharp-linux-x64 (+ libvips), and
# @swc/core loads @swc/core-linux-x64-gnu; nothing is compiled, so no toolchain is needed.

FROM node:20.20.2-bookworm-slim AS base
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
# build_info{commit} on /metrics: docker build --build-arg BUILD_COMMIT=$(git rev-parse --short HEAD)
ARG BUILD_COMMIT=unknown
ENV BUILD_COMMIT=$BUILD_COMMIT \
    NODE_ENV=production \
    PORT=8000 \
    UPLOAD_DIR=/app/uploads \
    JWT_DEV_KEYS_DIR=/app/.keys
# Code and packages stay root-owned (read-only for the app); only these two folders are writable.
RUN mkdir -p /app/uploads /app/.keys \
    && chown node:node /app/uploads /app/.keys
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 8000
# Liveness only (no curl in slim images): dependency outages show on GET /health, not here.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Pending migrations run at start (DB_MIGRATIONS_RUN=true) under an advisory lock.
CMD ["node", "dist/src/main.js"]
