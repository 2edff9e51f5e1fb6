using Demarc.Model;
using Demarc.Scanning.Checks;
using Demarc.Scanning.Evaluation;

namespace Demarc.Scanning.Assessment;

/// <summary>Where a waiver was written.</summary>
public enum WaiverSource
{
    /// <summary>Resource <c>Metadata: demarc: suppress: [{ id, reason }]</c>.</summary>
    Demarc,

    /// <summary>Resource <c>Metadata: checkov: skip: [{ id, comment }]</c>, matched through the check's checkov equivalents.</summary>
    Checkov,

    /// <summary>Resource <c>Metadata: cfn_nag: rules_to_suppress: [{ id, reason }]</c>, matched through the cfn_nag equivalents.</summary>
    CfnNag,

    /// <summary>Resource <c>Metadata: guard: SuppressedRules: [NAME]</c>, matched through the cfn-guard equivalents.</summary>
    CfnGuard,

    /// <summary>An entry of the baseline file (<c>--baseline</c>).</summary>
    Baseline,
}

/// <summary>A reason not to count a failing check: which check, why, who wrote it where, and until when.</summary>
/// <param name="WrittenId">The id as written (a checkov, cfn_nag or cfn-guard id for the interoperable keys).</param>
/// <param name="Expires">After this date the waiver no longer applies (baseline entries only).</param>
public sealed record Waiver(string CheckId, string WrittenId, string Reason, WaiverSource Source, SourceLocation Location, DateOnly? Expires = null)
{
    /// <summary>How the source is spelled in output.</summary>
    public string SourceName => Source switch
    {
        WaiverSource.Demarc => "demarc",
        WaiverSource.Checkov => "checkov",
        WaiverSource.CfnNag => "cfn_nag",
        WaiverSource.CfnGuard => "cfn-guard",
        _ => "baseline",
    };
}

/// <summary>Reads waivers from a resource's <c>Metadata</c>: Demarc's own key and, for interoperability, checkov's, cfn_nag's and cfn-guard's.</summary>
public static class MetadataWaivers
{
    /// <summary>The rule name of diagnostics about waivers.</summary>
    public const string Rule = "waiver";

    /// <summary>The waivers of one resource; problems (no reason, an unknown id) become warnings.</summary>
    public static IReadOnlyList<Waiver> Read(EvaluatedResource resource, CheckRegistry registry, List<ScanDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var metadata = resource.Metadata;
        if (metadata is not MapValue)
        {
            return [];
        }

        var waivers = new List<Waiver>();
        foreach (var item in metadata.Get("demarc.suppress").Items())
        {
            var id = item.Get("id").AsString();
            var reason = item.Get("reason").AsString();
            var at = resource.Locate(item);
            if (id is null)
            {
                diagnostics.Add(new(at, DiagnosticSeverity.Warning, Rule, $"`{resource.LogicalId}`: a demarc suppression needs an `id` (a check id such as DMC-S3-004)"));
            }
            else if (registry.Find(id) is null)
            {
                diagnostics.Add(new(at, DiagnosticSeverity.Warning, Rule, $"`{resource.LogicalId}`: suppression of unknown check {id}"));
            }
            else if (string.IsNullOrWhiteSpace(reason))
            {
                diagnostics.Add(new(at, DiagnosticSeverity.Warning, Rule, $"`{resource.LogicalId}`: suppression of {id} has no `reason`, so it is not applied"));
            }
            else
            {
                waivers.Add(new Waiver(id, id, reason.Trim(), WaiverSource.Demarc, at));
            }
        }

        foreach (var item in metadata.Get("checkov.skip").Items())
        {
            Foreign(resource, registry, item.Get("id").AsString(), item.Get("comment").AsString(), WaiverSource.Checkov, resource.Locate(item), waivers);
        }

        foreach (var item in metadata.Get("cfn_nag.rules_to_suppress").Items())
        {
            Foreign(resource, registry, item.Get("id").AsString(), item.Get("reason").AsString(), WaiverSource.CfnNag, resource.Locate(item), waivers);
        }

        foreach (var item in metadata.Get("guard.SuppressedRules").Items())
        {
            Foreign(resource, registry, item.AsString(), null, WaiverSource.CfnGuard, resource.Locate(item), waivers);
        }

        return waivers;
    }

    private static void Foreign(EvaluatedResource resource, CheckRegistry registry, string? id, string? reason, WaiverSource source, SourceLocation at, List<Waiver> into)
    {
        if (id is null)
        {
            return;
        }

        foreach (var check in registry.ForType(resource.Type))
        {
            var equivalents = source switch
            {
                WaiverSource.Checkov => check.Definition.Equivalents.Checkov,
                WaiverSource.CfnNag => check.Definition.Equivalents.CfnNag,
                _ => check.Definition.Equivalents.CfnGuard,
            };
            if (equivalents.Contains(id, StringComparer.OrdinalIgnoreCase))
            {
                var name = source switch { WaiverSource.Checkov => "checkov", WaiverSource.CfnNag => "cfn_nag", _ => "cfn-guard" };
                into.Add(new Waiver(check.Definition.Id, id, string.IsNullOrWhiteSpace(reason) ? $"suppressed as {id} for {name} (no reason given)" : reason.Trim(), source, at));
            }
        }
    }
}
