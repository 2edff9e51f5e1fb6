namespace Demarc.Web.Hosting;

/// <summary>How <c>demarc serve</c> runs: where it listens, which database, the access token and the upload limits.</summary>
public sealed record WebOptions
{
    /// <summary>The default address: loopback only.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5000";

    /// <summary>Addresses to listen on, separated by ';' (Kestrel's syntax). Port 0 picks a free port.</summary>
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>A SQLite file path, a PostgreSQL connection string (<c>Host=…;Database=…</c>), or null for the default SQLite file.</summary>
    public string? Database { get; init; }

    /// <summary>The access token every request must carry, or null (allowed on loopback only).</summary>
    public string? Token { get; init; }

    /// <summary>Largest template (and parameter or attestation file) accepted, in bytes.</summary>
    public long MaxFileBytes { get; init; } = 5 * 1024 * 1024;

    /// <summary>Most templates in one scan.</summary>
    public int MaxFiles { get; init; } = 20;

    /// <summary>Largest request body, in bytes (all files of a scan together).</summary>
    public long MaxRequestBytes { get; init; } = 25 * 1024 * 1024;

    /// <summary>Longest question (or option) accepted by Ask, in characters.</summary>
    public int MaxQuestionLength { get; init; } = 4000;

    /// <summary>The least severe log message written to the console (errors of requests are logged at Error).</summary>
    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; init; } = Microsoft.Extensions.Logging.LogLevel.Warning;
}
