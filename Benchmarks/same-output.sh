#!/usr/bin/env bash
# Checks that two candor binaries write byte-identical reports: the worked example, the shipped examples with a
# policy and an evidence folder, and a generated corpus, in every format. Used to show that an optimisation
# changes no output.
#
#   Benchmarks/same-output.sh OLD_CANDOR NEW_CANDOR [WORK_DIR]
#
# Needs candor-corpus (default .build/release/candor-corpus; or set CANDOR_CORPUS). Exit status 0 when every file is identical.
set -euo pipefail
old="$1"
new="$2"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${3:-$root/bench-out/same-output}"
corpus_tool="${CANDOR_CORPUS:-$root/.build/release/candor-corpus}"
rm -rf "$work"
mkdir -p "$work"
"$corpus_tool" --vendors 150 --incidents 1500 --seed 11 --out "$work/corpus" >/dev/null
cat >"$work/policy.xml" <<'POLICY'
<policy xmlns="urn:candor:policy:1" id="production-agents">
  <title>Agents allowed on production</title>
  <max-rating rating="moderate"/>
  <min-verified score="60"/>
  <min-transparency score="50"/>
  <control-satisfied control="STP-01"/>
</policy>
POLICY
mkdir -p "$work/evidence/evidence/alderglen"
printf 'not the audited report\n' >"$work/evidence/evidence/alderglen/soc2-type2-2026h1.pdf"

run() { # run BINARY OUT ARGS...
  local binary="$1" out="$2"
  shift 2
  local status=0
  "$binary" "$@" --out "$out" --quiet >"$out.stdout" 2>"$out.stderr" || status=$?
  echo "$status" >"$out.status"
}
for side in old new; do
  binary="${!side}"
  run "$binary" "$work/$side-worked" assess "$root/Tests/Fixtures/reference/response-nimbus.xml" \
    --questionnaire "$root/Tests/Fixtures/reference/questionnaire-mini.xml" \
    --incidents "$root/Tests/Fixtures/reference/incidents-nimbus.xml" --as-of 2026-10-01 --format md,xml,svg,html,oscal
  run "$binary" "$work/$side-examples" compare "$root/Examples" --incidents "$root/Examples/incidents.xml" \
    --format md,xml,svg,html,oscal --policy "$work/policy.xml" --evidence-dir "$work/evidence"
  run "$binary" "$work/$side-corpus" compare "$work/corpus/responses" --incidents "$work/corpus/incidents" \
    --format md,xml,svg,html,oscal
  run "$binary" "$work/$side-asof" assess "$work/corpus/responses/response-vendor-00007.xml" \
    --incidents "$work/corpus/incidents" --as-of 2027-02-01 --format md,xml,svg,html,oscal
done
status=0
for case in worked examples corpus asof; do
  # The run manifest holds the run's time and its --out folder, which differ by design; the files it lists, with
  # their SHA-256, must not.
  if diff -r -x candor-run.xml "$work/old-$case" "$work/new-$case" >/dev/null &&
    cmp -s <(grep '<output ' "$work/old-$case/candor-run.xml") <(grep '<output ' "$work/new-$case/candor-run.xml") &&
    cmp -s "$work/old-$case.status" "$work/new-$case.status" &&
    cmp -s "$work/old-$case.stderr" "$work/new-$case.stderr"; then
    echo "$case: identical ($(find "$work/new-$case" -type f | wc -l) files)"
  else
    echo "$case: DIFFERENT"
    diff -rq -x candor-run.xml "$work/old-$case" "$work/new-$case" | head -5 || true
    status=1
  fi
done
exit "$status"
