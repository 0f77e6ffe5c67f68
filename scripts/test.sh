#!/usr/bin/env bash
# The whole test suite: type-check (includes the type-level tests), then every
# vitest suite. Ends with the notices of checks that did NOT run (if any), then
# one plain last line "N passed, N failed, N skipped", always from this run.
set -u
cd "$(dirname "$0")/.."
export PACT_DO_NOT_TRACK=true
mkdir -p test-results
results=test-results/vitest.json
export PAXOS_TEST_NOTICES="$PWD/test-results/notices.txt"
# Nothing from an earlier run may reach this run's summary.
rm -f "$results" "$PAXOS_TEST_NOTICES"
status=0

# The type-check (it includes the type-level tests) runs beside vitest: many suites wait on
# child processes and sockets, and tsc fills those gaps. Its output is shown after vitest's.
# It is incremental: what tsc learnt in the last run (node_modules/.cache) spares it most of
# the work when few files changed (about 8 s instead of 25 s); a fresh clone checks everything.
typecheck_log=test-results/typecheck.txt
rm -f "$typecheck_log"
npx tsc --noEmit -p tsconfig.json --incremental --tsBuildInfoFile node_modules/.cache/paxos-sim-typecheck.tsbuildinfo >"$typecheck_log" 2>&1 &
typecheck_pid=$!
# That type-check covers every file the package build compiles (tsconfig.build.json extends
# tsconfig.json and includes a subset of it), so the build that test/package/pack.test.ts runs
# through `npm pack` writes the same dist/ without checking the types a second time
# (scripts/build.mjs: tsc --noCheck). A build outside the suite still type-checks.
export PAXOS_BUILD_TYPECHECK=0

echo "== vitest"
npx vitest run --reporter=default --reporter=json --outputFile.json="$results" "$@" || status=1

echo "== typecheck (tsc --noEmit)"
if wait "$typecheck_pid"; then
  echo "typecheck passed"
else
  cat "$typecheck_log"
  echo "typecheck failed"
  status=1
fi

# Counts from vitest's JSON report. A suite that failed to load (its tests
# never ran) counts as one failure; no report at all (vitest crashed) is one
# failure and no passes.
counts=$(node -e '
  const fs = require("fs");
  let r;
  try { r = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); } catch { console.log("0 passed, 1 failed, 0 skipped"); process.exit(0); }
  let failed = r.numFailedTests;
  for (const file of r.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((a) => a.status === "failed").length;
    if (file.status === "failed" && failedTests === 0) failed++;
  }
  console.log(`${r.numPassedTests} passed, ${failed} failed, ${r.numPendingTests + (r.numTodoTests ?? 0)} skipped`);
' "$results")
if [ "$status" -ne 0 ] && [[ "$counts" == *" 0 failed,"* ]]; then
  # vitest's own counts were clean but something else (typecheck, vitest itself) did not pass
  counts="${counts/ 0 failed,/ 1 failed,}"
fi
echo
if [ -s "$PAXOS_TEST_NOTICES" ]; then
  echo "== checks that did NOT run"
  sort -u "$PAXOS_TEST_NOTICES"
  echo
fi
echo "$counts"
exit $status
