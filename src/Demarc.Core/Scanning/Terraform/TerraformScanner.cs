using Demarc.Catalog;
using Demarc.Model;
using Demarc.Parsing;
using Demarc.Scanning.Evaluation;
using Demarc.Scanning.Mapping;
using Demarc.Scanning.Templates;

namespace Demarc.Scanning.Terraform;

/// <summary>What a scan input holds, as far as Terraform is concerned.</summary>
public enum TerraformInputKind
{
    /// <summary>Not Terraform: a CloudFormation template or another file.</summary>
    None,

    /// <summary>A directory of <c>.tf</c> files: one module (the root module of the scan).</summary>
    Module,

    /// <summary>The JSON of <c>terraform show -json</c>: a plan or a state.</summary>
    Plan,
}

/// <summary>
/// Scans Terraform: a directory of <c>.tf</c> files as one root module (evaluated statically), or plan/state JSON.
/// Both give a <see cref="FileScan"/> with an <see cref="EvaluatedTemplate"/> whose resources are the resource
/// instances, named by address (<c>module.db.aws_db_instance.main[0]</c>), mapped to catalog services through the
/// catalog's <c>resource_types.terraform</c> lists and variant selectors: the same model, checks and report as
/// CloudFormation. Thread-safe; never throws for any input.
/// </summary>
public sealed class TerraformScanner
{
    private readonly ResourceMapper _mapper;
    private readonly ResponsibilityCatalog _catalog;
    private readonly Dictionary<string, Service> _services;

    /// <summary>Creates a scanner for a catalog.</summary>
    public TerraformScanner(ResponsibilityCatalog catalog, ScanOptions? options = null, TerraformOptions? terraform = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        Options = options ?? ScanOptions.Default;
        Terraform = (terraform ?? TerraformOptions.Default) is var t && t.Variables.Count == 0 && Options.Parameters.Count > 0
            ? t with { Variables = Options.Parameters }
            : terraform ?? TerraformOptions.Default;
        _mapper = new ResourceMapper(TerraformView(catalog));
        _services = catalog.Services.DistinctBy(s => s.Id, StringComparer.Ordinal).ToDictionary(s => s.Id, StringComparer.Ordinal);
    }

    /// <summary>Limits, and parameter values (used as <c>-var</c> values when <see cref="Terraform"/> gives none).</summary>
    public ScanOptions Options { get; }

    /// <summary>Variables, variable files, module depth and evaluation budgets.</summary>
    public TerraformOptions Terraform { get; }

    /// <summary>What an input is: a module directory, plan JSON, or neither. Reads at most the start of a file.</summary>
    public static TerraformInputKind Classify(ScanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Content is { } content)
        {
            return TerraformPlanReader.LooksLikePlan(content.Span) ? TerraformInputKind.Plan : TerraformInputKind.None;
        }

        if (input.Path is null)
        {
            return TerraformInputKind.None;
        }

        if (Directory.Exists(input.Path))
        {
            return TerraformModuleLoader.IsModuleDirectory(input.Path) ? TerraformInputKind.Module : TerraformInputKind.None;
        }

        if (input.Path.EndsWith(".tf", StringComparison.Ordinal))
        {
            return TerraformInputKind.Module;
        }

        if (!input.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return TerraformInputKind.None;
        }

        try
        {
            using var stream = File.OpenRead(input.Path);
            var head = new byte[Math.Min(stream.Length, 1 << 20)];
            var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            return TerraformPlanReader.LooksLikePlan(head.AsSpan(0, read)) ? TerraformInputKind.Plan : TerraformInputKind.None;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return TerraformInputKind.None;
        }
    }

    /// <summary>Scans a module directory (or the directory of a named <c>.tf</c> file) or a plan/state JSON file.</summary>
    public FileScan Scan(ScanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            return Classify(input) switch
            {
                TerraformInputKind.Module => ScanModule(input),
                TerraformInputKind.Plan => ScanPlan(input),
                _ => new FileScan(input, FileKind.NotTemplate, null, "not a Terraform module or plan", null, [], []),
            };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug must not stop the other inputs: report it as this input's error.
            return new FileScan(input, FileKind.Unreadable, null, null, null, [],
                [new ScanDiagnostic(new SourceLocation(input.Name, 0, 0), DiagnosticSeverity.Error, "internal-error", $"Demarc failed on this input ({ex.GetType().Name}: {ex.Message}); please report it")]);
        }
    }

    /// <summary>Evaluates a module directory into its template (tests, tools).</summary>
    public EvaluatedTemplate EvaluateModule(string directory, string displayName)
    {
        var module = TerraformModuleLoader.Load(directory, displayName, Options.Limits);
        return Build(TerraformEvaluator.Evaluate(module, Terraform, Options.Limits), displayName, TemplateFormat.Terraform);
    }

    private FileScan ScanModule(ScanInput input)
    {
        var directory = input.Path!;
        var name = input.Name;
        var notes = new List<ScanDiagnostic>();
        if (!Directory.Exists(directory))
        {
            // A named .tf file: Terraform reads a module as a whole directory, so Demarc does too.
            var parent = Path.GetDirectoryName(Path.GetFullPath(directory))!;
            var shown = Path.GetDirectoryName(name.Replace('\\', '/'));
            notes.Add(new ScanDiagnostic(new SourceLocation(name, 0, 0), DiagnosticSeverity.Info, TerraformRules.UnsupportedFile,
                "a .tf file is read with the other .tf files of its directory, as Terraform reads a module"));
            directory = parent;
            name = string.IsNullOrEmpty(shown) ? "." : shown;
        }

        var module = TerraformModuleLoader.Load(directory, name, Options.Limits);
        var evaluation = TerraformEvaluator.Evaluate(module, Terraform, Options.Limits);
        var template = Build(evaluation with { Diagnostics = [.. notes, .. evaluation.Diagnostics] }, name, TemplateFormat.Terraform);
        return Finish(input with { Name = name }, template, TemplateFormat.Terraform) with { Modules = SortedModules(evaluation) };
    }

    private FileScan ScanPlan(ScanInput input)
    {
        ReadOnlyMemory<byte> bytes;
        if (input.Content is { } content)
        {
            bytes = content;
        }
        else
        {
            var info = new FileInfo(input.Path!);
            if (info.Length > Options.Limits.MaxBytes)
            {
                return Unreadable(input, ScanRules.TooLarge, $"the file is {info.Length:N0} bytes, more than the limit of {Options.Limits.MaxBytes:N0} bytes (raise it with --max-file-size)", default);
            }

            bytes = File.ReadAllBytes(input.Path!);
        }

        JsonReadResult json;
        try
        {
            json = JsonTreeReader.Read(bytes, Options.Limits);
        }
        catch (ParseException ex)
        {
            return Unreadable(input, ex.Rule, ex.Message, ex.Position);
        }

        if (json.Document is not MappingNode root || !TerraformPlanReader.IsPlan(root))
        {
            return new FileScan(input, FileKind.NotTemplate, TemplateFormat.Json, "JSON that names format_version but is not a Terraform plan or state", null, [], []);
        }

        var evaluation = TerraformPlanReader.Read(input.Name, root, Options.Limits);
        var warnings = json.Warnings.Select(w => new ScanDiagnostic(new SourceLocation(input.Name, w.Position.Line, w.Position.Column), DiagnosticSeverity.Warning, w.Rule, w.Message));
        var template = Build(evaluation with { Diagnostics = [.. warnings, .. evaluation.Diagnostics] }, input.Name, TemplateFormat.TerraformPlan);
        return Finish(input, template, TemplateFormat.TerraformPlan) with { Modules = SortedModules(evaluation) };
    }

    private FileScan Finish(ScanInput input, EvaluatedTemplate template, TemplateFormat format)
    {
        var diagnostics = template.Diagnostics.ToList();
        if (template.Resources.Count > Options.MaxResources)
        {
            diagnostics.Add(new ScanDiagnostic(new SourceLocation(input.Name, 0, 0), DiagnosticSeverity.Error, ScanRules.TooManyResources,
                $"{template.Resources.Count:N0} resource instances, more than the limit of {Options.MaxResources:N0}; only the first {Options.MaxResources:N0} are scanned"));
        }

        var mapped = template.Resources.Take(Options.MaxResources).Select(Map).ToList();
        return new FileScan(input, FileKind.Template, format, null, template, mapped, diagnostics);
    }

    /// <summary>Maps a Terraform resource to its catalog service and variant through <c>resource_types.terraform</c> and the selectors.</summary>
    public MappedResource Map(EvaluatedResource resource)
    {
        var mapped = _mapper.Map(resource);
        if (mapped.Service is null)
        {
            return mapped;
        }

        // The mapper ran on a view of the catalog; give back the catalog's own service and variant.
        var service = _services[mapped.Service.Id];
        var variant = mapped.Variant is null ? null : service.Variants.First(v => v.Id == mapped.Variant.Id);
        return mapped with { Service = service, Variant = variant };
    }

    /// <summary>Builds the evaluated template of a Terraform evaluation: settings linked, resources in order.</summary>
    /// <param name="format"><see cref="TemplateFormat.Terraform"/> for a module, <see cref="TemplateFormat.TerraformPlan"/> for plan or state JSON.</param>
    public static EvaluatedTemplate Build(TerraformEvaluation evaluation, string file, TemplateFormat format = TemplateFormat.Terraform)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var instances = Link(evaluation.Resources);
        var resources = instances.Select(i => new TemplateResource(
            i.Address,
            i.Type,
            null,
            null,
            i.Exists.IsTrue ? null : i.ExistsNote,
            i.DependsOn,
            null,
            null,
            i.Position,
            i.ModuleAddress is null ? ResourceOrigin.Written : new ResourceOrigin(ResourceOriginKind.Written, i.ModuleAddress, default))).ToList();
        var parameters = evaluation.Variables
            .Select(v => new TemplateParameter(v.Name, "terraform-variable", null, [], false, new TextPosition(v.Location.Line, v.Location.Column)))
            .Concat(evaluation.ProviderRegions.Select(r => new TemplateParameter($"provider.{r.Key}.region", "terraform-provider", null, [], false, r.Value.Position)))
            .ToList();
        var outputs = evaluation.Outputs.Select(o => new TemplateOutput(o.Name, null, null, null, o.Value.Position)).ToList();
        var template = new Template(file, format, new MappingNode(new TextPosition(1, 1), null, []), [], parameters, [], [], resources, outputs, null, []);
        var evaluated = resources.Select((r, i) => new EvaluatedResource(r, instances[i].File, instances[i].Properties, instances[i].Metadata, instances[i].Exists)).ToList();
        var evaluatedParameters = evaluation.Variables.Select((v, i) => new EvaluatedParameter(parameters[i], v.Value, v.From is "-var" or "plan"))
            .Concat(evaluation.ProviderRegions.Select((r, i) => new EvaluatedParameter(parameters[evaluation.Variables.Count + i], r.Value, false)))
            .ToList();
        var evaluatedOutputs = evaluation.Outputs.Select((o, i) => new EvaluatedOutput(outputs[i], o.Value, new AbsentValue(o.Value.Position), Truth.Known(true, o.Value.Position))).ToList();
        return new EvaluatedTemplate(template, evaluated, evaluatedParameters, new Dictionary<string, Truth>(StringComparer.Ordinal), evaluatedOutputs, evaluation.Diagnostics);
    }

    /// <summary>
    /// Adds to each configured resource, under the settings type's name, the properties of the resources that configure
    /// it (see <see cref="TerraformSettings"/>), moved to the resource's own file when they are written in another.
    /// </summary>
    internal static List<TerraformResourceInstance> Link(IReadOnlyList<TerraformResourceInstance> resources)
    {
        var added = new Dictionary<int, Dictionary<string, List<Value>>>();
        var index = new TerraformSettings.Index<TerraformResourceInstance>(resources, c => c.Address, c => c.Type, c => c.Properties);
        foreach (var setting in resources)
        {
            if (TerraformSettings.LinkOf(setting.Type) is not { } link || setting.Exists.IsFalse || setting.Properties is not MapValue properties)
            {
                continue;
            }

            var found = index.Find(properties[link.Argument], link.Targets);
            if (found < 0 || ReferenceEquals(resources[found], setting))
            {
                continue;
            }

            var target = (Resource: resources[found], Index: found);

            if (!added.TryGetValue(target.Index, out var byType))
            {
                added[target.Index] = byType = new Dictionary<string, List<Value>>(StringComparer.Ordinal);
            }

            if (!byType.TryGetValue(setting.Type, out var list))
            {
                byType[setting.Type] = list = [];
            }

            Value view = new MapValue(Without(properties.Entries, link.Argument), setting.Position);
            if (setting.File != target.Resource.File)
            {
                view = TerraformValues.Relocate(view, target.Resource.Position);
            }

            list.Add(view);
        }

        var result = new List<TerraformResourceInstance>(resources.Count);
        for (var i = 0; i < resources.Count; i++)
        {
            var resource = resources[i];
            if (added.TryGetValue(i, out var byType) && resource.Properties is MapValue map)
            {
                var entries = new List<MapEntry>(map.Entries.Count + byType.Count);
                entries.AddRange(map.Entries);
                foreach (var (type, views) in byType)
                {
                    entries.Add(new MapEntry(type, views[0].Position, views.Count == 1 ? views[0] : new ListValue(views, views[0].Position)));
                }

                resource = resource with { Properties = new MapValue(entries, map.Position) };
            }

            result.Add(resource);
        }

        return result;
    }

    // The entries but one key's, in a loop: one view per settings resource.
    private static MapEntry[] Without(IReadOnlyList<MapEntry> entries, string key)
    {
        var kept = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            kept += entries[i].Key != key ? 1 : 0;
        }

        var result = new MapEntry[kept];
        for (int i = 0, j = 0; i < entries.Count; i++)
        {
            if (entries[i].Key != key)
            {
                result[j++] = entries[i];
            }
        }

        return result;
    }

    // The catalog with each service's Terraform types where the mapper reads CloudFormation types, so the one mapper
    // (types and variant selectors) serves both; Map gives the catalog's own services back.
    private static ResponsibilityCatalog TerraformView(ResponsibilityCatalog catalog) => new(
        catalog.Domains,
        catalog.Models,
        [.. catalog.Services.Select(s => s with { ResourceTypes = new ResourceTypes(s.ResourceTypes.Terraform, []) })],
        catalog.ControlCategories,
        catalog.CoreModel,
        catalog.Sources);

    // Module calls by address, so a call's nested calls follow it whatever order evaluation met them in.
    private static List<TerraformModuleUse> SortedModules(TerraformEvaluation evaluation) =>
        [.. evaluation.Modules.OrderBy(m => m.Address, StringComparer.Ordinal)];

    // The input was recognised as plan JSON by its start (Classify), so it is reported as a plan that cannot be read.
    private static FileScan Unreadable(ScanInput input, string rule, string message, TextPosition at) =>
        new(input, FileKind.Unreadable, TemplateFormat.TerraformPlan, null, null, [],
            [new ScanDiagnostic(new SourceLocation(input.Name, at.Line, at.Column), DiagnosticSeverity.Error, rule, message)]);
}
