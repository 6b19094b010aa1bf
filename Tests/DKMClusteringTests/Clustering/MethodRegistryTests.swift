import DKMTestSupport
import DeepKMeans
import Foundation
import Testing

@Suite struct MethodRegistryTests {
    /// The built-in methods keep their names, order and the paper's display names.
    @Test func theBuiltInMethodsKeepTheirNamesAndOrder() throws {
        let names = ["km", "ae-km", "dkm-p", "dkm-a", "dcn-p", "dcn-np", "idec-p", "idec-np"]
        #expect(Array(ClusteringMethod.allCases.prefix(8).map(\.rawValue)) == names)
        #expect(
            ClusteringMethod.allCases.prefix(8).map(\.displayName) == ["KM", "AE-KM", "DKMp", "DKMa", "DCNp", "DCNnp", "IDECp", "IDECnp"])
        #expect(ClusteringMethod.allCases.prefix(8).map(\.usesPretraining) == [true, true, true, false, true, false, true, false])
        #expect(
            ClusteringMethod.allCases.prefix(8).map(\.lambdaName) == [
                "lambda", "lambda", "lambda", "lambda", "lambda", "lambda", "gamma", "gamma",
            ])
        #expect(!ClusteringMethod.km.hasLambda && !ClusteringMethod.aeKMeans.hasLambda && ClusteringMethod.dcnPretrained.hasLambda)
        for name in names { #expect(ClusteringMethod(rawValue: name)?.definition.name == name) }
        #expect(ClusteringMethod(rawValue: "dkm") == nil)
    }

    /// --epochs and --alpha reach each method's own setting: DKMp's constant alpha, DKMa's
    /// annealing, the baselines' epochs.
    @Test func fineTuningOptionsReachEachMethodsSetting() {
        func tuned(_ method: ClusteringMethod) -> DeepKMeansSettings {
            method.definition.fineTuning(
                method.defaultSettings(clusterCount: 4), epochs: 7, alpha: 5, alphaCount: 3, epochsPerAlpha: 2)
        }
        #expect(tuned(.dkmPretrained).alphaSchedule == .constant(5, epochs: 7))
        #expect(tuned(.km).alphaSchedule == .constant(5, epochs: 7))
        let annealing = AlphaSchedule.annealing()
        #expect(tuned(.dkmAnnealed).alphaSchedule == .annealing(first: annealing.values[0], count: 3, epochsPerValue: 2))
        for method in [ClusteringMethod.dcnPretrained, .dcnNonPretrained, .idecPretrained, .idecNonPretrained] {
            #expect(tuned(method).baselineEpochs == 7)
            #expect(tuned(method).alphaSchedule == method.defaultSettings(clusterCount: 4).alphaSchedule)
        }
        let untouched = ClusteringMethod.dkmAnnealed.definition.fineTuning(
            ClusteringMethod.dkmAnnealed.defaultSettings(clusterCount: 4), epochs: nil, alpha: nil, alphaCount: nil, epochsPerAlpha: nil)
        #expect(untouched == ClusteringMethod.dkmAnnealed.defaultSettings(clusterCount: 4))
    }
}
