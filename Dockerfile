# AuraStream service image (API, websockets, worker). Runs TypeScript through tsx, as in development.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080 DATA_DIR=/data
COPY package.json package-lock.json ./
COPY config/package.json config/
COPY contract/package.json contract/
COPY fake-twitch/package.json fake-twitch/
COPY service/package.json service/
COPY bot/package.json bot/
COPY extension/package.json extension/
COPY dashboard/package.json dashboard/
COPY test/package.json test/
RUN npm ci --no-audit --no-fund --include=dev
COPY . .
RUN npm run build --if-present
EXPOSE 8080
VOLUME ["/data"]
# the same V8 flags as `npm start` (scripts/bootstrap.mjs); node itself, so SIGTERM reaches the service
CMD ["node", "--max-semi-space-size=64", "--import", "tsx", "service/src/main.ts"]
