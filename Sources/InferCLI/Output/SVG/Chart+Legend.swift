import Foundation

/// Where a chart's legend goes and how it is drawn: in the corner of the plot that covers no
/// drawn point (the layout raises the y axis, or moves the legend below the chart, when none is free).
extension Chart {
    /// The legend's entries: bars, contours, then series and markers (a marker's swatch dashed),
    /// each line with its colour; a series without a name (the second edge of a band) has none.
    var legendEntries: (bars: [String], contours: [String], lines: [(name: String, dashed: Bool, color: String)]) {
        let named = series.indices.filter { !series[$0].name.isEmpty }.map { k in
            (name: series[k].name, dashed: false, color: series[k].color ?? Self.palette[k % Self.palette.count])
        }
        let marked = markers.indices.map { k in (name: markers[k].label, dashed: true, color: Self.palette[(series.count + k) % Self.palette.count]) }
        return (bars.map(\.name), contours.map(\.name), named + marked)
    }

    /// The legend box's size; nil when there is no series or marker to name.
    var legendSize: (width: Double, height: Double)? {
        let entries = legendEntries
        guard !entries.lines.isEmpty else { return nil }
        let longest = (entries.lines.map(\.name) + entries.bars + entries.contours).map { Double($0.count) }.max() ?? 0
        return (34 + longest * 6.4, Double(entries.lines.count + entries.bars.count + entries.contours.count) * 18 + 8)
    }

    /// Points along everything drawn as data (lines between their points, error bars, bars'
    /// areas, contours), in pixels, for the legend to avoid.
    func drawnPoints(px: (Double) -> Double, py: (Double) -> Double) -> [(Double, Double)] {
        let steps = (0...8).map { Double($0) / 8 }
        var points: [(Double, Double)] = []
        for line in series {
            for (k, point) in line.points.enumerated() {
                let error = line.errors?[k] ?? 0
                points += steps.map { (px(point.x), py(point.y - error + 2 * error * $0)) }
                if line.joined && k > 0 {
                    let previous = line.points[k - 1]
                    let (x0, x1) = (px(previous.x), px(point.x)), (y0, y1) = (py(previous.y), py(point.y))
                    points += steps.map { (x0 + (x1 - x0) * $0, y0 + (y1 - y0) * $0) }
                }
            }
        }
        for group in bars {
            for bin in group.bins where bin.height > 0 {
                for u in steps { points += steps.map { v in (px(bin.low + (bin.high - bin.low) * u), py(bin.height * v)) } }
            }
        }
        for contour in contours {
            for segment in contour.segments {
                points += [0, 0.5, 1].map { t in
                    (px(segment.from.x + (segment.to.x - segment.from.x) * t), py(segment.from.y + (segment.to.y - segment.from.y) * t))
                }
            }
        }
        return points
    }

    /// The corner of the plot where a legend of `size` covers the fewest drawn points (a
    /// marker's line counting as many), top right first on a tie, and how many it covers.
    func legendPlacement(
        _ size: (width: Double, height: Double), plot: (left: Double, top: Double, width: Double, height: Double),
        px: (Double) -> Double, py: (Double) -> Double
    ) -> (corner: (x: Double, y: Double), covered: Int) {
        let points = drawnPoints(px: px, py: py)
        let corners = [
            (plot.left + plot.width - 12 - size.width, plot.top + 12), (plot.left + 12, plot.top + 12),
            (plot.left + plot.width - 12 - size.width, plot.top + plot.height - 12 - size.height),
            (plot.left + 12, plot.top + plot.height - 12 - size.height),
        ]
        let covered = corners.map { corner in
            let within = { (x: Double) in x >= corner.0 - 4 && x <= corner.0 + size.width + 4 }
            return points.filter { within($0.0) && $0.1 >= corner.1 - 4 && $0.1 <= corner.1 + size.height + 4 }.count
                + markers.filter { within(px($0.x)) }.count * 100
        }
        let best = covered.indices.min { covered[$0] < covered[$1] } ?? 0
        return ((corners[best].0, corners[best].1), covered[best])
    }

    /// The legend, a swatch and a name per bar set, contour, series and marker, its top left
    /// corner at `corner`.
    func legend(_ document: inout SVGDocument, at corner: (x: Double, y: Double)) {
        guard let size = legendSize else { return }
        let entries = legendEntries
        let (left, y) = corner
        document.rectangle(left, y, size.width, size.height, fill: "white", stroke: "#bbbbbb")
        for (k, name) in entries.bars.enumerated() {
            let rowY = y + 16 + Double(k) * 18
            document.rectangle(left + 8, rowY - 10, 18, 10, fill: "#c6dbef", stroke: "#6b9ac4")
            document.text(name, left + 30, rowY, size: 11)
        }
        for (k, name) in entries.contours.enumerated() {
            let rowY = y + 16 + Double(entries.bars.count + k) * 18
            document.line(left + 8, rowY - 4, left + 26, rowY - 4, stroke: Self.contourPalette[k % Self.contourPalette.count], width: 2)
            document.text(name, left + 30, rowY, size: 11)
        }
        for (k, entry) in entries.lines.enumerated() {
            let rowY = y + 16 + Double(k + entries.bars.count + entries.contours.count) * 18
            document.line(left + 8, rowY - 4, left + 26, rowY - 4, stroke: entry.color, width: 2, dash: entry.dashed ? "6,4" : nil)
            document.text(entry.name, left + 30, rowY, size: 11)
        }
    }
}
