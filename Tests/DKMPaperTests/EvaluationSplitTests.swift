import DKMPaper
import DeepKMeans
import DKMTestSupport
import Testing

@Suite struct EvaluationSplitTests {
    @Test func splitFilesAreCheckedAgainstTheDataSet() throws {
        let directory = TemporaryDirectory()
        directory.write("split/validation", "3\r\n0\r\n")
        directory.write("split/test", "1\r\n2\r\n4\r\n")
        let split = try EvaluationSplit(directory: directory.file("split"), pointCount: 5)
        #expect(split.validation == [3, 0] && split.test == [1, 2, 4])
        #expect(throws: DataFileError.self) { try EvaluationSplit(directory: directory.file("split"), pointCount: 4) }
    }
}
