import Foundation
import Testing

@testable import TributaryFormats

struct GzipByteSourceTests {
    /// The text of the fixture below: 200 CSV lines.
    static let fixtureText = (1...200).map { i in
        "\(i),row \(i),\"quoted, \(i)\",\(i).\(String(format: "%02d", i % 100))\n"
    }
    .joined()

    /// Two gzip members (real deflate, level 9) made by Python's gzip module from `fixtureText`, split at 3000.
    static let fixture: [UInt8] = {
        let base64 = [
            "H4sIAAAAAAACA1XWOw7kRgxF0ZyrGHQsEMU/uR87HtiYgbdvSpTRdPwiHZSqLl1///znB12fv37//PXnH9cP+lyEh4Cfgb8Dfy7G",
            "wyDPIN9BPpfgEdBn0O+gn0vxKNgz2Hewz2V4DPwZ/Dv453I8DvEM8R3icwWegHyG/A75uRJPQj1DfYf6XIWngM584VmfePobD9IB",
            "ohn3998AhERAQ0DLgBqBGImBhoGWAzUECZIADQUtC2oMUiQFGg5aHtQgZEgGNCS0TKhRyJEcaFhouVDDUCAF0NDQsqHGoURKoOGh",
            "5UMNRIVUwCPES4hbiA/yAR4hXkLcQkzIfUbeQ7JPyX1MGJmBR4iXELcQC7IAjxAvIW4hVmQFHiFeQtxCbMgGPEK8hLiF2JEdeIR4",
            "CXELcSAH8AjxEuIW4kRO4BHiJcQtxIVcICMkS0haSA7KARkhWULSQkIoBDJCsoSkhYRR+k96f6X9L90/k6AIyAjJEpIWEkVRkBGS",
            "JSQtJIZiICMkS0haSBzFQUZIlpC0kARKgIyQLCFpIUmUBBkhWULSQlIoBTpCuoS0hfSgHtAR0iWkLaSESqAjpEtIW0gZlUFHSJeQ",
            "tpAKat8374Wzb5z7ylFUBR0hXULaQmqoBjpCuoS0hdRRHXSEdAlpC2mgBugI6RLSFtJETdAR0iWkLaSFWmAjZEvIWsgO2gEbIVtC",
            "1kJGaAQ2QraErIWM0RhshGwJWQuZoAnYCNkSshYyRetb+b2W9718X8yGZmAjZEvIWsgczcFGyJaQtZAFWoCNkC0hayFLtAQbIVtC",
            "1kJWaAU+Qr6EvIX8oB/wEfIl5C3khE7gI+RLyFvIGZ3BR8iXkLeQC7qAj5AvIW8hV3QFHyFfQt5Cbuj9dr2P13697ufL0R18hHwJ",
            "eQt5oAf4CPkS8hbyRE/wEfIl5C3khV4QIxRLKFooDsaBGKFYQtFCQRgEMUKxhKKFgjEYYoRiCUULhWAIxAjFEooWCsVQiBGKJRQt",
            "FIZhECMUSyhaKByjX/j3id9v/P3IB0ZAjFAsoWihSIyEGKFYQtFCURgFOUK5hLKF8mAeyBHKJZQtlIRJkCOUSyhbKBmTIUcol1C2",
            "UAqmQI5QLqFsoVRMhRyhXELZQmmYBjlCuYSyhdIxHXKEcgllC2Vgdge9IbRL6E6hxEzIEcollC2UhVlQI1RLqFqoDtaBGqFaQtVC",
            "RVgENUK1hKqFirEYaoRqCVULlWAJ1AjVEqoWKsVSqBGqJVQtVIZlUCNUS6haqBzLoUaollC1UAVWQI1QLaFqoUqsrsU3F3cv3sFY",
            "WHcx/peM/2vGJxoPnq7G82bj2d147nA8TzvTedPx7HY8dzyep6HpvPl4dj+eOyDP09J03oQ8uyHPHZHnaep/AemsU4y4CwAAH4sI",
            "AAAAAAACA03QPYoYVgxF4X5WYaYexNO/tB+nNgkx3r6vsEjU6CI41cfPv/758esbYz///vnj37++f83z+YVDzz/4xQZxg5gg6AWC",
            "3CBvkBMkvURQG9QNaoKiVwh6g75BT9D0+oP5/Qmw/wf8EPAjfgh4A74BT8DEjEA2kBvIBEIsCHQDvYFOoMSKwDawG9gERmwIVpKv",
            "JI8kOzEkeSX5SvJIchBDkleSrySPJCcxJHkl+UrySHIRQ5JXkq8kjyQ3MSRlJeVKykjKI4GkrKRcSRlJYRJIykrKlZSRFCGBpKyk",
            "XEkZSVESSMpKypWUkRQjgaSspFxJGUlxEkjKSsqVlJGUIIGkrKRcSRlJSRJIykrKlZSRlCKBpKykXEkZSWkSSOpK6pXUkdRHCkld",
            "Sb2SOpLKpJDUldQrqSOpQgpJXUm9kjqSqqSQ1JXUK6kjqUYKSV1JvZI6kuqkkNSV1CupI6lBCkldSb2SOpKapJDUldQrqSOpRQpJ",
            "XUm9kjqS2qSQtJW0K2kjaY8MkraSdiVtJI3JIGkraVfSRtKEDJK2knYlbSRNySBpK2lX0kbSjAyStpJ2JW0kzckgaStpV9JG0oIM",
            "kraSdiVtJC3JIGkraVfSRtKKDJK2knYlbSStySDpK+lX0kfSHzkkfSX9SvpIOpND0lfSr6SPpAs5JH0l/Ur6SLqSQ9JX0q+kj6Qb",
            "OSR9Jf1K+ki6k0PSV9KvpI+kBzkkfSX9SvpIepJD0lfSr6SPpBc5JH0l/Ur6SHqTQzJWMq5kjGQ8CkjGSsaVjJEMpoBkrGRcyRjJ",
            "EApIxkrGlYyRDKWAZKxkXMkYyTAKSMZKxpWMkQyngGSsZFzJGMkICkjGSsaVjJGMpIBkrGRcyRjJKApIxkrGlYyRjKaAZK5kXskc",
            "yXyUkMyVzCuZI5lMCclcybySOZIplJDMlcwrmSOZSgnJXMm8kjmSaZSQzJXMK5kjmU4JyVzJvJI5khmUkMyVzCuZI5lJCclcybyS",
            "OZJZlJDMlcwrmSOZTQnJWsm6kjWS9aggWStZV7JGspgKkrWSdSVrJEuoIFkrWVeyRrKUCpK1knUlayTLqCBZK1lXskaynAqStZJ1",
            "JWskK6ggWStZV7JGspIKkrWSdSVrJKuoIFkrWVeyRrKaCpK9kn0leyT7UUOyV7KvZI9kMzUkeyX7SvZItlBDsleyr2SPZCs1JHsl",
            "+0r2SLZRQ7JXsq9kj2Q7NSR7JftK9kh2UEOyV7KvZI9kJzUkeyX7SvZIdlFDsleyr2SPZDd1f8j7Izn7X4Dn8wuH3vv4DVx3pw9g",
            "DAAA",
        ].joined()
        return [UInt8](Data(base64Encoded: base64)!)
    }()

    @Test func inflatesRealDeflateAcrossMembersUnderEveryChunking() throws {
        for schedule in chunkSchedules() {
            for outputChunk in [1, 7, 4096] {
                var source = try GzipByteSource(
                    source: MemoryByteSource(Self.fixture, chunkSizes: schedule), path: "f.csv.gz", inputBufferSize: 64)
                let text = try readAll(&source, chunk: outputChunk)
                #expect(String(decoding: text, as: UTF8.self) == Self.fixtureText)
            }
        }
    }

    @Test func roundTripsStoredBlocksAndConcatenatedMembers() throws {
        let data = Array("id,cost\n1,0.10\n2,0.20\n".utf8)
        let twoMembers = gzipStored(Array(data[0..<10]), blockSize: 3) + gzipStored(Array(data[10...]))
        var source = try GzipByteSource(source: MemoryByteSource(twoMembers, chunkSizes: [2]), path: "a.gz")
        #expect(try readAll(&source) == data)
        #expect(source.bytesConsumed == twoMembers.count)
    }

    @Test func emptyMemberYieldsNothing() throws {
        var source = try GzipByteSource(source: MemoryByteSource(gzipStored([])), path: "empty.gz")
        #expect(try readAll(&source).isEmpty)
    }

    @Test func truncatedStreamIsAnErrorNamingFileAndOffset() throws {
        let cut = Array(Self.fixture.prefix(1500))
        var source = try GzipByteSource(source: MemoryByteSource(cut, chunkSizes: [100]), path: "cur.csv.gz")
        #expect(throws: FormatsError.gzipTruncated(path: "cur.csv.gz", offset: 1500)) {
            _ = try readAll(&source)
        }
        let error = FormatsError.gzipTruncated(path: "cur.csv.gz", offset: 1500)
        #expect(error.description.hasPrefix("cur.csv.gz: error: gzip stream is truncated"))
        #expect(error.description.contains("1500"))
    }

    @Test func truncatedInsideTheTrailerIsAnError() throws {
        let whole = gzipStored(Array("abc".utf8))
        var source = try GzipByteSource(source: MemoryByteSource(Array(whole.dropLast(2))), path: "t.gz")
        #expect(throws: FormatsError.gzipTruncated(path: "t.gz", offset: whole.count - 2)) {
            _ = try readAll(&source)
        }
    }

    @Test func corruptStreamIsAnErrorWithItsOffset() throws {
        var bytes = Self.fixture
        bytes[2] = 0x07  // an unknown compression method
        var source = try GzipByteSource(source: MemoryByteSource(bytes), path: "bad.gz")
        do {
            _ = try readAll(&source)
            Issue.record("expected an error")
        } catch let error as FormatsError {
            guard case .gzipCorrupt(let path, let offset, let message) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(path == "bad.gz")
            #expect(offset >= 0 && offset <= 10)
            #expect(message.contains("compression method"))
        }
    }

    @Test func trailingGarbageAfterAMemberIsCorrupt() throws {
        let bytes = gzipStored(Array("abc".utf8)) + Array("not gzip".utf8)
        var source = try GzipByteSource(source: MemoryByteSource(bytes), path: "g.gz")
        #expect(throws: FormatsError.self) { _ = try readAll(&source) }
    }

    @Test func csvFramesThroughGzip() throws {
        let gz = try GzipByteSource(source: MemoryByteSource(Self.fixture, chunkSizes: [13]), path: "f.csv.gz")
        let reader = CSVReader(source: gz, path: "f.csv.gz", configuration: .init(bufferSize: 32))
        var count = 0
        while let record = try reader.next() {
            count += 1
            #expect(record.count == 4)
            #expect(record.string(at: 2) == "quoted, \(count)")
            #expect(record.line == count)
        }
        #expect(count == 200)
    }
}
