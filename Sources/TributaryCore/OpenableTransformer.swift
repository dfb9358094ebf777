/// A transform that needs data from outside the rows (a model price catalog, exchange rates, a mapping file).
///
/// It is compiled without touching any file, so that `tributary validate` stays pure, and opened once per run,
/// before the first batch: `opened()` reads its data and returns the transform that runs. A file that is missing
/// or malformed fails the run there, before anything is loaded.
public protocol OpenableTransformer: Transformer {
    func opened() throws -> any Transformer
}
