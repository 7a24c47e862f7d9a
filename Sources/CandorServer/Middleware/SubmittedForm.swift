import CandorForms
import Foundation
import Hummingbird
import NIOCore

/// The fields and files of a submitted HTML form: `application/x-www-form-urlencoded` (read by Hummingbird's
/// URLEncodedFormDecoder) or `multipart/form-data` (read by ``MultipartReader``). Forms are small and capped
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
    if type.hasPrefix("multipart/form-data"), let boundary = HeaderParameters.value("boundary", in: contentType ?? "") {
      return try multipart(body, boundary: boundary)
    }
    if body.readableBytes == 0 { return SubmittedForm() }
    throw .invalid("expected a form (application/x-www-form-urlencoded or multipart/form-data)")
  }

  private static func multipart(_ body: ByteBuffer, boundary: String) throws(PortalError) -> SubmittedForm {
    let parts: [MultipartReader.Part]
    do {
      parts = try MultipartReader.parts(Array(body.readableBytesView), boundary: boundary)
    } catch {
      throw .invalid("the form could not be read (\(error)); reload the page and try again")
    }
    var form = SubmittedForm()
    for part in parts {
      guard let name = part.name else { throw .invalid("a part of the form has no field name") }
      if let fileName = part.fileName {
        form.files.append(File(field: name, fileName: fileName, bytes: Array(part.body)))
      } else {
        guard form.fields[name] == nil else { throw .invalid("the form field \(name) appears twice") }
        form.fields[name] = String(decoding: part.body, as: UTF8.self)
      }
    }
    return form
  }
}
