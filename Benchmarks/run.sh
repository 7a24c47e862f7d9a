#!/usr/bin/env bash
# Benchmarks candor against its targets and writes BENCHMARKS.md. See Benchmarks/README.md.
#
#   Benchmarks/run.sh            # everything (about 10 minutes on a 2-core machine)
#   Benchmarks/run.sh --quick    # fewer runs and no 10,000-vendor step, to try the script
#
# Needs: swift, python3, xmllint (libxml2-utils), GNU time
# (/usr/bin/time), python3 with pip (adlor-caiq is installed with pip if missing). Corpora, outputs and raw results go to bench-out/ (ignored by git).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
quick=0
[ "${1:-}" = "--quick" ] && quick=1
out="$root/bench-out"
results="$out/results"
mkdir -p "$results"
rm -f "$results"/*.json "$results"/*.txt

runs_small=$([ $quick = 1 ] && echo 5 || echo 30)
runs_large=$([ $quick = 1 ] && echo 2 || echo 5)
runs_huge=$([ $quick = 1 ] && echo 1 || echo 3)
sizes=$([ $quick = 1 ] && echo "100 1000" || echo "100 1000 10000")

echo "== build (release, Swift runtime linked in, as README's Install says for an installed binary)"
swift build -c release --static-swift-stdlib --scratch-path .build-static --product candor >/dev/null
candor="$(swift build -c release --static-swift-stdlib --scratch-path .build-static --show-bin-path)/candor"
# The default (dynamically linked) build too: the one-vendor run is measured with both.
swift build -c release --product candor >/dev/null
swift build -c release --product candor-corpus >/dev/null
bin="$(swift build -c release --show-bin-path)"
candor_dynamic="$bin/candor"
corpus_tool="$bin/candor-corpus"
questionnaire="$root/Questionnaires/aiops-governance.xml"

echo "== corpora (seed 1; incidents = 10 x vendors)"
corpus() { # corpus VENDORS INCIDENTS -> prints the folder
  local dir="$out/corpus-$1"
  if [ ! -f "$dir/.complete-$1-$2-seed1" ]; then
    rm -rf "$dir"
    "$corpus_tool" --vendors "$1" --incidents "$2" --seed 1 --out "$dir" >/dev/null
    touch "$dir/.complete-$1-$2-seed1"
  fi
  echo "$dir"
}
one="$(corpus 1 10)"
for n in $sizes; do corpus "$n" $((n * 10)) >/dev/null; done

echo "== adlor-caiq"
if ! python3 -c "import adlor_caiq" 2>/dev/null; then
  python3 -m pip install --quiet --ignore-requires-python adlor-caiq
fi
adlor_dir="$(python3 -c "import adlor_caiq, os, sys; print(os.path.dirname(sys.executable))")"
adlor="$adlor_dir/adlor-caiq"
[ -x "$adlor" ] || adlor="$(command -v adlor-caiq)"
python3 "$root/Benchmarks/adlor_input.py" "$one/responses/response-vendor-00001.xml" "$questionnaire" \
  "$out/adlor-assessment.yaml"

echo "== 1. one vendor, the default formats: candor assess vs adlor-caiq export"
assess_args="assess $one/responses/response-vendor-00001.xml --incidents $one/incidents/incidents-001.xml --out $out/run-one --quiet --force"
assess_cmd="$candor $assess_args"
assess_dynamic_cmd="$candor_dynamic $assess_args"
adlor_cmd="$adlor export $out/adlor-assessment.yaml --format md"
# Every comparison runs its commands in turns (interleave.py), so that the machine's load touches them alike.
interleave="python3 $root/Benchmarks/interleave.py"
$interleave --warmup 3 --runs "$runs_small" --out "$results/one.json" \
  -n "candor assess" "$assess_cmd" -n "candor assess (dynamically linked build)" "$assess_dynamic_cmd" \
  -n "adlor-caiq export" "$adlor_cmd"

echo "== 2. 1,000 vendors and 10,000 incidents: candor compare vs parsing and validating the same files"
c1000="$out/corpus-1000"
# Each run writes into a new folder ({out}, see interleave.py --fresh-out): deleting the previous run's files just
# before a run sometimes timed the file system's work of that deletion too (Benchmarks/analysis.md).
compare_cmd="$candor compare $c1000/responses --incidents $c1000/incidents --format xml --out {out} --quiet"
compare_people_cmd="$candor compare $c1000/responses --incidents $c1000/incidents --format md,xml,svg,html --out {out} --quiet"
validate_cmd="$candor validate $c1000/responses/*.xml"
validate_floor_cmd="xmllint --noout --schema $root/Questionnaires/schema/response.xsd $c1000/responses/*.xml"
# The questionnaire, every response and every incident file, in one xmllint process.
xmllint_cmd="xmllint --noout $questionnaire $(printf '%s ' "$c1000"/responses/*.xml "$c1000"/incidents/*.xml)"
# The floor: what candor must do before it assesses anything, parse and validate every file against its schema (one
# xmllint process per schema, so one core).
schema_dir="$root/Questionnaires/schema"
xmllint_schema_cmd="xmllint --noout --schema $schema_dir/questionnaire.xsd $questionnaire"
xmllint_schema_cmd+=" && xmllint --noout --schema $schema_dir/response.xsd $(printf '%s ' "$c1000"/responses/*.xml)"
xmllint_schema_cmd+=" && xmllint --noout --schema $schema_dir/incidents.xsd $(printf '%s ' "$c1000"/incidents/*.xml)"
$interleave --warmup 1 --runs "$runs_large" --fresh-out "$out/run-1000" --out "$results/compare.json" \
  -n "candor compare --format xml" "$compare_cmd" \
  -n "candor compare --format md,xml,svg,html" "$compare_people_cmd" \
  -n "xmllint --noout --schema" "$xmllint_schema_cmd 2>/dev/null" -n "xmllint --noout" "$xmllint_cmd"

echo "== 2b. candor validate of 1,000 responses vs xmllint --noout --schema over the same files"
$interleave --warmup 1 --runs "$runs_large" --out "$results/validate.json" \
  -n "candor validate" "$validate_cmd >/dev/null" -n "xmllint --noout --schema" "$validate_floor_cmd 2>/dev/null"

echo "== 3. growth: 100, 1,000, 10,000 vendors (10 incidents per vendor), in turns"
growth_args=()
for n in $sizes; do
  growth_args+=(-n "$n vendors" "$candor compare $out/corpus-$n/responses --incidents $out/corpus-$n/incidents --format xml --out {out} --quiet")
done
$interleave --warmup 0 --runs "$runs_huge" --fresh-out "$out/run-growth" --out "$results/growth.json" "${growth_args[@]}"
for n in $sizes; do
  mkdir -p "$out/run-memory"
  for run in $(seq "$runs_huge"); do
    /usr/bin/time -f "%M" -o "$results/memory-$n-$run.txt" \
      $candor compare "$out/corpus-$n/responses" --incidents "$out/corpus-$n/incidents" --format xml --out "$out/run-memory/$n-$run" --quiet
  done
  rm -rf "$out/run-memory"
  sync
done
rm -rf "$out/run-one" "$out/run-1000"

echo "== BENCHMARKS.md"
{
  echo "nproc=$(nproc)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "memory=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "os=$(. /etc/os-release && echo "$PRETTY_NAME") ($(uname -sr))"
  echo "swift=$(swift --version 2>&1 | head -1)"
  echo "libxml2=$(xmllint --version 2>&1 | head -1)"
  echo "python=$(python3 --version 2>&1)"
  echo "adlor=$(python3 -m pip show adlor-caiq 2>/dev/null | awk '/^Version/ {print $2}')"
  echo "load=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources Package.swift || echo ' (with uncommitted changes)')"
  echo "quick=$quick"
  echo "assess_cmd=$assess_cmd"
  echo "assess_dynamic_cmd=$assess_dynamic_cmd"
  echo "adlor_cmd=$adlor_cmd"
  echo "compare_cmd=$compare_cmd"
  echo "compare_people_cmd=$compare_people_cmd"
  echo "validate_cmd=$candor validate $c1000/responses/*.xml"
  echo "validate_floor_cmd=xmllint --noout --schema $root/Questionnaires/schema/response.xsd $c1000/responses/*.xml"
  echo "xmllint_cmd=xmllint --noout $questionnaire $c1000/responses/*.xml $c1000/incidents/*.xml"
  echo "xmllint_schema_cmd=xmllint --noout --schema $schema_dir/questionnaire.xsd $questionnaire && xmllint --noout --schema $schema_dir/response.xsd $c1000/responses/*.xml && xmllint --noout --schema $schema_dir/incidents.xsd $c1000/incidents/*.xml"
  echo "growth_cmd=$candor compare bench-out/corpus-N/responses --incidents bench-out/corpus-N/incidents --format xml --out DIR --quiet"
  echo "sizes=$sizes"
} >"$results/machine.txt"
python3 "$root/Benchmarks/report.py" "$results" "$root/Benchmarks/analysis.md" "$root" >"$root/BENCHMARKS.md"
echo "Wrote BENCHMARKS.md"
