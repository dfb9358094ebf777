import TributaryExtractors

/// An API that stayed down through every retry, or asked for a longer wait than a run may spend, exits 75 so that
/// cron tries again later; a refused credential or a malformed page exits 1.
extension APIError: TemporaryFailure {}
