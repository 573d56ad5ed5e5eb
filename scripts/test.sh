#!/usr/bin/env bash
# Every test: lint and format check, type check, then each workspace's vitest suites
# (units, and integration suites against real PostgreSQL/PgSTAC, PGlite, and real clients).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== biome (lint + format)"
npx biome check .
echo "== tsc (type check)"
npm run typecheck --workspaces --if-present
echo "== vitest"
npm test --workspaces --if-present
