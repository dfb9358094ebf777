import Testing
import TributaryCore

@testable import TributaryTransformers

struct TypeCheckerTests {
    struct TypeCase: Sendable, CustomStringConvertible {
        var text: String
        var type: DataType
        var nullable: Bool
        var description: String { text }
    }

    @Test(arguments: [
        TypeCase(text: "cost", type: .money, nullable: true),
        TypeCase(text: "name", type: .string, nullable: false),
        TypeCase(text: "qty + 1", type: .int64, nullable: true),
        TypeCase(text: "qty * qty", type: .int64, nullable: true),
        TypeCase(text: "qty / 2", type: .decimal(precision: 38, scale: 12), nullable: true),
        TypeCase(text: "qty + 0.5", type: .decimal(precision: 38, scale: 1), nullable: true),
        TypeCase(text: "price + price", type: .decimal(precision: 38, scale: 2), nullable: true),
        TypeCase(text: "price * 1.25", type: .decimal(precision: 38, scale: 4), nullable: true),
        TypeCase(text: "cost * 1.2", type: .decimal(precision: 38, scale: 12), nullable: true),
        TypeCase(text: "cost - price", type: .decimal(precision: 38, scale: 12), nullable: true),
        TypeCase(text: "price / 3", type: .decimal(precision: 38, scale: 12), nullable: true),
        TypeCase(text: "ratio + 1", type: .float64, nullable: true),
        TypeCase(text: "ratio * cost", type: .float64, nullable: true),
        TypeCase(text: "-price", type: .decimal(precision: 38, scale: 2), nullable: true),
        TypeCase(text: "cost > 0", type: .bool, nullable: true),
        TypeCase(text: "service IS NULL", type: .bool, nullable: false),
        TypeCase(text: "coalesce(cost, 0)", type: .decimal(precision: 38, scale: 12), nullable: false),
        TypeCase(text: "coalesce(price, qty)", type: .decimal(precision: 38, scale: 2), nullable: true),
        TypeCase(text: "coalesce(service, name, 'x')", type: .string, nullable: false),
        TypeCase(text: "if(flag, price, 0)", type: .decimal(precision: 38, scale: 2), nullable: true),
        TypeCase(text: "if(flag, usage_date, usage_start)", type: .dateTime, nullable: true),
        TypeCase(text: "if(flag, name, NULL)", type: .string, nullable: true),
        TypeCase(text: "length(name)", type: .int64, nullable: false),
        TypeCase(text: "upper(service)", type: .string, nullable: true),
        TypeCase(text: "concat(name, '-', qty)", type: .string, nullable: true),
        TypeCase(text: "name || '-' || name", type: .string, nullable: false),
        TypeCase(text: "contains(name, 'x')", type: .bool, nullable: false),
        TypeCase(text: "to_date(raw)", type: .date, nullable: true),
        TypeCase(text: "to_date(usage_start)", type: .date, nullable: true),
        TypeCase(text: "to_datetime(raw, '%d/%m/%Y')", type: .dateTime, nullable: true),
        TypeCase(text: "date_trunc('month', usage_start)", type: .dateTime, nullable: true),
        TypeCase(text: "date_trunc('week', usage_date)", type: .date, nullable: true),
        TypeCase(text: "to_yyyymm(usage_date)", type: .int64, nullable: true),
        TypeCase(text: "usage_date >= '2025-01-01'", type: .bool, nullable: true),
        TypeCase(text: "usage_start < DATE '2025-01-01'", type: .bool, nullable: true),
        TypeCase(text: "qty IN (1, 2.5)", type: .bool, nullable: true),
        TypeCase(text: "name IN ('a', 'b')", type: .bool, nullable: false),
        TypeCase(text: "name IN ('a', NULL)", type: .bool, nullable: true),
        TypeCase(text: "CAST(raw AS decimal(10,2))", type: .decimal(precision: 10, scale: 2), nullable: true),
        TypeCase(text: "to_decimal(raw, 4)", type: .decimal(precision: 38, scale: 4), nullable: true),
        TypeCase(text: "to_string(cost)", type: .string, nullable: true),
        TypeCase(text: "round(cost, 2)", type: .decimal(precision: 38, scale: 2), nullable: true),
        TypeCase(text: "abs(qty)", type: .int64, nullable: true),
        TypeCase(text: "NULL", type: .string, nullable: true),
        TypeCase(text: "qty + NULL", type: .int64, nullable: true),
        TypeCase(text: "tags IS NOT NULL", type: .bool, nullable: false),
    ])
    func inference(_ c: TypeCase) throws {
        let compiled = try CompiledExpression(c.text, schema: Fixtures.schema)
        #expect(compiled.type == c.type)
        #expect(compiled.nullable == c.nullable)
    }

    @Test(arguments: [
        ("0.1 + 0.2", Value.decimal(ExactDecimal(units: 3, scale: 1))),
        ("0.1 + 0.2 = 0.3", .bool(true)),
        ("1 / 3", .decimal(ExactDecimal(units: 333_333_333_333, scale: 12))),
        ("-(2 + 3)", .int64(-5)),
        ("'2025-01-31' = DATE '2025-01-31'", .bool(true)),
        ("upper('abc') || 'd'", .string("ABCd")),
        ("NULL IS NULL", .bool(true)),
        ("1 IN (2, NULL)", .null),
    ])
    func constantsAreFoldedAtPlanTime(_ text: String, _ expected: Value) throws {
        #expect(try Fixtures.constant(text) == expected)
    }

    struct ErrorCase: Sendable, CustomStringConvertible {
        var text: String
        var message: String
        var offset: Int
        var description: String { text }
    }

    @Test(arguments: [
        ErrorCase(text: "cots * 2", message: "unknown column 'cots'; did you mean 'cost'?", offset: 0),
        ErrorCase(text: "1 + servce", message: "unknown column 'servce'; did you mean 'service'?", offset: 4),
        ErrorCase(text: "zzz > 1", message: "unknown column 'zzz'", offset: 0),
        ErrorCase(text: "service + cost", message: "cannot add string and decimal", offset: 8),
        ErrorCase(text: "usage_date - 1", message: "cannot subtract date and int64", offset: 11),
        ErrorCase(text: "flag * 2", message: "cannot multiply bool and int64", offset: 5),
        ErrorCase(text: "-service", message: "cannot negate string", offset: 0),
        ErrorCase(text: "service = 1", message: "cannot compare string and int64", offset: 8),
        ErrorCase(text: "raw < usage_date", message: "cannot compare string and date", offset: 4),
        ErrorCase(text: "tags = 'a'", message: "cannot compare array(string) and string", offset: 5),
        ErrorCase(text: "service IN ('a', 1)", message: "cannot compare string and int64", offset: 17),
        ErrorCase(text: "qty AND flag", message: "operand of AND must be bool, found int64", offset: 0),
        ErrorCase(text: "NOT name", message: "operand of NOT must be bool, found string", offset: 4),
        ErrorCase(text: "lowr(service)", message: "unknown function 'lowr'; did you mean 'lower'?", offset: 0),
        ErrorCase(text: "x + upperr(1)", message: "unknown column 'x'", offset: 0),
        ErrorCase(text: "lower(service, 1)", message: "lower expects 1 argument, found 2", offset: 0),
        ErrorCase(text: "substring(name)", message: "substring expects 2 or 3 arguments, found 1", offset: 0),
        ErrorCase(text: "coalesce()", message: "coalesce expects at least 1 argument, found 0", offset: 0),
        ErrorCase(text: "lower(qty)", message: "argument 1 of lower must be string, found int64", offset: 6),
        ErrorCase(
            text: "substring(name, 1.5)", message: "argument 2 of substring must be int64, found decimal", offset: 16),
        ErrorCase(text: "if(qty, 1, 2)", message: "argument 1 of if must be bool, found int64", offset: 3),
        ErrorCase(text: "if(flag, 'a', 2)", message: "cannot mix string and int64 in if", offset: 14),
        ErrorCase(text: "coalesce(cost, name)", message: "cannot mix decimal and string in coalesce", offset: 15),
        ErrorCase(text: "CAST(usage_date AS decimal)", message: "cannot cast date to decimal(38,12)", offset: 5),
        ErrorCase(text: "to_int64(tags)", message: "cannot cast array(string) to int64 in to_int64", offset: 9),
        ErrorCase(text: "1 / 0", message: "division by zero", offset: 2),
        ErrorCase(text: "9223372036854775807 + 1", message: "int64 overflow", offset: 20),
        ErrorCase(text: "usage_date > '2025-13-01'", message: "'2025-13-01' is not a valid date", offset: 13),
        ErrorCase(
            text: "to_decimal('1.234', 2)", message: "'1.234' has 3 decimals, more than the 2 of decimal(38,2)",
            offset: 0),
        ErrorCase(text: "to_date(raw, fmt)", message: "unknown column 'fmt'", offset: 13),
        ErrorCase(text: "to_date(raw, name)", message: "to_date: the format must be a string literal", offset: 13),
        ErrorCase(
            text: "to_date(usage_start, '%Y')", message: "to_date: a format applies only to string input", offset: 21),
        ErrorCase(
            text: "to_datetime(raw, '%Y-%Q')",
            message:
                "to_datetime: unknown directive '%Q' in format '%Y-%Q'; known: %Y %y %m %b %B %h %d %e %j %H %I %p "
                + "%M %S %f %z %s %T %F %D %R %%",
            offset: 21),
        ErrorCase(
            text: "date_trunc('dya', usage_start)",
            message:
                "date_trunc: unknown unit 'dya', expected one of 'hour', 'day', 'week', 'month', 'quarter', 'year'; "
                + "did you mean 'day'?",
            offset: 11),
        ErrorCase(
            text: "date_trunc('day', raw)", message: "argument 2 of date_trunc must be date or datetime, found string",
            offset: 18),
        ErrorCase(
            text: "round(cost, qty)", message: "round: the number of digits must be an integer literal from 0 to 38",
            offset: 12),
        ErrorCase(text: "concat(name, tags)", message: "cannot concatenate array(string)", offset: 13),
    ])
    func errors(_ c: ErrorCase) {
        do {
            _ = try CompiledExpression(c.text, schema: Fixtures.schema)
            Issue.record("expected an error for \(c.text)")
        } catch {
            #expect(error.message == c.message)
            #expect(error.offset == c.offset)
        }
    }

    @Test func unknownFunctionFarFromAnyNameListsThemAll() {
        do {
            _ = try CompiledExpression("frobnicate(1)", schema: Fixtures.schema)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.hasPrefix("unknown function 'frobnicate'; known functions: coalesce, if, lower"))
            #expect(error.offset == 0)
        }
    }

    @Test func functionNamesAreCaseInsensitive() throws {
        #expect(try CompiledExpression("COALESCE(qty, 0) + Length(name)", schema: Fixtures.schema).type == .int64)
    }

    @Test func suggestionsNeedToBeClose() {
        #expect(NameSuggestion.nearest(to: "cots", in: ["cost", "service"]) == "cost")
        #expect(NameSuggestion.nearest(to: "COST", in: ["cost"]) == "cost")
        #expect(NameSuggestion.nearest(to: "xyz", in: ["cost", "service"]) == nil)
        #expect(NameSuggestion.nearest(to: "usage_strt", in: ["usage_start", "usage_date"]) == "usage_start")
    }
}
