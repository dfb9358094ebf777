/// The text of `tributary --help` and `tributary COMMAND --help`, kept next to the commands it describes.
enum HelpText {
    static var overview: String {
        let catalog = StageRegistry.standard.catalog
        let width = (catalog.map(\.type.count).max() ?? 10) + 2
        let kinds = catalog.map {
            "  \($0.role.padding(toLength: 10, withPad: " ", startingAt: 0))"
                + "\($0.type.padding(toLength: width, withPad: " ", startingAt: 0))\($0.summary)"
        }
        return """
            tributary \(TributaryCommands.version): load billing and finance data into ClickHouse, exact to the cent.

            USAGE: tributary COMMAND [OPTIONS] PIPELINE.toml

            COMMANDS:
              run        Run a pipeline: only inputs new or changed since the last committed run (or all of
                         them with --full-refresh), load into ClickHouse, print the summary.
              backfill   Load a date range chunk by chunk, each chunk committed on its own (resumable).
              state      Show or reset what a pipeline has committed: tributary state show PIPELINE.toml
              detect     Run a pipeline's [[detect]] sections now (they also run after every load), or score a
                         CSV series offline: tributary detect --input series.csv --detector spend_spike
              anomalies  List findings, or acknowledge one: tributary anomalies ack ID --reason "planned"
              validate   Check pipeline files without reading data or contacting ClickHouse.
              plan       Show the resolved configuration (secrets sealed), output schema and DDL.
              help       Show help for a command: tributary help run

            OPTIONS:
              --version  Print the version.
              --help     Print this help.

            STAGE TYPES:
            \(kinds.joined(separator: "\n"))

            EXIT CODES:
              0   success
              1   the run failed (bad credentials, a ClickHouse error, a broken input file)
              2   the command line or the pipeline file is wrong (nothing ran)
              3   the run finished, but more rows were rejected than max_rejects allows
              75  try again later (ClickHouse unreachable, or another run holds the pipeline's lock)
            """
    }

    static func command(_ name: String) -> String? {
        switch name {
        case "run":
            """
            USAGE: tributary run PIPELINE.toml [--full-refresh] [--dry-run] [--log-format human|json] [--no-progress]

            Reads what is new since the last committed run, applies the transforms and loads the rows into the
            sink: files that are new or changed (by size, times and content hash), files with rows in the
            source's restate_window, and for replace_partition every file that feeds a partition being replaced.
            The state advances only after the load it records has committed, so a run killed at any point is
            simply run again. Bad rows go to the rejects file (JSON Lines) with their file, line, field and
            reason; the summary shows, per source file, rows and money read = loaded + filtered + rejected.

            OPTIONS:
              --full-refresh       Read every input whatever the state says; the load replaces what it covers.
              --dry-run            Extract and transform, count what would load; do not contact the sink.
              --log-format FORMAT  human (default) or json: one JSON object per event on standard error, and the
                                   summary as one JSON object on standard output.
              --no-progress        No live progress line (it is only drawn on a terminal anyway).

            A run holds the pipeline's lock ([pipeline] state_dir, default .tributary/state); a second run of the
            same pipeline meanwhile exits 75 at once, naming the holder.

            Exit codes: 0 ok, 1 failed, 2 bad pipeline file, 3 too many rejects, 75 try later.
            """
        case "backfill":
            """
            USAGE: tributary backfill PIPELINE.toml --from YYYY-MM-DD --to YYYY-MM-DD [--chunk day|week|month]
                                     [--dry-run] [--log-format human|json] [--no-progress]

            Loads the rows whose [source] time_column falls in [from, to), one chunk at a time; each chunk is
            committed and recorded on its own, so a backfill that is interrupted resumes at its first uncommitted
            chunk when the same command is run again. The chunk defaults to the sink's partition period
            (replace_partition by toYYYYMM: month), else month. On a terminal a bar shows the chunk, rows,
            throughput and the time left.

            Exit codes: 0 ok, 1 failed, 2 bad dates or options (--from must be before --to), 75 try later.
            """
        case "state":
            """
            USAGE: tributary state show PIPELINE.toml [--json]
                   tributary state reset PIPELINE.toml [--source ID]

            show   What the pipeline has committed: per source the files (size, modification time, hash, the
                   days and partitions their rows went to), cursors and watermarks, an unfinished backfill, and
                   the recent runs. --json prints the stored state document itself.
            reset  Forgets the state (or one source's checkpoint), so that the next run reprocesses it all.
                   The loads are idempotent, so this re-reads but never double-counts. Takes the pipeline's
                   lock: it exits 75 while a run holds it.

            A state file that is damaged or hand-edited is refused by every run and by show; reset is the way out.
            """
        case "detect":
            """
            USAGE: tributary detect PIPELINE.toml [--at YYYY-MM-DD[THH:MM:SS]] [--log-format human|json]

            Runs the pipeline's [[detect]] sections against what its ClickHouse table holds, without loading
            (after every `tributary run` they run by themselves): reads each series back, judges it, keeps the
            findings in the `anomalies` table (one row per finding, updated by later runs) and sends the alerts the
            findings call for, once when one opens and once when it closes. Without --at, each table is judged as of
            its latest data. Exit 0, or 1 when a detection could not run.

            """ + TributaryCommands.detectUsage
        case "anomalies":
            """
            USAGE: tributary anomalies list [--pipeline PIPELINE.toml] [--database DB] [--limit N]
                   tributary anomalies ack FINDING_ID --reason TEXT [--pipeline PIPELINE.toml] [--database DB]

            The findings of [[detect]] sections, kept one row per finding in the `anomalies` table of the sink's
            database (with --pipeline), or of CLICKHOUSE_URL (CLICKHOUSE_USER, CLICKHOUSE_PASSWORD) and --database
            (default tributary). An acknowledged finding alerts no more, and its periods are kept out of the
            baselines later findings are judged against (a planned migration does not become the new normal).
            """
        case "validate":
            """
            USAGE: tributary validate PIPELINE.toml [PIPELINE.toml …]

            Compiles each file: TOML syntax, known keys and types, required keys, stage types, expressions and
            column names, environment variables. Reports every problem as FILE:LINE:COL: error: KEY: message.
            Reads no data and contacts nothing. Exit 0 when all are valid, 2 otherwise.
            """
        case "plan":
            """
            USAGE: tributary plan PIPELINE.toml

            Prints the pipeline with ${VAR} resolved and secrets shown as •••, its stages, the schema of the rows
            it loads, and the DDL it would run on a server where the table does not exist yet.
            """
        default: nil
        }
    }
}
