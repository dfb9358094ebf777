/// The CSV framing state machine behind `CSVReader`: finds records and their fields in a `ChunkedInput`.
struct CSVFramer {
    private static let quote: UInt8 = 0x22
    private static let lf: UInt8 = 0x0A
    private static let cr: UInt8 = 0x0D

    var input: ChunkedInput
    private let delimiter: UInt8
    /// The line the next record starts on.
    private(set) var line = 1
    /// Field bounds of the current record: start and end offsets into the input buffer, two per field.
    private var bounds: UnsafeMutablePointer<Int>
    private var boundsCapacity = 64
    /// Fields of the current record that hold doubled quotes to undouble once the record is complete.
    private var fieldsToUnescape: [Int] = []

    init(input: ChunkedInput, delimiter: UInt8) {
        self.input = input
        self.delimiter = delimiter
        bounds = .allocate(capacity: 2 * boundsCapacity)
    }

    /// Frees the buffers; called once, by the owning reader.
    func deallocate() {
        bounds.deallocate()
        input.deallocate()
    }

    mutating func next() throws -> CSVRecord? {
        while true {
            if input.start == input.end {
                if input.atEOF { return nil }
                try input.refill(recordLine: line)
                continue
            }
            switch scan() {
            case .record(let record): return record
            case .blankLine: continue
            case .needMore: try input.refill(recordLine: line)
            }
        }
    }

    private enum Scan {
        case record(CSVRecord)
        case blankLine
        /// The buffer ends inside the record and more input may follow: refill and scan the record again.
        case needMore
    }

    /// Frames the record at `input.start`, or reports that the buffer ends first.
    ///
    /// Nothing is written until the record is known to be complete, so that scanning it again after a refill
    /// sees the same bytes.
    private mutating func scan() -> Scan {
        let base = input.bytes.assumingMemoryBound(to: UInt8.self)
        let end = input.end
        let eof = input.atEOF
        let recordStart = input.start
        let delimiter = self.delimiter
        var cursor = SpecialByteCursor(base: base, end: end, delimiter: delimiter)
        var b = bounds
        var fields = 0
        var p = recordStart
        var newlinesInQuotes = 0
        var endsWithNewline = false
        var issue: CSVRecordIssue?
        if !fieldsToUnescape.isEmpty { fieldsToUnescape.removeAll(keepingCapacity: true) }

        fieldLoop: while true {
            if fields == boundsCapacity {
                growBounds()
                b = bounds
            }
            if p >= end {
                if !eof { return .needMore }
                // The input ends right after a delimiter: one last, empty field.
                b[2 &* fields] = p
                b[2 &* fields &+ 1] = p
                fields &+= 1
                break fieldLoop
            }
            if base[p] != Self.quote {
                var j = cursor.next(from: p)
                while j < end, base[j] == Self.quote { j = cursor.next(from: j &+ 1) }  // a quote inside is data
                if j < end, base[j] == delimiter {
                    b[2 &* fields] = p
                    b[2 &* fields &+ 1] = j
                    fields &+= 1
                    p = j &+ 1
                    continue fieldLoop
                }
                if j == end, !eof { return .needMore }
                var fieldEnd = j
                if fieldEnd > p, base[fieldEnd &- 1] == Self.cr { fieldEnd &-= 1 }
                b[2 &* fields] = p
                b[2 &* fields &+ 1] = fieldEnd
                fields &+= 1
                if j < end {
                    endsWithNewline = true
                    p = j &+ 1
                } else {
                    p = end
                }
                break fieldLoop
            }

            // A quoted field: find the closing quote, counting newlines and noting doubled quotes on the way.
            let quoteLine = line &+ newlinesInQuotes
            let contentStart = p &+ 1
            var q = contentStart
            var doubled = false
            var closing = end
            while true {
                var j = cursor.next(from: q)
                while j < end, base[j] == delimiter { j = cursor.next(from: j &+ 1) }  // a delimiter inside is data
                if j == end {
                    if !eof { return .needMore }
                    issue = .unterminatedQuote(line: quoteLine)
                    break
                }
                if base[j] == Self.lf {
                    newlinesInQuotes &+= 1
                    q = j &+ 1
                    continue
                }
                if j &+ 1 == end, !eof { return .needMore }
                if j &+ 1 < end, base[j &+ 1] == Self.quote {
                    doubled = true
                    q = j &+ 2
                    continue
                }
                closing = j
                break
            }
            if doubled { fieldsToUnescape.append(fields) }
            b[2 &* fields] = contentStart
            b[2 &* fields &+ 1] = closing
            fields &+= 1
            if closing == end {  // unterminated
                p = end
                break fieldLoop
            }
            p = closing &+ 1
            if p == end { break fieldLoop }  // the closing quote is the last byte of the input
            let c = base[p]
            if c == delimiter {
                p &+= 1
                continue fieldLoop
            }
            if c == Self.lf {
                endsWithNewline = true
                p &+= 1
                break fieldLoop
            }
            if c == Self.cr {
                if p &+ 1 == end {
                    if !eof { return .needMore }
                    p = end
                    break fieldLoop
                }
                if base[p &+ 1] == Self.lf {
                    endsWithNewline = true
                    p &+= 2
                    break fieldLoop
                }
            }
            // Text after the closing quote: flag the record and resynchronise at the next delimiter or newline.
            if issue == nil { issue = .textAfterClosingQuote(field: fields &- 1) }
            var j = cursor.next(from: p)
            while j < end, base[j] == Self.quote { j = cursor.next(from: j &+ 1) }
            if j == end {
                if !eof { return .needMore }
                p = end
                break fieldLoop
            }
            p = j &+ 1
            if base[j] == delimiter { continue fieldLoop }
            endsWithNewline = true
            break fieldLoop
        }

        let recordLine = line
        line &+= newlinesInQuotes &+ (endsWithNewline ? 1 : 0)
        input.start = p
        if fields == 1, b[0] == recordStart, b[1] == recordStart, issue == nil { return .blankLine }
        for field in fieldsToUnescape { undoubleQuotes(field, base) }
        return .record(
            CSVRecord(
                line: recordLine, count: fields, issue: issue, base: UnsafeRawPointer(base),
                bounds: UnsafePointer(b)))
    }

    /// Rewrites field `field` in place with each `""` made `"`: the text only shrinks, so no scratch is needed.
    private func undoubleQuotes(_ field: Int, _ base: UnsafeMutablePointer<UInt8>) {
        let end = bounds[2 * field + 1]
        var read = bounds[2 * field]
        var write = read
        while read < end {
            let c = base[read]
            base[write] = c
            write &+= 1
            read &+= c == Self.quote ? 2 : 1
        }
        bounds[2 * field + 1] = write
    }

    private mutating func growBounds() {
        let larger = UnsafeMutablePointer<Int>.allocate(capacity: 4 * boundsCapacity)
        larger.update(from: bounds, count: 2 * boundsCapacity)
        bounds.deallocate()
        bounds = larger
        boundsCapacity *= 2
    }
}
