#!/usr/bin/env bash
# Every test: lint and format check, type check, then each workspace's vitest suites
# (units, and integration suites against real PostgreSQL/PgSTAC, PGlite, podman, Slurm,
# RabbitMQ, MinIO and kube-apiserver, with real clients; the Helm chart rendered and dry-run
# applied; each container image built and probed),
# then the extension's UI tests in headless Chromium,
# ending with one plain summary line over all workspaces.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== biome (lint + format)"
npx biome check .
echo "== tsc (type check)"
npm run typecheck --workspaces --if-present
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
workspaces=(catalog-api hub-services/hub-auth hub-services/service-health hub-services/tracing hub-services/processing hub-services/health hub-services/environments hub-services kernels-gateway helm images extension)
status=0
for ws in "${workspaces[@]}"; do
  echo "== vitest: $ws"
  (cd "$ws" && npx vitest run --reporter=default --reporter=json --outputFile="$results/${ws//\//-}.json") || status=1
done
# The UI tests: galata in Debian's headless Chromium against a real JupyterLab and catalog.
echo "== galata UI tests: extension/ui-tests"
rm -f extension/ui-tests/report/results.json
(cd extension/ui-tests && ../../node_modules/.bin/playwright test) || status=1
if [[ -f extension/ui-tests/report/results.json ]]; then
  cp extension/ui-tests/report/results.json "$results/ui.playwright.json"
fi
# A workspace whose run left no report (it crashed) counts as one failure.
node -e '
  const fs = require("node:fs");
  const [dir, ...workspaces] = process.argv.slice(1);
  let passed = 0, failed = 0;
  for (const ws of workspaces) {
    const file = `${dir}/${ws.replaceAll("/", "-")}.json`;
    if (!fs.existsSync(file)) { failed += 1; continue; }
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    passed += r.numPassedTests;
    failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
  }
  const ui = `${dir}/ui.playwright.json`;
  if (!fs.existsSync(ui)) { failed += 1; }
  else {
    const s = JSON.parse(fs.readFileSync(ui, "utf8")).stats;
    passed += s.expected; failed += s.unexpected + s.flaky;
  }
  console.log(`tests: ${passed} passed, ${failed} failed`);
' "$results" "${workspaces[@]}"
exit $status
