#!/usr/bin/env python3
"""Turns one candor vendor response (XML) into an adlor-caiq assessment (YAML) of comparable size.

adlor-caiq (https://pypi.org/project/adlor-caiq/) scores a fixed bank of 34 questions from a YAML file with one
entry per answer (question_id, answer YES/PARTIAL/NO/N/A/UNANSWERED, evidence_provided, assessor_notes,
confidence). candor's shipped questionnaire has more questions (132 in version 1.1.0), so the YAML gets one entry per
candor question, in order: the first 34 carry adlor's own question ids (and are scored), the others carry ids of their own
(EXT-035 ...), which adlor reads and validates like the others but does not score. Each entry's answer, evidence and
notes come from the candor answer: options map to YES/PARTIAL/NO/N/A, numbers to PARTIAL, free text to YES, a
question left unanswered to UNANSWERED; evidence is the evidence descriptions and references; notes are the comment.

    adlor_input.py RESPONSE.xml QUESTIONNAIRE.xml OUT.yaml
"""

import sys
import xml.etree.ElementTree as ET

ADLOR_IDS = [
    "GOV-01", "GOV-02", "GOV-03", "GOV-04", "GOV-05", "GOV-06", "DAT-01", "DAT-02", "DAT-03", "DAT-04", "DAT-05",
    "DAT-06", "TRN-01", "TRN-02", "TRN-03", "TRN-04", "TRN-05", "SEC-01", "SEC-02", "SEC-03", "SEC-04", "SEC-05",
    "SEC-06", "OPS-01", "OPS-02", "OPS-03", "OPS-04", "OPS-05", "REG-01", "REG-02", "REG-03", "REG-04", "REG-05",
    "REG-06",
]
R = "{urn:candor:response:1}"
Q = "{urn:candor:questionnaire:1}"


def quoted(text):
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def main(response_path, questionnaire_path, out_path):
    questions = [q.get("id") for q in ET.parse(questionnaire_path).getroot().iter(Q + "question")]
    root = ET.parse(response_path).getroot()
    vendor = root.find(R + "vendor")
    answers = {a.get("question"): a for a in root.findall(R + "answer")}
    lines = [
        "# adlor-caiq assessment generated from a candor response by Benchmarks/adlor_input.py",
        "vendor_name: " + quoted(vendor.get("name")),
        'vendor_product: "AIOps agent platform"',
        "assessment_date: " + quoted(root.findtext(R + "submitted").strip()),
        'assessor_name: "Benchmark"',
        'assessor_organisation: "candor"',
        "",
        "responses:",
    ]
    for index, question in enumerate(questions):
        answer = answers.get(question)
        if answer is None:
            status, evidence, notes = "UNANSWERED", "", ""
        else:
            value = answer.get("value")
            if value is not None:
                status = {"yes": "YES", "partial": "PARTIAL", "no": "NO"}.get(value, "N/A")
            elif answer.get("number") is not None:
                status = "PARTIAL"
            else:
                status = "YES"
            evidence = "; ".join(
                "%s (%s, %s)" % ((e.text or "").strip(), e.get("ref"), e.get("origin"))
                for e in answer.findall(R + "evidence"))
            notes = " ".join(filter(None, [(answer.findtext(R + "comment") or "").strip(), answer.get("text") or ""]))
        question_id = ADLOR_IDS[index] if index < len(ADLOR_IDS) else "EXT-%03d" % (index + 1)
        lines += [
            "  # candor question " + question,
            "  - question_id: " + quoted(question_id),
            "    answer: " + quoted(status),
            "    evidence_provided: " + quoted(evidence),
            "    assessor_notes: " + quoted(notes),
            "    confidence: %.1f" % (0.5 + (index % 5) / 10),
            "",
        ]
    with open(out_path, "w", encoding="utf-8") as out:
        out.write("\n".join(lines))


if __name__ == "__main__":
    main(*sys.argv[1:4])
