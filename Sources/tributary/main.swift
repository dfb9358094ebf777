import Foundation
import TributaryPipeline

#if canImport(Glibc)
    import CMalloc

    // glibc's defaults suit short-lived allocations, not a pipeline that frees tens of megabytes of column arrays
    // after every batch: freed memory at the top of the heap went back to the kernel each time, and the next batch
    // faulted it in again (400,000 page faults, a third of a single-core run). Keeping up to 32 MiB free in the
    // heap, and taking blocks up to 16 MiB from it rather than from fresh mappings, lets batches reuse the same
    // pages; it bounds what is kept, so peak memory stays flat however many rows a run loads.
    _ = mallopt(M_MMAP_THRESHOLD, 16 << 20)
    _ = mallopt(M_TRIM_THRESHOLD, 32 << 20)
#endif

// The command line is thin: it parses words and hands over to the library (`TributaryCommands`).
let code = await TributaryCommands.main(
    arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
exit(code)
