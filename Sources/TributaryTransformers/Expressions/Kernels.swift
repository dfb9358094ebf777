/// Row loops shared by the evaluator's operations, written once over lanes.
///
/// Each takes the operation as a closure; the functions are inlined and specialised for the closure passed, so
/// the loops run over raw buffers with no per-row dispatch, boxing or bounds check.
enum Kernels {
    @inline(__always)
    static func map<A, R>(_ a: FixedLane<A>, count: Int, _ f: (A) -> R) -> [R] {
        a.values.withUnsafeBufferPointer { pa in
            [R](unsafeUninitializedCapacity: count) { out, initialized in
                let ma = a.mask
                for i in 0..<count { out.initializeElement(at: i, to: f(pa[i & ma])) }
                initialized = count
            }
        }
    }

    @inline(__always)
    static func zip<A, B, R>(_ a: FixedLane<A>, _ b: FixedLane<B>, count: Int, _ f: (A, B) -> R) -> [R] {
        a.values.withUnsafeBufferPointer { pa in
            b.values.withUnsafeBufferPointer { pb in
                [R](unsafeUninitializedCapacity: count) { out, initialized in
                    let ma = a.mask
                    let mb = b.mask
                    for i in 0..<count { out.initializeElement(at: i, to: f(pa[i & ma], pb[i & mb])) }
                    initialized = count
                }
            }
        }
    }

    /// Like `map`, but `f` may fail (nil): the row gets `zero` and its index goes to `failed`.
    @inline(__always)
    static func mapFailable<A, R>(
        _ a: FixedLane<A>, count: Int, zero: R, failed: inout [Int], _ f: (A) -> R?
    ) -> [R] {
        a.values.withUnsafeBufferPointer { pa in
            [R](unsafeUninitializedCapacity: count) { out, initialized in
                let ma = a.mask
                for i in 0..<count {
                    if let r = f(pa[i & ma]) {
                        out.initializeElement(at: i, to: r)
                    } else {
                        out.initializeElement(at: i, to: zero)
                        failed.append(i)
                    }
                }
                initialized = count
            }
        }
    }

    /// Like `zip`, but `f` may fail (nil): the row gets `zero` and its index goes to `failed`.
    @inline(__always)
    static func zipFailable<A, B, R>(
        _ a: FixedLane<A>, _ b: FixedLane<B>, count: Int, zero: R, failed: inout [Int], _ f: (A, B) -> R?
    ) -> [R] {
        a.values.withUnsafeBufferPointer { pa in
            b.values.withUnsafeBufferPointer { pb in
                [R](unsafeUninitializedCapacity: count) { out, initialized in
                    let ma = a.mask
                    let mb = b.mask
                    for i in 0..<count {
                        if let r = f(pa[i & ma], pb[i & mb]) {
                            out.initializeElement(at: i, to: r)
                        } else {
                            out.initializeElement(at: i, to: zero)
                            failed.append(i)
                        }
                    }
                    initialized = count
                }
            }
        }
    }
}
