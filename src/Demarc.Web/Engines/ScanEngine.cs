#if DEMARC_SCAN
using System.Text;
using Demarc.Catalog;
using Demarc.Model;
using Demarc.Parsing;
using Demarc.Scanning;
using Demarc.Scanning.Assessment;
using Demarc.Scanning.Checks;
using Demarc.Scanning.Evaluation;
using Demarc.Scanning.Reporting;

namespace Demarc.Web.Engines;

/// <summary>
/// <see cref="IScanEngine"/> over the scanner, the assessor and the report writers: the same steps and documents as
/// <c>demarc scan</c> with <c>--format json|sarif|csv|html</c>, on uploaded bytes, with the upload limit as the
/// scanner's file-size limit (its depth, alias and node limits unchanged).
/// </summary>
internal sealed class ScanEngine(ResponsibilityCatalog catalog, long maxFileBytes) : IScanEngine
{
    public bool IsAvailable => true;

    public ScanRun Scan(ScanRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var diagnostics = new List<ScanDiagnostic>();
        var limits = ParseLimits.Default with { MaxBytes = maxFileBytes };
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

        var scanner = new TemplateScanner(catalog, new ScanOptions { Parameters = parameters, Limits = limits });
        var registry = CheckRegistry.Default;
        var assessor = new Assessor(catalog, registry);
        var inputs = request.Templates.Select(t => ScanInput.Bytes(t.Name, t.Content)).ToList();
        var files = ScanPipeline.Run(scanner, inputs, scan => assessor.Analyze(scan, request.Today), null, cancellationToken);
        var attestations = new List<Attestation>();
        if (request.Attestation is { } attestation)
        {
            attestations.AddRange(AttestationFile.Read(attestation.Name, Encoding.UTF8.GetString(attestation.Content), null, catalog, diagnostics));
        }

        var assessment = assessor.Assess(files, [], attestations, [], diagnostics, request.Today);
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

    private static string Write(Action<TextWriter> write)
    {
        using var writer = new StringWriter();
        write(writer);
        return writer.ToString();
    }
}
#endif
