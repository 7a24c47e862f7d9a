import ArgumentParser
import CandorKit

/// Enumerated option values matched without regard to case (`--fail-on Critical`, `--format CSV`); the help lists
/// the values once, from `allValueStrings`, so option help texts do not repeat them.
enum CaseInsensitive {
  /// The case of `Value` whose raw value is `argument` in any case.
  static func value<Value: RawRepresentable & CaseIterable>(_ argument: String) -> Value?
  where Value.RawValue == String {
    Value.allCases.first { $0.rawValue.lowercased() == argument.lowercased() }
  }
}

extension Rating: ExpressibleByArgument {
  public init?(argument: String) {
    guard let value: Rating = CaseInsensitive.value(argument) else { return nil }
    self = value
  }
}

extension FormConfiguration.Format: ExpressibleByArgument {
  public init?(argument: String) {
    guard let value: FormConfiguration.Format = CaseInsensitive.value(argument) else { return nil }
    self = value
  }
}

extension FeedKind: ExpressibleByArgument {
  public init?(argument: String) {
    guard let value: FeedKind = CaseInsensitive.value(argument) else { return nil }
    self = value
  }
}
