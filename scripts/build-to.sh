#!/usr/bin/env bash
# Builds into another folder (default dist/), so several people can build and run e2e suites at once:
#   scripts/build-to.sh /tmp/dist-me && MFA_DIST_DIR=/tmp/dist-me npx jest --selectProjects e2e test/x
# Emits even when other folders have type errors; prints those errors.
set -u
out=${1:-dist}
npx tsc -p tsconfig.build.json --outDir "$out" --tsBuildInfoFile "$out/.tsbuildinfo"
status=$?
npx tsc-alias -p tsconfig.build.json --outDir "$out"
exit $status
