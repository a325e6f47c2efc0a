import Foundation
import InferCLI
import Testing
import TestSupport

/// Every numerical verdict of `infer` — an estimate exists or not (separation, collinearity,
/// complete pooling, an all-zero target), it lies on the boundary, the search converged — end
/// to end, on data far from the verdicts' edges.
///
/// A verdict must not depend on the CPU: OpenBLAS picks its kernels by CPU, so the last bits of
/// a BLAS result, and with them where an optimiser stops, differ between machines. `.ci/run`
/// therefore runs this suite again under two other `OPENBLAS_CORETYPE`s
/// (`Tests/verdicts-under-coretypes.sh`). Each verdict is a statistic with a margin, not a bit
/// pattern: the overdispersion score's sign (grouped counts); |ηᵢ| > 27.6 with a Newton step
/// that would still move the weights by more than 10⁻³ of their size (separation; a separated
/// fit's steps stay near 1, an optimum's near the 10⁻¹⁰ tolerance); |Rⱼⱼ| ≤ 10⁻⁹ of the column's
/// norm in the QR of the centred design (collinearity; exactly collinear columns leave
/// rounding, ≈ 10⁻¹⁶); a Newton decrement per row below 10⁻¹⁰ after Newton polishing (converged;
/// a polished optimum's is ≈ 10⁻²⁰ or less).
@Suite struct NumericalVerdictTests {
    let scratch = ScratchDirectory()

    /// A verdict: the command's arguments (the data file last), its exit code and a fragment of
    /// its one error line (or, for a run that succeeds, of its warning; "" for none).
    struct Verdict: CustomTestStringConvertible, Sendable {
        let name: String
        let arguments: [String]
        let data: String
        let exitCode: Int32
        let fragment: String
        var testDescription: String { name }
    }

    static let overlapping: String = {
        // 200 overlapping rows: an MLE that exists; the last row, x = 40, is predicted with
        // certainty there (|η| ≈ 45) without separating anything (certain_row.py)
        var rows = (0..<200).map { i -> String in
            let x = 1.5 * sin(Double(i))
            let y = (0.618034 * Double(i)).truncatingRemainder(dividingBy: 1) < 1 / (1 + exp(-(0.3 + x))) ? 1 : 0
            return "\(x),\(y)"
        }
        rows.append("40.0,1")
        return "x,y\n" + rows.joined(separator: "\n") + "\n"
    }()

    static let combination: String = {
        // y = 1 exactly when x1 + x2 > 0; neither feature separates alone
        let x1: [Double] = [-2, -1, 1, 2, -1.5, 0.5, 1.5, -0.5, 2.5, -2.5]
        let x2: [Double] = [1, 2, -2, -1, 2, 1, -0.5, 1.5, -3, 3]
        return "x1,x2,y\n" + zip(x1, x2).map { "\($0),\($1),\($0 + $1 > 0 ? 1 : 0)" }.joined(separator: "\n") + "\n"
    }()

    static let quasi: String = {
        let x: [Double] = [-3, -2, -1, -0.5, 0, 0, 0, 0, 0.5, 1, 2, 3]
        let y = [0, 0, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1]
        return "x,z,y\n" + x.indices.map { "\(x[$0]),\(sin(Double($0))),\(y[$0])" }.joined(separator: "\n") + "\n"
    }()

    static let separated = try! String(contentsOf: References.url("regression/separated.csv"), encoding: .utf8)
    static let linear = "x1,x2,y\n1,2,1.2\n2,5,1.9\n3,4,3.2\n4,9,3.8\n5,7,5.1\n6,1,6.2\n7,3,6.8\n8,8,8.1\n"
    static let collinear = "x1,x2,y\n1,3,1.2\n2,5,1.9\n3,7,3.2\n4,9,3.8\n5,11,5.1\n6,13,6.2\n7,15,6.8\n8,17,8.1\n"
    static let constant = "x1,x2,y\n1,3,1.2\n2,3,1.9\n3,3,3.2\n4,3,3.8\n5,3,5.1\n6,3,6.2\n7,3,6.8\n8,3,8.1\n"
    /// x2 = 2·x1 + 1 with overlapping classes: the MLE is not unique (once reported as separation).
    static let collinearClasses = "x1,x2,y\n1,3,0\n2,5,1\n3,7,0\n4,9,1\n5,11,1\n6,13,0\n7,15,1\n8,17,1\n"
    static let exact = "x1,y\n1,3\n2,5\n3,7\n4,9\n"
    static let counts = "x,y\n-2,0\n-1,1\n0,1\n1,3\n2,6\n0.5,2\n-0.5,0\n1.5,5\n"
    static let zeros = "x,y\n-2,0\n-1,0\n0,0\n1,0\n2,0\n"
    static let grouped = (
        equal: "k,n\n10,40\n10,40\n10,40\n",
        under: "k,n\n10,40\n11,40\n9,40\n10,40\n",
        over: "k,n\n2,40\n10,40\n18,40\n10,40\n",
        poissonUnder: "k,t\n5,1\n6,1\n4,1\n5,1\n",
        poissonOver: "k,t\n1,1\n9,1\n5,1\n5,1\n12,1\n0,1\n")

    static let verdicts: [Verdict] = [
        // separation (no MLE), and what is not separation
        Verdict(name: "one feature separates", arguments: ["fit", "--model", "logistic", "--target", "y"], data: separated,
                exitCode: 70, fragment: "feature x2 separates the classes perfectly: the MLE does not exist"),
        Verdict(name: "a combination separates", arguments: ["fit", "--model", "logistic", "--target", "y"], data: combination,
                exitCode: 70, fragment: "separate the classes (quasi-)perfectly: the MLE does not exist"),
        Verdict(name: "quasi-separation", arguments: ["fit", "--model", "logistic", "--target", "y"], data: quasi,
                exitCode: 70, fragment: "separate the classes (quasi-)perfectly: the MLE does not exist"),
        Verdict(name: "softmax quasi-separation", arguments: ["fit", "--model", "softmax", "--target", "y"], data: quasi,
                exitCode: 70, fragment: "separate the classes (quasi-)perfectly: the MLE does not exist"),
        Verdict(name: "a certain row at an optimum", arguments: ["fit", "--model", "logistic", "--target", "y"], data: overlapping,
                exitCode: 0, fragment: ""),
        Verdict(name: "separated under a prior", arguments: ["fit", "--model", "logistic", "--target", "y", "--prior", "gaussian"],
                data: separated, exitCode: 0, fragment: ""),
        Verdict(name: "separated, bootstrapped", arguments: ["bootstrap", "--model", "logistic", "--target", "y", "--resamples", "99"],
                data: separated, exitCode: 70, fragment: "separates the classes"),
        // collinearity and too few rows (no unique MLE)
        Verdict(name: "collinear features", arguments: ["fit", "--model", "linear", "--target", "y"], data: collinear,
                exitCode: 70, fragment: "feature x2 is collinear with the other features: the MLE is not unique"),
        Verdict(name: "a constant feature", arguments: ["fit", "--model", "linear", "--target", "y"], data: constant,
                exitCode: 70, fragment: "feature x2 is constant (collinear with the intercept)"),
        Verdict(name: "collinear logistic", arguments: ["fit", "--model", "logistic", "--target", "y"], data: collinearClasses,
                exitCode: 70, fragment: "feature x2 is collinear with the other features: the MLE is not unique"),
        Verdict(name: "collinear softmax", arguments: ["fit", "--model", "softmax", "--target", "y"], data: collinearClasses,
                exitCode: 70, fragment: "feature x2 is collinear with the other features: the MLE is not unique"),
        Verdict(name: "collinear poisson regression", arguments: ["fit", "--model", "poisson-regression", "--target", "y"],
                data: collinearClasses, exitCode: 70, fragment: "feature x2 is collinear with the other features: the MLE is not unique"),
        Verdict(name: "a constant logistic feature", arguments: ["fit", "--model", "logistic", "--target", "y"],
                data: "x1,x2,y\n1,3,0\n2,3,1\n3,3,0\n4,3,1\n", exitCode: 70, fragment: "feature x2 is constant (collinear with the intercept)"),
        Verdict(name: "collinear under a prior", arguments: ["fit", "--model", "linear", "--target", "y", "--prior", "gaussian"],
                data: collinear, exitCode: 0, fragment: ""),
        Verdict(name: "an exact fit", arguments: ["fit", "--model", "linear", "--target", "y"], data: exact,
                exitCode: 70, fragment: "fit y exactly"),
        Verdict(name: "a well-posed OLS", arguments: ["fit", "--model", "linear", "--target", "y"], data: linear, exitCode: 0, fragment: ""),
        // targets with no finite estimate
        Verdict(name: "an all-zero poisson target", arguments: ["fit", "--model", "poisson-regression", "--target", "y"], data: zeros,
                exitCode: 70, fragment: "every row of y is 0"),
        Verdict(name: "a poisson regression", arguments: ["fit", "--model", "poisson-regression", "--target", "y"], data: counts,
                exitCode: 0, fragment: ""),
        // complete pooling of grouped counts (the overdispersion score's sign)
        Verdict(name: "equal binomial rates", arguments: ["tune", "--model", "binomial", "--column", "k", "--trials-column", "n",
                                                          "--method", "evidence"], data: grouped.equal, exitCode: 70, fragment: "complete pooling"),
        Verdict(name: "underdispersed binomial rates", arguments: ["tune", "--model", "binomial", "--column", "k", "--trials-column", "n",
                                                                   "--method", "evidence"], data: grouped.under, exitCode: 70, fragment: "complete pooling"),
        Verdict(name: "overdispersed binomial rates", arguments: ["tune", "--model", "binomial", "--column", "k", "--trials-column", "n",
                                                                  "--method", "evidence"], data: grouped.over, exitCode: 0, fragment: ""),
        Verdict(name: "underdispersed poisson rates", arguments: ["tune", "--model", "poisson", "--column", "k", "--exposure-column", "t",
                                                                  "--method", "evidence"], data: grouped.poissonUnder, exitCode: 70, fragment: "complete pooling"),
        Verdict(name: "overdispersed poisson rates", arguments: ["tune", "--model", "poisson", "--column", "k", "--exposure-column", "t",
                                                                 "--method", "evidence"], data: grouped.poissonOver, exitCode: 0, fragment: ""),
        // estimates on the boundary: reported, with a warning and no Wald interval
        Verdict(name: "three heads in three flips", arguments: ["fit", "--model", "bernoulli"], data: "heads\n1\n1\n1\n",
                exitCode: 0, fragment: "on the boundary of the parameter space (p = 1.0)"),
        Verdict(name: "no events", arguments: ["fit", "--model", "poisson"], data: "k\n0\n0\n0\n0\n",
                exitCode: 0, fragment: "on the boundary of the parameter space (lambda = 0.0)"),
        Verdict(name: "three heads under a prior", arguments: ["fit", "--model", "bernoulli", "--prior", "beta(2,2)"], data: "heads\n1\n1\n1\n",
                exitCode: 0, fragment: ""),
        // searches that converge (no closed form)
        Verdict(name: "a gamma MLE", arguments: ["fit", "--model", "gamma"], data: "x\n0.5\n1.2\n2.3\n0.8\n3.1\n1.7\n", exitCode: 0, fragment: ""),
        Verdict(name: "a student-t MLE", arguments: ["fit", "--model", "student-t"],
                data: "x\n-1.2\n0.3\n0.8\n-0.4\n2.9\n0.1\n-0.7\n1.4\n-5.2\n0.6\n", exitCode: 0, fragment: ""),
    ]

    @Test(arguments: verdicts)
    func verdictDoesNotDependOnTheCPU(_ verdict: Verdict) throws {
        let file = try scratch.file(verdict.data)
        let outcome = InferMain.execute(verdict.arguments + ["--format", "json", file])
        #expect(outcome.exitCode == verdict.exitCode, "\(verdict.name): \(outcome.errors)")
        if verdict.exitCode == 0 {
            let object = try #require(JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) as? [String: Any])
            if let converged = object["converged"] as? Bool { #expect(converged, "\(verdict.name)") }
            if verdict.fragment.isEmpty {
                #expect(outcome.errors.isEmpty, "\(verdict.name): \(outcome.errors)")
            } else {
                #expect(outcome.errors.hasPrefix("infer: warning: ") && outcome.errors.contains(verdict.fragment), "\(verdict.name): \(outcome.errors)")
                let parameters = try #require(object["parameters"] as? [[String: Any]])
                #expect(parameters.allSatisfy { $0["lower"] == nil }, "\(verdict.name): a Wald interval on the boundary")
            }
        } else {
            #expect(outcome.output.isEmpty)
            #expect(outcome.errors.hasPrefix("infer: error: ") && outcome.errors.contains(verdict.fragment), "\(verdict.name): \(outcome.errors)")
            #expect(outcome.errors.filter { $0 == "\n" }.count == 1)
        }
    }
}
