import Foundation

/// A chart of lines with point markers, error bars and labelled vertical markers, on a linear
/// or logarithmic x axis, with ticks, axis labels, a title and a legend: the figures of `infer`.
struct Chart {
    struct Series {
        let name: String
        let points: [(x: Double, y: Double)]
        /// Half-widths of error bars, one a point, or none.
        var errors: [Double]? = nil
        /// Whether each point gets a dot (not for a smooth curve).
        var dots = true
        /// Whether the points are joined by a line.
        var joined = true
        /// The series' colour; nil for the palette's next.
        var color: String? = nil

        /// An estimate on the row `y` of a chart of categories, with its interval's ends when it
        /// has one (else the estimate's dot alone).
        static func interval(_ name: String, estimate: Double, _ interval: ClosedRange<Double>?, y: Double, color: String? = nil) -> Series {
            let points = interval.map { [(x: $0.lowerBound, y: y), (x: estimate, y: y), (x: $0.upperBound, y: y)] } ?? [(x: estimate, y: y)]
            return Series(name: name, points: points, color: color)
        }
    }

    /// A vertical dashed line at x, named in the legend.
    struct Marker {
        let x: Double
        let label: String
    }

    /// Bars from low to high of the given heights (a histogram), drawn under the lines.
    struct Bars {
        let name: String
        let bins: [(low: Double, high: Double, height: Double)]

        /// The histogram of `values` on equal bins (Rice's rule, 2n^⅓, from 8 to 60, over their
        /// range unless `over` gives one), as counts or, with `density`, scaled to unit area.
        static func histogram(_ values: [Double], name: String, density: Bool, over range: ClosedRange<Double>? = nil, bins: Int? = nil) -> Bars {
            let finite = values.filter(\.isFinite)
            let count = bins ?? min(60, max(8, Int((2 * pow(Double(finite.count), 1.0 / 3)).rounded())))
            // one bar when the values are equal, span more than the largest double, or span so
            // little (5e-324) that a bin's width underflows to 0
            guard let low = range?.lowerBound ?? finite.min(), let high = range?.upperBound ?? finite.max(), high > low,
                  (high - low).isFinite, (high - low) / Double(count) > 0 else {
                return Bars(name: name, bins: finite.first.map { [($0 - 0.5, $0 + 0.5, density ? 1 : Double(finite.count))] } ?? [])
            }
            let width = (high - low) / Double(count)
            var tallies = [Int](repeating: 0, count: count)
            for value in finite where value >= low && value <= high { tallies[min(count - 1, Int((value - low) / width))] += 1 }
            let scale = density ? 1 / (Double(finite.count) * width) : 1
            return Bars(name: name, bins: tallies.indices.map { (low + Double($0) * width, low + Double($0 + 1) * width, Double(tallies[$0]) * scale) })
        }
    }

    var title: String
    var xLabel: String
    var yLabel: String
    var logX = false
    var series: [Series] = []
    var markers: [Marker] = []
    var bars: [Bars] = []
    /// Whether the legend is drawn (a chart whose lines fill it may leave it to a neighbour
    /// that names the same colours).
    var showsLegend = true
    /// Names for the rows y = 0, 1, … (a chart of categories, the first at the top).
    var yCategories: [String]? = nil
    /// Contour lines: each a set of segments, named in the legend.
    var contours: [(name: String, segments: [(from: (x: Double, y: Double), to: (x: Double, y: Double))])] = []

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]
    /// Contour levels, darkest for the innermost.
    static let contourPalette = ["#08306b", "#2171b5", "#6baed6", "#bdd7e7"]

    private let width = 680.0
    /// The panel's height (a stacked figure gives each chart its own).
    var height = 440.0
    private let right = 24.0, top = 46.0, bottom = 58.0
    private var left: Double { yCategories == nil ? 78 : 190 }

    init(title: String, xLabel: String, yLabel: String, logX: Bool = false) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logX = logX
    }

    /// The chart as a self-contained SVG document.
    func svg() -> String { Self.stacked([self]) }

    /// Charts one above the other in one document (a figure of several panels).
    static func stacked(_ charts: [Chart]) -> String {
        guard let first = charts.first else { return SVGDocument(width: 1, height: 1).rendered }
        var document = SVGDocument(width: first.width, height: charts.reduce(0) { $0 + $1.height })
        var offset = 0.0
        for chart in charts {
            chart.draw(into: &document, offset: offset)
            offset += chart.height
        }
        return document.rendered
    }

    /// Draws the chart into `document` with its top edge at `offset`.
    private func draw(into document: inout SVGDocument, offset: Double) {
        let top = self.top + offset, height = self.height, width = self.width
        let (xRange, yRange) = ranges()
        let plotWidth = width - left - right, plotHeight = height - self.top - bottom
        let px = { (x: Double) in self.left + (self.axisX(x) - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * plotWidth }
        // categories run down from the top; numbers up from the bottom
        let categorical = yCategories != nil
        let py = { (y: Double) in
            top + (categorical ? y - yRange.lowerBound : yRange.upperBound - y) / (yRange.upperBound - yRange.lowerBound) * plotHeight
        }

        document.text(title, width / 2, offset + 26, size: 15, anchor: "middle", bold: true)
        document.rectangle(left, top, plotWidth, plotHeight, fill: "none", stroke: "#444444")
        let yTicks = yCategories.map { names in names.indices.map(Double.init) } ?? Self.ticks(yRange, log: false)
        for tick in yTicks {
            let y = py(tick)
            document.line(left, y, left + plotWidth, y, stroke: "#e6e6e6")
            document.line(left - 5, y, left, y, stroke: "#444444")
            document.text(yCategories.map { $0[Int(tick)] } ?? Self.label(tick), left - 8, y + 4, size: 11, anchor: "end")
        }
        for tick in Self.ticks(xRange, log: logX) {
            let x = left + (tick - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * plotWidth
            document.line(x, top, x, top + plotHeight, stroke: "#e6e6e6")
            document.line(x, top + plotHeight, x, top + plotHeight + 5, stroke: "#444444")
            document.text(Self.label(logX ? pow(10, tick) : tick), x, top + plotHeight + 19, size: 11, anchor: "middle")
        }
        document.text(xLabel, left + plotWidth / 2, offset + height - 14, size: 13, anchor: "middle")
        document.text(yLabel, 20, top + plotHeight / 2, size: 13, anchor: "middle", rotated: true)

        for group in bars {
            for bin in group.bins where bin.height > 0 {
                let (x0, x1, y) = (px(bin.low), px(bin.high), py(bin.height))
                document.rectangle(x0, y, max(0.5, x1 - x0), py(0) - y, fill: "#c6dbef", stroke: "#6b9ac4")
            }
        }
        for (k, contour) in contours.enumerated() {
            let color = Self.contourPalette[k % Self.contourPalette.count]
            for segment in contour.segments {
                document.line(px(segment.from.x), py(segment.from.y), px(segment.to.x), py(segment.to.y), stroke: color, width: 1.5)
            }
        }
        for (k, line) in series.enumerated() {
            let color = line.color ?? Self.palette[k % Self.palette.count]
            if let errors = line.errors {
                for (point, error) in zip(line.points, errors) where error > 0 {
                    let (x, low, high) = (px(point.x), py(point.y - error), py(point.y + error))
                    document.line(x, low, x, high, stroke: color, width: 1)
                    document.line(x - 3, low, x + 3, low, stroke: color, width: 1)
                    document.line(x - 3, high, x + 3, high, stroke: color, width: 1)
                }
            }
            if line.joined { document.polyline(line.points.map { (px($0.x), py($0.y)) }, stroke: color) }
            if line.dots { for point in line.points { document.circle(px(point.x), py(point.y), radius: 2.5, fill: color) } }
        }
        for (k, marker) in markers.enumerated() {
            let color = Self.palette[(series.count + k) % Self.palette.count]
            document.line(px(marker.x), top, px(marker.x), top + plotHeight, stroke: color, width: 1.5, dash: "6,4")
        }
        // what the legend should not cover: the points and their error bars (sampled along)
        var covered: [(Double, Double)] = []
        for line in series {
            for (k, point) in line.points.enumerated() {
                let error = line.errors?[k] ?? 0
                covered += (0...8).map { step in (px(point.x), py(point.y - error + 2 * error * Double(step) / 8)) }
            }
        }
        for group in bars { covered += group.bins.flatMap { bin in (0...8).map { (px(bin.low + (bin.high - bin.low) * Double($0) / 8), py(bin.height)) } } }
        // the rows of a chart of categories name its series already
        if yCategories == nil && showsLegend { legend(&document, avoiding: covered, plot: (left, top, plotWidth, plotHeight)) }
    }

    /// The legend, a swatch and a name per series and marker, in the corner of the plot that
    /// covers the fewest of `points` (top right first on a tie).
    private func legend(_ document: inout SVGDocument, avoiding points: [(Double, Double)], plot: (Double, Double, Double, Double)) {
        let entries = series.map { ($0.name, false) } + markers.map { ($0.label, true) }
        let barEntries = bars.map(\.name)
        let contourEntries = contours.map(\.name)
        guard !entries.isEmpty else { return }
        let longest = (entries.map(\.0) + barEntries + contourEntries).map { Double($0.count) }.max() ?? 0
        let boxWidth = 34 + longest * 6.4, boxHeight = Double(entries.count + barEntries.count + contourEntries.count) * 18 + 8
        let (plotLeft, plotTop, plotWidth, plotHeight) = plot
        let corners = [
            (plotLeft + plotWidth - 12 - boxWidth, plotTop + 12), (plotLeft + 12, plotTop + 12),
            (plotLeft + plotWidth - 12 - boxWidth, plotTop + plotHeight - 12 - boxHeight), (plotLeft + 12, plotTop + plotHeight - 12 - boxHeight),
        ]
        let covered = corners.map { corner in
            points.filter { $0.0 >= corner.0 - 4 && $0.0 <= corner.0 + boxWidth + 4 && $0.1 >= corner.1 - 4 && $0.1 <= corner.1 + boxHeight + 4 }.count
        }
        let best = covered.indices.min { covered[$0] < covered[$1] } ?? 0
        let (boxLeft, y) = corners[best]
        let x = boxLeft + boxWidth
        document.rectangle(x - boxWidth, y, boxWidth, boxHeight, fill: "white", stroke: "#bbbbbb")
        for (k, name) in barEntries.enumerated() {
            let rowY = y + 16 + Double(k) * 18
            document.rectangle(x - boxWidth + 8, rowY - 10, 18, 10, fill: "#c6dbef", stroke: "#6b9ac4")
            document.text(name, x - boxWidth + 30, rowY, size: 11)
        }
        for (k, name) in contourEntries.enumerated() {
            let rowY = y + 16 + Double(barEntries.count + k) * 18
            document.line(x - boxWidth + 8, rowY - 4, x - boxWidth + 26, rowY - 4, stroke: Self.contourPalette[k % Self.contourPalette.count], width: 2)
            document.text(name, x - boxWidth + 30, rowY, size: 11)
        }
        for (k, entry) in entries.enumerated() {
            let color = Self.palette[k % Self.palette.count]
            let rowY = y + 16 + Double(k + barEntries.count + contourEntries.count) * 18
            document.line(x - boxWidth + 8, rowY - 4, x - boxWidth + 26, rowY - 4, stroke: color, width: 2, dash: entry.1 ? "6,4" : nil)
            document.text(entry.0, x - boxWidth + 30, rowY, size: 11)
        }
    }

    private func axisX(_ x: Double) -> Double { logX ? log10(x) : x }

    /// The data's extent on the axes (x in log₁₀ on a log axis), padded.
    private func ranges() -> (ClosedRange<Double>, ClosedRange<Double>) {
        let xs = series.flatMap { $0.points.map { axisX($0.x) } } + markers.map { axisX($0.x) }
            + bars.flatMap { $0.bins.flatMap { [axisX($0.low), axisX($0.high)] } }
            + contours.flatMap { $0.segments.flatMap { [axisX($0.from.x), axisX($0.to.x)] } }
        var ys: [Double] = bars.isEmpty ? [] : [0] + bars.flatMap { $0.bins.map(\.height) }
        ys += contours.flatMap { $0.segments.flatMap { [$0.from.y, $0.to.y] } }
        for line in series {
            for (k, point) in line.points.enumerated() {
                let error = line.errors?[k] ?? 0
                ys += [point.y - error, point.y + error]
            }
        }
        if let names = yCategories { return (Self.padded(xs, by: 0.06), -0.5...(Double(max(1, names.count)) - 0.5)) }
        return (Self.padded(xs, by: 0.03), Self.padded(ys, by: 0.06))
    }

    private static func padded(_ values: [Double], by share: Double) -> ClosedRange<Double> {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return 0...1 }
        let span = high > low ? high - low : max(abs(high), 1)
        return (low - share * span)...(high + share * span)
    }

    /// Tick positions within `range`: 1, 2, 5 × 10ᵏ steps (about 4 to 8 ticks), or whole decades on a
    /// log axis (with 2 and 5 between when the range spans fewer than three).
    static func ticks(_ range: ClosedRange<Double>, log: Bool) -> [Double] {
        if log {
            let decades = Array(Int(range.lowerBound.rounded(.up))...max(Int(range.lowerBound.rounded(.up)), Int(range.upperBound.rounded(.down))))
            guard range.upperBound - range.lowerBound < 3 else { return decades.map(Double.init).filter(range.contains) }
            let first = Int(range.lowerBound.rounded(.down))
            return (first...Int(range.upperBound.rounded(.up))).flatMap { k in [1.0, 2, 5].map { log10($0) + Double(k) } }.filter(range.contains)
        }
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return [range.lowerBound] }
        let raw = span / 8
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let first = (range.lowerBound / step).rounded(.up) * step
        // a span below the resolution of its numbers (1e6 and the next double): a step adds nothing
        guard first + step > first else { return [range.lowerBound] }
        let count = min(20, max(0, Int(((range.upperBound - first) / step + 1e-9).rounded(.down)) + 1))
        return (0..<count).map { k in
            let tick = first + Double(k) * step
            return abs(tick) < step * 1e-9 ? 0 : tick
        }
    }

    /// A tick label: up to 4 significant digits, exponent form beyond 10⁵ or below 10⁻³ (and
    /// ∞ for a value past the largest double, as a log axis's last decade can be).
    static func label(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value.isNaN { return "—" }
        if value.isInfinite { return value > 0 ? "∞" : "−∞" }
        let magnitude = abs(value)
        if magnitude >= 1e5 || magnitude < 1e-3 {
            // the exponent kept where 10^exponent is a normal double (subnormal values print as 1e-308)
            let exponent = max(-307, Int(log10(magnitude).rounded(.down)))
            let mantissa = value / pow(10, Double(exponent))
            let digits = abs(mantissa - mantissa.rounded()) < 1e-9 ? String(Int(mantissa.rounded())) : String(format: "%.2g", mantissa)
            return "\(digits)e\(exponent)"
        }
        return magnitude >= 1000 ? String(format: "%.0f", value) : String(format: "%.4g", value)
    }

    /// The segments of the curve f = `level` through a grid of f's values (`values[i][j]` at
    /// xs[i], ys[j]) by marching squares, crossings placed by linear interpolation.
    static func contour(xs: [Double], ys: [Double], values: [[Double]], level: Double) -> [(from: (x: Double, y: Double), to: (x: Double, y: Double))] {
        var segments: [(from: (x: Double, y: Double), to: (x: Double, y: Double))] = []
        guard xs.count > 1, ys.count > 1 else { return segments }
        func crossing(_ a: (Double, Double, Double), _ b: (Double, Double, Double)) -> (x: Double, y: Double) {
            let t = (level - a.2) / (b.2 - a.2)
            return (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1))
        }
        for i in 0..<(xs.count - 1) {
            for j in 0..<(ys.count - 1) {
                // corners counter-clockwise from the lower left
                let corners = [(xs[i], ys[j], values[i][j]), (xs[i + 1], ys[j], values[i + 1][j]),
                               (xs[i + 1], ys[j + 1], values[i + 1][j + 1]), (xs[i], ys[j + 1], values[i][j + 1])]
                guard corners.allSatisfy({ $0.2.isFinite }) else { continue }
                var points: [(x: Double, y: Double)] = []
                for edge in 0..<4 {
                    let (a, b) = (corners[edge], corners[(edge + 1) % 4])
                    if (a.2 < level) != (b.2 < level) { points.append(crossing(a, b)) }
                }
                if points.count == 2 { segments.append((points[0], points[1])) }
                if points.count == 4 {  // a saddle: pair the crossings around the cell's centre value
                    segments.append((points[0], points[1]))
                    segments.append((points[2], points[3]))
                }
            }
        }
        return segments
    }
}

