/// The text of `tributary --help` and `tributary COMMAND --help`, kept next to the commands it describes.
enum HelpText {
    static var overview: String {
        let kinds = StageRegistry.standard.catalog.map {
            "  \($0.role.padding(toLength: 10, withPad: " ", startingAt: 0))\($0.type.padding(toLength: 12, withPad: " ", startingAt: 0))\($0.summary)"
        }
        return """
            tributary \(TributaryCommands.version): load billing and finance data into ClickHouse, exact to the cent.

            USAGE: tributary COMMAND [OPTIONS] PIPELINE.toml

            COMMANDS:
              run        Run a pipeline: extract, transform, load into ClickHouse, print the summary.
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
            USAGE: tributary run PIPELINE.toml [--dry-run] [--log-format human|json] [--no-progress]

            Reads the pipeline's source, applies its transforms and loads the rows into its sink. Bad rows go to the
            rejects file (JSON Lines) with their file, line, field and reason; the summary shows, per source file,
            rows and money read = loaded + filtered + rejected.

            OPTIONS:
              --dry-run            Extract and transform, count what would load; do not contact the sink.
              --log-format FORMAT  human (default) or json: one JSON object per event on standard error, and the
                                   summary as one JSON object on standard output.
              --no-progress        No live progress line (it is only drawn on a terminal anyway).

            A run holds the pipeline's lock ([pipeline] state_dir, default .tributary/state); a second run of the
            same pipeline meanwhile exits 75 at once, naming the holder.

            Exit codes: 0 ok, 1 failed, 2 bad pipeline file, 3 too many rejects, 75 try later.
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
