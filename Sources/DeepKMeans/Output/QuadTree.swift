/// A point-region quadtree over 2-D map positions, each cell keeping the count and centre of
/// mass of the points inside it: the summary Barnes-Hut t-SNE uses to approximate the repulsion
/// of a far group of points by one point at the group's centre of mass.
struct QuadTree {
    /// A cell while the tree is built.
    private struct Cell {
        var centerX: Double, centerY: Double, halfWidth: Double
        var count = 0
        var sumX = 0.0, sumY = 0.0
        /// The first of four children (-1: a leaf).
        var firstChild = -1
        /// A leaf's point (-1: empty). Points at one position share a leaf once the cell is tiny.
        var point = -1
    }

    /// A finished cell, as the traversal reads it: 40 bytes, its centre of mass precomputed, so a
    /// visit is one load and no division (the traversal is most of a map's time).
    struct Node {
        var massX: Double, massY: Double
        /// The cell's width, squared.
        var widthSquared: Double
        var count: Int32
        /// The first of four children (-1: a leaf).
        var firstChild: Int32
        /// A leaf's point (-1: empty).
        var point: Int32
    }

    private(set) var nodes: [Node] = []
    private var cells: [Cell]
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
        nodes = cells.map { cell in
            let inverseCount = cell.count > 0 ? 1 / Double(cell.count) : 0
            return Node(
                massX: cell.sumX * inverseCount, massY: cell.sumY * inverseCount,
                widthSquared: 4 * cell.halfWidth * cell.halfWidth, count: Int32(cell.count),
                firstChild: Int32(cell.firstChild), point: Int32(cell.point))
        }
        cells = []
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
                cells.append(
                    Cell(
                        centerX: cell.centerX + (q & 1 == 1 ? quarter : -quarter),
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
    /// distance is below `theta` (0: every point, exactly). `stack` is scratch space of at least
    /// 3 x depth + 1 entries (`stackCapacity`).
    func repulsion(
        on point: Int, x: Double, y: Double, theta: Double,
        stack: UnsafeMutableBufferPointer<Int32>
    ) -> (Double, Double, Double) {
        var forceX = 0.0, forceY = 0.0, sumQ = 0.0
        let thetaSquared = theta * theta, me = Int32(point)
        nodes.withUnsafeBufferPointer { nodes in
            var top = 0
            stack[0] = 0
            while top >= 0 {
                let node = nodes[Int(stack[top])]
                top -= 1
                let isLeaf = node.firstChild < 0
                // A leaf's points are at one place; the point itself is not repelled by itself.
                let count = isLeaf && node.point == me ? node.count - 1 : node.count
                guard count > 0 else { continue }
                let dx = x - node.massX, dy = y - node.massY
                let distanceSquared = dx * dx + dy * dy
                if isLeaf || node.widthSquared < thetaSquared * distanceSquared {
                    let q = 1 / (1 + distanceSquared)
                    let weight = Double(count) * q
                    sumQ += weight
                    forceX += weight * q * dx
                    forceY += weight * q * dy
                } else {
                    let first = Int(node.firstChild)
                    for child in first..<first + 4 where nodes[child].count > 0 {
                        top += 1
                        stack[top] = Int32(child)
                    }
                }
            }
        }
        return (forceX, forceY, sumQ)
    }

    /// Entries `repulsion` may need on its stack: each opened cell leaves at most three
    /// siblings waiting per level, and there are at most `nodes.count / 4` levels.
    var stackCapacity: Int { 3 * (nodes.count / 4 + 1) + 4 }
}
