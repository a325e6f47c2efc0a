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
        let layouts = charts.map { $0.layout() }
        var document = SVGDocument(width: first.width, height: zip(charts, layouts).reduce(0) { $0 + $1.0.height + $1.1.extraHeight })
        var offset = 0.0
        for (chart, layout) in zip(charts, layouts) {
            chart.draw(into: &document, offset: offset, layout: layout)
            offset += chart.height + layout.extraHeight
        }
        return document.rendered
    }

    /// Where a chart's parts go: its axes' ranges and its legend's top left corner (measured
    /// from the chart's top edge), inside the plot or below the x axis's label, which makes the
    /// chart `extraHeight` taller.
    private struct Layout {
        var xRange: ClosedRange<Double>
        var yRange: ClosedRange<Double>
        var legend: (x: Double, y: Double)?
        var extraHeight = 0.0
    }

    private var plotWidth: Double { width - left - right }
    private var plotHeight: Double { height - top - bottom }

    private func pixelX(_ xRange: ClosedRange<Double>) -> (Double) -> Double {
        let (left, width) = (self.left, plotWidth)
        return { (self.axisX($0) - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * width + left }
    }

    /// Categories run down from the top; numbers up from the bottom.
    private func pixelY(_ yRange: ClosedRange<Double>, top: Double) -> (Double) -> Double {
        let (categorical, height) = (yCategories != nil, plotHeight)
        return { top + (categorical ? $0 - yRange.lowerBound : yRange.upperBound - $0) / (yRange.upperBound - yRange.lowerBound) * height }
    }

    /// The legend goes in the corner of the plot that covers nothing drawn; with none free, the
    /// y axis's top is raised until the band above the data holds it; when marker lines cross
    /// that band too, the legend goes below the chart.
    private func layout() -> Layout {
        let xRange: ClosedRange<Double>
        var yRange: ClosedRange<Double>
        (xRange, yRange) = ranges()
        var layout = Layout(xRange: xRange, yRange: yRange)
        guard let size = legendSize, showsLegend, yCategories == nil else { return layout }
        let plot = (left: left, top: top, width: plotWidth, height: plotHeight)
        var placed = legendPlacement(size, plot: plot, px: pixelX(xRange), py: pixelY(yRange, top: top))
        let band = size.height + 24
        if placed.covered > 0 && band < 0.6 * plotHeight {
            let share = band / plotHeight
            let raised = yRange.lowerBound...((yRange.upperBound - yRange.lowerBound * share) / (1 - share))
            let inBand = legendPlacement(size, plot: plot, px: pixelX(xRange), py: pixelY(raised, top: top))
            if inBand.covered < placed.covered { (placed, yRange) = (inBand, raised) }
        }
        if placed.covered == 0 {
            (layout.yRange, layout.legend) = (yRange, placed.corner)
        } else {  // the axes as the data need them
            layout.legend = (left, height - 4)
            layout.extraHeight = size.height + 8
        }
        return layout
    }

    /// Draws the chart into `document` with its top edge at `offset`.
    private func draw(into document: inout SVGDocument, offset: Double, layout: Layout) {
        let top = self.top + offset, width = self.width
        let (xRange, yRange) = (layout.xRange, layout.yRange)
        let (plotWidth, plotHeight) = (self.plotWidth, self.plotHeight)
        let px = pixelX(xRange), py = pixelY(yRange, top: top)

        document.text(title, width / 2, offset + 26, size: 15, anchor: "middle", bold: true)
        document.rectangle(left, top, plotWidth, plotHeight, fill: "none", stroke: "#444444")
        let yTicks = yCategories.map { names in names.indices.map(Double.init) } ?? Self.ticks(yRange, log: false)
        let yLabels = yCategories.map { names in yTicks.map { names[Int($0)] } } ?? Self.labels(yTicks)
        for (tick, label) in zip(yTicks, yLabels) {
            let y = py(tick)
            document.line(left, y, left + plotWidth, y, stroke: "#e6e6e6")
            document.line(left - 5, y, left, y, stroke: "#444444")
            document.text(label, left - 8, y + 4, size: 11, anchor: "end")
        }
        let xTicks = Self.ticks(xRange, log: logX)
        for (tick, label) in zip(xTicks, Self.labels(xTicks.map { logX ? pow(10, $0) : $0 })) {
            let x = left + (tick - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * plotWidth
            document.line(x, top, x, top + plotHeight, stroke: "#e6e6e6")
            document.line(x, top + plotHeight, x, top + plotHeight + 5, stroke: "#444444")
            document.text(label, x, top + plotHeight + 19, size: 11, anchor: "middle")
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
        if let corner = layout.legend { legend(&document, at: (corner.x, corner.y + offset)) }
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

    /// The labels of an axis's ticks in one form: all in exponent form when any nonzero one
    /// needs it (0, 5e-4, 1e-3, not 0, 5e-4, 0.001), else as ``label(_:)`` writes each.
    static func labels(_ ticks: [Double]) -> [String] {
        let exponent = ticks.contains { $0 != 0 && $0.isFinite && (abs($0) >= 1e5 || abs($0) < 1e-3) }
        guard exponent else { return ticks.map(label) }
        // as many significant digits as tell the ticks apart (ticks 20 apart near 3e9 all read
        // "3e9" with two)
        let distinct = Set(ticks).count
        var labels: [String] = []
        for digits in 2...17 {
            labels = ticks.map { $0 != 0 && $0.isFinite ? exponentForm($0, digits: digits) : label($0) }
            if Set(labels).count == distinct { break }
        }
        return labels
    }

    /// A nonzero finite value as mantissa e exponent (`digits` significant digits, 5e-4, 1.5e-3),
    /// the exponent kept where 10^exponent is a normal double (subnormal values print as 1e-308).
    private static func exponentForm(_ value: Double, digits: Int = 2) -> String {
        let exponent = max(-307, Int(log10(abs(value)).rounded(.down)))
        let mantissa = value / pow(10, Double(exponent))
        let whole = abs(mantissa - mantissa.rounded()) < pow(10, -Double(digits) - 7)
        return "\(whole ? String(Int(mantissa.rounded())) : String(format: "%.\(digits)g", mantissa))e\(exponent)"
    }

    /// A tick label: up to 4 significant digits, exponent form beyond 10⁵ or below 10⁻³ (and
    /// ∞ for a value past the largest double, as a log axis's last decade can be).
    static func label(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value.isNaN { return "—" }
        if value.isInfinite { return value > 0 ? "∞" : "−∞" }
        let magnitude = abs(value)
        if magnitude >= 1e5 || magnitude < 1e-3 { return exponentForm(value) }
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

