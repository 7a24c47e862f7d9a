import CandorXML
import Foundation
import Testing

@testable import CandorKit

/// The loaders read responses and incident files straight from the parsed tree (Node); `candor validate` reads the
/// same documents as Element values. Both must give the same models and the same problems.
@Suite struct NodeReadingTests {
  static func sources() -> [SourceText] {
    let examples = ["response-alderglen-cloud", "response-meridane-cloud", "response-oakhollow", "response-stratovane"]
      .map { Fixtures.packageText("Examples/\($0).xml") }
    var texts =
      examples + [Fixtures.packageText("Examples/incidents.xml"), Fixtures.text("reference/response-nimbus.xml")]
    texts.append(Fixtures.text("reference/incidents-nimbus.xml"))
    // Defects the readers report (duplicate answers, two values, a timeline out of order, an unknown behaviour).
    let nimbus = Fixtures.text("reference/response-nimbus.xml")
    texts.append(
      nimbus.replacingOccurrences(
        of: "<answer question=\"TRN-01.1\" value=\"yes\"/>",
        with: "<answer question=\"TRN-01.1\" value=\"yes\" number=\"3\"/><answer question=\"TRN-01.1\" value=\"no\"/>"
      ))
    let incidents = Fixtures.text("reference/incidents-nimbus.xml")
    texts.append(
      incidents.replacingOccurrences(of: "resolved=\"2026-09-12T16:20:00Z\"", with: "resolved=\"2026-09-11T16:20:00Z\"")
        .replacingOccurrences(of: "behaviour=\"autonomous-destructive-action\"", with: "behaviour=\"rogue-agent\""))
    return texts.enumerated().map { SourceText(name: "file-\($0.offset).xml", bytes: Array($0.element.utf8)) }
  }

  @Test func nodesAndElementsReadTheSame() throws {
    let questionnaire = try InputLoader.questionnaire(
      BundledResources.source(BundledResources.defaultQuestionnairePath)!
    ).0
    let mini = try InputLoader.questionnaire(Fixtures.miniQuestionnaire).0
    var problemsSeen = 0
    for source in Self.sources() {
      let document = try ParsedDocument.parse(source)
      let element = document.root()
      let target = source.name == "file-5.xml" || source.name == "file-7.xml" ? mini : questionnaire
      document.withRoot { node in
        #expect(node.name == element.name)
        #expect(node.namespace == element.namespace)
        if element.name == "response" {
          let (fromNode, nodeProblems) = ResponseReader.read(node)
          let (fromElement, elementProblems) = ResponseReader.read(element)
          #expect(String(describing: fromNode) == String(describing: fromElement))
          #expect(nodeProblems == elementProblems)
          let checked = ResponseReader.check(fromNode, against: target, root: node)
          #expect(checked == ResponseReader.check(fromElement, against: target, root: element))
          problemsSeen += nodeProblems.count + checked.count
        } else {
          let (fromNode, nodeProblems) = IncidentsReader.read(node, file: source.name, questionnaire: target)
          let (fromElement, elementProblems) = IncidentsReader.read(element, file: source.name, questionnaire: target)
          #expect(String(describing: fromNode) == String(describing: fromElement))
          #expect(nodeProblems == elementProblems)
          #expect(!fromNode.isEmpty)
          problemsSeen += nodeProblems.count
        }
      }
    }
    #expect(problemsSeen >= 3)
  }
}
