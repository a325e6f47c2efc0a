import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import InferCLI
import Testing
import TestSupport

/// The figures of `infer fit` and `infer bootstrap` (`--plot`): well-formed SVG with the marks
/// each must show; refused, in one line, where a subcommand has none.
@Suite struct FigureTests {
    let scratch = ScratchDirectory()

    func figure(_ arguments: [String]) throws -> XMLElement {
        let path = scratch.url.appendingPathComponent("figure-\(UUID().uuidString).svg").path
        let outcome = InferMain.execute(arguments + ["--plot", path])
        #expect(outcome.exitCode == 0, "\(outcome.errors)")
        let document = try XMLDocument(data: try Data(contentsOf: URL(fileURLWithPath: path)))
        let root = try #require(document.rootElement())
        #expect(root.name == "svg")
        return root
    }

    func nodes(_ root: XMLElement, _ name: String) throws -> [XMLNode] { try root.nodes(forXPath: "//*[local-name()='\(name)']") }

    func texts(_ root: XMLElement) throws -> [String] { try nodes(root, "text").compactMap(\.stringValue) }

    /// Under a conjugate prior fit adds Bayes' rule over the parameter: prior beta(2,2),
    /// likelihood p³ (as a density, Beta(4,1)), posterior beta(5,2); MLE 1 and MAP 4/5 marked.
    /// Without a prior there is no such panel.
    @Test func aConjugateFitDrawsPriorLikelihoodAndPosterior() throws {
        let coin = try figure(["fit", "--model", "bernoulli", "--prior", "beta(2,2)", try scratch.file("heads\n1\n1\n1\n")])
        let labels = try texts(coin)
        #expect(labels.contains("prior × likelihood → posterior: bernoulli p under beta(2,2)"))
        #expect(labels.contains("prior beta(2,2)") && labels.contains("likelihood (scaled to unit area)") && labels.contains("posterior beta(5, 2)"))
        #expect(labels.contains("MLE 1") && labels.contains("MAP 0.8"))
        #expect(try nodes(coin, "polyline").count == 4)  // the fitted mass, then prior, likelihood, posterior
        let gamma = try figure(["fit", "--model", "poisson", "--prior", "gamma(2,1)", References.url("fit/poisson.csv").path])
        #expect(try texts(gamma).contains { $0.hasPrefix("posterior gamma(") })
        let flat = try figure(["fit", "--model", "bernoulli", try scratch.file("heads\n1\n0\n1\n")])
        #expect(try !texts(flat).contains { $0.hasPrefix("prior × likelihood") })
    }

    @Test func fitDrawsTheFittedDensityOverTheData() throws {
        let gamma = try figure(["fit", "--model", "gamma", References.url("fit/gamma.csv").path])
        #expect(try texts(gamma).contains { $0.hasPrefix("infer fit: gamma MLE on") })
        #expect(try texts(gamma).contains { $0.hasPrefix("fitted density: shape = ") })
        #expect(try nodes(gamma, "polyline").count == 1 && nodes(gamma, "circle").count == 1)  // the density; the estimate
        // the second panel: the likelihood-ratio regions' contours around the estimate
        #expect(try texts(gamma).contains { $0.hasPrefix("log-likelihood of gamma on") } && texts(gamma).contains { $0.hasPrefix("90% region") })
        #expect(try nodes(gamma, "line").count > 100)
        #expect(try nodes(gamma, "rect").count > 8)  // the background, the frame, the bins, the legend
        let poisson = try figure(["fit", "--model", "poisson", References.url("fit/poisson.csv").path])
        #expect(try texts(poisson).contains("share of the rows"))
        #expect(try nodes(poisson, "circle").count >= 10)  // the fitted mass at 0, 1, …
        // a regression: one row a coefficient (σ left out), estimate and Wald interval, a line at 0
        let sparse = GuideCommandsTests.root.appendingPathComponent("Sources/InferCLI/Resources/Examples/sparse.csv").path
        let ols = try figure(["fit", "--model", "linear", "--target", "y", sparse])
        let labels = try texts(ols)
        #expect(labels.contains("infer fit: linear MLE, n = 20, 95% intervals"))
        #expect(labels.contains("intercept") && labels.contains("x10") && !labels.contains("sigma"))
        #expect(try nodes(ols, "circle").count == 33)  // 11 coefficients × (lower, estimate, upper)
        // compare puts a regression's MLE and MAP coefficients side by side in one chart
        let compared = try figure(["compare", "--model", "linear", "--target", "y", "--prior", "gaussian", "--lambda", "5", "--resamples", "99",
                                   "--draws", "200", "--warmup", "100", "--quiet", sparse])
        #expect(try texts(compared).contains("infer compare: linear coefficients, 95% intervals, n = 20"))
        #expect(try nodes(compared, "circle").count == 66)  // 11 coefficients × (MLE, MAP) × (lower, estimate, upper)
        let lasso = try figure(["fit", "--model", "linear", "--target", "y", "--prior", "laplace", "--lambda", "5", sparse])
        #expect(try texts(lasso).contains { $0.hasSuffix("no intervals (the prior has no curvature at 0)") })
        #expect(try nodes(lasso, "circle").count == 11)
    }

    /// A count family's fitted mass is drawn a point a count from 0 up to its largest value, the
    /// trials N (all of a small N's support), but at most 100 counts before and after the data: a
    /// binomial of a million trials once drew a million points (a 72 MB figure, 9 s; 5.5 GB at
    /// ten million).
    @Test func aBinomialOfManyTrialsDrawsItsMassNearTheData() throws {
        let data = try scratch.file("x\n1\n3\n")
        let small = try figure(["fit", "--model", "binomial", "--trials", "12", data])
        #expect(try nodes(small, "circle").count == 13)  // the mass at 0…12
        let large = try figure(["fit", "--model", "binomial", "--trials", "1000000", "--prior", "beta(1,1)", data])
        #expect(try nodes(large, "circle").count == 104)  // 0…103
        // and from at most 100 counts before the data: a poisson count of a million drew a million
        // points from 0, one of three billion asked for 48 GB and ended the process
        let millions = try figure(["fit", "--model", "poisson", try scratch.file("x\n3000000000\n3000000001\n")])
        #expect(try nodes(millions, "circle").count == 100 + 2 + 2)  // 2,999,999,900 … 3,000,000,003
        // its ticks, 20 apart, read apart (all were "3e9")
        let ticks = try texts(millions).filter { $0.hasPrefix("2.9") || $0.hasPrefix("3") }
        #expect(ticks.count >= 4 && Set(ticks).count == ticks.count, "\(ticks)")
    }

    /// A figure's legend covers none of its data: no point of a curve, dot, bar, contour or
    /// marker line falls inside the legend's box (a box with no free corner goes in a band above
    /// the data, or, when marker lines cross that band too, below the chart). And the
    /// likelihood-ratio regions are closed curves, even the gamma's skewed ones: every end of a
    /// contour's segment meets another's (the grid widens until its edge is outside the 99% region).
    @Test(arguments: [
        ["fit", "--model", "gamma", "Sources/InferCLI/Resources/Examples/lifetimes.csv"],
        ["fit", "--model", "gaussian", "Sources/InferCLI/Resources/Examples/gaussian.csv"],
        ["laplace", "--model", "bernoulli", "--prior", "beta(2,2)", "Sources/InferCLI/Resources/Examples/coin-flips.csv"],
        ["bootstrap", "--model", "gamma", "--resamples", "999", "Sources/InferCLI/Resources/Examples/lifetimes.csv"],
    ])
    func legendsCoverNoDataAndRegionsClose(_ command: [String]) throws {
        let arguments = command.map { $0.hasPrefix("Sources/") ? GuideCommandsTests.root.appendingPathComponent($0).path : $0 }
        let root = try figure(arguments + ["--quiet"])
        // by the attributes' list: attribute(forName:) finds nothing under the SVG namespace on Linux
        func attribute(_ node: XMLNode, _ name: String) -> String {
            (node as? XMLElement)?.attributes?.first { $0.name == name }?.stringValue ?? ""
        }
        func number(_ node: XMLNode, _ name: String) -> Double { Double(attribute(node, name)) ?? .nan }
        let boxes = try nodes(root, "rect").filter { attribute($0, "fill") == "white" && attribute($0, "stroke") == "#bbbbbb" }
            .map { (x: number($0, "x"), y: number($0, "y"), width: number($0, "width"), height: number($0, "height")) }
        #expect(!boxes.isEmpty)
        func inside(_ x: Double, _ y: Double) -> Bool {
            boxes.contains { x > $0.x && x < $0.x + $0.width && y > $0.y && y < $0.y + $0.height }
        }
        var drawn: [(Double, Double)] = []
        for line in try nodes(root, "polyline") {
            drawn += attribute(line, "points").split(separator: " ").compactMap { pair in
                let xy = pair.split(separator: ",").compactMap { Double($0) }
                return xy.count == 2 ? (xy[0], xy[1]) : nil
            }
        }
        drawn += try nodes(root, "circle").map { (number($0, "cx"), number($0, "cy")) }
        // segments: contours and marker lines (a legend's swatches are 18 px long and inside it)
        let segments = try nodes(root, "line").map { (number($0, "x1"), number($0, "y1"), number($0, "x2"), number($0, "y2"), attribute($0, "stroke")) }
            .filter { !inside(($0.0 + $0.2) / 2, ($0.1 + $0.3) / 2) && !["#e6e6e6", "#444444"].contains($0.4) }
        for segment in segments { drawn += (0...20).map { t in (segment.0 + (segment.2 - segment.0) * Double(t) / 20, segment.1 + (segment.3 - segment.1) * Double(t) / 20) } }
        for bar in try nodes(root, "rect") where attribute(bar, "fill") == "#c6dbef" && number(bar, "width") != 18 {
            let (x, y, w, h) = (number(bar, "x"), number(bar, "y"), number(bar, "width"), number(bar, "height"))
            for u in 0...10 { drawn += (0...10).map { v in (x + w * Double(u) / 10, y + h * Double(v) / 10) } }
        }
        #expect(drawn.count > 50)
        let covered = drawn.filter { inside($0.0, $0.1) }
        #expect(covered.isEmpty, "\(covered.count) points under the legend, e.g. \(covered.prefix(3))")
        // closed contours: each end of a region's segment meets the end of another of its segments
        for colour in ["#08306b", "#2171b5", "#6baed6"] {
            let ends = segments.filter { $0.4 == colour }.flatMap { [($0.0, $0.1), ($0.2, $0.3)] }
            let open = ends.indices.filter { i in !ends.indices.contains { j in j != i && abs(ends[i].0 - ends[j].0) < 0.02 && abs(ends[i].1 - ends[j].1) < 0.02 } }
            #expect(open.isEmpty, "\(colour): \(open.count) open ends of \(ends.count)")
        }
    }

    @Test func bootstrapDrawsEachParametersReplicatesWithTheInterval() throws {
        let root = try figure(["bootstrap", "--model", "gamma", "--resamples", "499", References.url("fit/gamma.csv").path])
        let titles = try texts(root).filter { $0.hasPrefix("infer bootstrap: ") }
        #expect(titles == ["infer bootstrap: shape, 499 replicates", "infer bootstrap: rate, 499 replicates"])
        // per panel: the estimate and both ends, each a dashed line and a dashed legend swatch
        #expect(try root.nodes(forXPath: "//*[local-name()='line'][@stroke-dasharray]").count == 12)
        #expect(try texts(root).filter { $0.hasPrefix("95% bca lower") }.count == 2)
        let sharded = InferMain.execute(["bootstrap", "--statistic", "mean", "--shard", "1/2", "--replicates-out",
                                         scratch.url.appendingPathComponent("r.csv").path, "--plot", "x.svg", References.url("fit/gamma.csv").path])
        #expect(sharded.exitCode == 64)
    }

    @Test func sampleDrawsATraceAndADensityOfEveryChain() throws {
        let root = try figure(["sample", "--model", "logistic", "--target", "y", "--prior", "gaussian", "--features", "x1,x2", "--chains", "3",
                               "--draws", "200", "--warmup", "200", "--proposal", "laplace", "--quiet", References.url("selection/logistic.csv").path])
        let titles = try texts(root).filter { $0.hasPrefix("infer sample: ") || $0.hasSuffix(": density of each chain") }
        #expect(titles == ["infer sample: logistic, intercept", "intercept: density of each chain", "infer sample: logistic, x1",
                           "x1: density of each chain", "infer sample: logistic, x2", "x2: density of each chain"])
        #expect(try nodes(root, "polyline").count == 3 * 6)  // a line a chain in each of six panels
        // the legend only on the density panels: the traces fill their plots
        #expect(try texts(root).filter { $0 == "chain 3" }.count == 3)
    }

    @Test func laplaceDrawsTheExactPosteriorAgainstItsGaussian() throws {
        let coin = try figure(["laplace", "--model", "bernoulli", "--prior", "beta(2,2)", try scratch.file("heads\n1\n1\n1\n")])
        #expect(try texts(coin).contains("infer laplace: bernoulli under beta(2,2), p"))
        #expect(try texts(coin).contains("exact posterior") && texts(coin).contains("Laplace (Gaussian) approximation"))
        #expect(try nodes(coin, "polyline").count == 2)
        // the mode and both ends, each a dashed line and a dashed legend swatch; the ends are the
        // logit interval mapped back, logistic(logit 0.8 ± 1.96 · 0.1789/0.16) = 0.3090 … 0.9728,
        // inside (0, 1) (on the original scale the upper end was 1.151)
        #expect(try coin.nodes(forXPath: "//*[local-name()='line'][@stroke-dasharray]").count == 6)
        #expect(try texts(coin).contains("95% Laplace upper 0.9728 (logit scale)") && texts(coin).contains("95% Laplace lower 0.309 (logit scale)"))
        let linear = try figure(["laplace", "--model", "linear", "--target", "y", "--prior", "gaussian", "--lambda", "3",
                                 References.url("regression/linear.csv").path])
        let titles = try texts(linear).filter { $0.hasPrefix("infer laplace: ") }
        #expect(titles.count == 8 && titles.last == "infer laplace: linear under gaussian, sigma (the others at the mode)")
        #expect(try nodes(linear, "polyline").count == 16)
    }

    @Test func compareDrawsTheFourIntervalsAndTheEstimatesAgainstN() throws {
        let root = try figure(["compare", "--model", "exponential", "--prior", "gamma(2,1)", "--subsample", "20,70", "--resamples", "299",
                               "--draws", "300", "--quiet", References.url("fit/gamma.csv").path])
        let texts = try texts(root)
        for row in ["Wald, about the MLE", "bootstrap BCa, about the MLE", "Laplace, about the MAP", "posterior, about its mean"] {
            #expect(texts.contains(row), "\(row)")
        }
        #expect(texts.contains { $0.hasPrefix("infer compare: exponential, rate, 95% intervals") } && texts.contains("rate as the data grow"))
        // four intervals, then the MLE, MAP and posterior mean at three sizes
        #expect(try nodes(root, "polyline").count == 4 + 3)
        // separated classes: no MLE, so no Wald interval; the coefficients' chart draws the MAP's
        // Laplace intervals alone (it once indexed the empty Wald intervals and trapped)
        let separated = try figure(["compare", "--model", "logistic", "--target", "y", "--prior", "gaussian", "--resamples", "99",
                                    "--draws", "200", "--warmup", "200", "--quiet", References.url("regression/separated.csv").path])
        #expect(try nodes(separated, "polyline").count == 3)  // the MAP's Laplace interval, three coefficients
    }
}
