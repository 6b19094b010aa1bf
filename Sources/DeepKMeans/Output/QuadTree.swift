/// A point-region quadtree over 2-D map positions, each cell keeping the count and summed
/// position of the points inside it: the summary Barnes-Hut t-SNE uses to approximate the
/// repulsion of a far group of points by one point at the group's centre of mass.
struct QuadTree {
    struct Cell {
        var centerX: Double, centerY: Double, halfWidth: Double
        var count = 0
        var sumX = 0.0, sumY = 0.0
        /// The first of four children (-1: a leaf).
        var firstChild = -1
        /// A leaf's point (-1: empty). Points at one position share a leaf once the cell is tiny.
        var point = -1
    }

    private(set) var cells: [Cell]
    /// Below this width a cell is not split again: the points in it are at one place.
    private let smallestHalfWidth: Double

    /// The tree of `count` points whose coordinates are `positions[2i]`, `positions[2i + 1]`.
    init(positions: UnsafeBufferPointer<Double>, count: Int) {
        var minX = Double.infinity, maxX = -Double.infinity, minY = Double.infinity, maxY = -Double.infinity
        for i in 0..<count {
            minX = min(minX, positions[2 * i]); maxX = max(maxX, positions[2 * i])
            minY = min(minY, positions[2 * i + 1]); maxY = max(maxY, positions[2 * i + 1])
        }
        let half = max(maxX - minX, maxY - minY, 1e-12) / 2 * (1 + 1e-9)
        cells = [Cell(centerX: (minX + maxX) / 2, centerY: (minY + maxY) / 2, halfWidth: half)]
        cells.reserveCapacity(4 * count + 1)
        smallestHalfWidth = half * 1e-12
        for i in 0..<count { insert(i, x: positions[2 * i], y: positions[2 * i + 1]) }
    }

    private func quadrant(of cell: Cell, x: Double, y: Double) -> Int {
        (x >= cell.centerX ? 1 : 0) + (y >= cell.centerY ? 2 : 0)
    }

    private mutating func insert(_ point: Int, x: Double, y: Double) {
        var index = 0
        while true {
            cells[index].count += 1
            cells[index].sumX += x
            cells[index].sumY += y
            if cells[index].firstChild >= 0 {
                index = cells[index].firstChild + quadrant(of: cells[index], x: x, y: y)
                continue
            }
            if cells[index].count == 1 {
                cells[index].point = point
                return
            }
            if cells[index].halfWidth < smallestHalfWidth { return }
            // A leaf holding one point splits: that point moves down, then this one goes on.
            let cell = cells[index], quarter = cell.halfWidth / 2
            cells[index].firstChild = cells.count
            for q in 0..<4 {
                cells.append(Cell(centerX: cell.centerX + (q & 1 == 1 ? quarter : -quarter),
                                  centerY: cell.centerY + (q & 2 == 2 ? quarter : -quarter), halfWidth: quarter))
            }
            let previousX = cell.sumX - x, previousY = cell.sumY - y  // the one point it held
            let child = cells.count - 4 + quadrant(of: cell, x: previousX, y: previousY)
            cells[child].count = 1
            cells[child].sumX = previousX
            cells[child].sumY = previousY
            cells[child].point = cell.point
            cells[index].point = -1
            index = cells[index].firstChild + quadrant(of: cell, x: x, y: y)
        }
    }

    /// The repulsion on point `point` at (x, y): sum over the other points j of q_ij^2 (y_i - y_j)
    /// and of q_ij = 1 / (1 + |y_i - y_j|^2), a cell taken as one point when its width over its
    /// distance is below `theta` (0: every point, exactly).
    func repulsion(on point: Int, x: Double, y: Double, theta: Double, stack: inout [Int]) -> (Double, Double, Double) {
        var forceX = 0.0, forceY = 0.0, sumQ = 0.0
        stack.removeAll(keepingCapacity: true)
        stack.append(0)
        let thetaSquared = theta * theta
        cells.withUnsafeBufferPointer { cells in
            while let index = stack.popLast() {
                let cell = cells[index]
                let isLeaf = cell.firstChild < 0
                // A leaf's points are at one place; the point itself is not repelled by itself.
                let count = isLeaf && cell.point == point ? cell.count - 1 : cell.count
                guard count > 0 else { continue }
                let inverseCount = 1 / Double(cell.count)
                let dx = x - cell.sumX * inverseCount, dy = y - cell.sumY * inverseCount
                let distanceSquared = dx * dx + dy * dy
                let width = 2 * cell.halfWidth
                if isLeaf || width * width < thetaSquared * distanceSquared {
                    let q = 1 / (1 + distanceSquared)
                    let weight = Double(count) * q
                    sumQ += weight
                    forceX += weight * q * dx
                    forceY += weight * q * dy
                } else {
                    let first = cell.firstChild
                    for child in first ..< first + 4 where cells[child].count > 0 { stack.append(child) }
                }
            }
        }
        return (forceX, forceY, sumQ)
    }
}
