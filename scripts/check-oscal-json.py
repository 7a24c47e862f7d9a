#!/usr/bin/env python3
"""Checks candor's OSCAL assessment results in JSON with a real consumer.

Every file given is loaded with compliance-trestle
(trestle.oscal.assessment_results.AssessmentResults.oscal_read), the Python OSCAL
library GRC tooling builds on, and validated against NIST's OSCAL JSON schema with
jsonschema when a schema is given with --schema. Exits 1 when any file fails.

Usage: check-oscal-json.py [--schema oscal_assessment-results_schema.json] FILE.json...
"""
import argparse
import json
import pathlib
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schema", type=pathlib.Path, help="NIST's OSCAL assessment-results JSON schema")
    parser.add_argument("files", nargs="+", type=pathlib.Path)
    args = parser.parse_args()

    from trestle.oscal.assessment_results import AssessmentResults

    validator = None
    if args.schema:
        import jsonschema

        # NIST's patterns use \p{L} and \p{N}, which Python's re lacks: \p{L} is [^\W\d_] (letters) and \p{N} is
        # narrowed to \d (decimal digits), which can only make the check stricter.
        text = args.schema.read_text(encoding="utf-8")
        text = text.replace("\\\\p{L}", "[^\\\\W\\\\d_]").replace("\\\\p{N}", "\\\\d")
        schema = json.loads(text)
        validator_class = jsonschema.validators.validator_for(schema)
        validator_class.check_schema(schema)
        validator = validator_class(schema)

    failures = 0
    for path in args.files:
        problems = []
        try:
            results = AssessmentResults.oscal_read(path)
            if results is None:
                problems.append("trestle read nothing")
            else:
                count = sum(
                    len(result.observations or []) + len(result.risks or []) + len(result.findings or [])
                    for result in results.results
                )
        except Exception as error:  # trestle raises TrestleError wrapping pydantic's ValidationError
            problems.append(f"trestle: {error}")
        if validator is not None:
            document = json.loads(path.read_text(encoding="utf-8"))
            for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
                location = "/".join(str(part) for part in error.absolute_path)
                problems.append(f"json schema: {location}: {error.message[:300]}")
        if problems:
            failures += 1
            print(f"FAIL {path}")
            for problem in problems[:20]:
                print(f"  {problem}")
        else:
            checks = "trestle" + (" + NIST JSON schema" if validator is not None else "")
            print(f"ok   {path} ({checks}; {count} observations, risks and findings)")
    print(f"{len(args.files) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
