namespace Demarc.Web.Engines;

/// <summary>A file received for a scan: a template, a plan, a <c>.tf</c> or <c>.tfvars</c> file, a parameters or attestation file.</summary>
public sealed record ScanUpload(string Name, byte[] Content);

/// <summary>Everything one scan reads: the uploaded files, parameter values and attestations.</summary>
/// <param name="Templates">The files to scan: CloudFormation and SAM templates, Terraform plan JSON, and the files of one Terraform module.</param>
/// <param name="Parameters">A parameters file (JSON or YAML, as <c>demarc scan --parameters</c> reads; its values are also Terraform variables), or null.</param>
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
