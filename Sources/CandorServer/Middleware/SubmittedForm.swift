import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// The fields and files of a submitted HTML form: `application/x-www-form-urlencoded` (read by Hummingbird's
/// URLEncodedFormDecoder) or `multipart/form-data` (read by MultipartKit's parser). Forms are small and capped
/// before they are read (see ``FormMiddleware``).
struct SubmittedForm: Sendable {
  /// A file of a multipart form.
  struct File: Sendable {
    /// The form field's name.
    var field: String
    /// The file name the browser sent (shown to people, never used as a path).
    var fileName: String
    var bytes: [UInt8]
  }

  private(set) var fields: [String: String] = [:]
  private(set) var files: [File] = []

  /// The field's value, trimmed; nil when absent or empty.
  func value(_ name: String) -> String? {
    guard let raw = fields[name] else { return nil }
    let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
    return trimmed.isEmpty ? nil : trimmed
  }

  /// The files of field `name` that are not empty (a file input left empty sends an empty part).
  func files(_ name: String) -> [File] { files.filter { $0.field == name && !$0.bytes.isEmpty } }

  /// Reads a form body of `contentType`.
  ///
  /// - Throws: ``PortalError/invalid(_:)`` for a body that is not a form or does not parse.
  static func read(contentType: String?, body: ByteBuffer) throws(PortalError) -> SubmittedForm {
    let type = contentType?.lowercased() ?? ""
    if type.hasPrefix("application/x-www-form-urlencoded") {
      let text = String(buffer: body)
      do {
        return SubmittedForm(fields: try URLEncodedFormDecoder().decode([String: String].self, from: text))
      } catch {
        throw .invalid("the form could not be read (\(error)); reload the page and try again")
      }
    }
    if type.hasPrefix("multipart/form-data"), let boundary = parameter("boundary", in: contentType ?? "") {
      return try multipart(body, boundary: boundary)
    }
    if body.readableBytes == 0 { return SubmittedForm() }
    throw .invalid("expected a form (application/x-www-form-urlencoded or multipart/form-data)")
  }

  private static func multipart(_ body: ByteBuffer, boundary: String) throws(PortalError) -> SubmittedForm {
    let parser = MultipartParser(boundary: boundary)
    var form = SubmittedForm()
    var headers: [String: String] = [:]
    var content = ByteBuffer()
    var failure: PortalError?
    parser.onHeader = { name, value in headers[name.lowercased()] = value }
    parser.onBody = { chunk in content.writeBuffer(&chunk) }
    parser.onPartComplete = {
      defer {
        headers = [:]
        content = ByteBuffer()
      }
      guard let disposition = headers["content-disposition"], let name = parameter("name", in: disposition) else {
        failure = .invalid("a part of the form has no field name")
        return
      }
      if let fileName = parameter("filename", in: disposition) {
        form.files.append(File(field: name, fileName: fileName, bytes: Array(buffer: content)))
      } else {
        guard form.fields[name] == nil else {
          failure = .invalid("the form field \(name) appears twice")
          return
        }
        form.fields[name] = String(buffer: content)
      }
    }
    do {
      try parser.execute(body)
    } catch {
      throw .invalid("the form could not be read (\(error)); reload the page and try again")
    }
    if let failure { throw failure }
    return form
  }

  /// The value of parameter `name` in a header value such as `form-data; name="file"; filename="a.pdf"`.
  static func parameter(_ name: String, in header: String) -> String? {
    for piece in header.split(separator: ";").dropFirst() {
      let pair = piece.split(separator: "=", maxSplits: 1)
      guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == name else { continue }
      var value = pair[1].trimmingCharacters(in: .whitespaces)
      if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
        value = String(value.dropFirst().dropLast()).replacing("\\\"", with: "\"")
      }
      return value
    }
    return nil
  }
}
