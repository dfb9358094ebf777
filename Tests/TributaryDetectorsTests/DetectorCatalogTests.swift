import Testing
import TributaryCore

@testable import TributaryDetectors

struct DetectorCatalogTests {
    @Test func everyDetectorIsMadeByItsName() throws {
        for name in DetectorCatalog.names {
            let options = name == "budget" ? DetectorOptions(["budget": "100"]) : DetectorOptions()
            #expect(try DetectorCatalog.make(name, options: options).kind == name)
        }
    }

    @Test func anUnknownNameListsTheKnownOnes() {
        #expect(throws: DetectorOptionError.unknownDetector("spend_spik", known: DetectorCatalog.names)) {
            try DetectorCatalog.make("spend_spik")
        }
        let message = DetectorOptionError.unknownDetector("x", known: ["a", "b"]).description
        #expect(message == "unknown detector 'x'; known: a, b")
    }

    @Test func anUnknownKeyIsRefusedWithTheKnownKeys() throws {
        let error = #expect(throws: DetectorOptionError.self) {
            try DetectorCatalog.make("spend_spike", options: DetectorOptions(["min_impct": "5"]))
        }
        guard case .unknownKey(let detector, let key, let known)? = error else {
            Issue.record("\(String(describing: error))")
            return
        }
        #expect(detector == "spend_spike" && key == "min_impct")
        #expect(known.contains("min_impact") && known.contains("gate") && known.contains("direction"))
    }

    @Test(arguments: [
        ("threshold", "-1", "a positive number"), ("gate", "xor", "one of and, or"),
        ("min_history", "soon", "a whole number ≥ 0 or auto"), ("season", "lunar", "auto, none, daily, weekly"),
    ])
    func aBadValueSaysWhatItShouldBe(_ key: String, _ value: String, _ expected: String) {
        let error = #expect(throws: DetectorOptionError.self) {
            try SpendSpikeDetector.Configuration(options: DetectorOptions([key: value]))
        }
        #expect(error?.description.hasPrefix("spend_spike setting \(key) = '\(value)' is not \(expected)") == true)
    }

    @Test func optionsParseFromWordsWithBracketedKeys() throws {
        let o = try DetectorOptions(words: ["min_percent=20", "budget[provider=openai]=500", " gate = or "])
        #expect(o.values == ["min_percent": "20", "budget[provider=openai]": "500", "gate": "or"])
        #expect(throws: DetectorOptionError.malformed("min_percent")) { try DetectorOptions(words: ["min_percent"]) }
    }

    @Test func autoKeepsTheGranularityDefault() throws {
        let c = try SpendSpikeDetector.Configuration(options: DetectorOptions(["min_history": "auto", "window": "10"]))
        #expect(c.baseline.minHistory == nil && c.baseline.window == 10)
    }
}
