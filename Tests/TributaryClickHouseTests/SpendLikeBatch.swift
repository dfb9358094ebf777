import Foundation
import Testing
import TributaryCore

@testable import TributaryClickHouse

/// A billing-shaped batch: the columns of the `spend` table, with realistic widths.
func spendLikeBatch(rows: Int, file: String = "cur.csv") -> RecordBatch {
    let schema = Schema([
        Field("provider", .string, nullable: false), Field("billing_account_id", .string, nullable: false),
        Field("sub_account_id", .string), Field("billing_period_start", .date, nullable: false),
        Field("charge_period_start", .dateTime, nullable: false),
        Field("charge_period_end", .dateTime, nullable: false),
        Field("charge_category", .string, nullable: false), Field("charge_description", .string),
        Field("service_name", .string, nullable: false), Field("sku_id", .string), Field("resource_id", .string),
        Field("region_id", .string), Field("pricing_quantity", .money), Field("pricing_unit", .string),
        Field("list_cost", .money, nullable: false), Field("billed_cost", .money, nullable: false),
        Field("effective_cost", .money, nullable: false), Field("billing_currency", .string, nullable: false),
        Field("tags", .stringArray), Field("x_model", .string), Field("x_source_file", .string, nullable: false),
        Field("x_source_row", .int64, nullable: false), Field("x_row_id", .uint64, nullable: false),
    ])
    var builders = schema.fields.map { ColumnBuilder($0.type, capacity: rows) }
    let services = ["Amazon Elastic Compute Cloud", "Amazon Simple Storage Service", "Amazon Bedrock", "AWS Lambda"]
    let regions = ["us-east-1", "eu-west-3", "ap-southeast-2", "us-west-2"]
    var rng = SystemRandomNumberGenerator()
    for r in 0..<rows {
        let hour = Int64(1_735_689_600 + (r % 744) * 3600)
        builders[0].appendString("aws")
        builders[1].appendString("123456789012")
        if r % 7 == 0 { builders[2].appendNull() } else { builders[2].appendString("2109876543\(r % 10)") }
        builders[3].appendDate(20089)
        builders[4].appendDateTime(hour)
        builders[5].appendDateTime(hour + 3600)
        builders[6].appendString("Usage")
        builders[7].appendString("$0.0116 per On Demand Linux t3.micro Instance Hour")
        builders[8].appendString(services[r % 4])
        builders[9].appendString("JRTCKXETXF.6YS6EN2CT7")
        builders[10].appendString("arn:aws:ec2:us-east-1:123456789012:instance/i-0abc\(r % 1000)def")
        builders[11].appendString(regions[r % 4])
        builders[12].appendDecimalUnits(Int128(UInt64.random(in: 0...5_000_000_000_000, using: &rng)))
        builders[13].appendString("Hrs")
        let cost = Int128(UInt64.random(in: 0...90_000_000_000_000, using: &rng))
        builders[14].appendDecimalUnits(cost)
        builders[15].appendDecimalUnits(cost * 9 / 10)
        builders[16].appendDecimalUnits(cost * 8 / 10)
        builders[17].appendString("USD")
        builders[18].appendStrings(r % 3 == 0 ? [] : ["team:platform", "env:prod"])
        if r % 5 == 0 { builders[19].appendString("anthropic.claude-3-5-sonnet") } else { builders[19].appendNull() }
        builders[20].appendString("s3://billing/cur/2025-01/cur-00001.csv.gz")
        builders[21].appendInt64(Int64(r + 2))
        builders[22].appendUInt64(UInt64.random(in: 0...UInt64.max, using: &rng))
    }
    let columns = builders.indices.map { builders[$0].finish() }
    return RecordBatch(
        schema: schema, columns: columns,
        lineage: Lineage(sourceID: "aws", file: file, lines: Array(2..<(rows + 2))))
}
