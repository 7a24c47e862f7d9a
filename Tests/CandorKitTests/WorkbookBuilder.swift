import Foundation
import ZIPFoundation

/// Builds .xlsx workbooks in memory for the import tests: the parts a spreadsheet program writes, with the
/// worksheet, shared strings and styles given by the test.
enum WorkbookBuilder {
  static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
  static let package = "http://schemas.openxmlformats.org/package/2006/relationships"

  /// A worksheet part holding `rows` (the XML of each `<row>`'s content, keyed by row number).
  static func worksheet(_ rows: [(Int, String)], prolog: String = "") -> String {
    """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    \(prolog)<worksheet xmlns="\(main)" xmlns:r="\(relationships)"><sheetData>\
    \(rows.map { "<row r=\"\($0.0)\">\($0.1)</row>" }.joined())\
    </sheetData></worksheet>
    """
  }

  /// A shared-strings part.
  static func sharedStrings(_ strings: [String], prolog: String = "") -> String {
    """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    \(prolog)<sst xmlns="\(main)" count="\(strings.count)" uniqueCount="\(strings.count)">\
    \(strings.map { "<si><t xml:space=\"preserve\">\(escape($0))</t></si>" }.joined())</sst>
    """
  }

  /// A styles part with cell format 0 General, 1 a built-in date (14), 2 a custom ISO date, 3 a number.
  static let styles = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <styleSheet xmlns="\(main)"><numFmts count="1"><numFmt numFmtId="164" formatCode="YYYY\\-MM\\-DD"/></numFmts>\
    <cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="2"/></cellXfs>\
    </styleSheet>
    """

  /// Every part of a workbook whose first sheet is `sheet`.
  static func parts(
    sheet: String, sharedStrings: String? = nil, styles: String? = Self.styles, date1904: Bool = false
  ) -> [(String, String)] {
    var parts: [(String, String)] = [
      (
        "[Content_Types].xml",
        """
        <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="xml" ContentType="application/xml"/></Types>
        """
      ),
      (
        "_rels/.rels",
        """
        <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="\(package)">\
        <Relationship Id="rId1" Type="\(relationships)/officeDocument" Target="xl/workbook.xml"/></Relationships>
        """
      ),
      (
        "xl/workbook.xml",
        """
        <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="\(main)" xmlns:r="\(relationships)">\
        \(date1904 ? "<workbookPr date1904=\"1\"/>" : "")\
        <sheets><sheet name="Answers" sheetId="1" r:id="rId1"/><sheet name="Notes" sheetId="2" r:id="rId9"/></sheets>\
        </workbook>
        """
      ),
      (
        "xl/_rels/workbook.xml.rels",
        """
        <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="\(package)">\
        <Relationship Id="rId1" Type="\(relationships)/worksheet" Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId9" Type="\(relationships)/worksheet" Target="/xl/worksheets/sheet2.xml"/>\
        <Relationship Id="rId2" Type="\(relationships)/sharedStrings" Target="sharedStrings.xml"/>\
        <Relationship Id="rId3" Type="\(relationships)/styles" Target="styles.xml"/></Relationships>
        """
      ),
      ("xl/worksheets/sheet1.xml", sheet),
      ("xl/worksheets/sheet2.xml", worksheet([(1, "<c r=\"A1\" t=\"inlineStr\"><is><t>not read</t></is></c>")])),
    ]
    if let sharedStrings { parts.append(("xl/sharedStrings.xml", sharedStrings)) }
    if let styles { parts.append(("xl/styles.xml", styles)) }
    return parts
  }

  /// The ZIP archive of `parts`, deflated.
  static func archive(_ parts: [(String, String)]) throws -> [UInt8] {
    let archive = try Archive(data: Data(), accessMode: .create)
    for (path, text) in parts {
      let data = Data(text.utf8)
      try archive.addEntry(
        with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
        provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
    }
    return [UInt8](archive.data ?? Data())
  }

  /// The archive of `parts` plus a part at `path` of `size` zero bytes: highly compressible, a ZIP bomb.
  static func archive(_ parts: [(String, String)], zeros size: Int, at path: String) throws -> [UInt8] {
    let archive = try Archive(data: Data(), accessMode: .create)
    for (partPath, text) in parts where partPath != path {
      let data = Data(text.utf8)
      try archive.addEntry(
        with: partPath, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
        provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
    }
    let chunk = Data(count: 1 << 20)
    try archive.addEntry(
      with: path, type: .file, uncompressedSize: Int64(size), compressionMethod: .deflate, bufferSize: 1 << 20,
      provider: { _, length in chunk.prefix(length) })
    return [UInt8](archive.data ?? Data())
  }

  /// `bytes` with the uncompressed size that the local header and the central directory declare for `path`
  /// replaced by `declared`: a ZIP bomb that lies about its size.
  static func lying(_ bytes: [UInt8], about path: String, declared: UInt32) -> [UInt8] {
    var bytes = bytes
    let name = Array(path.utf8)
    func put(_ value: UInt32, at offset: Int) {
      for index in 0..<4 { bytes[offset + index] = UInt8((value >> (8 * UInt32(index))) & 0xFF) }
    }
    func u16(_ offset: Int) -> Int { Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 }
    var index = 0
    while index + 46 < bytes.count {
      if bytes[index...].starts(with: [0x50, 0x4B, 0x03, 0x04]) {
        let length = u16(index + 26)
        if Array(bytes[(index + 30)..<(index + 30 + length)]) == name { put(declared, at: index + 22) }
      } else if bytes[index...].starts(with: [0x50, 0x4B, 0x01, 0x02]) {
        let length = u16(index + 28)
        if Array(bytes[(index + 46)..<(index + 46 + length)]) == name { put(declared, at: index + 24) }
      }
      index += 1
    }
    return bytes
  }

  static func escape(_ text: String) -> String {
    text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
  }
}
