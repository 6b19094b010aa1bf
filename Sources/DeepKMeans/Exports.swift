// One import for users of the library: `import DeepKMeans` brings the layers below it too.
@_exported import DKMClustering
@_exported import DKMCore
@_exported import DKMData
@_exported import DKMEncoder
