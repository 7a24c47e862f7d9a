extension Vendor {
  /// Why `id` cannot be a vendor id, if it cannot: the response format's pattern (lower-case letters, digits and
  /// '-', starting with a letter or digit, at most 64 characters), which also keeps report file names safe.
  public static func problem(withID id: String) -> String? {
    let allowed = id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    guard !id.isEmpty, id.count <= 64, allowed, id.first != "-" else {
      return "\"\(id)\" is not a vendor id: use 1 to 64 lower-case letters, digits and '-', starting with a letter "
        + "or digit (it is also the stem of report file names)"
    }
    return nil
  }

  /// Why `name` cannot be a vendor name, if it cannot: it must have text, at most 2,000 characters.
  public static func problem(withName name: String) -> String? {
    let trimmed = name.trimmedWhitespace
    if trimmed.isEmpty { return "the vendor name is empty" }
    if trimmed.count > 2000 { return "the vendor name is \(trimmed.count) characters; the limit is 2000" }
    return nil
  }
}
