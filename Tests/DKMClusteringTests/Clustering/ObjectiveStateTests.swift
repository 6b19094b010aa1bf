import DKMTestSupport
import DeepKMeans
import Foundation
import Testing

@Suite struct ObjectiveStateTests {
    /// A checkpoint written before the state had named entries keeps DCN's, IDEC's and DKM's
    /// fields under the names their objectives read today.
    @Test func theFirstLayoutReadsAsNamedEntries() throws {
        let json = #"{"clusters":[0,2,1],"counts":[100,101.5,102],"lastNearest":[-1,0,2],"calmEpochs":2}"#
        let state = try JSONDecoder().decode(ObjectiveState.self, from: Data(json.utf8))
        #expect(state.integers == ["clusters": [0, 2, 1], "lastNearest": [-1, 0, 2], "calmEpochs": [2]])
        #expect(state.reals == ["counts": [100, 101.5, 102]])
        let empty = try JSONDecoder().decode(ObjectiveState.self, from: Data("{}".utf8))
        #expect(empty == ObjectiveState())
    }

    @Test func namedEntriesRoundTripAndAreChecked() throws {
        var state = ObjectiveState()
        state.integers["clusters"] = [0, 1, 1]
        state.reals["counts"] = [3, 4]
        let decoded = try JSONDecoder().decode(ObjectiveState.self, from: try JSONEncoder().encode(state))
        #expect(decoded == state)
        #expect(try decoded.integers("clusters", count: 3, in: 0...1, file: "c") == [0, 1, 1])
        #expect(try decoded.integers("missing", count: 3, in: 0...1, file: "c") == nil)
        #expect(throws: DataFileError.self) { try decoded.integers("clusters", count: 4, in: 0...1, file: "c") }
        #expect(throws: DataFileError.self) { try decoded.integers("clusters", count: 3, in: 0...0, file: "c") }
        #expect(throws: DataFileError.self) { try decoded.reals("counts", count: 3, file: "c") }
    }
}
