import CandorXML

/// The kinds of XML document candor reads, told apart by their root element and namespace.
public enum DocumentKind: String, Sendable, CaseIterable {
  case questionnaire
  case response
  case incidents
  case frameworks
  case report
  case comparison
  case diff
  case catalog
  case policy
  /// A run manifest, `candor-run.xml`.
  case run

  /// The namespace URI of the kind's root element.
  public var namespace: String {
    switch self {
    case .questionnaire: "urn:candor:questionnaire:1"
    case .response: "urn:candor:response:1"
    case .incidents: "urn:candor:incidents:1"
    case .frameworks: "urn:candor:frameworks:1"
    case .report, .comparison, .diff, .catalog: "urn:candor:report:1"
    case .policy: "urn:candor:policy:1"
    case .run: "urn:candor:run:1"
    }
  }

  /// The local name of the kind's root element.
  public var rootElement: String {
    switch self {
    case .frameworks: "framework"
    default: rawValue
    }
  }

  /// The path of the kind's schema among the bundled resources.
  var schemaPath: String {
    switch self {
    case .report, .comparison, .diff, .catalog: "Questionnaires/schema/report.xsd"
    default: "Questionnaires/schema/\(rawValue).xsd"
    }
  }

  /// The kind whose root element is `name` in `namespace`, if any.
  public static func detect(name: String, namespace: String?) -> DocumentKind? {
    allCases.first { $0.rootElement == name && $0.namespace == namespace }
  }
}
