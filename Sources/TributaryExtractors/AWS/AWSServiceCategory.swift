/// The FOCUS ServiceCategory of an AWS service, from its CUR product code.
///
/// CUR has no category column; this table covers the services a typical account uses and files the rest under
/// `Other`, which a later release can refine without reloading anything but the category. Bedrock's Marketplace
/// models have opaque product codes, so a product name naming Amazon Bedrock counts as AI too.
enum AWSServiceCategory {
    static func of(productCode: String, productName: String?) -> String {
        if BedrockModel.isBedrock(productCode: productCode, productName: productName) {
            return "AI and Machine Learning"
        }
        return byCode[productCode] ?? "Other"
    }

    static let byCode: [String: String] = {
        var table: [String: String] = [:]
        let groups: [(String, [String])] = [
            (
                "Compute",
                ["AmazonEC2", "AWSLambda", "AmazonECS", "AmazonEKS", "AWSFargate", "AmazonLightsail", "AWSBatch"]
            ),
            (
                "Storage",
                ["AmazonS3", "AmazonEFS", "AmazonGlacier", "AWSBackup", "AmazonFSx", "AmazonS3GlacierDeepArchive"]
            ),
            (
                "Databases",
                [
                    "AmazonRDS", "AmazonDynamoDB", "AmazonElastiCache", "AmazonDocDB", "AmazonNeptune",
                    "AmazonMemoryDB", "AmazonTimestream",
                ]
            ),
            (
                "AI and Machine Learning",
                [
                    "AmazonBedrock", "AmazonSageMaker", "AmazonRekognition", "AmazonComprehend", "AmazonTextract",
                    "AmazonPolly", "AmazonTranscribe", "AmazonTranslate", "AmazonKendra", "AmazonQ",
                ]
            ),
            (
                "Networking",
                [
                    "AmazonVPC", "AWSDataTransfer", "AmazonCloudFront", "AmazonRoute53", "AWSELB", "AmazonApiGateway",
                    "AWSDirectConnect", "AWSGlobalAccelerator",
                ]
            ),
            (
                "Analytics",
                ["AmazonAthena", "AmazonKinesis", "AWSGlue", "AmazonEMR", "AmazonRedshift", "AmazonQuickSight"]
            ),
            ("Integration", ["AmazonSNS", "AmazonSQS", "AWSEvents", "AWSStepFunctions", "AmazonMQ"]),
            (
                "Management and Governance",
                ["AmazonCloudWatch", "AWSCloudTrail", "AWSConfig", "AWSSystemsManager", "AWSCostExplorer"]
            ),
            ("Security", ["awskms", "AWSSecretsManager", "awswaf", "AmazonGuardDuty", "AWSSecurityHub", "AWSShield"]),
        ]
        for (category, codes) in groups { for code in codes { table[code] = category } }
        return table
    }()
}
