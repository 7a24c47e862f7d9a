/// Word lists the corpus draws names and sentences from. Invented, vendor-neutral wording; a few entries carry
/// characters that must be escaped in XML and Markdown, so that the reports' escaping is exercised at scale.
enum Vocabulary {
  static let companyStems = [
    "Nimbus", "Stratus", "Cirrus", "Aster", "Borealis", "Cobalt", "Delta", "Ember", "Fjord", "Granite", "Harbor",
    "Iris", "Juniper", "Kestrel", "Lumen", "Meridian", "Northwind", "Onyx", "Pinnacle", "Quarry", "Riverbend",
    "Sable", "Tamarack", "Umber", "Vantage", "Willow", "Xenon", "Yarrow", "Zephyr", "Alder", "Birch", "Cedar",
  ]
  static let companySuffixes = [
    "Cloud", "Ops", "Systems", "Automation", "Platform", "Networks", "Compute", "Infrastructure", "AIOps",
    "Labs & Co.", "Services", "Data",
  ]
  static let firstNames = [
    "Ada", "Bruno", "Chiara", "Dmitri", "Elif", "Farah", "Gustav", "Hana", "Igor", "Jun", "Kofi", "Lena", "Mateo",
    "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Soren", "Tariq", "Ulla", "Vera", "Wen", "Ximena", "Yusuf", "Zoë",
  ]
  static let lastNames = [
    "Andersen", "Baptiste", "Castellanos", "Dubois", "Eriksen", "Fontaine", "García", "Haddad", "Ivanova",
    "Jensen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "O'Neill", "Petrov", "Quispe", "Rossi", "Schmidt",
    "Tanaka", "Ueda", "Varga", "Wójcik", "Yilmaz", "Zhang",
  ]
  static let roles = [
    "Chief Information Security Officer", "Director, Cloud Compliance", "Head of Platform Reliability",
    "VP Trust & Safety", "Principal Engineer, Agent Platform", "Compliance Manager", "Chief Trust Officer",
  ]
  static let subjects = [
    "The agent platform", "Our tool gateway", "Each operations agent", "The approval service", "Every runbook",
    "The change pipeline", "Our stop switch", "The decision log", "The credential broker", "The canary controller",
    "The on-call team", "Our red team", "The evidence store", "The rollback service",
  ]
  static let verbs = [
    "enforces", "records", "refuses", "limits", "reviews", "tests", "rotates", "halts", "stages", "verifies",
    "exports", "signs", "replays", "escalates",
  ]
  static let objects = [
    "destructive actions before they run", "every privileged call", "credentials older than one hour",
    "changes to more than 5 % of a region", "approvals from a second engineer", "the agent's reasoning trace",
    "rollbacks every quarter", "prompts from untrusted tickets", "configuration drift against the baseline",
    "playbooks against the failure mode", "incident timelines for customers", "\"do not touch production\" rules",
  ]
  static let qualifiers = [
    "in every production region", "for all tenants", "since the 2025 audit", "except legacy maintenance agents",
    "on the Enterprise plan", "when the customer enables it", "with a <15 minute> target", "per ISO/IEC 42001 A.6",
    "— checked weekly", "unless break-glass is declared", "as shown in the *SOC 2* report", "(see | table 4)",
    "using [internal] tooling", "# by default", "at p99 & p50",
  ]
  static let evidenceTitles = [
    "SOC 2 Type II report", "ISO/IEC 27001 certificate", "ISO/IEC 42001 certificate", "Penetration test report",
    "Red-team report on the agent platform", "Approval policy export", "Stop-switch drill record",
    "Rollback test log", "Decision-log sample", "Credential broker configuration", "Change management policy",
    "Incident disclosure policy", "Canary rollout configuration", "Shared responsibility model",
  ]
  static let evidenceKinds = [
    "document", "policy", "attestation", "certification", "audit-report", "test-report", "log-sample",
    "configuration", "contract", "demonstration", "other",
  ]
  static let services = [
    "object storage", "managed database", "container platform", "DNS", "load balancing", "identity service",
    "monitoring pipeline", "billing console", "message queue", "virtual networking", "backup service",
  ]
  static let problems = [
    "outage", "data loss", "degraded performance", "deleted environment", "failed failover", "config rollback",
    "mass deprovisioning", "credential leak", "runaway remediation",
  ]
  static let regions = [
    "eu-west", "eu-central", "us-east", "us-west", "ap-south", "ap-northeast", "sa-east", "af-south", "me-central",
  ]
  static let sources = [
    "status page", "customer email", "vendor blog", "press statement", "post-incident review", "regulator filing",
    "industry press", "independent researchers", "court filing", "customer interviews", "internal documents",
    "auditor's letter", "national CSIRT advisory",
  ]
  static let findings = [
    "An agent ran a destructive playbook against the live environment", "Monitoring signals disagreed",
    "The stop switch took far longer than claimed", "Approval holds were bypassed by inherited permissions",
    "The change reached every region without a canary", "The vendor's account left out the agent's role",
    "Rollback did not restore the previous state", "No decision log showed why the action was chosen",
    "Instructions in a ticket changed what the agent did", "The root cause was never published",
  ]
}
