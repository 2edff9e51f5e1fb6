using Demarc.Catalog;
using Demarc.Model;
using Demarc.Scanning.Checks;
using Demarc.Scanning.Evaluation;

namespace Demarc.Scanning.Assessment;

/// <summary>
/// From evaluated, mapped resources to obligations: runs the checks on each file (<see cref="Analyze"/>, inside the
/// scan pipeline, while the file's values are alive), then combines the catalog's cells, the check results, waivers,
/// the baseline and attestations into a <see cref="ScanAssessment"/> (<see cref="Assess"/>). Pure: dates are passed in.
/// </summary>
public sealed class Assessor(ResponsibilityCatalog catalog, CheckRegistry registry)
{
    private readonly HashSet<string> _primaryTypes = PrimaryTypes(catalog, registry);

    // "DMC-S3-001 passed": one text per check id, shared by every obligation it meets (bounded by the registry).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> PassedTexts = new(StringComparer.Ordinal);

    /// <summary>The catalog whose cells become obligations.</summary>
    public ResponsibilityCatalog Catalog { get; } = catalog;

    /// <summary>The checks run on every resource.</summary>
    public CheckRegistry Registry { get; } = registry;

    /// <summary>
    /// Resource types that carry obligations of their own: the first CloudFormation type of each service (its main
    /// resource) and every type a check reads. Supporting resources (subnet groups, attachments, aliases) are listed
    /// but add no obligations.
    /// </summary>
    public bool IsPrimary(string type) => _primaryTypes.Contains(type);

    /// <summary>Today's date (UTC) by a clock: what review-by dates, baseline expiry and runtime end of life are judged against.</summary>
    public static DateOnly Today(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>Runs every check on every resource of a scanned file and reads the resources' waivers.</summary>
    public FileAssessment Analyze(FileScan scan, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var results = new List<CheckResult>();
        var waivers = new Dictionary<string, IReadOnlyList<Waiver>>(StringComparer.Ordinal);
        var diagnostics = new List<ScanDiagnostic>();
        if (scan.Template is { } template)
        {
            foreach (var resource in template.Resources)
            {
                foreach (var check in Registry.ForType(resource.Type))
                {
                    var result = check.Run(template, resource, today);
                    if (result.Outcome != CheckOutcome.NotApplicable)
                    {
                        results.Add(result);
                    }
                }

                var found = MetadataWaivers.Read(resource, Registry, diagnostics);
                if (found.Count > 0)
                {
                    waivers[resource.LogicalId] = found;
                }
            }
        }

        return new FileAssessment(ScannedFile.From(scan), scan.Input.Path, results, waivers, diagnostics);
    }

    /// <summary>Builds the assessment of a whole scan.</summary>
    /// <param name="inputErrors">Paths that could not be used (from discovery).</param>
    /// <param name="inputDiagnostics">Problems reading attestation and baseline files.</param>
    public ScanAssessment Assess(
        IReadOnlyList<FileAssessment> files,
        IReadOnlyList<ScanDiagnostic> inputErrors,
        IReadOnlyList<Attestation> attestations,
        IReadOnlyList<BaselineEntry> baseline,
        IReadOnlyList<ScanDiagnostic> inputDiagnostics,
        DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(attestations);
        ArgumentNullException.ThrowIfNull(baseline);
        var architecture = Architecture.Build(Catalog, [.. files.Select(f => f.File)], inputErrors);
        var baselineMatches = new int[baseline.Count];
        var attestationUses = new int[attestations.Count];

        // Findings: every failing result, with the waiver that covers it (the resource's own first, then the baseline).
        var findings = new List<Finding>();
        foreach (var file in files)
        {
            foreach (var result in file.Results.Where(r => r.Outcome == CheckOutcome.Fail))
            {
                Waiver? waiver = file.Waivers.TryGetValue(result.LogicalId, out var own) ? own.FirstOrDefault(w => w.CheckId == result.Check.Id) : null;
                if (waiver is null)
                {
                    for (var i = 0; i < baseline.Count; i++)
                    {
                        var entry = baseline[i];
                        if (entry.Matches(result.Check.Id, result.File, result.LogicalId))
                        {
                            baselineMatches[i]++;
                            if (entry.Expires is not { } expires || expires >= today)
                            {
                                waiver ??= new Waiver(entry.CheckId, entry.CheckId, entry.Reason, WaiverSource.Baseline, entry.Location, entry.Expires);
                            }
                        }
                    }
                }

                findings.Add(new Finding(result, waiver) { Input = file.File });
            }
        }

        var findingByResult = new Dictionary<CheckResult, Finding>(ReferenceEqualityComparer.Instance);
        foreach (var finding in findings)
        {
            findingByResult[finding.Result] = finding;
        }

        var obligations = new List<Obligation>();
        var cellsBySubject = new Dictionary<string, List<(Domain Domain, Cell Cell)>>(StringComparer.Ordinal);
        var byResource = new Dictionary<string, List<CheckResult>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            // Each resource's results, in the order the checks ran (as a lookup would give them).
            byResource.Clear();
            foreach (var result in file.Results)
            {
                if (!byResource.TryGetValue(result.LogicalId, out var list))
                {
                    byResource[result.LogicalId] = list = [];
                }

                list.Add(result);
            }

            var fullDirectory = file.Path is null ? null : AttestationDiscovery.DirectoryOf(file.Path);
            foreach (var resource in file.File.Resources)
            {
                if (resource.Subject is not { } subject || !IsPrimary(resource.Type))
                {
                    continue;
                }

                if (!cellsBySubject.TryGetValue(subject.Id, out var cells))
                {
                    cellsBySubject[subject.Id] = cells = CustomerCells(subject);
                }

                var resourceResults = byResource.GetValueOrDefault(resource.LogicalId);
                foreach (var (domain, cell) in cells)
                {
                    var evidence = Evidence(resourceResults, domain.Id);
                    var related = Related(evidence, findingByResult);
                    var attestationIndex = FindAttestation(attestations, subject, domain.Id, resource.LogicalId, fullDirectory);
                    var attestation = attestationIndex >= 0 ? attestations[attestationIndex] : null;
                    var (status, explanation) = Decide(resource, evidence, related, attestation, today);
                    if (attestationIndex >= 0 && status is ObligationStatus.Attested or ObligationStatus.Open)
                    {
                        attestationUses[attestationIndex]++;
                    }

                    obligations.Add(new Obligation(resource, file.File.Name, subject, domain, cell, status, evidence, related, attestation, explanation)
                    {
                        AttestationExpired = attestation?.IsExpired(today) == true,
                    });
                }
            }
        }

        var split = SplitOf(architecture);
        var diagnostics = inputDiagnostics.Concat(files.SelectMany(f => f.Diagnostics)).ToList();
        var results = files.SelectMany(f => f.Results).ToList();
        findings.Sort((a, b) =>
        {
            var bySeverity = b.Severity.CompareTo(a.Severity);
            return bySeverity != 0 ? bySeverity : CompareLocation(a.Result, b.Result);
        });
        return new ScanAssessment(
            architecture,
            results,
            obligations,
            findings,
            [.. attestations.Select((a, i) => new AttestationUse(a, attestationUses[i], a.IsExpired(today)))],
            [.. baseline.Select((b, i) => new BaselineUse(b, baselineMatches[i], b.Expires is { } e && e < today))],
            diagnostics,
            split,
            today);
    }

    // The customer and shared cells of a subject, in catalog domain order: the obligations of each of its resources.
    private List<(Domain Domain, Cell Cell)> CustomerCells(Subject subject)
    {
        var cells = new List<(Domain, Cell)>();
        foreach (var domain in Catalog.Domains)
        {
            var cell = subject.CellFor(domain.Id);
            if (cell.Owner is Owner.Customer or Owner.Shared)
            {
                cells.Add((domain, cell));
            }
        }

        return cells;
    }

    // The results of a resource's checks for one domain (most obligations have none: no list is made for them).
    private static IReadOnlyList<CheckResult> Evidence(List<CheckResult>? results, string domainId)
    {
        List<CheckResult>? evidence = null;
        if (results is not null)
        {
            foreach (var result in results)
            {
                if (result.Check.DomainId == domainId)
                {
                    (evidence ??= []).Add(result);
                }
            }
        }

        return evidence is null ? Array.Empty<CheckResult>() : evidence;
    }

    private static IReadOnlyList<Finding> Related(IReadOnlyList<CheckResult> evidence, Dictionary<CheckResult, Finding> findingByResult)
    {
        List<Finding>? related = null;
        foreach (var result in evidence)
        {
            if (result.Outcome == CheckOutcome.Fail)
            {
                (related ??= []).Add(findingByResult[result]);
            }
        }

        return related is null ? Array.Empty<Finding>() : related;
    }

    private static int CompareLocation(CheckResult a, CheckResult b)
    {
        var byFile = string.CompareOrdinal(a.Location.File, b.Location.File);
        if (byFile != 0)
        {
            return byFile;
        }

        var byLine = a.Location.Line.CompareTo(b.Location.Line);
        return byLine != 0 ? byLine : string.CompareOrdinal(a.Check.Id, b.Check.Id);
    }

    private static (ObligationStatus, string) Decide(ScannedResource resource, IReadOnlyList<CheckResult> evidence, IReadOnlyList<Finding> findings, Attestation? attestation, DateOnly today)
    {
        if (resource.Exists == TruthState.False)
        {
            return (ObligationStatus.NotApplicable, "the resource is not created with the parameters in force");
        }

        var violated = findings.FirstOrDefault(f => !f.IsSuppressed);
        if (violated is not null)
        {
            return (ObligationStatus.Violated, $"{violated.Result.Check.Id} failed: {violated.Result.Message}");
        }

        if (findings.Count > 0)
        {
            var waiver = findings[0].Waiver!;
            return (ObligationStatus.Suppressed, $"{findings[0].Result.Check.Id} suppressed ({waiver.SourceName}): {waiver.Reason}");
        }

        var unknown = evidence.FirstOrDefault(r => r.Outcome == CheckOutcome.Unknown);
        var passed = evidence.Where(r => r.Outcome == CheckOutcome.Pass).ToList();
        if (unknown is null && passed.Count > 0)
        {
            // One text per check on every resource it passes on, not one per obligation.
            return (ObligationStatus.Met, passed.Count == 1 ? PassedTexts.GetOrAdd(passed[0].Check.Id, id => id + " passed") : $"{string.Join(", ", passed.Select(p => p.Check.Id))} passed");
        }

        var valid = attestation is not null && !attestation.IsExpired(today);
        if (valid)
        {
            return (ObligationStatus.Attested, $"attested by {attestation!.Owner} until {attestation.ReviewBy:yyyy-MM-dd}: {attestation.How}");
        }

        var byDefault = evidence.FirstOrDefault(r => r.Outcome == CheckOutcome.AwsDefault);
        if (unknown is null && byDefault is not null)
        {
            return (ObligationStatus.AwsDefault, byDefault.Message);
        }

        if (attestation is not null)
        {
            return (ObligationStatus.Open, $"the attestation by {attestation.Owner} expired on {attestation.ReviewBy:yyyy-MM-dd}; review it");
        }

        if (unknown is not null)
        {
            return (ObligationStatus.Open, $"{unknown.Check.Id} {unknown.Message}");
        }

        return (ObligationStatus.Open, "no check covers it: record who handles it in an attestation");
    }

    private static int FindAttestation(IReadOnlyList<Attestation> attestations, Subject subject, string domain, string logicalId, string? directory)
    {
        var best = -1;
        for (var i = 0; i < attestations.Count; i++)
        {
            var a = attestations[i];
            if (a.DomainId != domain || (a.ServiceId != subject.Id && a.ServiceId != subject.Service.Id))
            {
                continue;
            }

            if (a.Resource is not null && a.Resource != logicalId)
            {
                continue;
            }

            if (a.Scope is not null && (directory is null || !IsUnder(directory, a.Scope)))
            {
                continue;
            }

            // One naming the resource wins over one for the whole service.
            if (best < 0 || (a.Resource is not null && attestations[best].Resource is null))
            {
                best = i;
            }
        }

        return best;
    }

    private static bool IsUnder(string directory, string scope)
    {
        var d = directory.TrimEnd(System.IO.Path.DirectorySeparatorChar) + System.IO.Path.DirectorySeparatorChar;
        var s = scope.TrimEnd(System.IO.Path.DirectorySeparatorChar) + System.IO.Path.DirectorySeparatorChar;
        return d.StartsWith(s, StringComparison.Ordinal);
    }

    private Split SplitOf(Architecture architecture)
    {
        int aws = 0, shared = 0, customer = 0, na = 0;
        foreach (var service in architecture.Services)
        {
            foreach (var domain in Catalog.Domains)
            {
                switch (service.Subject.CellFor(domain.Id).Owner)
                {
                    case Owner.Aws: aws++; break;
                    case Owner.Shared: shared++; break;
                    case Owner.Customer: customer++; break;
                    default: na++; break;
                }
            }
        }

        return new Split(aws, shared, customer, na);
    }

    private static HashSet<string> PrimaryTypes(ResponsibilityCatalog catalog, CheckRegistry registry)
    {
        var types = new HashSet<string>(registry.ResourceTypes, StringComparer.Ordinal);
        foreach (var service in catalog.Services)
        {
            if (service.ResourceTypes.CloudFormation.Count > 0)
            {
                types.Add(service.ResourceTypes.CloudFormation[0]);
            }

            if (service.ResourceTypes.Terraform.Count > 0)
            {
                types.Add(service.ResourceTypes.Terraform[0]);
            }
        }

        return types;
    }
}

/// <summary>Finds attestation files beside the templates of a scan.</summary>
public static class AttestationDiscovery
{
    /// <summary>
    /// The directory an input's attestations are looked for in: a template's or plan's directory, or the directory itself
    /// for a Terraform module (whose path is its directory).
    /// </summary>
    public static string? DirectoryOf(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        return Directory.Exists(full) ? full.TrimEnd(System.IO.Path.DirectorySeparatorChar) : System.IO.Path.GetDirectoryName(full);
    }

    /// <summary>
    /// The <c>demarc.attest.yaml</c> files in the directories of the templates and their parents, up to (and
    /// including) the directories that were given; each applies to the templates in its directory and below.
    /// </summary>
    public static IReadOnlyList<string> Find(IEnumerable<string> templatePaths, IEnumerable<string> roots)
    {
        ArgumentNullException.ThrowIfNull(templatePaths);
        ArgumentNullException.ThrowIfNull(roots);
        var rootList = roots.Select(r => System.IO.Path.GetFullPath(r)).ToList();
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in templatePaths)
        {
            var directory = DirectoryOf(path);
            while (directory is not null && seen.Add(directory))
            {
                var candidate = System.IO.Path.Combine(directory, AttestationFile.FileName);
                if (File.Exists(candidate))
                {
                    found.Add(candidate);
                }

                if (rootList.Contains(directory))
                {
                    break;
                }

                var parent = System.IO.Path.GetDirectoryName(directory);
                if (parent is null || !rootList.Any(r => parent.StartsWith(r, StringComparison.Ordinal)))
                {
                    break;
                }

                directory = parent;
            }
        }

        return [.. found];
    }
}
