import Testing
import TributaryCore

@testable import TributaryDetectors

struct ThresholdsTests {
    static func d(_ s: String) -> ExactDecimal { ExactDecimal(s) ?? .zero }

    @Test func theBoundaryIsExactAndPasses() {
        let t = Thresholds(minImpact: Self.d("100.00"), minPercent: Self.d("10"), gate: .and)
        #expect(t.passes(impact: Self.d("100.00"), expected: Self.d("1000.00")))
        #expect(!t.passes(impact: Self.d("99.999999999999"), expected: Self.d("999.99")))
        // 10 % of 1000.01 is 100.001: a cent short.
        #expect(!t.passes(impact: Self.d("100.00"), expected: Self.d("1000.01")))
    }

    @Test func andNeedsBothOrEither() {
        let and = Thresholds(minImpact: Self.d("50"), minPercent: Self.d("20"), gate: .and)
        let or = Thresholds(minImpact: Self.d("50"), minPercent: Self.d("20"), gate: .or)
        // $60 on $1000 is 6 %.
        #expect(!and.passes(impact: Self.d("60"), expected: Self.d("1000")))
        #expect(or.passes(impact: Self.d("60"), expected: Self.d("1000")))
        // $10 on $20 is 50 %.
        #expect(!and.passes(impact: Self.d("10"), expected: Self.d("20")))
        #expect(or.passes(impact: Self.d("10"), expected: Self.d("20")))
    }

    @Test func unsetThresholdsNeitherPassNorBlock() {
        #expect(Thresholds().passes(impact: Self.d("0.01"), expected: Self.d("1000")))
        let percentOnly = Thresholds(minPercent: Self.d("10"), gate: .or)
        #expect(!percentOnly.passes(impact: Self.d("5"), expected: Self.d("100")))
    }

    @Test func anExpectedZeroIsAnInfinitePercentage() {
        let t = Thresholds(minPercent: Self.d("1000"))
        #expect(t.passes(impact: Self.d("0.01"), expected: .zero))
        #expect(!t.passes(impact: .zero, expected: .zero))
    }

    @Test func theCumulativeImpactAndTheLatestDeviationAreGatedApart() {
        let t = Thresholds(minImpact: Self.d("100"), minPercent: Self.d("50"))
        // Three days of +$40 on $60: $120 in all, +67 % on the latest.
        #expect(t.passes(impact: Self.d("120"), deviation: Self.d("40"), expected: Self.d("60")))
        #expect(!t.passes(impact: Self.d("120"), deviation: Self.d("20"), expected: Self.d("60")))
    }

    @Test func scoresAreOneHalfOnTheBoundaryAndMonotone() {
        let t = Thresholds(minImpact: Self.d("100"), minPercent: Self.d("10"))
        #expect(t.score(impact: 100, deviation: 100, percent: 10) == 0.5)
        #expect(t.score(impact: 100, deviation: 100, percent: 5) < 0.5)
        #expect(t.score(impact: 400, deviation: 400, percent: 40) > t.score(impact: 200, deviation: 200, percent: 20))
        #expect(ScoreScale.map(1) == 0.5)
        #expect(ScoreScale.map(0) == 0 && ScoreScale.map(.infinity) == 1)
        #expect(ScoreScale.calibrated(0.5, alerts: false) < 0.5)
        #expect(ScoreScale.calibrated(0.49, alerts: true) == 0.5)
    }

    @Test func severitiesFollowTheirOwnGates() {
        let levels = SeverityLevels()
        #expect(levels.severity(impact: Self.d("684.30"), expected: Self.d("128.10")) == .critical)
        #expect(levels.severity(impact: Self.d("150"), expected: Self.d("100")) == .high)
        #expect(levels.severity(impact: Self.d("20"), expected: Self.d("100")) == .warning)
    }
}
