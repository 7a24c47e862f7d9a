import CandorXML

/// Reference data for one framework: the references a questionnaire may map to, in candor's own words, which of
/// them are key, whom each binds and when, and (for the AI Act) the application calendar.
public struct Framework: Sendable {
  public var id: String
  public var shortName: String
  public var title: String
  public var sources: [Source]
  /// What a reader of the coverage matrix must know to read it right.
  public var notes: [String]
  public var references: [Reference]
  public var calendars: [Calendar]
  public var location: SourceLocation

  /// Where the framework's text is published.
  public struct Source: Sendable, Hashable {
    public var title: String
    public var url: String?
  }

  /// An article, paragraph, subcategory or control.
  public struct Reference: Sendable, Hashable {
    public var id: String
    public var title: String
    /// A key reference is listed by a coverage matrix even when no control covers it.
    public var key: Bool
    /// Whom the duty binds, when the data says (for example provider, deployer, financial entity).
    public var parties: [Party]
    /// When the duty binds, when it does not bind always.
    public var condition: Condition?
    public var location: SourceLocation

    /// "provider, if high-risk"; "financial entity, for a critical or important function"; nil when the data
    /// names neither a party nor a condition.
    public var binds: String? {
      let parties = parties.map(\.description).joined(separator: " and ")
      switch (parties.isEmpty, condition) {
      case (true, nil): return nil
      case (true, let condition?): return condition.description
      case (false, nil): return parties
      case (false, let condition?): return parties + ", " + condition.description
      }
    }

    /// Whether this reference covers a mapping to `mapped`: the same reference, or one below it
    /// ("Art. 14" covers "Art. 14(4)(e)"; "AC-6" covers "AC-6(9)"; "A.6.2" covers "A.6.2.8").
    public func covers(_ mapped: String) -> Bool {
      var mapped = mapped
      var id = id
      // ASCII references (all of the bundled data's) compare as bytes; anything else as Characters.
      let ascii = mapped.withUTF8 { m in
        id.withUTF8 { i -> Bool? in
          guard m.allSatisfy({ $0 < 0x80 }), i.allSatisfy({ $0 < 0x80 }) else { return nil }
          guard m.count >= i.count, m.starts(with: i) else { return false }
          return m.count == i.count || m[i.count] == UInt8(ascii: "(") || m[i.count] == UInt8(ascii: ".")
        }
      }
      return ascii ?? (mapped == id || mapped.hasPrefix(id + "(") || mapped.hasPrefix(id + "."))
    }
  }

  /// Whom a duty binds.
  public enum Party: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// AI Act: the provider of the AI system (who develops it and puts it on the market or into service).
    case provider
    /// AI Act: the deployer (who uses the system under its authority).
    case deployer
    /// DORA: the financial entity; an ICT provider is reached through the contract (Arts. 28 to 30).
    case financialEntity = "financial-entity"
    /// NIS2: the essential or important entity (a cloud provider is one).
    case entity
    /// A CSIRT, competent authority or market surveillance authority.
    case authority

    public var description: String {
      switch self {
      case .financialEntity: "financial entity"
      default: rawValue
      }
    }
  }

  /// When a duty binds, when not always.
  public enum Condition: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Only an AI system classified as high-risk (AI Act Art. 6).
    case highRisk = "high-risk"
    /// Only a contract for ICT services that support a critical or important function (DORA Art. 30(3)).
    case criticalOrImportantFunction = "critical-or-important-function"

    public var description: String {
      switch self {
      case .highRisk: "if high-risk"
      case .criticalOrImportantFunction: "if it supports a critical or important function"
      }
    }
  }

  /// An application calendar in one profile (for example "original" and "omnibus"), with its legal status.
  public struct Calendar: Sendable, Hashable {
    public var profile: String
    public var title: String
    public var status: LegalStatus
    /// The Official Journal reference, when verified; nil when it has not been verified.
    public var officialJournal: String?
    /// What the profile rests on.
    public var sources: [Source]
    public var milestones: [Milestone]

    /// "in force (OJ L, 2024/1689, 12.7.2024)"; "adopted; Official Journal reference not verified".
    public var statusText: String {
      status.description + (officialJournal.map { " (\($0))" } ?? "; Official Journal reference not verified")
    }
  }

  /// The legal status of a calendar profile.
  public enum LegalStatus: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Published in the Official Journal and in force.
    case inForce = "in-force"
    /// Adopted by the legislators; not (or not verifiably) published in the Official Journal.
    case adopted
    /// A provisional political agreement, not yet adopted.
    case provisionalAgreement = "provisional-agreement"
    /// A proposal.
    case proposal

    public var description: String {
      switch self {
      case .inForce: "in force"
      case .adopted: "adopted by the legislators, not yet in force"
      case .provisionalAgreement: "provisional political agreement, not adopted"
      case .proposal: "proposal"
      }
    }
  }

  /// From `date`, what the text names applies.
  public struct Milestone: Sendable, Hashable {
    public var date: CalendarDate
    public var text: String
  }

  /// The reference with exactly `id`.
  public func reference(_ id: String) -> Reference? { references.first { $0.id == id } }

  /// The key references.
  public var keyReferences: [Reference] { references.filter(\.key) }

  /// A known reference close to `id`, to suggest in a message.
  func closestReference(to id: String) -> String? { closestMatch(to: id, in: references.map(\.id)) }
}

/// The framework reference data known to a run (the bundled files, Questionnaires/frameworks/).
public struct FrameworkCatalog: Sendable {
  public var frameworks: [Framework]

  public init(frameworks: [Framework]) {
    self.frameworks = frameworks
  }

  /// The framework with `id`, if the catalog has data for it.
  public func framework(_ id: String) -> Framework? { frameworks.first { $0.id == id } }
}
