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
