import CandorXML

/// Turns the rows of an answers spreadsheet into a ``Response``, checking every cell against the questionnaire.
///
/// The first row with content is the header. Each row below it answers the question its Question ID names; a row
/// with an empty Question ID and only evidence columns filled adds another piece of evidence to the row above. A
/// row with a Question ID and nothing else filled leaves the question unanswered (no answer is written). Every
/// problem is reported at its cell, all at once; nothing is returned unless every row is valid.
public enum ResponseBuilder {
  /// What an import made of a sheet.
  public struct Outcome: Sendable {
    public var response: Response
    /// Warnings at cells (an answer left empty while its comment or evidence is filled in).
    public var warnings: [Diagnostic]
    /// The questions of the questionnaire that the sheet leaves unanswered, in questionnaire order.
    public var unanswered: [String]
  }

  /// Builds the response of `vendor` to `questionnaire` from `sheet`.
  ///
  /// - Throws: ``InputError`` with every problem of the header and the cells.
  public static func build(
    _ sheet: Sheet, questionnaire: Questionnaire, vendor: Vendor, respondent: Respondent? = nil,
    submitted: CalendarDate, limits: ImportLimits = .default
  ) throws(InputError) -> Outcome {
    var builder = Builder(sheet: sheet, questionnaire: questionnaire, limits: limits)
    try builder.readHeader()
    builder.readRows()
    try builder.diagnostics.throwIfErrors()
    let answers = builder.answers.filter {
      $0.value != .none || $0.owner != nil || $0.comment != nil || !$0.evidence.isEmpty
    }
    let answered = Set(answers.filter { $0.value != .none }.map(\.questionID))
    let response = Response(
      questionnaireID: questionnaire.id, questionnaireVersion: questionnaire.version, vendor: vendor,
      respondent: respondent, submitted: submitted, answers: answers,
      location: SourceLocation(file: sheet.file, line: 1, column: 1))
    return Outcome(
      response: response, warnings: builder.diagnostics.sorted,
      unanswered: questionnaire.questions.map(\.id).filter { !answered.contains($0) })
  }
}

private struct Builder {
  let sheet: Sheet
  let questionnaire: Questionnaire
  let limits: ImportLimits
  let index: [String: (question: Question, control: Control)]
  /// Question ids by their lower-case form, for a case-insensitive match.
  let idsByLowercase: [String: String]
  var diagnostics = Diagnostics()
  var answers: [Answer] = []
  /// The column of each header, and the header row.
  var columns: [AnswerColumn: Int] = [:]
  var headerRow = 0
  /// Columns with no header (their cells must stay empty).
  var unnamed: Set<Int> = []

  init(sheet: Sheet, questionnaire: Questionnaire, limits: ImportLimits) {
    self.sheet = sheet
    self.questionnaire = questionnaire
    self.limits = limits
    self.index = questionnaire.questionIndex()
    var lower: [String: String] = [:]
    for id in index.keys.sorted() where lower[id.lowercased()] == nil { lower[id.lowercased()] = id }
    self.idsByLowercase = lower
  }

  // MARK: - Header

  mutating func readHeader() throws(InputError) {
    guard let header = sheet.rows.first else {
      throw InputError(
        at: SourceLocation(file: sheet.file, line: 1, column: 1),
        "the sheet is empty; expected a header row (\(AnswerColumn.allCases.map(\.header).joined(separator: ", ")))"
          + " and a row per answer; `candor template --format csv` writes one")
    }
    headerRow = header.number
    if header.cells.count == 1, let only = header.cells.values.first,
      let separator = [(";", "semicolons"), ("\t", "tabs")].first(where: { only.text.contains($0.0) }),
      only.text.split(separator: Character(separator.0)).contains(where: { AnswerColumn.matching(String($0)) != nil })
    {
      throw InputError(
        at: only.location,
        "the fields are separated by \(separator.1), not commas; candor reads comma-separated CSV (RFC 4180): save "
          + "the sheet as \"CSV UTF-8 (comma delimited)\", or as .xlsx")
    }
    var errors = Diagnostics()
    let known = AnswerColumn.allCases.map(\.header)
    for (column, cell) in header.cells.sorted(by: { $0.key < $1.key }) {
      let name = cell.trimmed
      guard !name.isEmpty else { continue }
      guard let match = AnswerColumn.matching(name) else {
        errors.error(
          cell.location,
          "unknown column \"\(name)\"; expected one of \(known.joined(separator: ", "))"
            + (closestMatch(to: name, in: known).map { "; did you mean \"\($0)\"?" } ?? ""))
        continue
      }
      if let first = columns[match] {
        errors.error(cell.location, "column \"\(match.header)\" appears twice (first in column \(first))")
        continue
      }
      columns[match] = column
    }
    let first = SourceLocation(file: sheet.file, line: header.number, column: 1)
    for column in AnswerColumn.allCases where column.isRequired && columns[column] == nil {
      errors.error(
        first,
        "missing column \"\(column.header)\": the header row must name the columns Question ID and Answer")
    }
    if AnswerColumn.evidence.contains(where: { columns[$0] != nil }) {
      for column in [AnswerColumn.evidenceReference, .evidenceKind, .evidenceOrigin] where columns[column] == nil {
        errors.error(
          first,
          "missing column \"\(column.header)\": evidence needs the columns Evidence Reference, Evidence Kind and "
            + "Evidence Origin")
      }
    }
    try errors.throwIfErrors()
    let named = Set(columns.values)
    unnamed = Set(sheet.rows.flatMap { $0.cells.keys }).subtracting(named)
  }

  // MARK: - Rows

  mutating func readRows() {
    var firstRow: [String: Int] = [:]
    /// The answer the rows below may add evidence to; nil after a row that could not be read.
    var current: Int?
    var seenQuestionRow = false
    for row in sheet.rows.dropFirst() {
      for column in unnamed.sorted() {
        if let cell = row.cells[column], !cell.trimmed.isEmpty {
          diagnostics.error(
            cell.location, "a value in column \(column), which has no header; add the header or clear the cell")
        }
      }
      let reader = RowReader(row: row, columns: columns, file: sheet.file)
      for column in AnswerColumn.allCases where !column.isInformational {
        if let cell = reader.errorCell(column) {
          diagnostics.error(
            cell.location, "the cell holds the spreadsheet error \(cell.trimmed); replace it with a value")
        }
      }
      let hasAnswerParts = [AnswerColumn.answer, .owner, .comment].contains { reader.cell($0) != nil }
      let hasEvidence = AnswerColumn.evidence.contains { reader.cell($0) != nil }
      guard let idCell = reader.cell(.questionID) else {
        if hasAnswerParts {
          diagnostics.error(
            reader.location(.questionID),
            "the Question ID is empty; each answer needs its question's id (a row with only evidence columns "
              + "adds evidence to the answer above)")
        } else if hasEvidence {
          if let current {
            if let evidence = readEvidence(reader) { answers[current].evidence.append(evidence) }
          } else if !seenQuestionRow {
            diagnostics.error(
              reader.location(.questionID),
              "evidence on a row without a Question ID, and no answer above it to add it to")
          } else {
            _ = readEvidence(reader)  // the answer above is invalid; its evidence is still checked
          }
        }
        continue
      }
      seenQuestionRow = true
      current = nil
      if idCell.kind == .date || idCell.kind == .number {
        // Spreadsheet programs turn ids such as APR-01.1 into dates when they open a CSV file.
        diagnostics.error(
          idCell.location,
          "the Question ID cell holds \(idCell.kind == .date ? "a date" : "a number") (\(idCell.trimmed)), not a "
            + "question id: the spreadsheet program converted the id when it opened the file; format the column as "
            + "text and type the id again")
        continue
      }
      let written = idCell.trimmed
      guard let id = index[written] != nil ? written : idsByLowercase[written.lowercased()],
        let (question, _) = index[id]
      else {
        diagnostics.error(
          idCell.location,
          "unknown question \"\(written)\": not in questionnaire \"\(questionnaire.id)\" \(questionnaire.version)"
            + (closestMatch(to: written, in: Array(index.keys)).map { "; did you mean \"\($0)\"?" } ?? ""))
        continue
      }
      if let first = firstRow[id] {
        diagnostics.error(idCell.location, "duplicate question \"\(id)\": it is answered on row \(first) already")
        continue
      }
      firstRow[id] = row.number
      var answer = Answer(
        questionID: id, value: .none, owner: nil, comment: nil, evidence: [], location: idCell.location)
      let valid = readAnswer(reader, question: question, into: &answer)
      if reader.cell(.answer) == nil, hasAnswerParts || hasEvidence {
        diagnostics.warning(
          reader.location(.answer),
          "no answer to \(id); the row's other cells are kept, but the question counts as unanswered")
      }
      if let evidence = readEvidence(reader) { answer.evidence.append(evidence) }
      answers.append(answer)
      if valid { current = answers.count - 1 }
    }
  }

  /// Reads the answer, owner and comment cells; false when any of them is invalid.
  private mutating func readAnswer(_ reader: RowReader, question: Question, into answer: inout Answer) -> Bool {
    var valid = true
    if let cell = reader.cell(.answer) {
      switch question.kind {
      case .choice(let options):
        if let value = Self.option(cell.trimmed, in: options) {
          answer.value = .option(value)
        } else {
          valid = false
          diagnostics.error(
            cell.location,
            "\"\(cell.trimmed)\" is not an option of question \(question.id); expected one of "
              + options.map { "\"\($0.value)\"" }.joined(separator: ", "))
        }
      case .number(let unit, _):
        let text = cell.trimmed
        if cell.kind != .date, let number = DecimalText.parse(text) {
          answer.value = .number(number, text: text)
          if let minimum = question.minimum, number < minimum {
            valid = false
            diagnostics.error(
              cell.location, "\(text) \(unit) is below the smallest answer allowed, \(Format.number(minimum))")
          }
          if let maximum = question.maximum, number > maximum {
            valid = false
            diagnostics.error(
              cell.location, "\(text) \(unit) is above the largest answer allowed, \(Format.number(maximum))")
          }
        } else {
          valid = false
          diagnostics.error(
            cell.location,
            "question \(question.id) takes a number (\(unit)); \"\(text)\" is not a number: expected digits with "
              + "an optional decimal point, such as 15 or 2.5")
        }
      case .freeText:
        if checkLength(cell) { answer.value = .text(cell.trimmed) } else { valid = false }
      }
    }
    if let cell = reader.cell(.owner) {
      let normalised = cell.trimmed.lowercased().replacing(" ", with: "-").replacing("_", with: "-")
      if let owner = Owner(rawValue: normalised) {
        answer.owner = owner
      } else {
        valid = false
        diagnostics.error(
          cell.location,
          "\"\(cell.trimmed)\" is not an owner; expected one of "
            + Owner.allCases.map(\.rawValue).joined(separator: ", ") + " (or empty for the control's owner)")
      }
    }
    if let cell = reader.cell(.comment) {
      if checkLength(cell) { answer.comment = cell.trimmed } else { valid = false }
    }
    return valid
  }

  /// The piece of evidence the row's evidence cells describe; nil when they are empty or invalid.
  private mutating func readEvidence(_ reader: RowReader) -> Evidence? {
    guard AnswerColumn.evidence.contains(where: { reader.cell($0) != nil }) else { return nil }
    var valid = true
    func missing(_ column: AnswerColumn, _ expected: String) {
      valid = false
      diagnostics.error(reader.location(column), "\(column.header) is empty; the row has evidence, so \(expected)")
    }
    var reference = ""
    if let cell = reader.cell(.evidenceReference) {
      reference = cell.trimmed
      if reference.contains("\n") {
        valid = false
        diagnostics.error(cell.location, "an evidence reference is one line: a file name or a document reference")
      } else if reference.count > 1024 {
        valid = false
        diagnostics.error(cell.location, "the evidence reference is \(reference.count) characters; the limit is 1024")
      }
    } else {
      missing(.evidenceReference, "give the evidence's file name or document reference")
    }
    var kind = ""
    if let cell = reader.cell(.evidenceKind) {
      kind = cell.trimmed.lowercased().replacing(" ", with: "-").replacing("_", with: "-")
      if !EvidenceKind.all.contains(kind) {
        valid = false
        diagnostics.error(
          cell.location,
          "\"\(cell.trimmed)\" is not an evidence kind; expected one of \(EvidenceKind.all.joined(separator: ", "))")
      }
    } else {
      missing(.evidenceKind, "give its kind: one of \(EvidenceKind.all.joined(separator: ", "))")
    }
    var origin = EvidenceOrigin.vendor
    if let cell = reader.cell(.evidenceOrigin) {
      if let parsed = EvidenceOrigin(rawValue: cell.trimmed.lowercased()) {
        origin = parsed
      } else {
        valid = false
        diagnostics.error(
          cell.location,
          "\"\(cell.trimmed)\" is not an evidence origin; expected vendor (self-attested) or independent "
            + "(an auditor, a certification body, a regulator)")
      }
    } else {
      missing(.evidenceOrigin, "say who produced it: vendor (self-attested) or independent")
    }
    var sha256: String?
    if let cell = reader.cell(.evidenceSHA256) {
      let text = cell.trimmed
      if text.count == 64, text.allSatisfy(\.isHexDigit), text.allSatisfy(\.isASCII) {
        sha256 = text.lowercased()
      } else {
        valid = false
        diagnostics.error(
          cell.location, "\"\(text)\" is not a SHA-256; expected 64 hexadecimal digits (0-9, a-f)")
      }
    }
    var validUntil: CalendarDate?
    if let cell = reader.cell(.validUntil) {
      if let date = CalendarDate(cell.trimmed) {
        validUntil = date
      } else {
        valid = false
        let hint = cell.kind == .number ? " (the cell holds a number: format it as a date or as text)" : ""
        diagnostics.error(
          cell.location, "Valid Until \"\(cell.trimmed)\" is not a date; expected YYYY-MM-DD\(hint)")
      }
    }
    var description = ""
    if let cell = reader.cell(.evidenceDescription) {
      if checkLength(cell) { description = cell.trimmed } else { valid = false }
    }
    guard valid else { return nil }
    return Evidence(
      kind: kind, origin: origin, reference: reference, sha256: sha256, validUntil: validUntil,
      description: description, location: reader.location(.evidenceReference))
  }

  /// Whether the cell's text is within the response format's length limit (an error otherwise).
  private mutating func checkLength(_ cell: SheetCell) -> Bool {
    let count = cell.trimmed.count
    guard count > limits.maxCellCharacters else { return true }
    diagnostics.error(
      cell.location, "the text is \(count) characters long; the limit is \(limits.maxCellCharacters)")
    return false
  }

  /// The option `text` names: exactly, else ignoring case; "n/a" names the not-applicable option.
  static func option(_ text: String, in options: [AnswerOption]) -> String? {
    if let exact = options.first(where: { $0.value == text }) { return exact.value }
    let lower = text.lowercased()
    if let match = options.first(where: { $0.value.lowercased() == lower }) { return match.value }
    if ["n/a", "not applicable"].contains(lower), let na = options.first(where: \.notApplicable) { return na.value }
    return nil
  }
}

/// The cells of one row by column.
private struct RowReader {
  let row: SheetRow
  let columns: [AnswerColumn: Int]
  let file: String

  /// The cell of `column`, when the column exists and the cell holds a value (not empty, not a spreadsheet error).
  func cell(_ column: AnswerColumn) -> SheetCell? {
    guard let index = columns[column], let cell = row.cells[index], !cell.trimmed.isEmpty, cell.kind != .error
    else { return nil }
    return cell
  }

  /// The cell of `column` when it holds a spreadsheet error such as `#REF!`.
  func errorCell(_ column: AnswerColumn) -> SheetCell? {
    guard let index = columns[column], let cell = row.cells[index], cell.kind == .error else { return nil }
    return cell
  }

  /// Where the cell of `column` is (the row's first column when the sheet has no such column).
  func location(_ column: AnswerColumn) -> SourceLocation {
    SourceLocation(file: file, line: row.number, column: columns[column] ?? 1)
  }
}
