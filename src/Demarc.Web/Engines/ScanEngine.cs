using System.Security.Cryptography;
using System.Text;
using Demarc.Catalog;
using Demarc.Model;
using Demarc.Parsing;
using Demarc.Scanning;
using Demarc.Scanning.Assessment;
using Demarc.Scanning.Checks;
using Demarc.Scanning.Evaluation;
using Demarc.Scanning.Reporting;
using Demarc.Scanning.Terraform;

namespace Demarc.Web.Engines;

/// <summary>
/// Scans uploads for the Scan page and <c>POST /api/scans</c> with what <c>demarc scan</c> uses: the
/// <see cref="CombinedScanner"/>, the checks of <see cref="TerraformChecks.Registry"/> (every check in its CloudFormation
/// and Terraform forms), the assessor and the report writers, so the documents are those of
/// <c>demarc scan --format json|sarif|csv|html</c>. CloudFormation and SAM templates and Terraform plan JSON
/// (<c>terraform show -json</c>) are recognised by content; the uploaded <c>.tf</c> files are one Terraform module (with
/// <c>terraform.tfvars</c> and <c>*.auto.tfvars</c> uploaded beside them), read from a private scratch directory that is
/// deleted when the scan ends. The upload limit is the scanner's file-size limit; its depth, alias and node limits are
/// unchanged.
/// </summary>
public sealed class ScanEngine
{
    /// <summary>How the uploaded module is named in findings and problems: <c>terraform/main.tf:12:3</c>.</summary>
    public const string ModuleName = "terraform";

    /// <summary>The rule of the problems about uploaded Terraform files that are not read.</summary>
    public const string UploadRule = "terraform-upload";

    private readonly ResponsibilityCatalog _catalog;
    private readonly long _maxFileBytes;
    private readonly string _scratchRoot;

    /// <summary>Creates the engine.</summary>
    /// <param name="catalog">The catalog services and checks are judged against.</param>
    /// <param name="maxFileBytes">The largest file read (the web app's upload limit).</param>
    /// <param name="scratchRoot">Where the scratch directories of uploaded modules are made (default: the system's temporary directory).</param>
    public ScanEngine(ResponsibilityCatalog catalog, long maxFileBytes, string? scratchRoot = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        _maxFileBytes = maxFileBytes;
        _scratchRoot = scratchRoot ?? Path.GetTempPath();
    }

    /// <summary>Scans, with the scanner's limits on every file. Bad input gives problems in the result, not exceptions.</summary>
    public ScanRun Scan(ScanRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var catalog = _catalog;
        var diagnostics = new List<ScanDiagnostic>();
        var limits = ParseLimits.Default with { MaxBytes = _maxFileBytes };
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.Parameters is { } file)
        {
            try
            {
                foreach (var (key, value) in ParameterOverrides.ReadFile(file.Content, limits))
                {
                    parameters[key] = value;
                }
            }
            catch (ParseException e)
            {
                diagnostics.Add(new ScanDiagnostic(new SourceLocation(file.Name, e.Position.Line, e.Position.Column), DiagnosticSeverity.Error, e.Rule, e.Message));
            }
        }

        foreach (var pair in request.ParameterPairs)
        {
            try
            {
                var (key, value) = ParameterOverrides.ParsePair(pair);
                parameters[key] = value;
            }
            catch (FormatException e)
            {
                diagnostics.Add(new ScanDiagnostic(new SourceLocation("parameter", 0, 0), DiagnosticSeverity.Error, "parameter", e.Message));
            }
        }

        // Parameter values are also the module's variables (as -var), like `demarc scan -p`. Only the scratch directory is
        // read: module calls are not followed (a local source could name any directory of the server) and no downloaded
        // modules are looked for; the note below says so when the module calls one.
        var terraform = new TerraformOptions { MaxModuleDepth = 0, ReadDownloadedModules = false };
        var scanner = new CombinedScanner(catalog, new ScanOptions { Parameters = parameters, Limits = limits }, terraform);
        var registry = TerraformChecks.Registry;
        var assessor = new Assessor(catalog, registry);
        string? scratch = null;
        try
        {
            var inputs = new List<ScanInput>();
            var module = new List<ScanUpload>();
            foreach (var upload in request.Templates)
            {
                if (TerraformFile(upload.Name) is not null)
                {
                    module.Add(upload);
                }
                else
                {
                    inputs.Add(ScanInput.Bytes(upload.Name, upload.Content));
                }
            }

            if (module.Count > 0)
            {
                scratch = WriteModule(module, diagnostics);
                if (scratch is not null)
                {
                    inputs.Add(ScanInput.File(ModuleName, scratch, isExplicit: true));
                }
            }

            var files = scanner.Run(inputs, scan => assessor.Analyze(Explain(scan, scratch), request.Today), null, cancellationToken);
            var attestations = new List<Attestation>();
            if (request.Attestation is { } attestation)
            {
                attestations.AddRange(AttestationFile.Read(attestation.Name, Encoding.UTF8.GetString(attestation.Content), null, catalog, diagnostics));
            }

            var assessment = assessor.Assess(files, [], attestations, [], diagnostics, request.Today);
            return Run(catalog, registry, assessment);
        }
        finally
        {
            Delete(scratch);
        }
    }

    private static ScanRun Run(ResponsibilityCatalog catalog, CheckRegistry registry, ScanAssessment assessment)
    {
        var report = new ScanReport(assessment, catalog, registry, typeof(ScanEngine).Assembly.GetName().Version?.ToString(3) ?? "0", Severity.High);
        var documents = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["json"] = Write(w => JsonReportWriter.Write(report, w, ScanContracts.Scan(catalog, assessment.Architecture, false))),
            ["sarif"] = Write(w => SarifReportWriter.Write(report, w)),
            ["csv"] = Write(w => CsvReportWriter.Write(report, w)),
            ["html"] = Write(w => HtmlReportWriter.Write(report, w)),
        };
        var violations = assessment.Violations
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => f.Result.File, StringComparer.Ordinal)
            .ThenBy(f => f.Result.Location.Line)
            .Select(f => new ScanViolationView(
                f.Severity.ToString().ToLowerInvariant(),
                f.Result.Check.Id,
                f.Result.Check.Title,
                f.Result.LogicalId,
                $"{f.Result.Location.File}:{f.Result.Location.Line}:{f.Result.Location.Column}",
                f.Result.ResourceType,
                catalog.FindDomain(f.Result.Check.DomainId)?.Name ?? f.Result.Check.DomainId,
                f.Result.Message))
            .ToList();
        var problems = assessment.Architecture.Diagnostics.Concat(assessment.Diagnostics).Distinct()
            .Select(d => new ScanProblemView(d.Severity.ToString().ToLowerInvariant(), $"{d.Location.File}:{d.Location.Line}:{d.Location.Column}", d.Rule, d.Message))
            .ToList();
        var errors = problems.Count(p => p.Severity == "error");
        return new ScanRun(
            assessment.Architecture.Resources.Count(),
            violations.Count,
            errors,
            report.StatusSummary(),
            documents,
            new ScanView([.. report.Services.Select(s => s.Name)], violations, problems));
    }

    /// <summary>
    /// The name an uploaded Terraform file is written under in the module's scratch directory, or null when the upload is
    /// not a Terraform configuration or variable file (it is then scanned as a template or plan). Names keep letters,
    /// digits, '.', '-' and '_' (anything else becomes '_'), never start with '.', and end in a lower-case extension.
    /// </summary>
    public static string? TerraformFile(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var last = name.Replace('\\', '/').Split('/')[^1];
        string? extension = null;
        foreach (var candidate in (string[])[".tfvars.json", ".tf.json", ".tfvars", ".tf"])
        {
            if (last.EndsWith(candidate, StringComparison.OrdinalIgnoreCase))
            {
                extension = candidate;
                break;
            }
        }

        if (extension is null)
        {
            return null;
        }

        var stem = new string([.. last[..^extension.Length].Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]).TrimStart('.');
        stem = stem.Length > 100 ? stem[..100] : stem;
        return (stem.Length == 0 ? "upload" : stem) + extension;
    }

    // Writes the uploaded module to a new private directory; null when it holds no .tf file (the other files are then
    // reported, not scanned). Two uploads with the same name: the first is kept and the second reported.
    private string? WriteModule(List<ScanUpload> uploads, List<ScanDiagnostic> diagnostics)
    {
        var files = new Dictionary<string, ScanUpload>(StringComparer.Ordinal);
        foreach (var upload in uploads)
        {
            var name = TerraformFile(upload.Name)!;
            if (!files.TryAdd(name, upload))
            {
                diagnostics.Add(new ScanDiagnostic(new SourceLocation(upload.Name, 0, 0), DiagnosticSeverity.Error, UploadRule,
                    $"another uploaded file is also named {name}; the files of a module have distinct names, so this one is not read"));
            }
        }

        if (!files.Keys.Any(n => n.EndsWith(".tf", StringComparison.Ordinal)))
        {
            foreach (var (_, upload) in files)
            {
                diagnostics.Add(new ScanDiagnostic(new SourceLocation(upload.Name, 0, 0), DiagnosticSeverity.Error, UploadRule,
                    "a Terraform variable or JSON configuration file is read with the .tf files of its module: upload them together"));
            }

            return null;
        }

        foreach (var (name, upload) in files)
        {
            if (name.EndsWith(".tfvars", StringComparison.Ordinal) || name.EndsWith(".tfvars.json", StringComparison.Ordinal))
            {
                var auto = name is "terraform.tfvars" or "terraform.tfvars.json" || name.EndsWith(".auto.tfvars", StringComparison.Ordinal) || name.EndsWith(".auto.tfvars.json", StringComparison.Ordinal);
                if (!auto)
                {
                    diagnostics.Add(new ScanDiagnostic(new SourceLocation(upload.Name, 0, 0), DiagnosticSeverity.Warning, UploadRule,
                        "Terraform reads only terraform.tfvars and *.auto.tfvars by itself, so this variable file is not read: rename it to NAME.auto.tfvars, or give its values as Key=Value parameters"));
                }
            }
        }

        var directory = CreateScratch();
        try
        {
            foreach (var (name, upload) in files)
            {
                File.WriteAllBytes(Path.Combine(directory, name), upload.Content);
            }
        }
        catch
        {
            // A full disk, say: the scan fails (500), and leaves nothing behind.
            Delete(directory);
            throw;
        }

        return directory;
    }

    // A new directory only this process's user can read, under a random name.
    private string CreateScratch()
    {
        while (true)
        {
            Span<byte> random = stackalloc byte[12];
            RandomNumberGenerator.Fill(random);
            var path = Path.Combine(_scratchRoot, "demarc-web-tf-" + Convert.ToHexStringLower(random));
            if (Directory.Exists(path) || File.Exists(path))
            {
                continue;
            }

            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(path);
            }
            else
            {
                Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            return path;
        }
    }

    private static void Delete(string? directory)
    {
        if (directory is null)
        {
            return;
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing to tell the user: the scan is done; a leftover scratch directory holds only their own upload.
        }
    }

    // The uploaded module's scan, with a note when it calls modules that were therefore not read.
    private static FileScan Explain(FileScan scan, string? scratch)
    {
        if (scratch is null || scan.Input.Path != scratch || !scan.Diagnostics.Any(d => d.Rule == TerraformRules.ModuleNotRead))
        {
            return scan;
        }

        var note = new ScanDiagnostic(new SourceLocation(ModuleName, 0, 0), DiagnosticSeverity.Info, TerraformRules.ModuleNotRead,
            "the web app reads the uploaded .tf files as one module and does not follow the modules it calls; scan the directory with `demarc scan`, or upload a plan (terraform show -json), to include them");
        return scan with { Diagnostics = [.. scan.Diagnostics, note] };
    }

    private static string Write(Action<TextWriter> write)
    {
        using var writer = new StringWriter();
        write(writer);
        return writer.ToString();
    }
}
