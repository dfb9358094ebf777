import Foundation
import TributaryPipeline

// The command line is thin: it parses words and hands over to the library (`TributaryCommands`).
let code = await TributaryCommands.main(
    arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
exit(code)
