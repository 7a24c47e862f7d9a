import CandorXML

/// Reads the AI Incident Database (incidentdatabase.ai): incidents from its GraphQL API (JSON), and its weekly
/// snapshot CSVs — `incidents.csv` (mongoexport: `incident_id`, `date`, `reports`, `Alleged deployer of AI system`,
/// `Alleged developer of AI system`, `description`, `title`), a classifications CSV (`Incident ID`, `Date`,
/// `Summary`, `Alleged deployer`, `Alleged developer`, `Entity`, …) and `reports.csv`, of which only
/// `report_number` and `url` are read.
///
/// Incidents, classifications and entities are CC BY-SA 4.0; report texts are not, and are never read: of a report
/// only its URL is kept (titles and authors are not copied either).
enum AIIDReader {
  static let site = "https://incidentdatabase.ai"

  static func citeURL(_ id: String) -> String { "\(site)/cite/\(id)" }

  // MARK: - GraphQL JSON

  static func read(_ root: JSONNode, source: SourceText, limits: FeedLimits) throws(InputError) -> FeedSnapshot {
    var fields = JSONFields(source: source)
    var snapshot = FeedSnapshot(kind: .aiidJSON, file: source.name, identity: "aiid")
    snapshot.title = "AI Incident Database"
    snapshot.url = site
    let incidents: [JSONNode]
    var path = "data.incidents"
    if let data = root.member("data") {
      incidents = fields.array(data, "incidents", path: "data")
    } else if root.member("incidents") != nil {
      incidents = fields.array(root, "incidents", path: "the document")
      path = "incidents"
    } else if let array = root.array {
      incidents = array
      path = ""
    } else {
      throw InputError(
        at: fields.location(root), "expected AI Incident Database incidents: {\"data\": {\"incidents\": [...]}}")
    }
    try fields.check(incidents, limit: limits.maxIncidents, what: "incidents", option: "--max-incidents")
    for (index, incident) in incidents.enumerated() {
      let itemPath = "\(path)[\(index)]"
      guard incident.isObject else {
        fields.error(incident, itemPath, "expected an object, found \(incident.kindDescription)")
        continue
      }
      guard let id = fields.text(incident, "incident_id", path: itemPath, required: true) else { continue }
      guard id.allSatisfy(\.isASCIIDigit), !id.isEmpty, id.count <= 12 else {
        fields.error(incident, "\(itemPath).incident_id", "expected a whole number, found \"\(id)\"")
        continue
      }
      guard let dateText = fields.text(incident, "date", path: itemPath, required: true) else { continue }
      guard let date = FeedTime.day(dateText) else {
        fields.error(
          incident["date"] ?? incident, "\(itemPath).date", "\"\(dateText)\" is not a date; expected YYYY-MM-DD")
        continue
      }
      func entities(_ keys: [String]) -> [AIIDEntity] {
        for key in keys {
          guard let value = incident.member(key) else { continue }
          guard let list = value.array else {
            fields.error(value, "\(itemPath).\(key)", "expected an array, found \(value.kindDescription)")
            return []
          }
          return list.compactMap { item in
            if let text = item.string { return AIIDEntity(id: text, name: text) }
            guard let entityID = fields.text(item, "entity_id", path: "\(itemPath).\(key)[]", required: true) else {
              return nil
            }
            return AIIDEntity(id: entityID, name: fields.text(item, "name", path: "\(itemPath).\(key)[]") ?? entityID)
          }
        }
        return []
      }
      var urls: [String] = []
      var numbers: [Int] = []
      for (reportIndex, report) in fields.array(incident, "reports", path: itemPath, required: false).enumerated() {
        if let number = report.scalarText.flatMap({ Int($0) }) {
          numbers.append(number)
        } else if let url = FeedText.url(fields.text(report, "url", path: "\(itemPath).reports[\(reportIndex)]")) {
          urls.append(url)
        }
      }
      snapshot.independent.append(
        IndependentIncident(
          sourceID: id, title: fields.text(incident, "title", path: itemPath, required: true) ?? "AIID incident \(id)",
          summary: fields.text(incident, "description", path: itemPath), date: date,
          deployers: entities(["AllegedDeployerOfAISystem", "Alleged deployer of AI system"]),
          developers: entities(["AllegedDeveloperOfAISystem", "Alleged developer of AI system"]),
          reportURLs: urls, reportNumbers: numbers, cause: nil, classification: nil, url: citeURL(id),
          location: fields.location(incident)))
    }
    try fields.diagnostics.throwIfErrors()
    return snapshot
  }

  // MARK: - Snapshot CSVs

  /// The limits a snapshot CSV is read with: many rows and columns (a classifications CSV has about a hundred).
  static func sheetLimits(_ limits: FeedLimits) -> ImportLimits {
    var sheet = ImportLimits.default
    sheet.maxFileBytes = limits.maxBytes
    sheet.maxRows = max(limits.maxIncidents, 1)
    sheet.maxColumns = 1_024
    return sheet
  }

  /// Whether the first line of `source` is the header of one of the AIID snapshot CSVs, and which.
  static func csvKind(_ source: SourceText) -> FeedKind? {
    let firstLine = source.bytes.prefix(8_192).split(separator: 0x0A, maxSplits: 1).first.map {
      String(decoding: $0, as: UTF8.self)
    }
    guard let header = firstLine?.lowercased() else { return nil }
    if header.contains("report_number"), header.contains("url") { return .aiidReportsCSV }
    if header.contains("incident_id") && header.contains("title") { return .aiidCSV }
    if header.contains("incident id") && (header.contains("alleged deployer") || header.contains("aiid url")) {
      return .aiidCSV
    }
    return nil
  }

  static func readCSV(_ source: SourceText, limits: FeedLimits) throws(InputError) -> FeedSnapshot {
    let sheet = try CSVReader.read(source, limits: sheetLimits(limits))
    guard let header = sheet.rows.first else {
      throw InputError(at: SourceLocation(file: source.name, line: 1, column: 1), "the CSV file is empty")
    }
    var columns: [String: Int] = [:]
    for (column, cell) in header.cells where columns[cell.trimmed.lowercased()] == nil {
      columns[cell.trimmed.lowercased()] = column
    }
    var diagnostics = Diagnostics()
    if columns["report_number"] != nil, let urlColumn = columns["url"], let numberColumn = columns["report_number"] {
      var snapshot = FeedSnapshot(kind: .aiidReportsCSV, file: source.name, identity: "aiid")
      for row in sheet.rows.dropFirst() {
        guard let numberCell = row.cells[numberColumn], let number = Int(numberCell.trimmed) else {
          diagnostics.error(
            row.cells[numberColumn]?.location
              ?? SourceLocation(file: source.name, line: row.number, column: numberColumn),
            "report_number: expected a whole number")
          continue
        }
        if let url = FeedText.url(row.cells[urlColumn]?.trimmed) { snapshot.reportURLs[number] = url }
      }
      try diagnostics.throwIfErrors()
      return snapshot
    }
    var snapshot = FeedSnapshot(kind: .aiidCSV, file: source.name, identity: "aiid")
    snapshot.title = "AI Incident Database"
    snapshot.url = site
    func column(_ names: String...) -> Int? { names.lazy.compactMap { columns[$0] }.first }
    guard let idColumn = column("incident_id", "incident id"), let dateColumn = column("date") else {
      throw InputError(
        at: header.cells.values.map(\.location).min() ?? SourceLocation(file: source.name, line: 1, column: 1),
        "expected the columns incident_id (or Incident ID) and date of an AI Incident Database snapshot CSV")
    }
    let titleColumn = column("title")
    let summaryColumn = column("description", "summary")
    let deployerColumn = column("alleged deployer of ai system", "alleged deployer")
    let developerColumn = column("alleged developer of ai system", "alleged developer")
    let reportsColumn = column("reports")
    let entityColumn = column("entity")
    let classificationColumns = ["entity", "intent", "timing"].compactMap { name in columns[name].map { (name, $0) } }
    let rows = Array(sheet.rows.dropFirst())
    let dayFirst = try dateOrder(rows.compactMap { $0.cells[dateColumn] })
    for row in rows {
      func text(_ column: Int?) -> String? {
        column.flatMap { row.cells[$0]?.trimmed }.flatMap { $0.isEmpty ? nil : $0 }
      }
      let rowLocation = SourceLocation(file: source.name, line: row.number, column: 1)
      guard let id = text(idColumn), id.allSatisfy(\.isASCIIDigit), id.count <= 12 else {
        diagnostics.error(
          row.cells[idColumn]?.location ?? rowLocation, "incident id: expected a whole number")
        continue
      }
      guard let dateCell = row.cells[dateColumn], let date = csvDate(dateCell.trimmed, dayFirst: dayFirst) else {
        diagnostics.error(
          row.cells[dateColumn]?.location ?? rowLocation,
          "date: expected YYYY-MM-DD or M/D/YYYY, found \"\(row.cells[dateColumn]?.trimmed ?? "")\"")
        continue
      }
      func entities(_ column: Int?) -> [AIIDEntity] {
        guard let column, let cell = row.cells[column] else { return [] }
        switch list(cell) {
        case .success(let names): return names.map { AIIDEntity(id: $0, name: $0) }
        case .failure(let message):
          diagnostics.error(cell.location, message)
          return []
        }
      }
      var numbers: [Int] = []
      if let reportsColumn, let cell = row.cells[reportsColumn] {
        switch list(cell) {
        case .success(let values): numbers = values.compactMap { Int($0) }
        case .failure(let message): diagnostics.error(cell.location, message)
        }
      }
      let classification = classificationColumns.compactMap { name, column -> String? in
        text(column).map { "\(name.prefix(1).uppercased())\(name.dropFirst()): \($0)" }
      }.joined(separator: ", ")
      let cause: Cause? =
        switch text(entityColumn)?.lowercased() {
        case "ai": .aiAgent
        case "human": .humanError
        default: nil
        }
      let summary = text(summaryColumn)
      snapshot.independent.append(
        IndependentIncident(
          sourceID: id, title: text(titleColumn) ?? summary.map { String($0.prefix(120)) } ?? "AIID incident \(id)",
          summary: summary, date: date, deployers: entities(deployerColumn), developers: entities(developerColumn),
          reportURLs: [], reportNumbers: numbers, cause: cause,
          classification: classification.isEmpty ? nil : classification, url: citeURL(id), location: rowLocation))
    }
    try diagnostics.throwIfErrors()
    return snapshot
  }

  /// A list cell: a JSON array as mongoexport writes it (`["youtube","google"]`, `[1,2]`), or names separated by
  /// commas.
  static func list(_ cell: SheetCell) -> Parsed<[String]> {
    let text = cell.trimmed
    guard !text.isEmpty else { return .success([]) }
    guard text.hasPrefix("[") else {
      return .success(text.split(separator: ",").map { String($0).trimmedWhitespace }.filter { !$0.isEmpty })
    }
    let value: JSONNode
    do {
      value = try JSONDocument.parse(SourceText(name: cell.location.file, bytes: Array(text.utf8)))
    } catch {
      return .failure("expected a JSON array such as [\"youtube\"]: \(error.diagnostics.first?.message ?? "")")
    }
    guard let elements = value.array else { return .failure("expected a JSON array such as [\"youtube\"]") }
    return .success(elements.compactMap(\.scalarText))
  }

  /// Whether the file's slash dates are day first: decided by the dates whose first or second number is above 12.
  /// None deciding, or both orders seen, is an error at the first ambiguous date.
  static func dateOrder(_ cells: [SheetCell]) throws(InputError) -> Bool {
    var monthFirst = false
    var dayFirst = false
    var firstAmbiguous: SheetCell?
    for cell in cells {
      let parts = cell.trimmed.split(separator: "/")
      guard parts.count == 3, let first = Int(parts[0]), let second = Int(parts[1]) else { continue }
      if first > 12 {
        dayFirst = true
      } else if second > 12 {
        monthFirst = true
      } else if firstAmbiguous == nil {
        firstAmbiguous = cell
      }
    }
    if monthFirst && dayFirst, let cell = cells.first(where: { $0.trimmed.contains("/") }) {
      throw InputError(
        at: cell.location, "the file's dates are written both month first and day first; expected one order")
    }
    if !monthFirst && !dayFirst, let firstAmbiguous {
      throw InputError(
        at: firstAmbiguous.location,
        "the date \"\(firstAmbiguous.trimmed)\" is ambiguous (month/day or day/month) and no date in the file settles "
          + "it; write dates as YYYY-MM-DD")
    }
    return dayFirst
  }

  static func csvDate(_ text: String, dayFirst: Bool) -> Timestamp? {
    if let day = FeedTime.day(text) { return day }
    let parts = text.split(separator: "/")
    guard parts.count == 3, parts[2].count == 4, let a = Int(parts[0]), let b = Int(parts[1]), let year = Int(parts[2])
    else { return nil }
    return CalendarDate(year: year, month: dayFirst ? b : a, day: dayFirst ? a : b)?.startOfDay.flatMapPlausible
  }
}
