namespace Demarc.Web.Engines;

/// <summary>A file received for a scan.</summary>
public sealed record ScanUpload(string Name, byte[] Content);

/// <summary>Everything one scan reads: templates, parameter values and attestations.</summary>
/// <param name="Parameters">A parameters file (JSON or YAML, as <c>demarc scan --parameters</c> reads), or null.</param>
/// <param name="ParameterPairs">Values given as <c>Key=Value</c>, applied after the file.</param>
/// <param name="Attestation">An attestation file (as <c>demarc scan --attest</c> reads), or null.</param>
/// <param name="Today">The date attestations and waivers are judged at.</param>
public sealed record ScanRequest(
    IReadOnlyList<ScanUpload> Templates,
    ScanUpload? Parameters,
    IReadOnlyList<string> ParameterPairs,
    ScanUpload? Attestation,
    DateOnly Today);

/// <summary>A violation, as the page lists it.</summary>
public sealed record ScanViolationView(string Severity, string Check, string Title, string Resource, string Location, string Service, string Domain, string Message);

/// <summary>A problem with the input (a file that could not be read, a bad parameter), as the page lists it.</summary>
public sealed record ScanProblemView(string Severity, string Location, string Rule, string Message);

/// <summary>What the page shows of a scan, besides the full report.</summary>
public sealed record ScanView(IReadOnlyList<string> Services, IReadOnlyList<ScanViolationView> Violations, IReadOnlyList<ScanProblemView> Problems);

/// <summary>A finished scan: counts, the report in every format the CLI writes, and the page's view.</summary>
/// <param name="Documents">The report by format: <c>json</c>, <c>sarif</c>, <c>csv</c> and <c>html</c>, as <c>demarc scan --format …</c> writes them.</param>
public sealed record ScanRun(int Resources, int Violations, int Errors, string Summary, IReadOnlyDictionary<string, string> Documents, ScanView View);

/// <summary>
/// Scans templates (<c>demarc scan</c>). The web app depends on this interface only; the implementation over
/// <c>Demarc.Scanning</c> is compiled in when that engine is in the tree, and <see cref="UnavailableEngines"/> stands in
/// before that.
/// </summary>
public interface IScanEngine
{
    /// <summary>Whether templates can be scanned by this build.</summary>
    bool IsAvailable { get; }

    /// <summary>Scans, with the scanner's limits on every file. Bad input gives problems in the result, not exceptions.</summary>
    ScanRun Scan(ScanRequest request, CancellationToken cancellationToken);
}

/// <summary>Stand-ins for engines this build does not have.</summary>
public static class UnavailableEngines
{
    /// <summary>What the page and the API say when asking is not in the build.</summary>
    public const string AskMessage = "Asking questions is not in this build of Demarc yet: the question reader (demarc ask) has not been merged.";

    /// <summary>What the page and the API say when scanning is not in the build.</summary>
    public const string ScanMessage = "Scanning templates is not in this build of Demarc yet: the scanner (demarc scan) has not been merged.";

    /// <summary>An ask engine that is not available.</summary>
    public static IAskEngine Ask { get; } = new NoAsk();

    /// <summary>A scan engine that is not available.</summary>
    public static IScanEngine Scan { get; } = new NoScan();

    private sealed class NoAsk : IAskEngine
    {
        public bool IsAvailable => false;

        public AskResult Ask(AskRequest request) => throw new NotSupportedException(AskMessage);
    }

    private sealed class NoScan : IScanEngine
    {
        public bool IsAvailable => false;

        public ScanRun Scan(ScanRequest request, CancellationToken cancellationToken) => throw new NotSupportedException(ScanMessage);
    }
}
