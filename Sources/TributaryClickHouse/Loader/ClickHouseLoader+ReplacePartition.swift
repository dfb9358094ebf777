import TributaryCore

/// The `replace_partition` strategy: a re-run of the same input replaces what the last run loaded instead of
/// appending it again (lessons L13, L18), with one atomic swap per partition.
///
/// - `prepare` drops staging tables left by earlier runs of this table (`<table>__stage_*`, found in
///   `system.tables`: a killed run leaves one behind), then creates `<table>__stage_<run id>` `AS` the table:
///   same columns, engine and partition key, which `REPLACE PARTITION` requires.
/// - `write` computes each row's partition in Swift (`PartitionKey`) and gathers one insert per partition
///   (`PartitionBuffers`), so that every insert into the staging table holds exactly one partition (L2, L5).
/// - `commit` waits until every insert is stored, checks that the staging table holds, per partition, exactly
///   the rows sent (all partitions before any swap), then runs `ALTER TABLE t REPLACE PARTITION p FROM stage`
///   for each partition the run wrote, and drops the staging table.
///
/// Partitions the run did not write are left alone, whatever they hold: which partitions a run owns (the
/// restatement window) is decided before the loader, by what the run reads. A failure before the first swap
/// leaves the table as it was and drops the staging table (best effort). Each swap is atomic, but a failure
/// between two swaps leaves the earlier partitions replaced and the later ones as they were; running again
/// finishes the job, since replacing is idempotent. Dropping other runs' staging tables assumes one run per
/// table at a time, which the pipeline lock ensures.
extension ClickHouseLoader {
    /// `<table>__stage_<run id>`, the run id reduced to the characters an identifier may hold.
    var stagingTableName: String { Self.stagingPrefix(configuration.table) + Self.identifierSafe(runID) }

    static func stagingPrefix(_ table: String) -> String { table + "__stage_" }

    static func identifierSafe(_ s: String) -> String {
        String(
            String.UnicodeScalarView(
                s.unicodeScalars.map { c in
                    c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_") ? c : "_"
                }))
    }

    /// Checks that the table is partitioned as `partition_by` says, drops leftover staging tables of this table,
    /// then creates this run's, empty, with the table's structure.
    ///
    /// The check matters because the partitions are computed from `partition_by` but swapped in the table's
    /// own key: a table created earlier with another key would take `REPLACE PARTITION 202501` as some other
    /// partition, and the run's rows would silently not arrive.
    func prepareStaging(
        _ stage: ClickHouseSchemaManager, target: ClickHouseSchemaManager, server: ClickHouseServerInfo
    ) async throws {
        let client = client
        let keyText = try await client.query(
            "SELECT partition_key FROM system.tables WHERE database = \(target.database.literal) AND name = "
                + "\(target.table.literal) FORMAT TabSeparated")
        let existing = TabSeparatedDecoder.rows(keyText).first?.first ?? nil
        if existing.flatMap({ PartitionKey(parsing: $0)?.parts }) != configuration.partitionKey?.parts {
            throw ClickHouseError.invalidConfiguration(
                key: "partition_by",
                problem:
                    "\(target.displayName) is partitioned by `\(existing ?? "")`, not `\(configuration.partitionBy ?? "")`; "
                    + "replace_partition swaps the table's own partitions, so make partition_by match the table "
                    + "(or load into a new table)")
        }
        let prefix = Self.stagingPrefix(target.table.name)
        let listing = try await client.query(
            "SELECT name FROM system.tables WHERE database = \(target.database.literal) FORMAT TabSeparated")
        for case let name? in TabSeparatedDecoder.rows(listing).compactMap(\.first)
        where name.hasPrefix(prefix) && ClickHouseIdentifier.isValid(name) {
            let leftover = try ClickHouseIdentifier(name, role: "table")
            _ = try await client.query(
                "DROP TABLE IF EXISTS \(ClickHouseIdentifier.qualified(target.database, leftover))")
        }
        _ = try await client.query("DROP TABLE IF EXISTS \(stage.qualifiedName)")
        // A copy of a table with LowCardinality columns needs, on 18.16, the setting its original needed.
        _ = try await client.query(
            "CREATE TABLE \(stage.qualifiedName) AS \(target.qualifiedName)",
            settings: server.ddlSettings(lowCardinality: true))
    }

    /// Splits `batch` by partition and adds each part to its partition's pending insert, sending the inserts
    /// that are full.
    func writePartitioned(_ batch: RecordBatch) async throws {
        guard let key = partitionKey else { return }
        let literals = try key.literals(of: batch, table: tableName)
        var rowsOf: [String: [Int]] = [:]
        var order: [String] = []
        for (row, literal) in literals.enumerated() {
            if rowsOf[literal] == nil { order.append(literal) }
            rowsOf[literal, default: []].append(row)
        }
        slicesByFile[batch.lineage.file, default: []].formUnion(order)
        for partition in order {
            guard let rows = rowsOf[partition] else { continue }
            let part = order.count == 1 ? batch : batch.selecting(rows)
            var row = 0
            while row < part.count {
                let room = partitionBuffers?.room(in: partition) ?? configuration.maxInsertRows
                let end = min(part.count, row + max(1, min(chunkRows, room)))
                let chunk = encodedChunk(part, rows: row..<end)
                partitionBuffers?.add(chunk, partition: partition, batch: part, rows: row..<end)
                row = end
                try await flushPartitions(all: false)
            }
        }
    }

    /// Sends the pending inserts that must leave now, or all of them.
    func flushPartitions(all: Bool) async throws {
        guard var buffers = partitionBuffers else { return }
        var leaving: [(partition: String, insert: PartitionBuffers.Pending)] = []
        if all {
            leaving = buffers.takeAll()
        } else {
            while let next = buffers.nextFull() { leaving.append(next) }
        }
        partitionBuffers = buffers
        for (partition, insert) in leaving { try await dispatch(partition: partition, insert) }
    }

    /// The partitions written so far, by source file; nil unless this loader replaces partitions.
    public func slicesWritten() -> [String: Set<String>]? {
        configuration.strategy == .replacePartition ? slicesByFile : nil
    }

    /// Partitions that `commit` must replace even if no row was written for them, leaving them empty.
    public func replaceAlso(_ slices: Set<String>) {
        alsoReplace.formUnion(slices)
    }

    /// Checks every partition's staged rows, then swaps them into the table and drops the staging table.
    ///
    /// The partitions to leave empty (`replaceAlso` without rows) are swapped from the staging table too, which
    /// holds nothing for them: the same atomic statement, so that a changed file that no longer has rows for a
    /// month takes that month's old rows away.
    func swapPartitions() async throws {
        guard let key = partitionKey, let stage = staging, let target else {
            throw ClickHouseError.notPrepared(table: configuration.table)
        }
        let emptied = alsoReplace.filter { sentRows[$0] == nil }.sorted()
        for partition in sentOrder + emptied {
            let sent = sentRows[partition] ?? 0
            let text = try await query(
                "SELECT count() FROM \(stage.qualifiedName) WHERE \(key.expression) = \(partition) FORMAT TabSeparated")
            let staged = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
            guard staged == sent else {
                throw ClickHouseError.stagedRowsMismatch(
                    table: target.displayName, partition: partition, staged: staged, sent: sent)
            }
        }
        let total = try await query("SELECT count() FROM \(stage.qualifiedName) FORMAT TabSeparated")
        let sentTotal = sentRows.values.reduce(0, +)
        let stagedTotal = Int(total.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        guard stagedTotal == sentTotal else {
            throw ClickHouseError.stagedRowsMismatch(
                table: target.displayName, partition: "(all)", staged: stagedTotal, sent: sentTotal)
        }
        replacedPartitions = []
        for partition in sentOrder + emptied {
            let sql = "ALTER TABLE \(target.qualifiedName) REPLACE PARTITION \(partition) FROM \(stage.qualifiedName)"
            do {
                _ = try await query(sql)
            } catch let e as ClickHouseError {
                throw ClickHouseError.ddlFailed(table: target.displayName, statement: sql, cause: e)
            }
            replacedPartitions.append(partition)
            CrashPoint.duringReplacePartition.reach()
        }
        await discardStaging()
    }

    /// Drops this run's staging table, ignoring failures: a leftover is dropped by the next `prepare`.
    func discardStaging() async {
        guard let stage = staging else { return }
        _ = try? await client.query("DROP TABLE IF EXISTS \(stage.qualifiedName)")
    }

    /// Runs `sql`, retrying what the retry policy allows: every statement here can run twice with one effect
    /// (a count, or a swap from an unchanged staging table).
    func query(_ sql: String) async throws -> String {
        var policy = retryPolicy
        while true {
            do {
                return try await client.query(sql)
            } catch let error as ClickHouseError {
                guard case .retry(let delay) = policy.onFailure(error) else { throw error }
                try await Task.sleep(for: .seconds(delay))
            }
        }
    }
}
