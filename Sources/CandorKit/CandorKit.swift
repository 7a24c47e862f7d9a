// CandorKit: candor's domain, one folder per pipeline stage.
//
// Loading/   hardened parse, schema validation and semantic checks of questionnaires, responses, incidents
// Scoring/   claimed and verified scores with their traces, gates, the rating, follow-ups
// Incidents/ contradictions between claims and observed behaviours; the disclosure record
// Reports/   report.xml, report.md (Mustache), chart.svg, OSCAL
// Catalog/   coverage of framework references by controls
// Policy/    procurement policies and their verdicts
// Run/       the runs behind the commands: assess, compare, demo
// Files/     the file-system edge: reading inputs with caps, hashing evidence, writing reports atomically
