# syntax=docker/dockerfile:1
# One image for the three apps (api, notifier, audit). Pick the app with the APP build arg or at run time
# (APP env, or `command: ["node", "dist/apps/<app>/src/main.js"]` as docker-compose.yml does).

# --- build: every dependency, TypeScript compiled to dist/ (path aliases rewritten by tsc-alias) ---
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# --- runtime: production dependencies only, the compiled output, a non-root user ---
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
ARG APP=api
ENV APP=${APP}
# The image's `node` user (uid 1000) owns nothing in /app: the code is read-only to the process.
USER node
EXPOSE 3000 3001 3002
# Health: /health/ready on the app's own port (node has fetch; the slim image has no curl).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "const p={api:process.env.API_PORT||3000,notifier:process.env.NOTIFIER_PORT||3001,audit:process.env.AUDIT_PORT||3002}[process.env.APP];fetch('http://127.0.0.1:'+p+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# exec: node gets SIGTERM itself and drains (see libs/observability/src/shutdown.ts).
CMD ["sh", "-c", "exec node dist/apps/$APP/src/main.js"]
