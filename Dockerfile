# syntax=docker/dockerfile:1
# Build stage: install production dependencies only (no compile step: Node 24 runs TypeScript
# directly by stripping types).
FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --omit=dev skips the `node` devDependency that pins Node 24 on developer machines.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:24-slim
ENV NODE_ENV=production PORT=3000 DATABASE_URL=sqlite:/data/release-planner.db
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json manifest.yml policy.example.yml ./
COPY src ./src
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "src/main.ts"]
