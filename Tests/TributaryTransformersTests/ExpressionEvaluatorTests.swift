import Testing
import TributaryCore

@testable import TributaryTransformers

struct ExpressionEvaluatorTests {
    typealias F = Fixtures

    // MARK: Exact decimal arithmetic

    @Test func decimalAdditionIsExact() throws {
        let b = F.batch(["cost": [F.decimal("0.1"), F.decimal("0.000000000001"), .null]])
        let r = try F.evaluate("cost + 0.2", b)
        #expect(r.values == [F.decimal("0.3"), F.decimal("0.200000000001"), .null])
        #expect(r.values[0].description == "0.300000000000")
        #expect(try F.evaluate("cost + 0.2 = 0.3", b).values == [.bool(true), .bool(false), .null])
        #expect(r.issues.isEmpty)
    }

    @Test func divisionIsAtScale12RoundedHalfToEven() throws {
        let b = F.batch([
            "qty": [.int64(1), .int64(2), .int64(-2)], "price": [F.decimal("0.5"), F.decimal("1.5"), F.decimal("2.5")],
        ])
        let r = try F.evaluate("qty / 3", b)
        #expect(r.values.map(\.description) == ["0.333333333333", "0.666666666667", "-0.666666666667"])
        // Exact ties at the 13th decimal go to the even neighbour: 0.5e-12 → 0, 1.5e-12 → 2e-12, 2.5e-12 → 2e-12.
        #expect(
            try F.evaluate("price / 1000000000000", b).values.map(\.description)
                == ["0.000000000000", "0.000000000002", "0.000000000002"])
        #expect(try F.evaluate("-price / 1000000000000", b).values.map(\.description)[1] == "-0.000000000002")
        #expect(try F.evaluate("price / 8", b).values[0].description == "0.062500000000")
    }

    @Test func productsAreExactUpToScale12ThenRoundedHalfToEven() throws {
        let b = F.batch([
            "cost": [
                F.decimal("0.000000000001"), F.decimal("0.000000000003"), F.decimal("10.5"),
                F.decimal("-0.000000000001"),
            ]
        ])
        let r = try F.evaluate("cost * 0.5", b)
        #expect(
            r.values.map(\.description) == ["0.000000000000", "0.000000000002", "5.250000000000", "0.000000000000"])
        let p = F.batch(["price": [F.decimal("19.99"), F.decimal("0.01")]])
        #expect(try F.evaluate("price * 1.25", p).values.map(\.description) == ["24.9875", "0.0125"])
    }

    @Test func productsThatOverflow128BitsBeforeRoundingStillWork() throws {
        // 1e8 × 1e8 at scale 12 each: the raw product needs 1e40 units, the result only 1e28.
        let b = F.batch(["cost": [F.decimal("100000000")]])
        let r = try F.evaluate("cost * cost", b)
        #expect(r.values == [F.decimal("10000000000000000")])
        #expect(r.issues.isEmpty)
    }

    @Test func divisionByZeroRejectsOnlyThatRow() throws {
        let b = F.batch([
            "cost": [F.decimal("10"), F.decimal("10"), F.decimal("10"), .null],
            "qty": [.int64(4), .int64(0), .null, .int64(0)],
        ])
        let r = try F.evaluate("cost / qty", b)
        #expect(r.values == [F.decimal("2.5"), .null, .null, .null])
        #expect(r.issues == [RowIssue(row: 1, field: "out", reason: "division by zero")])
        let f = F.batch(["ratio": [.float64(1), .float64(2)], "qty": [.int64(0), .int64(2)]])
        #expect(try F.evaluate("ratio / qty", f).issues == [RowIssue(row: 0, field: "out", reason: "division by zero")])
    }

    @Test func integerOverflowRejectsTheRow() throws {
        let b = F.batch(["qty": [.int64(3), .int64(Int64.max / 2), .int64(.min)]])
        let r = try F.evaluate("qty * 3", b)
        #expect(r.values[0] == .int64(9))
        #expect(r.issues.map(\.row) == [1, 2])
        #expect(r.issues.first?.reason == "int64 overflow")
        #expect(try F.evaluate("-qty", b).issues.map(\.row) == [2])
        #expect(try F.evaluate("abs(qty)", b).issues.map(\.row) == [2])
    }

    @Test func intAndDecimalCompareExactly() throws {
        let b = F.batch(["qty": [.int64(1), .int64(2)], "cost": [F.decimal("1.000000000001"), F.decimal("2")]])
        #expect(try F.evaluate("qty = 1.0", b).values == [.bool(true), .bool(false)])
        #expect(try F.evaluate("qty < cost", b).values == [.bool(true), .bool(false)])
        #expect(try F.evaluate("cost = qty", b).values == [.bool(false), .bool(true)])
        #expect(try F.evaluate("cost > 1.0000000000005", b).values == [.bool(true), .bool(true)])
        #expect(try F.evaluate("cost <= 1.0000000000015", b).values == [.bool(true), .bool(false)])
        #expect(try F.evaluate("qty IN (2.0, 3)", b).values == [.bool(false), .bool(true)])
        #expect(try F.evaluate("cost IN (2, 1.0000000000010)", b).values == [.bool(true), .bool(true)])
    }

    @Test func floatsOnlyWhenAnOperandIsFloat() throws {
        let b = F.batch(["ratio": [.float64(0.5)], "qty": [.int64(3)]])
        #expect(try F.evaluate("ratio * qty", b).values == [.float64(1.5)])
        #expect(try F.evaluate("round(ratio + 0.126, 2)", b).values == [.float64(0.63)])
    }

    @Test func roundingAndAbsOnDecimals() throws {
        let b = F.batch(["cost": [F.decimal("2.5"), F.decimal("3.5"), F.decimal("-2.345"), F.decimal("-0.0051")]])
        #expect(try F.evaluate("round(cost)", b).values.map(\.description) == ["2", "4", "-2", "0"])
        #expect(try F.evaluate("round(cost, 2)", b).values.map(\.description) == ["2.50", "3.50", "-2.34", "-0.01"])
        #expect(try F.evaluate("abs(cost)", b).values[2].description == "2.345000000000")
    }

    // MARK: Three-valued logic

    static let truthTable: [(Value, Value)] = {
        let values: [Value] = [.bool(true), .bool(false), .null]
        return values.flatMap { a in values.map { b in (a, b) } }
    }()

    @Test func andOrNotFollowSQLThreeValuedLogic() throws {
        let schema = Schema([Field("a", .bool), Field("b", .bool)])
        let b = F.batch(["a": Self.truthTable.map(\.0), "b": Self.truthTable.map(\.1)], schema: schema)
        let t = Value.bool(true)
        let f = Value.bool(false)
        let n = Value.null
        // Rows: TT TF TN FT FF FN NT NF NN
        #expect(try F.evaluate("a AND b", b).values == [t, f, n, f, f, f, n, f, n])
        #expect(try F.evaluate("a OR b", b).values == [t, t, t, t, f, n, t, n, n])
        #expect(try F.evaluate("NOT a", b).values == [f, f, f, t, t, t, n, n, n])
        #expect(try F.evaluate("a AND TRUE", b).values == [t, t, t, f, f, f, n, n, n])
        #expect(try F.evaluate("b OR NULL", b).values == [t, n, n, t, n, n, t, n, n])
        #expect(try F.evaluate("a IS NULL", b).values == [f, f, f, f, f, f, t, t, t])
        #expect(try F.evaluate("a IS NOT NULL", b).values == [t, t, t, t, t, t, f, f, f])
        #expect(try F.evaluate("a = b", b).values == [t, f, n, f, t, n, n, n, n])
    }

    @Test func inWithNullFollowsSQL() throws {
        let b = F.batch(["service": [.string("a"), .string("b"), .null]])
        let t = Value.bool(true)
        let f = Value.bool(false)
        let n = Value.null
        #expect(try F.evaluate("service IN ('a', 'c')", b).values == [t, f, n])
        #expect(try F.evaluate("service NOT IN ('a', 'c')", b).values == [f, t, n])
        #expect(try F.evaluate("service IN ('a', NULL)", b).values == [t, n, n])
        #expect(try F.evaluate("service NOT IN ('a', NULL)", b).values == [f, n, n])
        // Non-literal elements take the general path with the same meaning.
        let c = F.batch(["service": [.string("a"), .string("b"), .null], "raw": [.null, .string("b"), .string("x")]])
        #expect(try F.evaluate("service IN (raw, 'a')", c).values == [t, t, n])
        #expect(try F.evaluate("service NOT IN (raw, 'z')", c).values == [n, f, n])
    }

    @Test func longInListsUseAHashedSet() throws {
        let list = (0..<20).map { "'s\($0)'" }.joined(separator: ", ")
        let b = F.batch(["service": [.string("s7"), .string("s19"), .string("s20"), .string("")]])
        #expect(
            try F.evaluate("service IN (\(list))", b).values == [.bool(true), .bool(true), .bool(false), .bool(false)])
        let ints = (0..<20).map(String.init).joined(separator: ", ")
        let q = F.batch(["qty": [.int64(7), .int64(25)]])
        #expect(try F.evaluate("qty IN (\(ints))", q).values == [.bool(true), .bool(false)])
    }

    // MARK: Errors stay with the rows that reach them

    @Test func branchesOnlyReportErrorsForRowsThatTakeThem() throws {
        let b = F.batch(["cost": [F.decimal("10"), F.decimal("10")], "qty": [.int64(0), .int64(4)]])
        let r = try F.evaluate("if(qty = 0, 0, cost / qty)", b)
        #expect(r.values == [F.decimal("0"), F.decimal("2.5")])
        #expect(r.issues.isEmpty)
        #expect(try F.evaluate("qty <> 0 AND cost / qty > 1", b).issues.isEmpty)
        #expect(try F.evaluate("qty = 0 OR cost / qty > 1", b).issues.isEmpty)
        // coalesce always evaluates its first argument.
        #expect(try F.evaluate("coalesce(cost / qty, 1)", b).issues.map(\.row) == [0])
        // The else branch is taken by row 0, so its error counts.
        #expect(try F.evaluate("if(qty = 4, 0, cost / qty)", b).issues.map(\.row) == [0])
    }

    @Test func coalesceReachesLaterArgumentsOnlyForNullRows() throws {
        let b = F.batch(["cost": [F.decimal("1"), .null], "qty": [.int64(0), .int64(2)]])
        let r = try F.evaluate("coalesce(cost, 10 / qty)", b)
        #expect(r.values == [F.decimal("1"), F.decimal("5")])
        #expect(r.issues.isEmpty)
    }

    // MARK: Strings

    @Test func stringFunctionsCountCharactersNotBytes() throws {
        let b = F.batch(["service": [.string("é"), .string("héllo"), .string(""), .null]])
        #expect(try F.evaluate("length(service)", b).values == [.int64(1), .int64(5), .int64(0), .null])
        #expect(try F.evaluate("upper(service)", b).values == [.string("É"), .string("HÉLLO"), .string(""), .null])
        #expect(
            try F.evaluate("substring(service, 2, 3)", b).values == [.string(""), .string("éll"), .string(""), .null])
        #expect(try F.evaluate("substring(service, 2)", b).values[1] == .string("éllo"))
        #expect(try F.evaluate("substring(service, 0, 3)", b).values[1] == .string("hé"))
        #expect(try F.evaluate("substring(service, -5, 3)", b).values[1] == .string(""))
        #expect(
            try F.evaluate("contains(service, 'll')", b).values == [.bool(false), .bool(true), .bool(false), .null])
    }

    @Test(arguments: [
        ("lower(service)", Value.string("amazon ec2 élan")),
        ("upper(service)", .string("AMAZON EC2 ÉLAN")),
        ("trim(raw)", .string("x y")),
        ("replace(service, 'a', '4')", .string("Am4zon EC2 Él4n")),
        ("replace(service, '', '4')", .string("Amazon EC2 Élan")),
        ("starts_with(service, 'Ama')", .bool(true)),
        ("ends_with(service, 'lan')", .bool(true)),
        ("ends_with(service, 'Amazon EC2 Élan!')", .bool(false)),
        ("concat(service, '-', qty, '-', cost)", .string("Amazon EC2 Élan-3-1.500000000000")),
        ("service || '/' || usage_date", .string("Amazon EC2 Élan/2025-03-04")),
        ("concat(service, NULL)", .null),
        ("to_string(usage_start)", .string("2025-03-04 05:06:07")),
        ("to_string(flag)", .string("true")),
    ])
    func stringFunctions(_ text: String, _ expected: Value) throws {
        let b = F.batch([
            "service": [.string("Amazon EC2 Élan")], "raw": [.string(" \tx y \n")], "qty": [.int64(3)],
            "cost": [F.decimal("1.5")], "usage_date": [F.date("2025-03-04")],
            "usage_start": [F.dateTime("2025-03-04T05:06:07Z")],
            "flag": [.bool(true)],
        ])
        #expect(try F.evaluate(text, b).values == [expected])
    }

    @Test func negativeSubstringLengthRejectsTheRow() throws {
        let b = F.batch(["name": [.string("abc"), .string("abc")], "qty": [.int64(1), .int64(-1)]])
        let r = try F.evaluate("substring(name, 1, qty)", b)
        #expect(r.values[0] == .string("a"))
        #expect(r.issues == [RowIssue(row: 1, field: "out", reason: "substring length -1 is negative")])
    }

    // MARK: Dates

    @Test(arguments: [
        ("date_trunc('hour', usage_start)", F.dateTime("2025-05-17T13:00:00Z")),
        ("date_trunc('day', usage_start)", F.dateTime("2025-05-17")),
        ("date_trunc('week', usage_start)", F.dateTime("2025-05-12")),
        ("date_trunc('month', usage_start)", F.dateTime("2025-05-01")),
        ("date_trunc('quarter', usage_start)", F.dateTime("2025-04-01")),
        ("date_trunc('YEAR', usage_start)", F.dateTime("2025-01-01")),
        ("date_trunc('week', usage_date)", F.date("2024-12-30")),
        ("date_trunc('month', usage_date)", F.date("2025-01-01")),
        ("date_trunc('day', usage_date)", F.date("2025-01-01")),
        ("to_yyyymm(usage_start)", Value.int64(202505)),
        ("to_yyyymm(usage_date)", Value.int64(202501)),
        ("to_date(usage_start)", F.date("2025-05-17")),
        ("to_datetime(usage_date)", F.dateTime("2025-01-01")),
        // The UTC day of the instant: 23:30 at -02:00 is 01:30 the next day in UTC.
        ("to_date(raw)", F.date("2025-03-05")),
        ("to_datetime(raw)", F.dateTime("2025-03-04T23:30:00-02:00")),
        ("usage_start > '2025-05-17 13:44:00'", Value.bool(true)),
        ("usage_date BETWEEN DATE '2025-01-01' AND DATE '2025-01-31'", Value.bool(true)),
        ("usage_date < usage_start", Value.bool(true)),
    ])
    func dateFunctions(_ text: String, _ expected: Value) throws {
        let b = F.batch([
            "usage_start": [F.dateTime("2025-05-17T13:45:10Z")], "usage_date": [F.date("2025-01-01")],
            "raw": [.string("2025-03-04T23:30:00-02:00")],
        ])
        let r = try F.evaluate(text, b)
        #expect(r.values == [expected])
        #expect(r.issues.isEmpty)
    }

    @Test func datesBeforeTheEpochTruncateDownwards() throws {
        let b = F.batch(["usage_start": [F.dateTime("1969-12-31T23:59:59Z")]])
        #expect(try F.evaluate("date_trunc('hour', usage_start)", b).values == [F.dateTime("1969-12-31T23:00:00Z")])
        #expect(try F.evaluate("to_date(usage_start)", b).values == [F.date("1969-12-31")])
        #expect(try F.evaluate("date_trunc('week', usage_start)", b).values == [F.dateTime("1969-12-29")])
    }

    @Test func unparseableTimesAreRowErrors() throws {
        let b = F.batch([
            "raw": [.string("03/04/2025 10:11:12"), .string("garbage"), .string("02/30/2025 00:00:00"), .null]
        ])
        let r = try F.evaluate("to_datetime(raw, '%m/%d/%Y %H:%M:%S')", b)
        #expect(r.values == [F.dateTime("2025-03-04T10:11:12Z"), .null, .null, .null])
        #expect(
            r.issues == [
                RowIssue(row: 1, field: "out", reason: "'garbage' does not match format '%m/%d/%Y %H:%M:%S'"),
                RowIssue(row: 2, field: "out", reason: "'02/30/2025 00:00:00' is not a valid datetime"),
            ])
        let iso = try F.evaluate("to_date(raw)", b)
        #expect(
            iso.issues.first?.reason
                == "'03/04/2025 10:11:12' is not a date (expected ISO 8601, e.g. 2025-01-31 or 2025-01-31T12:00:00Z)")
    }

    // MARK: Casts

    @Test func castsRejectRatherThanRound() throws {
        let b = F.batch(["raw": [.string("12.50"), .string("12.345"), .string("abc"), .string(" 7 ")]])
        let r = try F.evaluate("CAST(raw AS decimal(10,2))", b)
        #expect(r.values.map(\.description) == ["12.50", "NULL", "NULL", "7.00"])
        #expect(
            r.issues.map(\.reason) == [
                "'12.345' has 3 decimals, more than the 2 of decimal(10,2)", "'abc' is not a decimal",
            ])
        let ints = try F.evaluate("to_int64(raw)", b)
        #expect(ints.values[3] == .int64(7))
        #expect(
            ints.issues.map(\.reason) == [
                "'12.50' is not an int64", "'12.345' is not an int64", "'abc' is not an int64",
            ])
    }

    @Test func literalsAreNeverRepeatedPerRowWhenTheWholeResultIsConstant() throws {
        let b = F.batch(["qty": [.int64(1), .int64(2), .int64(3)]])
        let r = try F.evaluate("'aws'", b)
        #expect(r.values == [.string("aws"), .string("aws"), .string("aws")])
        #expect(try F.evaluate("NULL", b).values == [.null, .null, .null])
    }
}
