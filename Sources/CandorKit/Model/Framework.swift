import CandorXML

/// Reference data for one framework: the references a questionnaire may map to, in candor's own words, which of
/// them are key, and (for the AI Act) the application calendar.
public struct Framework: Sendable {
  public var id: String
  public var shortName: String
  public var title: String
  public var sources: [Source]
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
    public var location: SourceLocation

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

  /// An application calendar in one profile (for example "original" and "omnibus").
  public struct Calendar: Sendable, Hashable {
    public var profile: String
    public var title: String
    public var milestones: [Milestone]
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
