import Foundation
import GSL
import Testing
import TestSupport

/// Values from scipy.special 1.17 (see the comments) and closed forms.
@Suite struct SpecialFunctionsTests {
    @Test func gammaFamilyMatchesClosedForms() throws {
        #expect(isClose(try SpecialFunctions.logGamma(0.5), 0.5 * log(Double.pi), relative: 1e-15))
        #expect(isClose(try SpecialFunctions.logGamma(10), log(362_880.0), relative: 1e-15))
        let eulerGamma = 0.5772156649015329
        #expect(isClose(try SpecialFunctions.digamma(1), -eulerGamma, relative: 1e-15))
        #expect(isClose(try SpecialFunctions.trigamma(1), Double.pi * Double.pi / 6, relative: 1e-15))
        #expect(isClose(try SpecialFunctions.logBeta(2, 3), log(1.0 / 12), relative: 1e-15))
        #expect(isClose(try SpecialFunctions.logFactorial(20), log(2_432_902_008_176_640_000.0), relative: 1e-15))
        #expect(isClose(try SpecialFunctions.logBinomialCoefficient(10, 3), log(120.0), relative: 1e-15))
    }

    @Test func errorFunctionsMatchScipy() throws {
        // scipy.special.erf(1.0), erfc(3.0)
        #expect(isClose(try SpecialFunctions.erf(1), 0.8427007929497148, relative: 1e-15))
        #expect(isClose(try SpecialFunctions.erfc(3), 2.2090496998585445e-05, relative: 1e-14))
        for y in [-0.9, -0.3, 0.1, 0.5, 0.99] {
            #expect(isClose(try SpecialFunctions.erf(try SpecialFunctions.inverseErf(y)), y, relative: 1e-14))
        }
    }

    @Test func incompleteFunctionsAndInverses() throws {
        // scipy.special.gammainc(2.5, 1.7), betainc(2.0, 3.5, 0.4)
        #expect(isClose(try SpecialFunctions.regularizedGammaP(2.5, 1.7), 0.36143007689620493, relative: 1e-12))
        #expect(isClose(
            try SpecialFunctions.regularizedGammaQ(2.5, 1.7), 1 - 0.36143007689620493, relative: 1e-12))
        #expect(isClose(try SpecialFunctions.regularizedBeta(2.0, 3.5, 0.4), 0.5984490866652151, relative: 1e-12))
        for p in [1e-8, 0.2, 0.5, 0.9, 1 - 1e-8] {
            let x = try SpecialFunctions.inverseRegularizedGammaP(2.5, p)
            #expect(isClose(try SpecialFunctions.regularizedGammaP(2.5, x), p, relative: 1e-10))
            let y = try SpecialFunctions.inverseRegularizedBeta(2.0, 3.5, p)
            #expect(isClose(try SpecialFunctions.regularizedBeta(2.0, 3.5, y), p, relative: 1e-10))
        }
    }

    @Test func domainErrorsThrowInsteadOfAborting() {
        #expect(throws: GSLError.self) { try SpecialFunctions.logGamma(-1) }
        #expect(throws: GSLError.self) { try SpecialFunctions.digamma(0) }
        #expect(throws: GSLError.self) { try SpecialFunctions.logBeta(-1, 2) }
        #expect(throws: GSLError.self) { try SpecialFunctions.regularizedGammaP(-1, 1) }
        #expect(throws: GSLError.self) { try SpecialFunctions.regularizedBeta(1, 1, 2) }
        #expect(throws: GSLError.self) { try SpecialFunctions.inverseErf(1) }
        #expect(throws: GSLError.self) { try SpecialFunctions.logFactorial(-3) }
        #expect(throws: GSLError.self) { try SpecialFunctions.inverseRegularizedBeta(1, 1, 1.5) }
    }
}
