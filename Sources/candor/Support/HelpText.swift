/// Sentences that several commands' help shares, so that they say the same thing the same way.
enum HelpText {
  /// Where the limits on input size are, in every command that has them (they are hidden from `--help`).
  static let limits = "Limits on input size (--max-bytes and others) are listed by --help-hidden."
}
