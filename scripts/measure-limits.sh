#!/usr/bin/env bash
# shellcheck disable=SC2016 # the outcomes are Markdown: their backquotes are code spans
# Measures what candor costs on the hostile inputs of docs/safety.md ("Memory and time") and prints that table.
#
#   scripts/measure-limits.sh                               builds candor (release) first
#   CANDOR_BIN=path/to/candor scripts/measure-limits.sh     uses that binary
#
# scripts/measure-limits.py writes each input into a temporary folder (removed as soon as the input is measured,
# and the folder when the script ends); the candor command of its row (validate, import or assess) then runs under
# GNU time (/usr/bin/time, Debian package `time`), which gives the wall-clock and CPU (user + system) seconds and
# the peak resident memory (maximum RSS, printed in MiB). The outcome column checks the exit status and what candor
# printed or wrote against what docs/safety.md says it does; a row that does otherwise says UNEXPECTED, with the
# exit status and the first error (or first line) on standard error, and the script then exits with status 1.
#
# The table goes to standard output; the commands, as they run, to standard error. Wall-clock times vary with the
# machine's load (other builds on a 2-core machine can make them several times longer), CPU times much less,
# memory hardly at all. A run takes well under a minute once candor is built (a few minutes on a busy machine), and
# at most about 100 MB of disk at a time (the 20 GB sparse file takes none). A run of candor is stopped after
# CANDOR_MEASURE_TIMEOUT seconds (default 120) and its row says so. Needs python3 (standard library only), GNU
# timeout, and strace to count the bytes read in the 200-spellings row (without it, that row says so).
set -euo pipefail
# A message put into an outcome by ${text//pattern/message} is taken as it is (an & in it is not the pattern).
shopt -u patsub_replacement 2>/dev/null || true
root=$(cd "$(dirname "$0")/.." && pwd)

if [ -z "${CANDOR_BIN:-}" ]; then
  (cd "$root" && swift build -c release --product candor >&2)
  CANDOR_BIN=$(cd "$root" && swift build -c release --product candor --show-bin-path)/candor
fi
[ -x "$CANDOR_BIN" ] || { echo "measure-limits: $CANDOR_BIN is not an executable" >&2; exit 2; }
if ! /usr/bin/time -f '%e' true 2>/dev/null; then
  echo "measure-limits: GNU time is needed at /usr/bin/time (Debian: apt-get install time)" >&2
  exit 2
fi
command -v python3 >/dev/null || { echo "measure-limits: python3 is needed" >&2; exit 2; }

# A run that takes longer than this many seconds is stopped (GNU timeout) and its row says UNEXPECTED: without the
# limits, some of these inputs keep libxml2 busy for minutes.
limit=${CANDOR_MEASURE_TIMEOUT:-120}

work=$(mktemp -d "${TMPDIR:-/tmp}/candor-limits.XXXXXX")
trap 'rm -rf "$work"' EXIT
unexpected=0

echo "| Input | Time | Peak memory | Outcome |"
echo "|---|---|---|---|"

# size FILE: its size as the table writes it (KB and MB of 1,000 and 1,000,000 bytes, as a file manager shows).
size() {
  local bytes
  bytes=$(stat -c %s "$1")
  if [ "$bytes" -ge 1000000 ]; then
    awk -v b="$bytes" 'BEGIN { printf "%.1f MB", b / 1000000 }'
  else
    awk -v b="$bytes" 'BEGIN { printf "%d KB", b / 1000 + 0.5 }'
  fi
}

# input NAME: a fresh folder $dir with the files of input NAME, written by the generator.
input() {
  dir=$work/$1
  rm -rf "$dir"
  mkdir -p "$dir"
  python3 "$root/scripts/measure-limits.py" "$1" "$dir"
}

# measure ARGS...: runs candor with ARGS in $dir under GNU time; sets seconds (wall clock), user and system (CPU
# seconds), kilobytes (peak resident memory), status, and message: the first error on standard error (its first
# line when there is no error), without the temporary folder's path.
measure() {
  echo "measure-limits: candor $*" | sed "s|$work/||g; s|$root/||g" >&2
  set +e
  (cd "$dir" && /usr/bin/time -f '%e %U %S %M' -o "$work/time" timeout "$limit" "$CANDOR_BIN" "$@" \
    >"$work/stdout" 2>"$work/stderr")
  status=$?
  set -e
  read -r seconds user system kilobytes < <(tail -n 1 "$work/time")
  message=$({ grep -m 1 ': error: ' "$work/stderr" || head -n 1 "$work/stderr"; } | sed "s|$dir/||g; s|$work/||g")
  if [ "$status" = 124 ]; then message="still running after $limit s, stopped (a limit no longer refusing?)"; fi
}

# bytes_read ARGS...: the bytes that candor's read calls return when it runs with ARGS in $dir (a second run, under
# strace, not timed); empty when strace is not installed or cannot trace.
bytes_read() {
  command -v strace >/dev/null || return 0
  rm -rf "$dir/out"
  (cd "$dir" && timeout "$limit" strace -f -qq -e trace=read -e signal=none -o "$work/strace" "$CANDOR_BIN" "$@" >/dev/null 2>&1) || true
  awk '/ = [0-9]+$/ { total += $NF; reads++ } END { if (reads) printf "%d", total }' "$work/strace" 2>/dev/null || true
}

# row INPUT EXPECTED OUTCOME: prints the row. EXPECTED is an extended regular expression that the outcome check
# ($check, built by the row) must match; OUTCOME is what the row then says. Otherwise the row says UNEXPECTED.
row() {
  local label=$1 expected=$2 outcome=$3 time memory
  time=$(awk -v s="$seconds" -v c="$(awk -v u="$user" -v k="$system" 'BEGIN { print u + k }')" \
    'BEGIN { printf "%.2f s (CPU %.2f s)", s, c }')
  memory=$(awk -v k="$kilobytes" 'BEGIN { m = int(k / 1024 + 0.5)
    if (m >= 1000) printf "%d,%03d MiB", m / 1000, m % 1000; else printf "%d MiB", m }')
  if [[ ! $check =~ $expected ]]; then
    outcome="UNEXPECTED: exit $status, \`${message:-(nothing on standard error)}\`"
    unexpected=1
  fi
  echo "| $label | $time | $memory | $outcome |"
  rm -rf "$dir"
}

# The files written into $dir/out, in name order, each followed by a space.
files() { find "$dir/out" -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort | tr '\n' ' ' || true; }

# The message without its "file:line:column: error: " prefix.
gist() { sed -E 's/^[^ ]*:[0-9]+:[0-9]+: (error|warning): //' <<<"$message"; }

# message_row INPUT FILE LABEL EXPECTED OUTCOME ARGS...: writes INPUT, runs candor with ARGS and prints the row,
# whose check is the exit status and the message. In LABEL, @size is FILE's size; in OUTCOME, @gist is the message
# without its location and @message the message.
message_row() {
  local name=$1 file=$2 label=$3 expected=$4 outcome=$5 bytes
  shift 5
  input "$name"
  bytes=$(size "$dir/$file")
  measure "$@"
  check="$status $message"
  outcome=${outcome//@gist/$(gist)}
  row "${label//@size/$bytes}" "$expected" "exit $status: ${outcome//@message/$message}"
}

# --- For comparison: what candor takes to validate the example response as it ships ------------------------------

dir=$work/example
mkdir -p "$dir"
cp "$root/Examples/response-alderglen-cloud.xml" "$dir/response.xml"
measure validate response.xml
check="$status $(cat "$work/stdout")"
row "for comparison: the example response as it ships ($(size "$dir/response.xml"))" \
  '^0 response\.xml: response: valid$' "exit $status: valid"

# --- XML documents: `candor validate` ---------------------------------------------------------------------------

message_row attributes-on-one-element response.xml "200,000 attributes on one element (@size)" \
  '^2 response\.xml:[0-9]+:[0-9]+: error: element <vendor> has more than 64 attributes; the limit is 64$' \
  'refused at the element, before parsing (`--max-attributes`): `@gist`' validate response.xml

message_row namespace-declarations response.xml "1,000,000 namespace declarations on one element (@size)" \
  '^2 response\.xml:[0-9]+:[0-9]+: error: element <vendor> has more than 64 attributes; the limit is 64$' \
  'refused before parsing (`--max-attributes`, which counts namespace declarations): `@gist`' validate response.xml

message_row total-attributes response.xml \
  "64 attributes on each of 140,000 elements, 8,960,000 attributes (@size)" \
  '^2 response\.xml:[0-9]+:[0-9]+: error: more than 4000000 attributes in the document \(at element <a>\); the limit is 4000000$' \
  'refused before parsing (`--max-total-attributes`): `@gist`' validate response.xml

# Within every limit, these two are parsed in full; the schema then refuses the content (<g>, <a> are no elements
# of a response), which is the most a response can cost before candor reads it.
message_row namespaces-in-scope response.xml "64 namespace declarations in scope over 1.9 million elements (@size)" \
  "^2 response\\.xml:[0-9]+:[0-9]+: error: element 'g': This element is not expected" \
  'parsed (within every limit), then refused by the schema' validate response.xml

message_row most-elements response.xml "2,000,000 elements with 2 attributes each (@size): the most the limits allow" \
  "^2 response\\.xml:[0-9]+:[0-9]+: error: element 'a': This element is not expected" \
  'parsed (within every limit), then refused by the schema' validate response.xml

# --- Workbooks: `candor import` ---------------------------------------------------------------------------------

import=(import book.xlsx --vendor acme --submitted 2026-10-12 --out out/acme.xml)

message_row xlsx-attributes book.xlsx "a @size .xlsx with 200,000 attributes in its sheet" \
  '^2 book\.xlsx\[xl/worksheets/sheet1\.xml\]:[0-9]+:[0-9]+: error: element <c> has more than 64 attributes; the limit is 64$' \
  'refused before parsing, located in the part: `@message`' "${import[@]}"

input xlsx-most-part
measure "${import[@]}"
check="$status $(grep -c 'the limit is' "$work/stderr" || true) $(if [ -s "$dir/out/acme.xml" ]; then echo written; fi)"
row "an $(size "$dir/book.xlsx") .xlsx whose sheet part holds 500,000 elements and 500,000 attributes: the most the limits allow" \
  '^0 0 written$' \
  "exit $status: parsed (within every limit), one answer imported"

message_row xlsx-million-cells book.xlsx "a @size .xlsx whose 16 MB sheet part holds 1,000,000 cells of 2 attributes" \
  '^2 book\.xlsx\[xl/worksheets/sheet1\.xml\]:[0-9]+:[0-9]+: error: more than 500000 attributes in the document \(at element <c>\); the limit is 500000$' \
  'refused before parsing (500,000 attributes per part): `@gist`' "${import[@]}"

# --- Responses with evidence: `candor assess`, with the example incidents ----------------------------------------

incidents=$root/Examples/incidents.xml

input evidence-in-one-answer
measure assess response.xml --incidents "$incidents" --out out
check="$status $message; $(if [ -e "$dir/out" ]; then echo something; else echo nothing; fi) written"
row "986,000 \`<evidence>\` in one answer ($(size "$dir/response.xml"))" \
  '^2 response\.xml:[0-9]+:[0-9]+: error: more than 100 pieces of evidence for one answer; the limit is 100 \(see --max-evidence-per-answer\); nothing written$' \
  "exit $status: refused after parsing (\`--max-evidence-per-answer\`), nothing written: \`$(gist)\`"

input evidence-every-format
measure assess response.xml --incidents "$incidents" --format md,html,xml,svg,csv,oscal --out out
reports=$(du -sb "$dir/out" 2>/dev/null | awk '{ printf "%.1f MB", $1 / 1000000 }' || true)
check="$status $(files)"
row "7,600 pieces of evidence (100 on each of 76 answers, $(size "$dir/response.xml")), every format" \
  '^0 .*alderglen-cloud\.chart\.svg .*alderglen-cloud\.oscal-ar\.json .*alderglen-cloud\.report\.html ' \
  "exit $status: read; $reports of reports"

input evidence-spellings
measure assess response.xml --incidents "$incidents" --evidence-dir evidence --format xml --out out
verified=$(grep -o '<evidence-file [^>]*state="verified"' "$dir/out/alderglen-cloud.report.xml" 2>/dev/null | wc -l \
  || true)
read_total=$(bytes_read assess response.xml --incidents "$incidents" --evidence-dir evidence --format xml --out out)
check="$status $verified ${read_total:-0}"
if [ -n "$read_total" ]; then
  hashed=$(awk -v b="$read_total" 'BEGIN { printf "hashed once: %.1f MB read in all", b / 1000000 }')
  row "one 50 MB evidence file under 200 spellings (\`x.pdf\`, \`./x.pdf\`, \`././x.pdf\` …)" \
    '^0 200 [5-9][0-9]{7}$' "exit $status: 200 references verified, $hashed"
else
  row "one 50 MB evidence file under 200 spellings (\`x.pdf\`, \`./x.pdf\`, \`././x.pdf\` …)" \
    '^0 200 ' "exit $status: 200 references verified (install strace to count the bytes read)"
fi

input evidence-sparse
truncate -s 20G "$dir/evidence/huge.bin"
measure assess response.xml --incidents "$incidents" --evidence-dir evidence --format xml --out out
refusal=$(grep -o '<evidence-file ref="huge.bin" state="refused">[^<]*' "$dir/out/alderglen-cloud.report.xml" \
  2>/dev/null | sed 's/.*>//' || true)
check="$status $refusal"
row "a 20 GB sparse evidence file" \
  '^0 the file is 21474836480 bytes, more than the limit of 1073741824 bytes for an evidence file; it was not read$' \
  "exit $status: refused from its size, unread: \`$refusal\`"

# --- White space in a response: `candor assess` ----------------------------------------------------------------

input white-space
measure assess response.xml --incidents "$incidents" --out out
check="$status $(files)"
row "60 MB of white space in a response ($(size "$dir/response.xml"))" '^0 .*alderglen-cloud\.report\.xml ' \
  "exit $status: read and assessed"

input line-breaks
measure assess response.xml --incidents "$incidents" --out out
check="$status $(files)"
row "60 MB of line breaks in a response ($(size "$dir/response.xml"))" '^0 .*alderglen-cloud\.report\.xml ' \
  "exit $status: read and assessed"

exit $unexpected
