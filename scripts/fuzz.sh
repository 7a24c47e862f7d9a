#!/usr/bin/env bash
# Fuzzes candor with libFuzzer and AddressSanitizer.
#
#   scripts/fuzz.sh TARGET [SECONDS]     TARGET: xml, questionnaire, response, incidents, csv, feedxml, feedhtml,
#                                        feedjson, aiidcsv, multipart (or "all")
#
# Builds the candor-fuzz product with -sanitize=fuzzer,address into .build-fuzz, seeds a corpus from the examples,
# the reference instances and the attack documents, and runs for SECONDS (default 60). Crashes, leaks and
# timeouts are written to fuzz-out/TARGET/ as crash-*, leak-*, timeout-*; keep each one as a regression test by
# copying it to Tests/Fixtures/fuzz/TARGET/ (the tests replay every file there).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh TARGET [SECONDS]}
seconds=${2:-60}
jobs=${FUZZ_JOBS:-1}

if [ "$target" = all ]; then
  for each in xml questionnaire response incidents csv feedxml feedhtml feedjson aiidcsv multipart; do "$0" "$each" "$seconds"; done
  exit 0
fi

swift build -c release --product candor-fuzz --scratch-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DCANDOR_FUZZ -Xswiftc -use-ld=lld >&2
binary=$(swift build -c release --product candor-fuzz --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DCANDOR_FUZZ -Xswiftc -use-ld=lld --show-bin-path)/candor-fuzz

corpus=fuzz-out/$target/corpus
artifacts=fuzz-out/$target/
mkdir -p "$corpus"
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
case "$target" in
  xml) cp Tests/Fixtures/attacks/*.xml Tests/Fixtures/reference/*.xml Questionnaires/schema/*.xsd "$seeds"/ ;;
  questionnaire) cp Tests/Fixtures/reference/questionnaire-mini.xml Questionnaires/aiops-governance.xml "$seeds"/ ;;
  response) cp Examples/response-*.xml "$seeds"/ ;;
  incidents) cp Examples/incidents.xml Tests/Fixtures/reference/incidents-nimbus.xml "$seeds"/ ;;
  csv) cp Tests/Fixtures/import/*.csv Tests/Fixtures/import/*.xlsx "$seeds"/ ;;
  feedxml) cp Tests/Fixtures/feeds/*.atom Tests/Fixtures/attacks/*.xml "$seeds"/ ;;
  feedhtml) cp Tests/Fixtures/feeds/*.atom "$seeds"/ ;;
  feedjson) cp Tests/Fixtures/feeds/*.json "$seeds"/ ;;
  aiidcsv) cp Tests/Fixtures/feeds/*.csv "$seeds"/ ;;
  multipart) cp Tests/Fixtures/multipart/* "$seeds"/ ;;
  *) echo "unknown target $target" >&2; exit 2 ;;
esac
if [ -d "Tests/Fixtures/fuzz/$target" ]; then cp "Tests/Fixtures/fuzz/$target"/* "$seeds"/ 2>/dev/null || true; fi

echo "fuzzing $target for $seconds s ($binary)" >&2
CANDOR_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$PWD/scripts/lsan.supp "$binary" "$corpus" "$seeds" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
  -artifact_prefix="$artifacts" -print_final_stats=1 $([ "$jobs" -gt 1 ] && echo "-jobs=$jobs -workers=$jobs")
