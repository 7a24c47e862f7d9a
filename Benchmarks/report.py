#!/usr/bin/env python3
"""Writes BENCHMARKS.md from the results of Benchmarks/run.sh (interleave.py JSON, GNU time peak memory).

    report.py RESULTS_DIR ANALYSIS.md REPO_ROOT > BENCHMARKS.md
"""

import glob
import json
import os
import statistics
import sys
import xml.etree.ElementTree as ET


def load(path):
    with open(path) as file:
        return json.load(file)["results"]


def median_ms(result):
    return statistics.median(result["times"]) * 1000


def seconds(ms):
    return "%.3f s" % (ms / 1000) if ms >= 1000 else "%.1f ms" % ms


def spread(result):
    times = [t * 1000 for t in result["times"]]
    return "%s – %s" % (seconds(min(times)), seconds(max(times)))


def verdict(met):
    return "**met**" if met else "**not met**"


def main(results, analysis_path, root):
    machine = {}
    with open(os.path.join(results, "machine.txt")) as file:
        for line in file:
            key, _, value = line.rstrip("\n").partition("=")
            machine[key] = value

    def short(command):
        return command.replace(root + "/", "")

    one = {r["command"]: r for r in load(os.path.join(results, "one.json"))}
    compare = {r["command"]: r for r in load(os.path.join(results, "compare.json"))}
    sizes = [int(n) for n in machine["sizes"].split()]
    growth_runs = {r["command"]: r for r in load(os.path.join(results, "growth.json"))}
    growth = {n: growth_runs["%d vendors" % n] for n in sizes}
    memory = {}
    for n in sizes:
        values = []
        for path in glob.glob(os.path.join(results, "memory-%d-*.txt" % n)):
            with open(path) as file:
                values.append(int(file.read().split()[-1]))
        memory[n] = statistics.median(values) / 1024

    candor_one = median_ms(one["candor assess"])
    adlor_one = median_ms(one["adlor-caiq export"])
    candor_compare = median_ms(compare["candor compare --format xml"])
    candor_people = median_ms(compare["candor compare --format md,xml,svg,html"])
    xmllint_compare = median_ms(compare["xmllint --noout"])
    floor = median_ms(compare["xmllint --noout --schema"])
    validate = {r["command"]: r for r in load(os.path.join(results, "validate.json"))}
    candor_validate = median_ms(validate["candor validate"])
    validate_floor = median_ms(validate["xmllint --noout --schema"])

    out = []
    w = out.append
    w("# Benchmarks")
    w("")
    w("Written by `Benchmarks/run.sh` (see Benchmarks/README.md); do not edit by hand: run the script again.")
    w("Every figure is a whole-process wall time, the **median** of the runs, measured by "
      "`Benchmarks/interleave.py`; peak memory is GNU time's maximum resident set size (median of the runs). "
      "The commands of each comparison run in turns (A, B, C, A, B, C, …) in the same run of the script, so that "
      "a change in the machine's load touches them alike, and each comparison is given as a ratio. "
      "Each run that writes reports writes them into a new folder (`{out}` in the commands below), removed after the "
      "last round (Benchmarks/analysis.md says why).")
    w("")
    if machine.get("quick") == "1":
        w("> **Quick run** (`--quick`): fewer runs and no 10,000-vendor step. Not the reference numbers.")
        w("")
    w("## Machine")
    w("")
    w("| | |")
    w("|---|---|")
    w("| Date | %s |" % machine["date"])
    w("| Commit | %s |" % machine["commit"])
    w("| Processors (`nproc`) | %s |" % machine["nproc"])
    w("| CPU | %s |" % machine["cpu"])
    w("| Memory | %s |" % machine["memory"])
    w("| OS | %s |" % machine["os"])
    w("| Swift | %s |" % machine["swift"])
    w("| libxml2 | %s |" % machine["libxml2"])
    w("| Python / adlor-caiq | %s / adlor-caiq %s |" % (machine["python"], machine["adlor"]))
    w("| Load average when the script ended | %s |" % machine["load"])
    w("")
    w("The machine is shared: other builds and a fuzzer may run at the same time, which is why only medians "
      "and ratios measured side by side are quoted.")
    w("")

    w("## Targets")
    w("")
    w("| Target | Measured | |")
    w("|---|---|---|")
    dynamic = median_ms(one["candor assess (dynamically linked build)"])
    w("| One vendor end to end (the default formats): under 40 ms | %s (dynamically linked build: %s) | %s |" % (
        seconds(candor_one), seconds(dynamic), verdict(candor_one < 40)))
    w("| … and at least 8x faster than adlor-caiq | %.1fx faster (%s vs %s) | %s |" % (
        adlor_one / candor_one, seconds(candor_one), seconds(adlor_one), verdict(adlor_one / candor_one >= 8)))
    w("| 1,000 vendors + 10,000 incidents, `compare --format xml`: at most 2x the floor (parse + validate) | "
      "%.2fx (%s vs %s) | %s |" % (candor_compare / floor, seconds(candor_compare), seconds(floor),
                                  verdict(candor_compare <= 2 * floor)))
    w("| … `compare --format md,xml,svg,html`: at most 3x the floor | %.2fx (%s vs %s) | %s |" % (
        candor_people / floor, seconds(candor_people), seconds(floor), verdict(candor_people <= 3 * floor)))
    for a, b in zip(sizes, sizes[1:]):
        ratio = median_ms(growth[b]) / median_ms(growth[a])
        w("| Growth %s -> %s vendors (10x): at most 10.5x the time | %.1fx | %s |" % (
            "{:,}".format(a), "{:,}".format(b), ratio, verdict(ratio <= 10.5)))
    if 10000 in memory:
        w("| Peak memory at 10,000 vendors: under 200 MB | %.0f MiB | %s |" % (memory[10000], verdict(memory[10000] < 200)))
    w("| `candor validate` of 1,000 responses: within 1.5x of the floor | %.2fx (%s vs %s) | %s |" % (
        candor_validate / validate_floor, seconds(candor_validate), seconds(validate_floor),
        verdict(candor_validate <= 1.5 * validate_floor)))
    w("")
    w("The floor is parsing and validating the same input files against candor's schemas with `xmllint --noout "
      "--schema` (libxml2, one process per schema), measured in the same run: the part of candor's work that libxml2 "
      "does before anything is assessed or written.")
    w("")

    w("## 1. One vendor, shipped questionnaire, 10 incidents, the default formats")
    w("")
    w("| Command | Median | Min – max | Runs |")
    w("|---|---|---|---|")
    for name in ["candor assess", "candor assess (dynamically linked build)", "adlor-caiq export"]:
        r = one[name]
        w("| %s | %s | %s | %d |" % (name, seconds(median_ms(r)), spread(r), len(r["times"])))
    w("")
    dynamic_one = median_ms(one["candor assess (dynamically linked build)"])
    w("Ratio adlor-caiq / candor: **%.1f** (%.1f with the dynamically linked build)." % (
        adlor_one / candor_one, adlor_one / dynamic_one))
    w("")
    w("```")
    w(short(machine["assess_cmd"]))
    w(short(machine["assess_dynamic_cmd"]))
    w(short(machine["adlor_cmd"]))
    w("```")
    w("")
    w("`candor` is built with `swift build -c release --static-swift-stdlib` (the installed binary, see README); "
      "the dynamically linked build is plain `swift build -c release`, which loads the Swift runtime and Foundation "
      "as shared libraries at every start.")
    w("")
    q = "{urn:candor:questionnaire:1}"
    shipped = ET.parse(os.path.join(root, "Questionnaires", "aiops-governance.xml")).getroot()
    domains = len(list(shipped.iter(q + "domain")))
    controls = len(list(shipped.iter(q + "control")))
    questions = len(list(shipped.iter(q + "question")))
    w(f"candor reads the shipped questionnaire ({domains} domains, {controls} controls, {questions} questions), one "
      f"generated response ({questions} questions' answers with evidence and comments) and 10 incidents, validates "
      "each against its schema, and writes report.md, report.html, report.xml, chart.svg and followups.csv. "
      "adlor-caiq has a fixed bank of 34 questions; its input (`Benchmarks/adlor_input.py`) holds one YAML entry "
      f"per candor question, made from the same response: 34 carry adlor's question ids and are scored, "
      f"{questions - 34} are read and validated but not scored; it writes one Markdown report to standard output.")
    w("")

    w("## 2. 1,000 vendors and 10,000 incidents")
    w("")
    w("| Command | Median | Min – max | Runs |")
    w("|---|---|---|---|")
    for name in ["candor compare --format xml", "candor compare --format md,xml,svg,html", "xmllint --noout --schema",
                 "xmllint --noout"]:
        if name not in compare:
            continue
        r = compare[name]
        w("| %s | %s | %s | %d |" % (name, seconds(median_ms(r)), spread(r), len(r["times"])))
    w("")
    w("Ratio to the floor (`xmllint --noout --schema`): **%.2f** with `--format xml`, **%.2f** with "
      "`--format md,xml,svg,html`. (The floor is %.2fx plain parsing, `xmllint --noout`.)"
      % (candor_compare / floor, candor_people / floor, floor / xmllint_compare))
    w("")
    w("```")
    w(short(machine["compare_cmd"]))
    w(short(machine["compare_people_cmd"]))
    w(short(machine["xmllint_schema_cmd"]))
    w(short(machine["xmllint_cmd"]))
    w("```")
    w("")
    w("All read the same 1,011 files (the questionnaire, 1,000 responses, 10 incident files of 1,000 incidents). "
      "candor validates every file against its XSD, assesses every vendor and writes every vendor's reports in the "
      "formats asked and the comparison, which refers to each report by SHA-256 instead of embedding it.")
    w("")
    w("### candor validate")
    w("")
    w("| Command | Median | Min – max | Runs |")
    w("|---|---|---|---|")
    for name in ["candor validate", "xmllint --noout --schema"]:
        r = validate[name]
        w("| %s | %s | %s | %d |" % (name, seconds(median_ms(r)), spread(r), len(r["times"])))
    w("")
    w("```")
    w(short(machine["validate_cmd"]))
    w(short(machine["validate_floor_cmd"]))
    w("```")
    w("")
    w("candor validate also checks each response against the questionnaire it names (ids, options, numbers).")
    w("")

    w("## 3. Growth (10 incidents per vendor)")
    w("")
    w("| Vendors | Incidents | Median | Min – max | Runs | x previous | Peak memory |")
    w("|---|---|---|---|---|---|---|")
    previous = None
    for n in sizes:
        r = growth[n]
        factor = "%.1fx" % (median_ms(r) / median_ms(previous)) if previous else ""
        w("| %s | %s | %s | %s | %d | %s | %.0f MiB |" % (
            "{:,}".format(n), "{:,}".format(10 * n), seconds(median_ms(r)), spread(r), len(r["times"]), factor,
            memory[n]))
        previous = r
    w("")
    w("```")
    w(short(machine["growth_cmd"]))
    w("```")
    w("")
    with open(analysis_path) as file:
        w(file.read().rstrip("\n"))
    print("\n".join(out))


if __name__ == "__main__":
    main(*sys.argv[1:4])
