@testable import DKMClustering
@testable import DKMCore
@testable import DKMData
@testable import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

/// assignments.csv and the placements CSV are safe to open in a spreadsheet.
@Suite struct AssignmentsCSVTests {
    @Test func csvFieldsCannotBecomeSpreadsheetFormulas() {
        #expect(AssignmentsCSV.csvField("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(AssignmentsCSV.csvField("+1") == "'+1")
        #expect(AssignmentsCSV.csvField("-2") == "'-2")
        #expect(AssignmentsCSV.csvField("@SUM(A1)") == "'@SUM(A1)")
        #expect(AssignmentsCSV.csvField("notes/a.txt") == "notes/a.txt")
    }
}
