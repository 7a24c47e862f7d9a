import Foundation

/// Writing bytes to a file descriptor whole, however many calls it takes.
///
/// (comparison.xml used to be assembled here from every vendor's staged report; it now refers to the reports by
/// SHA-256 instead of embedding them, so only the write loop is left.)
enum FileAssembly {
  /// Why the bytes could not be written.
  struct Failure: Error, Sendable {
    var path: String
    var message: String
  }

  /// Writes all of `bytes` to `output` from byte `offset`, however many calls it takes.
  static func writeAll(_ bytes: [UInt8], to output: Int32, at offset: Int) throws(Failure) {
    let result = bytes.withUnsafeBytes { bytes in
      Result { () throws(Failure) in try writeAll(bytes, to: output, at: offset) }
    }
    try result.get()
  }

  static func writeAll(_ bytes: UnsafeRawBufferPointer, to output: Int32, at offset: Int) throws(Failure) {
    var done = 0
    while done < bytes.count {
      let written = pwrite(output, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
      if written < 0 && errno == EINTR { continue }
      guard written > 0 else { throw Failure(path: "", message: String(cString: strerror(errno))) }
      done += written
    }
  }
}
