import CandorKit
import CandorXML
import Foundation

/// The questionnaires of the rounds, loaded (and checked) once each through CandorKit.
final class QuestionnaireCache: @unchecked Sendable {
  private let lock = NSLock()
  private var loaded: [String: Questionnaire] = [:]
  private let data: DataFolder

  init(data: DataFolder) { self.data = data }

  /// The questionnaire stored at `file` (relative to the data folder), or the bundled one for nil.
  func questionnaire(_ file: String?) throws -> Questionnaire {
    let key = file ?? ""
    if let cached = lock.withLock({ loaded[key] }) { return cached }
    let source: SourceText
    if let file {
      do {
        source = try InputFiles.read(data.path(file))
      } catch {
        throw PortalError.storage("the round's questionnaire cannot be read: \(error)")
      }
    } else {
      source = BundledResources.defaultQuestionnaire
    }
    do {
      let (questionnaire, _) = try InputLoader.questionnaire(source)
      lock.withLock { loaded[key] = questionnaire }
      return questionnaire
    } catch {
      throw PortalError.storage("the round's questionnaire no longer loads: \(error)")
    }
  }
}
