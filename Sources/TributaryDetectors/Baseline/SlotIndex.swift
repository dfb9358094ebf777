/// Which recorded point holds a slot, so that a baseline finds "the same weekday k weeks ago" in constant time.
///
/// Dense (an array from the first slot) while the slots are about as many as the points, which is the case for
/// every regular series; sparse (a dictionary) once a long gap or unordered input would make the array wasteful.
struct SlotIndex {
    private var origin: Int64 = 0
    private var dense: [Int32] = []
    private var sparse: [Int64: Int] = [:]
    private var isSparse = false
    private var points = 0

    mutating func set(_ slot: Int64, _ index: Int) {
        points += 1
        if !isSparse {
            if dense.isEmpty { origin = slot }
            let offset = slot - origin
            if offset >= 0, offset < Int64(Int32.max), offset < Int64(4 * points + 4096), index < Int(Int32.max) - 1 {
                let o = Int(offset)
                if o >= dense.count { dense.append(contentsOf: repeatElement(0, count: o - dense.count + 1)) }
                dense[o] = Int32(index + 1)
                return
            }
            for (o, stored) in dense.enumerated() where stored > 0 { sparse[origin + Int64(o)] = Int(stored) - 1 }
            dense = []
            isSparse = true
        }
        sparse[slot] = index
    }

    func get(_ slot: Int64) -> Int? {
        if isSparse { return sparse[slot] }
        let offset = slot - origin
        guard offset >= 0, offset < Int64(dense.count) else { return nil }
        let stored = dense[Int(offset)]
        return stored > 0 ? Int(stored) - 1 : nil
    }
}
