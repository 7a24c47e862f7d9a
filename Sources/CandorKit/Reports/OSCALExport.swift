/// NIST OSCAL 1.2.1 assessment results of one assessment, in both of OSCAL's wire formats, valid against NIST's
/// schemas (`oscal_assessment-results_schema.xsd` and `.json`). The mapping from candor's concepts to OSCAL is
/// described in docs/oscal.md.
///
/// Both documents are built from one tree (``OSCALMapping``), so they carry the same content; both are
/// deterministic: the same assessment always gives the same bytes.
public enum OSCALExport {
  /// The namespace of candor's properties (`prop/@ns`).
  public static let propertyNamespace = OSCALMapping.propertyNamespace

  /// The OSCAL version the documents declare and are valid against.
  public static let oscalVersion = OSCALMapping.oscalVersion

  /// The assessment results as OSCAL XML (`<assessment-results xmlns="http://csrc.nist.gov/ns/oscal/1.0">`).
  public static func xml(_ assessment: Assessment) -> String {
    OSCALXMLRenderer.document(root: OSCALMapping.rootName, OSCALMapping(assessment).document())
  }

  /// Both documents, from one mapping of the assessment: (XML, JSON).
  public static func documents(_ assessment: Assessment) -> (xml: String, json: String) {
    let (xml, json) = documentBytes(assessment)
    return (String(decoding: xml, as: UTF8.self), String(decoding: json, as: UTF8.self))
  }

  /// The assessment results as OSCAL JSON (`{"assessment-results": {…}}`).
  public static func json(_ assessment: Assessment) -> String {
    OSCALJSONRenderer.document(root: OSCALMapping.rootName, OSCALMapping(assessment).document())
  }

  /// Both documents as UTF-8 bytes, from one tree.
  static func documentBytes(_ assessment: Assessment) -> (xml: [UInt8], json: [UInt8]) {
    let tree = OSCALMapping(assessment).document()
    return (
      OSCALXMLRenderer.bytes(root: OSCALMapping.rootName, tree),
      OSCALJSONRenderer.bytes(root: OSCALMapping.rootName, tree)
    )
  }
}
