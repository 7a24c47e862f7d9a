#!/usr/bin/env bash
# Runs the whole test suite under AddressSanitizer, then under ThreadSanitizer, each in its own build folder.
#
#   scripts/sanitizers.sh [address|thread|all]     (default: all)
#
# Each run rebuilds the package and its dependencies with the sanitizer (a few minutes each on two cores).
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
run() {
  local sanitizer=$1
  echo "== swift test --sanitize=$sanitizer" >&2
  local start=$SECONDS
  # The suppressions name memory that lives as long as the process (see the file); they reach the candor
  # processes the end-to-end tests start too, and print_suppressions=0 keeps LeakSanitizer from listing the ones
  # used on those processes' standard error, which the tests read.
  # CANDOR_SANITIZER tells the tests which sanitizer runs them: the `candor serve` browser test is left to the plain
  # run (the route, store and load tests take the same routes here).
  CANDOR_SANITIZER="$sanitizer" LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp:print_suppressions=0" \
    swift test --sanitize="$sanitizer" --scratch-path ".build-$sanitizer"
  echo "== $sanitizer: passed in $((SECONDS - start)) s" >&2
}
case "$which" in
  address|thread) run "$which" ;;
  all) run address; run thread ;;
  *) echo "usage: scripts/sanitizers.sh [address|thread|all]" >&2; exit 2 ;;
esac
