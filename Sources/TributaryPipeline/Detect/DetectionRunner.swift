import Foundation
import TributaryClickHouse
import TributaryCore
import TributaryDetectors
import TributaryFormats

/// Runs a pipeline's `[[detect]]` sections: reads each series back from ClickHouse, judges it, keeps the findings
/// in `anomalies`, and sends the alerts the findings call for (once when one opens, once when it closes).
///
/// Nothing here can fail the load it follows: a detection that fails says so in the summary, and a webhook that
/// does not take its alerts keeps them for the next run.
struct DetectionRunner: Sendable {
    let pipeline: CompiledPipeline
    let configuration: ClickHouseLoader.Configuration
    let runID: String
    let transport: any HTTPTransport

    init(
        pipeline: CompiledPipeline, configuration: ClickHouseLoader.Configuration, runID: String,
        transport: any HTTPTransport = URLSessionTransport()
    ) {
        self.pipeline = pipeline
        self.configuration = configuration
        self.runID = runID
        self.transport = transport
    }

    /// Runs every detection as of `at` (epoch seconds), or of each table's latest data.
    func run(at: Int64?) async -> [DetectionReport] {
        var reports: [DetectionReport] = []
        for spec in pipeline.detections { reports.append(await run(spec, at: at)) }
        return reports
    }

    func run(_ spec: DetectionSpec, at: Int64?) async -> DetectionReport {
        var report = DetectionReport(id: spec.id, detector: spec.detectorName)
        do {
            let store = try AnomalyStore(configuration: configuration)
            try await store.ensure()
            let (leaves, now) = try await SeriesQuery(spec: spec, configuration: configuration).fetch(
                at: at, clock: Int64(Date().timeIntervalSince1970))
            report.series = leaves.count
            report.asOf = now
            let known = try await store.known(pipeline: pipeline.settings.name, detection: spec.id)
            var acknowledged: [SeriesKey: [ClosedRange<Int64>]] = [:]
            for k in known where k.finding.acknowledged {
                acknowledged[k.key, default: []].append(k.onset...(k.end.map { $0 - 1 } ?? k.lastSeen))
            }
            let events = MultiSeriesDetection.run(
                spec.detector, leaves: leaves, groupBy: spec.reportDimensions, now: now, acknowledged: acknowledged,
                topContributors: spec.topContributors)
            let plan = AlertPlanner.plan(events: events, known: known.map(\.finding))
            report.findings = plan.findings
            report.alerts = plan.alerts
            var byID: [FindingID: AnomalyStore.Known] = [:]
            for k in known { byID[k.finding.id] = k }
            // Alerts a webhook did not take on an earlier run go out again with this run's.
            var webhookAlerts = plan.alerts
            let newKinds = Set(plan.alerts.map { "\($0.event.id.hex):\($0.kind.rawValue)" })
            for tracked in plan.findings where !tracked.acknowledged {
                for kind in byID[tracked.event.id]?.webhookPending ?? [] {
                    guard let k = AlertPlanner.AlertKind(rawValue: kind),
                        !newKinds.contains("\(tracked.event.id.hex):\(kind)")
                    else { continue }
                    webhookAlerts.append(AlertPlanner.Alert(kind: k, event: tracked.event))
                }
            }
            var undelivered: Set<FindingID> = []
            let title = "\(pipeline.settings.name) · \(spec.id)"
            if let path = spec.alerts.jsonl {
                do {
                    try await JSONLinesAlertSink(path: path).deliver(plan.alerts, title: title)
                } catch {
                    report.problems.append("alerts file \(path): \(error)")
                }
            }
            if let secret = spec.alerts.webhook {
                if let url = URL(string: secret.revealed), url.scheme == "https" || url.scheme == "http" {
                    do {
                        try await WebhookAlertSink(url: url, transport: transport).deliver(webhookAlerts, title: title)
                        report.webhookDelivered = webhookAlerts.count
                    } catch {
                        undelivered = Set(webhookAlerts.map(\.event.id))
                        report.problems.append(
                            "\(error); \(webhookAlerts.count) alert(s) kept for the next run")
                    }
                } else {
                    report.problems.append("webhook_url is not an http(s) URL; alerts were not sent")
                    undelivered = Set(webhookAlerts.map(\.event.id))
                }
            }
            let rows = plan.findings.map { tracked -> AnomalyStore.Row in
                let before = byID[tracked.event.id]
                let pending =
                    undelivered.contains(tracked.event.id)
                    ? webhookAlerts.filter { $0.event.id == tracked.event.id }.map(\.kind.rawValue) : []
                return AnomalyStore.Row(
                    tracked: tracked, pipeline: pipeline.settings.name, firstSeen: before?.firstSeen ?? now,
                    ackReason: before?.ackReason ?? "", webhookPending: pending, runID: runID)
            }
            try await store.write(rows, at: ExactTimestamp.now())
        } catch {
            report.failure = String(describing: error)
        }
        return report
    }
}

/// What one detection found and did, for the run summary.
public struct DetectionReport: Sendable {
    public var id: String
    public var detector: String
    public var series = 0
    /// The instant the series were judged as of.
    public var asOf: Int64?
    public var findings: [AlertPlanner.Tracked] = []
    public var alerts: [AlertPlanner.Alert] = []
    public var webhookDelivered = 0
    /// Alert sinks that failed (the load and the findings stand).
    public var problems: [String] = []
    /// The detection could not run (its query failed).
    public var failure: String?

    public init(id: String, detector: String) {
        self.id = id
        self.detector = detector
    }

    /// One JSON object: counts, alerts (with their exact amounts) and problems.
    public var json: String {
        var j = JSONText()
        j.add("id", id)
        j.add("detector", detector)
        j.add("series", series)
        j.add("findings", findings.count)
        j.add("open", findings.filter { $0.state != .closed }.count)
        let alertLines: [String] = alerts.map { AlertRecord.jsonLine($0) }
        j.add("alerts", raw: "[" + alertLines.joined(separator: ",") + "]")
        let problemTexts: [String] = problems.map { JSONString.quoted($0) }
        j.add("problems", raw: "[" + problemTexts.joined(separator: ",") + "]")
        j.add("error", failure)
        return j.closed()
    }

    /// `daily-spend (spend_spike): 3 finding(s) in 14 series, 1 open, 2 closed; alerts: 1 opened, 1 closed`, then
    /// each alert's explanation.
    public var lines: [String] {
        if let failure { return ["  \(id) (\(detector)): FAILED: \(failure)"] }
        let open = findings.filter { $0.state != .closed }.count
        let opened = alerts.filter { $0.kind == .opened }.count
        let closed = alerts.filter { $0.kind == .closed }.count
        var out = [
            "  \(id) (\(detector)): \(findings.count) finding(s) in \(series) series, \(open) open, "
                + "\(findings.count - open) closed; alerts: \(opened) opened, \(closed) closed"
                + (asOf.map { " (as of \(CivilTime.formatDateTime(epochSeconds: $0)))" } ?? "")
        ]
        for a in alerts { out.append("    \(a.kind.rawValue): [\(a.event.severity.rawValue)] \(a.event.explanation)") }
        for p in problems { out.append("    warning: \(p)") }
        return out
    }
}
