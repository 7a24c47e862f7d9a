#!/usr/bin/env python3
"""Writes the hostile inputs that scripts/measure-limits.sh runs candor on (docs/safety.md, "Memory and time").

    scripts/measure-limits.py INPUT FOLDER

writes the files of INPUT into FOLDER (which must exist) and prints nothing. The responses start from
Examples/response-alderglen-cloud.xml, so that what is read is a response to the bundled questionnaire; the
workbooks are laid out as Tests/CandorKitTests/WorkbookBuilder.swift lays them out. Standard library only.
"""

import hashlib
import os
import sys
import xml.etree.ElementTree as ET
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(ROOT, "Examples", "response-alderglen-cloud.xml")
RESPONSE_NS = "urn:candor:response:1"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
# The start of a response with the required attributes and children; the schema then refuses what follows.
RESPONSE_HEAD = (
    '<response xmlns="urn:candor:response:1" questionnaire="aiops-governance" questionnaire-version="1.1.0"'
)
RESPONSE_CHILDREN = '<vendor id="acme" name="Acme"/><submitted>2026-10-12</submitted>'


def example_text():
    with open(EXAMPLE, encoding="utf-8") as file:
        return file.read()


def write_text(path, *pieces):
    with open(path, "w", encoding="utf-8") as file:
        for piece in pieces:
            file.write(piece)


def insert_after(text, marker, inserted):
    """`text` with `inserted` right after the first `marker`."""
    at = text.index(marker) + len(marker)
    return text[:at] + inserted + text[at:]


# --- XML documents (candor validate) ---------------------------------------------------------------------------


def attributes_on_one_element(folder):
    """200,000 attributes on the example's <vendor> element."""
    attributes = "".join(f' a{index}="1"' for index in range(200_000))
    write_text(os.path.join(folder, "response.xml"), insert_after(example_text(), "<vendor", attributes))


def namespace_declarations(folder):
    """1,000,000 namespace declarations on the example's <vendor> element."""
    declarations = "".join(f' xmlns:ns{index}="urn:ns{index}"' for index in range(1_000_000))
    write_text(os.path.join(folder, "response.xml"), insert_after(example_text(), "<vendor", declarations))


def total_attributes(folder):
    """140,000 elements of 64 attributes each: 8,960,000 attributes, more than --max-total-attributes."""
    element = "<a" + "".join(f' a{index}=""' for index in range(64)) + "/>\n"
    write_text(
        os.path.join(folder, "response.xml"), RESPONSE_HEAD, ">", RESPONSE_CHILDREN, element * 140_000, "</response>"
    )


def namespaces_in_scope(folder):
    """64 namespace declarations in scope (62 on the root, 2 on a wrapper) over 1.9 million elements."""
    root = RESPONSE_HEAD + "".join(f' xmlns:p{index}="urn:p:{index}"' for index in range(1, 62)) + ">"
    wrapper = '<g xmlns:p62="urn:p:62" xmlns:p63="urn:p:63">'
    write_text(
        os.path.join(folder, "response.xml"), root, RESPONSE_CHILDREN, wrapper, "<a/>" * 1_900_000, "</g></response>"
    )


def most_elements(folder):
    """2,000,000 elements (the root, <vendor>, <submitted> and 1,999,997 more), 2 attributes each: 3,999,999
    attributes, the most --max-elements and --max-total-attributes allow."""
    write_text(
        os.path.join(folder, "response.xml"),
        RESPONSE_HEAD,
        ">",
        RESPONSE_CHILDREN,
        '<a b="" c=""/>' * 1_999_997,
        "</response>",
    )


# --- Workbooks (candor import) ---------------------------------------------------------------------------------


def worksheet(rows):
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheetData>{rows}</sheetData></worksheet>'
    )


def workbook(path, sheet):
    """An .xlsx whose first worksheet is `sheet`, with the parts a spreadsheet program writes, deflated."""
    parts = [
        (
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        ),
        (
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}">'
            f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        ),
        (
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
            '<sheets><sheet name="Answers" sheetId="1" r:id="rId1"/></sheets></workbook>',
        ),
        (
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}">'
            f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>",
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in parts:
            archive.writestr(name, text)


def inline_cell(reference, text):
    return f'<c r="{reference}" s="0" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_AND_ANSWER = (
    f'<row r="1">{inline_cell("A1", "Question ID")}{inline_cell("B1", "Answer")}</row>'
    f'<row r="2">{inline_cell("A2", "IDP-01.1")}{inline_cell("B2", "yes")}</row>'
)


def xlsx_attributes(folder):
    """A worksheet whose one cell has 200,000 attributes."""
    attributes = "".join(f' a{index}="1"' for index in range(200_000))
    workbook(os.path.join(folder, "book.xlsx"), worksheet(f'<row r="1"><c r="A1"{attributes}><v>1</v></c></row>'))


def xlsx_most_part(folder):
    """A worksheet part of exactly 500,000 elements and 500,000 attributes, the most a part may hold: a header
    row, one answer and a row of 499,983 empty cells (which import skips)."""
    # <worksheet>, <sheetData> and 2 rows of 2 cells of 3 elements each: 16 elements; 2 + 2 + 4 × 3 = 16
    # attributes. The third row and its 499,983 cells: 499,984 elements and 499,984 attributes.
    empty = '<c s="0"/>' * 499_982
    workbook(
        os.path.join(folder, "book.xlsx"),
        worksheet(HEADER_AND_ANSWER + f'<row r="3"><c r="C3"/>{empty}</row>'),
    )


def xlsx_million_cells(folder):
    """A 16 MB worksheet part of 1,000,000 cells of 2 attributes each, twice the attributes a part may hold."""
    workbook(os.path.join(folder, "book.xlsx"), worksheet('<row r="1">' + '<c s="0" t="n"/>' * 1_000_000 + "</row>"))


# --- Responses with evidence (candor assess) -------------------------------------------------------------------

ET.register_namespace("", RESPONSE_NS)


def tag(name):
    return f"{{{RESPONSE_NS}}}{name}"


def example_without_evidence():
    """The example response's tree with every piece of evidence removed, and its answers."""
    tree = ET.parse(EXAMPLE)
    answers = tree.getroot().findall(tag("answer"))
    for answer in answers:
        for evidence in answer.findall(tag("evidence")):
            answer.remove(evidence)
    return tree, answers


def add_evidence(answer, ref, kind="document", origin="vendor", sha256=None, text="Evidence"):
    evidence = ET.SubElement(answer, tag("evidence"), {"kind": kind, "origin": origin, "ref": ref})
    if sha256:
        evidence.set("sha256", sha256)
    evidence.text = text


def serialized(tree):
    ET.indent(tree, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(tree.getroot(), encoding="unicode") + "\n"


def evidence_in_one_answer(folder):
    """986,000 pieces of evidence in the first answer (63 MB, within the 64 MiB size limit)."""
    tree, answers = example_without_evidence()
    add_evidence(answers[0], "marker")
    text = serialized(tree)
    marker = '<evidence kind="document" origin="vendor" ref="marker">Evidence</evidence>'
    before, after = text.split(marker)
    piece = '<evidence kind="document" origin="vendor" ref="x">e</evidence>\n'
    write_text(os.path.join(folder, "response.xml"), before, piece * 986_000, after)


def evidence_every_format(folder):
    """7,600 pieces of evidence: 100 on each of the first 76 answers, each its own reference."""
    tree, answers = example_without_evidence()
    for number, answer in enumerate(answers[:76]):
        question = answer.get("question")
        for piece in range(100):
            add_evidence(
                answer,
                f"evidence/{question}/{piece:03}.pdf",
                kind=("audit-report", "policy", "test-report", "configuration")[piece % 4],
                origin=("independent", "vendor")[piece % 2],
                text=f"Evidence {piece} for {question}: a document of the vendor's governance of agents",
            )
    write_text(os.path.join(folder, "response.xml"), serialized(tree))


def evidence_spellings(folder):
    """A 50 MB file evidence/x.pdf, with its SHA-256, under 200 spellings (x.pdf, ./x.pdf, ././x.pdf, ...) on the
    first two answers."""
    os.makedirs(os.path.join(folder, "evidence"))
    block = bytes(range(256)) * 4096  # 1 MiB
    digest = hashlib.sha256()
    with open(os.path.join(folder, "evidence", "x.pdf"), "wb") as file:
        remaining = 50_000_000
        while remaining:
            chunk = block[: min(len(block), remaining)]
            file.write(chunk)
            digest.update(chunk)
            remaining -= len(chunk)
    tree, answers = example_without_evidence()
    for spelling in range(200):
        add_evidence(answers[spelling // 100], "./" * spelling + "x.pdf", sha256=digest.hexdigest())
    write_text(os.path.join(folder, "response.xml"), serialized(tree))


def evidence_sparse(folder):
    """A response whose one piece of evidence is evidence/huge.bin (the script makes it a 20 GB sparse file)."""
    os.makedirs(os.path.join(folder, "evidence"))
    tree, answers = example_without_evidence()
    add_evidence(answers[0], "huge.bin")
    write_text(os.path.join(folder, "response.xml"), serialized(tree))


def white_space(folder):
    """The example response with 60,000,000 spaces between <submitted> and the first answer."""
    write_text(os.path.join(folder, "response.xml"), insert_after(example_text(), "</submitted>", " " * 60_000_000))


def line_breaks(folder):
    """The example response with 60,000,000 line breaks between <submitted> and the first answer."""
    write_text(os.path.join(folder, "response.xml"), insert_after(example_text(), "</submitted>", "\n" * 60_000_000))


INPUTS = {
    "attributes-on-one-element": attributes_on_one_element,
    "namespace-declarations": namespace_declarations,
    "total-attributes": total_attributes,
    "namespaces-in-scope": namespaces_in_scope,
    "most-elements": most_elements,
    "xlsx-attributes": xlsx_attributes,
    "xlsx-most-part": xlsx_most_part,
    "xlsx-million-cells": xlsx_million_cells,
    "evidence-in-one-answer": evidence_in_one_answer,
    "evidence-every-format": evidence_every_format,
    "evidence-spellings": evidence_spellings,
    "evidence-sparse": evidence_sparse,
    "white-space": white_space,
    "line-breaks": line_breaks,
}

if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in INPUTS:
        sys.exit(f"usage: {sys.argv[0]} INPUT FOLDER; INPUT is one of: {', '.join(INPUTS)}")
    INPUTS[sys.argv[1]](sys.argv[2])
