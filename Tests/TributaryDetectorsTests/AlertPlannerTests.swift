import Testing
import TributaryCore

@testable import TributaryDetectors

struct AlertPlannerTests {
    static func event(onset: Int, ongoing: Bool) -> AnomalyEvent {
        AnomalyEvent(
            detector: "spend_spike", series: "spend", key: .total, granularity: .day, unit: .money(currency: "USD"),
            onset: Synthetic.day(onset), start: Synthetic.day(onset), lastSeen: Synthetic.day(onset),
            end: ongoing ? nil : Synthetic.day(onset + 1), closeReason: ongoing ? nil : .recovered, sign: 1,
            periods: 1, actual: ExactDecimal(300), expected: ExactDecimal(100), band: ExactDecimal(5),
            impact: ExactDecimal(200), impactUnit: .money(currency: "USD"), severity: .high, score: 0.9,
            basis: .trailing(points: 28), detail: .spike)
    }

    @Test func aNewEventAlertsOnce() {
        let e = Self.event(onset: 10, ongoing: true)
        let plan = AlertPlanner.plan(events: [e], known: [])
        #expect(plan.alerts.map(\.kind) == [.opened])
        #expect(plan.findings.map(\.state) == [.open])
    }

    @Test func anOngoingEventDoesNotAlertAgain() {
        let e = Self.event(onset: 10, ongoing: true)
        let plan = AlertPlanner.plan(events: [e], known: [KnownFinding(id: e.id, state: .open)])
        #expect(plan.alerts.isEmpty)
        #expect(plan.findings.map(\.state) == [.ongoing])
    }

    @Test func closingAlertsOnce() {
        let e = Self.event(onset: 10, ongoing: false)
        let plan = AlertPlanner.plan(events: [e], known: [KnownFinding(id: e.id, state: .ongoing)])
        #expect(plan.alerts.map(\.kind) == [.closed])
        #expect(plan.findings.map(\.state) == [.closed])
        #expect(AlertPlanner.plan(events: [e], known: [KnownFinding(id: e.id, state: .closed)]).alerts.isEmpty)
    }

    @Test func anEventFoundAlreadyOverAlertsOnceNotTwice() {
        let plan = AlertPlanner.plan(events: [Self.event(onset: 10, ongoing: false)], known: [])
        #expect(plan.alerts.map(\.kind) == [.opened])
        #expect(plan.findings.map(\.state) == [.closed])
    }

    @Test func acknowledgedFindingsNeverAlert() {
        let open = Self.event(onset: 10, ongoing: true)
        let closed = Self.event(onset: 20, ongoing: false)
        let plan = AlertPlanner.plan(
            events: [open, closed],
            known: [
                KnownFinding(id: open.id, state: .open, acknowledged: true),
                KnownFinding(id: closed.id, state: .open, acknowledged: true),
            ])
        #expect(plan.alerts.isEmpty)
        #expect(plan.findings.map(\.state) == [.ongoing, .closed])
        #expect(plan.findings.allSatisfy { $0.acknowledged })
    }

    @Test func knownFindingsNotFoundAgainAreListedNotRetracted() {
        let gone = Self.event(onset: 5, ongoing: true)
        let plan = AlertPlanner.plan(events: [], known: [KnownFinding(id: gone.id, state: .open)])
        #expect(plan.alerts.isEmpty && plan.unmatched == [gone.id])
    }

    /// Daily runs over a three-day spike, each run knowing what the previous one stored: one alert when it opens,
    /// one when it closes, none in between.
    @Test func dailyRunsAlertOnceWhenItOpensAndOnceWhenItCloses() {
        let s = Synthetic.daily(days: 130, seed: 15) { d, v in (100...102).contains(d) ? v * 3 : v }
        let detector = SpendSpikeDetector()
        var known: [FindingID: KnownFinding] = [:]
        var alerts: [(day: Int, kind: AlertPlanner.AlertKind)] = []
        for day in 95...115 {
            let plan = AlertPlanner.plan(
                events: detector.detect(s.prefix(day + 1), now: Synthetic.day(day + 1)), known: Array(known.values))
            alerts += plan.alerts.map { (day, $0.kind) }
            for f in plan.findings { known[f.event.id] = KnownFinding(id: f.event.id, state: f.state) }
        }
        // Judged 48 hours late: the spike of day 100 is seen by the run of day 102, its end by the run of day 105.
        #expect(alerts.map(\.kind) == [.opened, .closed])
        #expect(alerts.map(\.day) == [102, 105])
    }

    /// The same runs, with the user acknowledging the finding after the first alert: no closing alert, and the
    /// acknowledged days kept out of the baseline of the days after.
    @Test func anAcknowledgedSpikeStaysQuietAndOutOfTheBaseline() {
        let s = Synthetic.daily(days: 130, seed: 15) { d, v in (100...102).contains(d) ? v * 3 : v }
        let detector = SpendSpikeDetector()
        var known: [FindingID: KnownFinding] = [:]
        var acknowledged: [ClosedRange<Int64>] = []
        var alerts: [AlertPlanner.AlertKind] = []
        for day in 95...115 {
            let series = s.prefix(day + 1).acknowledging(acknowledged)
            let plan = AlertPlanner.plan(
                events: detector.detect(series, now: Synthetic.day(day + 1)), known: Array(known.values))
            alerts += plan.alerts.map(\.kind)
            for f in plan.findings {
                known[f.event.id] = KnownFinding(id: f.event.id, state: f.state, acknowledged: true)
                acknowledged = [f.event.onset...(f.event.lastSeen + 2 * 86400)]
            }
        }
        #expect(alerts == [.opened])
        let r = detector.analyze([s.acknowledging(acknowledged)], now: nil)
        #expect(r.scores[0][103...].allSatisfy { $0 < 0.5 })
    }
}
