# isauth — small production image: build with dev deps, ship only dist/ + production deps.
#   docker build -t isauth .
#   docker run --rm isauth serve --listen 0.0.0.0:9180 --store memcached://memcached:11211 --auth user

FROM node:22-alpine AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:22-alpine
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The image's unprivileged user; a unix socket for nginx goes in a volume both can reach.
USER node
EXPOSE 9180
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["serve", "--listen", "0.0.0.0:9180"]
