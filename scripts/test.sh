#!/usr/bin/env bash
# The whole test suite: type-check (includes the type-level tests), then every
# vitest suite. Ends with one plain line "N passed, N failed" (vitest's counts).
set -u
cd "$(dirname "$0")/.."
export PACT_DO_NOT_TRACK=true
mkdir -p test-results
status=0

echo "== typecheck (tsc --noEmit)"
if ! npx tsc --noEmit -p tsconfig.json; then
  echo "typecheck failed"
  status=1
fi

echo "== vitest"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=1

counts=$(node -e '
  const fs = require("fs");
  try {
    const r = JSON.parse(fs.readFileSync("test-results/vitest.json", "utf8"));
    console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  } catch { console.log("0 passed, 1 failed"); }
')
if [ "$status" -ne 0 ] && [[ "$counts" == *" 0 failed" ]]; then
  # vitest's own counts were clean but something else (typecheck, a suite that failed to load) did not pass
  counts="${counts% 0 failed} 1 failed"
fi
echo
echo "$counts"
exit $status
