import HummingbirdTesting
import Testing
@testable import CandorServer

@Test func placeholder() {}
