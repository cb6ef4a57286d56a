# isauth — small production image: build with dev deps, ship dist/ + production deps only.
#   docker build -t isauth .
#   docker run --rm isauth serve --listen 0.0.0.0:9180 --store memcached://memcached:11211 --auth user
# Every option can also be an ISAUTH_* environment variable (docs/configuration.md).

FROM node:22-alpine AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/build-if-stale.mjs ./scripts/
COPY src ./src
RUN npm run build

FROM node:22-alpine
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only, from the lock file; no build step runs here.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The image's unprivileged `node` user, by number so that Kubernetes' runAsNonRoot can verify it.
# A unix socket for nginx goes in a volume both can reach.
USER 1000:1000
EXPOSE 9180
# Liveness over HTTP with Node's own fetch (no curl in the image). It asks 127.0.0.1:9180, the
# address the CMD below and docker-compose.yml listen on; with another --listen, override it
# (`docker run --health-cmd …`, or `healthcheck:` in compose) or disable it (`--no-healthcheck`).
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9180/healthz',{signal:AbortSignal.timeout(2000)}).then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "dist/bin/isauth.js"]
CMD ["serve", "--listen", "0.0.0.0:9180"]
