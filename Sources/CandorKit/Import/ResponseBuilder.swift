import CandorXML

/// Turns the rows of an answers spreadsheet into a ``Response``, checking every cell against the questionnaire.
///
/// The first row with content is the header. Each row below it answers the question its Question ID names; a row
/// with an empty Question ID and only evidence columns filled adds another piece of evidence to the row above. A
/// row with a Question ID and nothing else filled leaves the question unanswered (no answer is written). Every
/// problem is reported at its cell, all at once (a problem that repeats down a column once, with the other rows);
/// nothing is returned unless every row is valid.
///
/// Forgiving where a spreadsheet's habits are unambiguous, exact elsewhere: columns candor does not read (with a
/// header or without) are ignored with one warning each; answers match options in any case, and Yes, No, NA and
/// N/A (the CSA CAIQ's words) match the options yes, no and the not-applicable one; a percentage may be written
/// `95%`, `95 %` or as a fraction, `0.95`; the CAIQ's ownership words (CSP-owned, CSC-owned, …) are owners.
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
    try builder.problems.throwIfErrors()
    let answers = builder.answers.filter {
      $0.value != .none || $0.owner != nil || $0.comment != nil || !$0.evidence.isEmpty
    }
    let answered = Set(answers.filter { $0.value != .none }.map(\.questionID))
    let response = Response(
      questionnaireID: questionnaire.id, questionnaireVersion: questionnaire.version, vendor: vendor,
      respondent: respondent, submitted: submitted, answers: answers,
      location: SourceLocation(file: sheet.file, line: 1, column: 1))
    return Outcome(
      response: response,
      warnings: (builder.headerWarnings + builder.problems.diagnostics.all).sorted {
        $0.location < $1.location
      },
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
  var problems = CellProblems()
  /// The warnings about the header: columns ignored.
  var headerWarnings: [Diagnostic] = []
  var answers: [Answer] = []
  /// The column of each header, and the header row.
  var columns: [AnswerColumn: Int] = [:]
  var headerRow = 0

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
    if let first = header.cells.min(by: { $0.key < $1.key })?.value, first.text.hasPrefix("\u{EF}\u{BB}\u{BF}") {
      throw InputError(
        at: first.location,
        "the sheet starts with \"\u{EF}\u{BB}\u{BF}\", the UTF-8 byte-order mark read as Latin-1 text: the "
          + "spreadsheet program opened the CSV file in the wrong character set, so every accented letter in it is "
          + "garbled too; open the CSV file again choosing Unicode (UTF-8), then save")
    }
    var errors = Diagnostics()
    let known = AnswerColumn.allCases.map(\.header)
    /// Headers candor does not read: their columns are ignored.
    var unknown: [SheetCell] = []
    for (column, cell) in header.cells.sorted(by: { $0.key < $1.key }) {
      let name = cell.trimmed
      guard !name.isEmpty else { continue }
      guard let match = AnswerColumn.matching(name) else {
        unknown.append(cell)
        continue
      }
      if let first = columns[match] {
        errors.error(cell.location, "column \"\(match.header)\" appears twice (first in column \(first))")
        continue
      }
      columns[match] = column
    }
    let first = SourceLocation(file: sheet.file, line: header.number, column: 1)
    /// A hint for a missing column: an unknown header close to its name.
    func lookalike(_ column: AnswerColumn) -> String {
      guard let cell = unknown.first(where: { closestMatch(to: $0.trimmed, in: [column.header]) != nil }) else {
        return ""
      }
      return "; column \(cell.location.column) is \"\(cell.trimmed)\": did you mean \"\(column.header)\"?"
    }
    for column in AnswerColumn.allCases where column.isRequired && columns[column] == nil {
      errors.error(
        first,
        "missing column \"\(column.header)\": the header row must name the columns Question ID and Answer"
          + lookalike(column))
    }
    if AnswerColumn.evidence.contains(where: { columns[$0] != nil }) {
      for column in [AnswerColumn.evidenceReference, .evidenceKind, .evidenceOrigin] where columns[column] == nil {
        errors.error(
          first,
          "missing column \"\(column.header)\": evidence needs the columns Evidence Reference, Evidence Kind and "
            + "Evidence Origin" + lookalike(column))
      }
    }
    try errors.throwIfErrors()
    if let location = unknown.first?.location {
      let named = unknown.map { cell in
        "\"\(cell.trimmed)\" (column \(cell.location.column)"
          + (closestMatch(to: cell.trimmed, in: known).map { "; did you mean \"\($0)\"?" } ?? "") + ")"
      }
      headerWarnings.append(
        Diagnostic(
          .warning, at: location,
          "ignored \(unknown.count) column\(unknown.count == 1 ? "" : "s") that candor does not read: "
            + named.joined(separator: ", ")))
    }
    // Columns without a header: whatever they hold is ignored, with one warning per column.
    let headed = Set(header.cells.filter { !$0.value.trimmed.isEmpty }.keys)
    var unheaded: [Int: [SheetCell]] = [:]
    for row in sheet.rows.dropFirst() {
      for (column, cell) in row.cells where !headed.contains(column) && !cell.trimmed.isEmpty {
        unheaded[column, default: []].append(cell)
      }
    }
    for (column, cells) in unheaded.sorted(by: { $0.key < $1.key }) {
      headerWarnings.append(
        Diagnostic(
          .warning, at: cells[0].location,
          "column \(column) has no header; its values on \(cells.count) row\(cells.count == 1 ? "" : "s") ("
            + "\(CellProblems.ranges(cells.map(\.location.line)))) are ignored: give it a header candor reads, or "
            + "clear it"))
    }
  }

  // MARK: - Rows

  mutating func readRows() {
    var firstRow: [String: Int] = [:]
    /// The answer the rows below may add evidence to; nil after a row that could not be read.
    var current: Int?
    var seenQuestionRow = false
    for row in sheet.rows.dropFirst() {
      let reader = RowReader(row: row, columns: columns, file: sheet.file)
      for column in AnswerColumn.allCases where !column.isInformational {
        if let cell = reader.errorCell(column) {
          problems.error(
            cell.location, "the cell holds the spreadsheet error \(cell.trimmed); replace it with a value",
            key: "spreadsheet error")
        }
      }
      let hasAnswerParts = [AnswerColumn.answer, .owner, .comment].contains { reader.cell($0) != nil }
      let hasEvidence = AnswerColumn.evidence.contains { reader.cell($0) != nil }
      guard let idCell = reader.cell(.questionID) else {
        if hasAnswerParts {
          problems.error(
            reader.location(.questionID),
            "the Question ID is empty; each answer needs its question's id (a row with only evidence columns "
              + "adds evidence to the answer above)")
        } else if hasEvidence {
          if let current {
            if let evidence = readEvidence(reader) { answers[current].evidence.append(evidence) }
          } else if !seenQuestionRow {
            problems.error(
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
        problems.error(
          idCell.location,
          "the Question ID cell holds \(idCell.kind == .date ? "a date" : "a number") (\(idCell.trimmed)), not a "
            + "question id: the spreadsheet program converted the id when it opened the file; format the column as "
            + "text and type the id again", key: "id converted")
        continue
      }
      let written = idCell.trimmed
      guard let id = index[written] != nil ? written : idsByLowercase[written.lowercased()],
        let (question, _) = index[id]
      else {
        problems.error(
          idCell.location,
          "unknown question \"\(written)\": not in questionnaire \"\(questionnaire.id)\" \(questionnaire.version)"
            + (closestMatch(to: written, in: Array(index.keys)).map { "; did you mean \"\($0)\"?" } ?? ""))
        continue
      }
      if let first = firstRow[id] {
        problems.error(idCell.location, "duplicate question \"\(id)\": it is answered on row \(first) already")
        continue
      }
      firstRow[id] = row.number
      var answer = Answer(
        questionID: id, value: .none, owner: nil, comment: nil, evidence: [], location: idCell.location)
      let valid = readAnswer(reader, question: question, into: &answer)
      if reader.cell(.answer) == nil, hasAnswerParts || hasEvidence {
        problems.warning(
          reader.location(.answer),
          "no answer to \(id); the row's other cells are kept, but the question counts as unanswered",
          key: "no answer")
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
        if let value = AnswerEntry.option(cell.trimmed, in: options) {
          answer.value = .option(value)
        } else {
          valid = false
          problems.error(
            cell.location,
            "\"\(cell.trimmed)\" is not an option of question \(question.id); expected one of "
              + options.map { "\"\($0.value)\"" }.joined(separator: ", "), key: "not an option")
        }
      case .number(let unit, _):
        let percentage = NumberAnswer.isPercentage(unit)
        let read = cell.kind == .date ? nil : NumberAnswer.read(cell.trimmed, percentage: percentage)
        if let number = read, DecimalText.hasTooManyDigits(number.text) {
          // What the response schema's xs:decimal refuses is an error here, at its cell, not in the document.
          valid = false
          problems.error(
            cell.location,
            "\"\(cell.trimmed)\" has more than \(DecimalText.maxDigits) digits; a response holds numbers of at most "
              + "\(DecimalText.maxDigits) digits: round it", key: "too many digits")
        } else if let number = read {
          answer.value = .number(number.value, text: number.text)
          if number.fromFraction {
            problems.warning(
              cell.location,
              "\(cell.trimmed) read as \(number.text) percent (a fraction of one, as a spreadsheet stores 95 %); "
                + "write \(cell.trimmed)% if you meant less than one percent", key: "fraction")
          }
          if let minimum = question.minimum, number.value < minimum {
            valid = false
            problems.error(
              cell.location,
              "\(number.text) \(unit) is below the smallest answer allowed, \(Format.number(minimum))",
              key: "below \(minimum)")
          }
          if let maximum = question.maximum, number.value > maximum {
            valid = false
            problems.error(
              cell.location,
              "\(number.text) \(unit) is above the largest answer allowed, \(Format.number(maximum))",
              key: "above \(maximum)")
          }
        } else {
          valid = false
          problems.error(
            cell.location,
            "question \(question.id) takes a number (\(unit)); \"\(cell.trimmed)\" is not a number: expected digits "
              + "with an optional decimal point, such as 15 or 2.5"
              + (percentage ? ", or a percentage such as 95% or 0.95" : ""), key: "not a number")
        }
      case .freeText:
        if checkLength(cell) { answer.value = .text(cell.trimmed) } else { valid = false }
      }
    }
    if let cell = reader.cell(.owner) {
      if let owner = Self.owner(cell.trimmed) {
        answer.owner = owner
      } else {
        valid = false
        problems.error(
          cell.location,
          "\"\(cell.trimmed)\" is not an owner; expected one of "
            + Owner.allCases.map(\.rawValue).joined(separator: ", ") + " (or empty for the control's owner)",
          key: "owner")
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
      problems.error(reader.location(column), "\(column.header) is empty; the row has evidence, so \(expected)")
    }
    var reference = ""
    if let cell = reader.cell(.evidenceReference) {
      reference = cell.trimmed
      if reference.contains("\n") {
        valid = false
        problems.error(cell.location, "an evidence reference is one line: a file name or a document reference")
      } else if reference.count > 1024 {
        valid = false
        problems.error(cell.location, "the evidence reference is \(reference.count) characters; the limit is 1024")
      }
    } else {
      missing(.evidenceReference, "give the evidence's file name or document reference")
    }
    var kind = ""
    if let cell = reader.cell(.evidenceKind) {
      kind = cell.trimmed.lowercased().replacing(" ", with: "-").replacing("_", with: "-")
      if !EvidenceKind.all.contains(kind) {
        valid = false
        problems.error(
          cell.location,
          "\"\(cell.trimmed)\" is not an evidence kind; expected one of \(EvidenceKind.all.joined(separator: ", "))",
          key: "evidence kind")
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
        problems.error(
          cell.location,
          "\"\(cell.trimmed)\" is not an evidence origin; expected vendor (self-attested) or independent "
            + "(an auditor, a certification body, a regulator)", key: "evidence origin")
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
        problems.error(
          cell.location, "\"\(text)\" is not a SHA-256; expected 64 hexadecimal digits (0-9, a-f)", key: "sha256")
      }
    }
    var validUntil: CalendarDate?
    if let cell = reader.cell(.validUntil) {
      if let date = CalendarDate(cell.trimmed) {
        validUntil = date
      } else {
        valid = false
        let hint = cell.kind == .number ? " (the cell holds a number: format it as a date or as text)" : ""
        problems.error(
          cell.location, "Valid Until \"\(cell.trimmed)\" is not a date; expected YYYY-MM-DD\(hint)",
          key: "valid until")
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
    problems.error(
      cell.location, "the text is \(count) characters long; the limit is \(limits.maxCellCharacters)", key: "length")
    return false
  }

  /// The owner `text` names, in any case, with spaces or underscores for hyphens (`Third party`); or in the words
  /// of the CSA CAIQ's shared-responsibility column: CSP-owned (vendor), CSC-owned (customer), 3rd-party outsourced
  /// (third-party), Shared CSP and CSC, Shared CSP and 3rd-party (shared).
  static func owner(_ text: String) -> Owner? {
    let normalised = text.lowercased().replacing(" ", with: "-").replacing("_", with: "-")
    if let owner = Owner(rawValue: normalised) { return owner }
    switch normalised {
    case "csp-owned": return .vendor
    case "csc-owned": return .customer
    case "3rd-party", "3rd-party-outsourced", "third-party-outsourced": return .thirdParty
    case "shared-csp-and-csc", "shared-csp-and-3rd-party", "shared-csp-and-third-party": return .shared
    default: return nil
    }
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
