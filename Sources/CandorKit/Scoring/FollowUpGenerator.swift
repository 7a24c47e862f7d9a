/// Turns an assessment into the questions to put to the vendor and the clauses to ask for in the contract, most
/// serious first: contradictions, alleged findings, evidence integrity, missing root causes, then evidence and
/// responsibility gaps in questionnaire order.
public enum FollowUpGenerator {
  public static func followUps(for assessment: Assessment) -> [FollowUp] {
    var result: [FollowUp] = []
    var seen = Set<String>()
    func add(_ followUp: FollowUp) {
      if seen.insert(followUp.id).inserted { result.append(followUp) }
    }
    let vendor = assessment.vendor.name

    for contradiction in assessment.contradictions where contradiction.cap != nil {
      add(
        FollowUp(
          id: "FU-\(contradiction.controlID)-\(contradiction.incidentID)-\(contradiction.behaviour)",
          kind: .contradiction, controlID: contradiction.controlID, questionID: nil,
          incidentID: contradiction.incidentID,
          question:
            "You claim \(contradiction.controlID) (\(contradiction.controlTitle)), yet in incident "
            + "\(contradiction.incidentID) \(contradiction.behaviourDescription.lowercasedFirst.withoutFinalStop) "
            + "(\(contradiction.confidence.rawValue), \(contradiction.findingSource)). What failed, what has changed "
            + "since, and what independent evidence shows the control now works?",
          contractAsk:
            "A right to audit \(contradiction.controlID) and to receive the full post-incident review of "
            + "\(contradiction.incidentID), with remediation dates and service credits if the control fails again."))
    }
    for contradiction in assessment.contradictions where contradiction.cap == nil {
      add(
        FollowUp(
          id: "FU-\(contradiction.controlID)-\(contradiction.incidentID)-\(contradiction.behaviour)",
          kind: .allegedFinding, controlID: contradiction.controlID, questionID: nil,
          incidentID: contradiction.incidentID,
          question:
            "It is alleged (\(contradiction.findingSource)) that in incident \(contradiction.incidentID) "
            + "\(contradiction.behaviourDescription.lowercasedFirst.withoutFinalStop). Is this true, and how does it square with your "
            + "answer on \(contradiction.controlID) (\(contradiction.controlTitle))?",
          contractAsk: nil))
    }
    for check in assessment.evidenceFiles where check.state == .hashMismatch {
      add(
        FollowUp(
          id: "FU-evidence-\(check.reference)", kind: .possibleTampering, controlID: nil, questionID: nil,
          incidentID: nil,
          question:
            "The evidence file \(check.reference) does not match the SHA-256 given in the response "
            + "(possible tampering, or a different version). Provide the original file and explain the difference.",
          contractAsk: "Evidence delivered through a channel that preserves integrity (signed or hashed at the source)."
        ))
    }
    for check in assessment.evidenceFiles where check.state == .missing || check.state == .refused {
      add(
        FollowUp(
          id: "FU-evidence-\(check.reference)", kind: .evidenceFileMissing, controlID: nil, questionID: nil,
          incidentID: nil,
          question: "The evidence \(check.reference) could not be checked (\(check.detail)). Provide the file.",
          contractAsk: nil))
    }
    for disclosure in assessment.disclosures where disclosure.incident.timeline.rootCausePublished == nil {
      let incident = disclosure.incident
      add(
        FollowUp(
          id: "FU-\(incident.id)-root-cause", kind: .noRootCause, controlID: nil, questionID: nil,
          incidentID: incident.id,
          question:
            "No root-cause analysis of incident \(incident.id) (\(incident.title)) has been published. Provide it, "
            + "stating the part automation or AI agents played.",
          contractAsk:
            "Root-cause reports for significant incidents within one month (as NIS2 Art. 23(4)(d) sets for final "
            + "reports), stating the part of automation and AI agents."))
    }
    for control in assessment.controls {
      let critical = control.control.critical
      for score in control.questions where score.counts {
        let question = score.question
        if score.status == .unanswered {
          add(
            FollowUp(
              id: "FU-\(question.id)-unanswered", kind: .unanswered, controlID: control.control.id,
              questionID: question.id, incidentID: nil, question: "Answer \(question.id): \(question.text)",
              contractAsk: nil))
          continue
        }
        if question.evidence == .required {
          let expected = question.expectedEvidence.map { " Expected: \($0)" } ?? ""
          switch score.evidence.basis {
          case .missing:
            add(
              FollowUp(
                id: "FU-\(question.id)-evidence", kind: .evidenceMissing, controlID: control.control.id,
                questionID: question.id, incidentID: nil,
                question: "Provide evidence for your answer to \(question.id) (\(question.text))\(expected)",
                contractAsk: nil))
          case .unusable:
            let expired = score.evidence.items.contains { $0.state == .expired }
            add(
              FollowUp(
                id: "FU-\(question.id)-evidence", kind: expired ? .evidenceExpired : .evidenceMissing,
                controlID: control.control.id, questionID: question.id, incidentID: nil,
                question:
                  "The evidence for \(question.id) is \(expired ? "expired" : "unusable"); provide current evidence "
                  + "for \(question.text)\(expected)",
                contractAsk: expired ? "Annual renewal of the attestations this answer relies on." : nil))
          case .vendorOrigin where critical:
            add(
              FollowUp(
                id: "FU-\(question.id)-independent", kind: .vendorEvidenceOnCritical, controlID: control.control.id,
                questionID: question.id, incidentID: nil,
                question:
                  "Critical control \(control.control.id) rests on self-attested evidence for \(question.id). Provide "
                  + "independent evidence (an auditor's or certification body's report).\(expected)",
                contractAsk: "An independent assurance report covering \(control.control.id), renewed yearly."))
          default:
            break
          }
        }
        if score.ownership.isShifted {
          add(
            FollowUp(
              id: "FU-\(question.id)-ownership", kind: .responsibilityShifted, controlID: control.control.id,
              questionID: question.id, incidentID: nil,
              question:
                "You answered \(question.id) as \(score.ownership.answeredOwner.rawValue) responsibility, where "
                + "\(control.control.id) (\(control.control.title)) is the \(score.ownership.controlOwner.rawValue)'s. "
                + "What exactly does \(vendor) do, and what is left to the customer?",
              contractAsk:
                "A responsibility matrix for \(control.control.id) in the contract, with \(vendor) liable for the "
                + "parts it operates."))
        }
      }
    }
    return result
  }
}

extension String {
  /// The string with its first character in lower case ("An agent …" → "an agent …").
  /// The string without a final full stop.
  var withoutFinalStop: String { hasSuffix(".") ? String(dropLast()) : self }

  var lowercasedFirst: String {
    guard let first, first.isUppercase, dropFirst().first?.isUppercase != true else { return self }
    return first.lowercased() + dropFirst()
  }
}
