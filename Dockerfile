# syntax=docker/dockerfile:1
# AuraStream: one image for the API (the default command), the job worker (`npm run worker`) and
# the chat bot (`npm run bot`). TypeScript runs through tsx, as in development, so what runs in
# production is the code that was tested.

# 0. The workspaces' manifests: npm installs from the lock file before any source is copied, so
# a change of code reuses the installed dependencies
FROM node:20-bookworm-slim AS manifests
WORKDIR /app
COPY package.json package-lock.json ./
COPY config/package.json config/
COPY contract/package.json contract/
COPY fake-twitch/package.json fake-twitch/
COPY service/package.json service/
COPY bot/package.json bot/
COPY extension/package.json extension/
COPY dashboard/package.json dashboard/
COPY test/package.json test/

# 1. The browser bundles: the dashboard and the Twitch extension (vite needs the dev dependencies)
FROM manifests AS clients
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json ./
COPY config config
COPY contract contract
COPY dashboard dashboard
COPY extension extension
RUN npm run build --workspace=@aurastream/dashboard --workspace=@aurastream/extension

# 2. What runs: the production dependencies of the service and the bot only, and their sources
FROM manifests AS runtime
RUN npm ci --omit=dev --no-audit --no-fund --workspace=@aurastream/service --workspace=@aurastream/bot \
  && npm cache clean --force
COPY tsconfig.base.json tsconfig.json ./
COPY config config
COPY contract contract
COPY service service
COPY bot bot
# the simulated Twitch (development only) is not in the image: production talks to Twitch itself
RUN rm -rf fake-twitch test extension dashboard

# 3. The image: no compilers, no npm cache, a user without privileges
FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080 DATA_DIR=/data METRICS_HOST=0.0.0.0
WORKDIR /app
COPY --from=runtime /app ./
COPY --from=clients /app/dashboard/dist dashboard/dist
COPY --from=clients /app/extension/dist extension/dist
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8080 9464
VOLUME ["/data"]
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node itself (not npm), so SIGTERM reaches the service and it stops gracefully; the same V8 flags
# as `npm start` (scripts/bootstrap.mjs)
CMD ["node", "--max-semi-space-size=64", "--import", "tsx", "service/src/main.ts"]
