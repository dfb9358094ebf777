/// The body of a Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat and Discord's `/slack` endpoint
/// all read `text`; Slack also renders the `blocks`): one section per alert, most severe first.
///
/// Pure, so that what a channel will show is tested without a network; the sink posts it and retries.
public enum SlackPayload {
    /// Slack's limits: 50 blocks a message, 3,000 characters a section.
    static let maxBlocks = 50
    static let maxSectionCharacters = 3000

    /// The JSON body for `alerts`, under an optional `title` (the pipeline's name).
    public static func build(_ alerts: [AlertPlanner.Alert], title: String? = nil) -> String {
        let sorted = alerts.sorted { a, b in
            a.event.severity != b.event.severity ? a.event.severity > b.event.severity : a.event.id < b.event.id
        }
        let lines = sorted.map(line)
        let heading = (title.map { "\($0): " } ?? "") + "\(alerts.count) anomal\(alerts.count == 1 ? "y" : "ies")"
        var blocks: [String] = []
        var header = JSONFields()
        header.string("type", "section")
        header.raw("text", text("*" + escaped(heading) + "*"))
        blocks.append(header.json)
        for l in lines.prefix(maxBlocks - 2) {
            var section = JSONFields()
            section.string("type", "section")
            section.raw("text", text(String(l.prefix(maxSectionCharacters))))
            blocks.append(section.json)
        }
        if lines.count > maxBlocks - 2 {
            var more = JSONFields()
            more.string("type", "context")
            more.raw("elements", JSONFields.array([text("… and \(lines.count - (maxBlocks - 2)) more")]))
            blocks.append(more.json)
        }
        var body = JSONFields()
        body.string("text", ([heading] + lines.map(plain)).joined(separator: "\n"))
        body.raw("blocks", JSONFields.array(blocks))
        return body.json
    }

    /// `:red_circle: *critical* opened · spend_spike · <explanation>`.
    static func line(_ a: AlertPlanner.Alert) -> String {
        let icon: String
        switch (a.kind, a.event.severity) {
        case (.closed, _): icon = ":white_check_mark:"
        case (_, .critical): icon = ":red_circle:"
        case (_, .high): icon = ":large_orange_circle:"
        case (_, .warning): icon = ":large_yellow_circle:"
        }
        let verb = a.kind == .opened ? (a.event.isOngoing ? "opened" : "found (already over)") : "closed"
        return "\(icon) *\(a.event.severity.rawValue)* \(verb) · \(a.event.detector) · \(escaped(a.event.explanation))"
    }

    static func plain(_ l: String) -> String {
        l.replacing("*", with: "")
    }

    static func text(_ mrkdwn: String) -> String {
        var t = JSONFields()
        t.string("type", "mrkdwn")
        t.string("text", mrkdwn)
        return t.json
    }

    /// Slack's three control characters in message text.
    static func escaped(_ s: String) -> String {
        s.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
    }
}
