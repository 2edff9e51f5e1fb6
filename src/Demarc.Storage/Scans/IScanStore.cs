namespace Demarc.Storage.Scans;

/// <summary>A scan as the history lists it: what was scanned, when, and how it came out.</summary>
/// <param name="Id">Chosen by the caller: letters, digits, '-' and '_', at most <see cref="SqlScanStore.MaxIdLength"/> characters.</param>
/// <param name="Title">A short label (the first file's name, or the user's title).</param>
/// <param name="Files">The names of the files scanned, in the order given.</param>
/// <param name="Resources">Resources found.</param>
/// <param name="Violations">Findings not waived.</param>
/// <param name="Errors">Input errors (files that could not be read).</param>
/// <param name="Summary">One line: the obligations by status.</param>
public sealed record SavedScan(string Id, DateTimeOffset CreatedAt, string Title, IReadOnlyList<string> Files, int Resources, int Violations, int Errors, string Summary)
{
    /// <summary>Compares the file lists by content (records compare lists by reference).</summary>
    public bool Equals(SavedScan? other) =>
        other is not null && Id == other.Id && CreatedAt == other.CreatedAt && Title == other.Title && Files.SequenceEqual(other.Files)
        && Resources == other.Resources && Violations == other.Violations && Errors == other.Errors && Summary == other.Summary;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, CreatedAt, Title, Files.Count, Resources, Violations, Errors, Summary);
}

/// <summary>
/// The history of scans: each saved with its report in every format, listed newest first, opened, downloaded, deleted.
/// The contract every store keeps (checked by <c>ScanStoreContract</c> against each implementation):
/// <list type="bullet">
/// <item>A scan and all its documents are saved in one transaction: a reader sees all of it or none of it.</item>
/// <item>Concurrent saves and reads lose nothing; ids are unique (saving an id twice is refused).</item>
/// <item>Deleting removes the scan and its documents; deleting an unknown id returns false.</item>
/// <item>Times are kept to the millisecond.</item>
/// </list>
/// </summary>
public interface IScanStore
{
    /// <summary>Saves a scan with its documents, by format (<c>json</c>, <c>sarif</c>, <c>csv</c>, <c>html</c>).</summary>
    /// <exception cref="StorageException">The id is already taken.</exception>
    Task SaveAsync(SavedScan scan, IReadOnlyDictionary<string, string> documents, CancellationToken cancellationToken = default);

    /// <summary>Scans, newest first: at most <paramref name="limit"/>, after skipping <paramref name="offset"/>.</summary>
    Task<IReadOnlyList<SavedScan>> ListAsync(int limit = 100, int offset = 0, CancellationToken cancellationToken = default);

    /// <summary>How many scans are saved.</summary>
    Task<int> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>A scan by id, or null.</summary>
    Task<SavedScan?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The formats saved for a scan (empty for an unknown id).</summary>
    Task<IReadOnlyList<string>> FormatsAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>One document of a scan, or null when the scan or the format is unknown.</summary>
    Task<string?> DocumentAsync(string id, string format, CancellationToken cancellationToken = default);

    /// <summary>Deletes a scan and its documents; false when there was no such scan.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);
}
