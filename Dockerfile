# syntax=docker/dockerfile:1
# One image for the whole system: the five services, the gateway and the screens it serves.
# The command chooses what a container runs (see infra/docker-compose.yml and charts/ehr):
#   node --import @ehr/platform/telemetry/register services/<name>/dist/main.js   (adt, orders, mar, ed, revenue)
#   node --import @ehr/platform/telemetry/register gateway/dist/main.js           (gateway + screens, the default)
#   node infra/migrate.mjs                                                         (schema migrations of SERVICE_NAME)
#   node infra/db-roles.mjs                                                        (the PostgreSQL roles, as the administrator)
# Build: docker build -t ehr:0.1.0 .

ARG NODE_IMAGE=node:24-bookworm-slim

# --- build: every workspace compiled, the screens bundled -------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# The lock file wants the npm it was written with (package.json "packageManager").
RUN npm install -g npm@11.19.1 --no-audit --no-fund --loglevel=error
COPY package.json package-lock.json ./
COPY contracts/package.json contracts/
COPY platform/package.json platform/
COPY services/adt/package.json services/adt/
COPY services/orders/package.json services/orders/
COPY services/mar/package.json services/mar/
COPY services/ed/package.json services/ed/
COPY services/revenue/package.json services/revenue/
COPY gateway/package.json gateway/
COPY web/package.json web/
COPY tools/deploy-check/package.json tools/deploy-check/
RUN npm ci --no-audit --no-fund --strict-allow-scripts
COPY . .
RUN npx turbo run build --output-logs=errors-only

# --- deps: production dependencies only -------------------------------------------------------
FROM build AS deps
RUN rm -rf node_modules */node_modules services/*/node_modules \
 && npm ci --omit=dev --no-audit --no-fund --strict-allow-scripts \
 && npm cache clean --force

# --- runtime: compiled code, production dependencies, an unprivileged user --------------------
FROM ${NODE_IMAGE} AS runtime
# Containers listen on every interface (a laptop run binds 127.0.0.1).
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./
COPY --from=build /app/contracts/package.json contracts/
COPY --from=build /app/contracts/dist contracts/dist
COPY --from=build /app/platform/package.json platform/
COPY --from=build /app/platform/dist platform/dist
COPY --from=build /app/services/adt/package.json services/adt/
COPY --from=build /app/services/adt/dist services/adt/dist
COPY --from=build /app/services/adt/migrations services/adt/migrations
COPY --from=build /app/services/orders/package.json services/orders/
COPY --from=build /app/services/orders/dist services/orders/dist
COPY --from=build /app/services/orders/migrations services/orders/migrations
COPY --from=build /app/services/mar/package.json services/mar/
COPY --from=build /app/services/mar/dist services/mar/dist
COPY --from=build /app/services/mar/migrations services/mar/migrations
COPY --from=build /app/services/ed/package.json services/ed/
COPY --from=build /app/services/ed/dist services/ed/dist
COPY --from=build /app/services/ed/migrations services/ed/migrations
COPY --from=build /app/services/revenue/package.json services/revenue/
COPY --from=build /app/services/revenue/dist services/revenue/dist
COPY --from=build /app/services/revenue/migrations services/revenue/migrations
COPY --from=build /app/gateway/package.json gateway/
COPY --from=build /app/gateway/dist gateway/dist
COPY --from=build /app/gateway/migrations gateway/migrations
COPY --from=build /app/web/dist web/dist
COPY --from=build /app/infra/migrate.mjs /app/infra/db-roles.mjs infra/
# The files belong to root and are read-only to the process; it runs as the image's `node` user
# (numeric, so Kubernetes can verify runAsNonRoot).
USER 1000:1000
EXPOSE 4000 4001 4002 4003 4004 4005
CMD ["node", "--import", "@ehr/platform/telemetry/register", "gateway/dist/main.js"]
