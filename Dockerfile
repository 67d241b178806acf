# syntax=docker/dockerfile:1
# Build stage: bundle src/ into minified JavaScript (dist/src, scripts/build.ts). Production runs the
# bundle: type stripping at run time costs Node about 17 MB of memory and slows start-up, and tsc's
# one file per module keeps every module's source text and record in memory (BENCHMARKS.md).
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
RUN npm ci --no-audit --no-fund
COPY src ./src
COPY scripts/build.ts ./scripts/
RUN npm run build

# Production dependencies only.
FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --omit=dev skips the `node` devDependency that pins Node 24 on developer machines.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:24-slim
ENV NODE_ENV=production PORT=3000 DATABASE_URL=sqlite:/data/release-planner.db
# glibc's malloc trim threshold set to its default (128 KB) turns off its dynamic mmap threshold,
# which otherwise rises at start-up and keeps the compiler's freed memory (15 MB less RSS at idle);
# one malloc arena, so memory V8's helper threads free at start-up is reused rather than kept per
# thread (up to 7 MB more at idle without it when the CPU is busy). BENCHMARKS.md, section 4.
ENV GLIBC_TUNABLES=glibc.malloc.trim_threshold=131072:glibc.malloc.arena_max=1
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json manifest.yml policy.example.yml ./
COPY --from=build /app/dist/src ./dist/src
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# A young generation of 4 MB semi-spaces (V8's default grows to 16 MB): about 20 MB less RSS at idle
# and 50 MB less with 50 plans in flight, for more frequent, shorter scavenges (BENCHMARKS.md).
CMD ["node", "--max-semi-space-size=4", "dist/src/main.js"]
