import CandorXML
import Foundation

/// The rule of `template`, `import` and `diff`, which write files a user names: an existing file at an output path
/// is not replaced unless the user says so with `--force`. A filled-in response is never overwritten by a blank
/// form by accident. (A folder, a pipe or a link there is refused by the writer whatever the options.)
public enum ExistingOutput {
  /// One error for each of `paths` that is an existing regular file, when `force` is false.
  ///
  /// - Throws: ``InputError`` naming every such file.
  public static func refuse(_ paths: [String], force: Bool) throws(InputError) {
    guard !force else { return }
    var problems = Diagnostics()
    for path in paths {
      // Anything but a regular file (a folder, a pipe, a link) is refused by the writer, even with --force.
      var status = stat()
      guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
      problems.error(
        SourceLocation(file: path, line: 0, column: 0),
        "a file of this name exists, and candor does not replace it without --force: choose another --out, or add "
          + "--force to replace it")
    }
    try problems.throwIfErrors()
  }
}
