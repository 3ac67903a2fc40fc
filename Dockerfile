# syntax=docker/dockerfile:1
# One image for every app; pick the app with the command, e.g.
#   docker run missive node dist/apps/dispatcher/src/main.js
#   docker run missive node dist/apps/cli/src/main.js migration:run

FROM node:24-bookworm-slim AS base
WORKDIR /app
ENV npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false

FROM base AS deps
COPY package.json package-lock.json ./
# why: argon2 ships linux prebuilds, so no python3/make/g++ are needed; dependency install scripts follow package.json "allowScripts".
RUN --mount=type=cache,target=/root/.npm npm ci

FROM deps AS build
COPY . .
RUN npm run build

FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev

FROM node:24-bookworm-slim AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app

ARG VERSION=0.0.0-dev
ARG COMMIT=unknown
LABEL org.opencontainers.image.title="missive" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}"
ENV NODE_ENV=production \
    APP_VERSION=${VERSION} \
    APP_COMMIT=${COMMIT} \
    PORT=3000

COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/rabbitmq ./rabbitmq
COPY package.json ./
# why: code stays root-owned and read-only for the app; only DATA_DIR (./.missive) is writable, for local storage if ever used.
RUN mkdir -p /app/.missive && chown node:node /app/.missive

# why: numeric (the image's user "node"), so that Kubernetes' runAsNonRoot can check it without reading /etc/passwd.
USER 1000:1000
EXPOSE 3000
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/apps/api-gateway/src/main.js"]
