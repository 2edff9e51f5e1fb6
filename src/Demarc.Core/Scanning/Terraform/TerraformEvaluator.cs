using System.Globalization;
using System.Text.Json;
using Demarc.Model;
using Demarc.Parsing;
using Demarc.Parsing.Hcl;
using Demarc.Scanning.Evaluation;

namespace Demarc.Scanning.Terraform;

/// <summary>
/// Evaluates a Terraform root module statically: variables (<c>-var</c>, <c>-var-file</c>, <c>*.auto.tfvars</c>,
/// <c>terraform.tfvars</c>, defaults), locals, resources and data sources with <c>count</c> and <c>for_each</c>,
/// local modules (recursively, with a depth limit) and the expression language where it is static. Whatever Terraform
/// knows only at apply (computed attributes, data sources other than policy documents, remote modules' outputs,
/// variables without a value) is unknown, with the reason. Evaluation is lazy and memoised: every local, variable,
/// output and resource is evaluated at most once, cycles give unknowns, and budgets bound the work.
/// </summary>
public static class TerraformEvaluator
{
    /// <summary>Evaluates a root module.</summary>
    public static TerraformEvaluation Evaluate(TerraformModule root, TerraformOptions? options = null, ParseLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var machine = new TerraformMachine(root, options ?? TerraformOptions.Default, limits ?? ParseLimits.Default);
        return machine.Run();
    }

    /// <summary>Evaluates one expression with no variables, locals or resources in scope (tests, tools), in the form a check sees.</summary>
    internal static Value EvaluateExpression(string expression, TerraformOptions? options = null)
    {
        var parsed = HclParser.ParseExpression(expression);
        var machine = new TerraformMachine(TerraformModuleLoader.Build(".", ".", []), options ?? TerraformOptions.Default, ParseLimits.Default);
        return machine.Guard(() => machine.Eval(parsed, new Scope(ModuleInstance.Detached(machine), "")));
    }
}

/// <summary>Thrown when a budget (steps, nesting) is exhausted; caught where a value is cached, which becomes unknown.</summary>
internal sealed class EvaluationLimitException(string message) : Exception(message);

/// <summary>
/// What an expression is evaluated in: the module instance, the file (for positions), and the names bound by
/// <c>count</c>, <c>for_each</c>, for expressions and dynamic blocks (a chain, so binding one costs one small object).
/// </summary>
internal sealed class Scope
{
    private readonly Binding? _names;

    public Scope(ModuleInstance module, string file, Value? splatItem = null, TerraformResourceBlock? self = null)
        : this(module, file, null, splatItem, self)
    {
    }

    private Scope(ModuleInstance module, string file, Binding? names, Value? splatItem, TerraformResourceBlock? self)
    {
        Module = module;
        File = file;
        _names = names;
        SplatItem = splatItem;
        Self = self;
    }

    public ModuleInstance Module { get; }

    public string File { get; }

    public Value? SplatItem { get; }

    /// <summary>The resource whose body is evaluated, for messages.</summary>
    public TerraformResourceBlock? Self { get; }

    public bool TryName(string name, out Value value)
    {
        for (var binding = _names; binding is not null; binding = binding.Next)
        {
            if (binding.Name == name)
            {
                value = binding.Value;
                return true;
            }
        }

        value = null!;
        return false;
    }

    public Scope With(string name, Value value) => new(Module, File, new Binding(name, value, _names), SplatItem, Self);

    /// <summary>Two names at once (a for expression's value and key): one scope instead of two.</summary>
    public Scope With(string name, Value value, string secondName, Value secondValue) =>
        new(Module, File, new Binding(secondName, secondValue, new Binding(name, value, _names)), SplatItem, Self);

    public Scope WithSplat(Value item) => new(Module, File, _names, item, Self);

    public Scope InFile(string file) => file == File ? this : new Scope(Module, file, _names, SplatItem, Self);

    private sealed record Binding(string Name, Value Value, Binding? Next);
}

/// <summary>A value computed once, with the file it was computed in.</summary>
internal sealed class Cached
{
    public int State { get; set; } // 0 not started, 1 in progress, 2 done

    public Value? Value { get; set; }

    public string File { get; set; } = "";
}

/// <summary>The evaluation of one root module and everything it calls.</summary>
internal sealed partial class TerraformMachine
{
    private const int MaxNesting = 64;
    private const int MaxEvalDepth = 400;

    private readonly TerraformModule _root;
    private readonly Dictionary<string, TerraformModule> _loaded = new(StringComparer.Ordinal);
    private readonly List<ScanDiagnostic> _diagnostics = [];
    private readonly HashSet<(string, int, int, string)> _reported = [];
    private readonly List<TerraformModuleUse> _modules = [];
    private readonly Dictionary<string, (Value Value, string From, string File, TextPosition Position)> _rootValues = new(StringComparer.Ordinal);
    private Dictionary<string, string>? _downloaded;
    private long _steps;
    private int _nesting;
    private int _evalDepth;
    private bool _budgetReported;
    private int _instances;

    public TerraformMachine(TerraformModule root, TerraformOptions options, ParseLimits limits)
    {
        _root = root;
        Options = options;
        Limits = limits;
        _loaded[FullDirectory(root.Directory)] = root;
    }

    public TerraformOptions Options { get; }

    public ParseLimits Limits { get; }

    public TerraformModule Root => _root;

    public TerraformEvaluation Run()
    {
        _diagnostics.AddRange(_root.Diagnostics);
        ReadRootValues();
        var instance = new ModuleInstance(this, _root, "", null, null, null, Truth.Known(true, default), null, 0);
        var resources = new List<TerraformResourceInstance>();
        Collect(instance, resources);
        var variables = _root.Variables.Select(v =>
        {
            var value = instance.Variable(v.Name, new Scope(instance, v.File), v.Position);
            var from = _rootValues.TryGetValue(v.Name, out var given) ? given.From : v.Default is null ? "none" : "default";
            return new TerraformVariableValue(v.Name, value, from, v.Location);
        }).ToList();
        var outputs = _root.Outputs.Select(o => (o.Name, instance.Output(o.Name, new Scope(instance, o.File), o.Position))).ToList();
        var regions = new Dictionary<string, Value>(StringComparer.Ordinal);
        foreach (var provider in _root.Providers.Where(p => p.Name == "aws"))
        {
            if (provider.Block.Body.Attribute("region") is { } region)
            {
                regions.TryAdd(provider.Key, Guard(() => Finalize(Eval(region.Value, new Scope(instance, provider.File)))));
            }
        }

        return new TerraformEvaluation(_root.DisplayName, resources, variables, outputs, _modules, regions, _diagnostics);
    }

    // ---- instances ----

    private void Collect(ModuleInstance module, List<TerraformResourceInstance> into)
    {
        foreach (var block in module.Config.Resources)
        {
            if (block.IsData)
            {
                continue;
            }

            var instances = module.Resources(block).Instances;
            for (var i = 0; i < instances.Count; i++)
            {
                var state = instances[i];
                var properties = state.Exists.IsFalse ? new AbsentValue(block.Position) : Guard((Machine: this, State: state), static x => x.Machine.Finalize(x.State.Properties()));
                if (properties is not MapValue and not AbsentValue and not AlternativesValue)
                {
                    properties = properties is UnknownValue ? properties : new AbsentValue(block.Position);
                }

                into.Add(new TerraformResourceInstance(
                    state.Address,
                    block.Type,
                    block.File,
                    block.Position,
                    properties,
                    Waivers.FromComments(block.Comments, block.Position),
                    state.Exists,
                    state.ExistsNote,
                    module.Address.Length == 0 ? null : module.Address,
                    DependsOn(block)));
            }
        }

        foreach (var call in module.Config.Calls)
        {
            foreach (var child in module.Calls(call).Instances)
            {
                Collect(child, into);
            }
        }
    }

    private static string[] DependsOn(TerraformResourceBlock block) =>
        block.Block.Body.Attribute("depends_on")?.Value is HclTuple tuple ? [.. tuple.Items.Select(i => i.ToString() ?? "")] : [];

    internal void CountInstances(int count)
    {
        _instances += count;
        if (_instances > 200_000)
        {
            throw new EvaluationLimitException("more than 200,000 resource and module instances");
        }
    }

    // ---- root variable values ----

    private void ReadRootValues()
    {
        var files = new List<string>();
        var directory = _root.Directory;
        try
        {
            if (File.Exists(Path.Combine(directory, "terraform.tfvars")))
            {
                files.Add(Path.Combine(directory, "terraform.tfvars"));
            }

            if (File.Exists(Path.Combine(directory, "terraform.tfvars.json")))
            {
                files.Add(Path.Combine(directory, "terraform.tfvars.json"));
            }

            files.AddRange(Directory.EnumerateFiles(directory)
                .Where(f => f.EndsWith(".auto.tfvars", StringComparison.Ordinal) || f.EndsWith(".auto.tfvars.json", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The directory was listed when the module was read; a race here only loses variable files.
        }

        foreach (var file in files)
        {
            ReadVariableFile(file, TerraformModuleLoader.Join(_root.DisplayName, Path.GetFileName(file)));
        }

        foreach (var file in Options.VarFiles)
        {
            ReadVariableFile(file, file.Replace('\\', '/'));
        }

        foreach (var (name, text) in Options.Variables)
        {
            if (name.StartsWith("terraform.", StringComparison.Ordinal) || name.StartsWith("AWS::", StringComparison.Ordinal))
            {
                _rootValues[name] = (TerraformValues.String(text, default), "-var", "", default);
                continue;
            }

            var declared = _root.VariableIndex.GetValueOrDefault(name);
            if (declared is null)
            {
                Report(new SourceLocation(_root.DisplayName, 0, 0), DiagnosticSeverity.Info, ScanRules.UnknownParameter,
                    $"the root module declares no variable '{name}'; its value is not used");
                continue;
            }

            Value value;
            if (declared.IsComplexType)
            {
                try
                {
                    var expression = HclParser.ParseExpression(text, Limits);
                    value = Guard(() => Eval(expression, new Scope(ModuleInstance.Detached(this), "")));
                }
                catch (ParseException ex)
                {
                    Report(new SourceLocation("-var", 0, 0), DiagnosticSeverity.Error, ScanRules.Syntax, $"the value of variable '{name}' is not a valid expression: {ex.Message}");
                    continue;
                }
            }
            else
            {
                value = TerraformValues.String(text, default);
            }

            _rootValues[name] = (value, "-var", "", default);
        }
    }

    private void ReadVariableFile(string path, string shown)
    {
        var problems = new List<ScanDiagnostic>();
        if (path.EndsWith(".json", StringComparison.Ordinal))
        {
            try
            {
                var bytes = File.ReadAllBytes(path);
                var document = JsonTreeReader.Read(bytes, Limits).Document;
                if (document is not MappingNode map)
                {
                    Report(new SourceLocation(shown, document.Start.Line, document.Start.Column), DiagnosticSeverity.Error, ScanRules.Syntax, "a JSON variable file must hold an object");
                    return;
                }

                foreach (var entry in map.Entries)
                {
                    SetRootValue(entry.Key.Value, TerraformValues.FromSyntax(entry.Value, n => n.Start), shown, entry.Key.Start);
                }
            }
            catch (ParseException ex)
            {
                Report(new SourceLocation(shown, ex.Position.Line, ex.Position.Column), DiagnosticSeverity.Error, ex.Rule, ex.Message);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Report(new SourceLocation(shown, 0, 0), DiagnosticSeverity.Error, ScanRules.Io, $"cannot read the variable file: {ex.Message}");
            }

            return;
        }

        var file = TerraformModuleLoader.ReadFile(path, shown, Limits, problems);
        foreach (var problem in problems)
        {
            Report(problem);
        }

        if (file is null)
        {
            return;
        }

        foreach (var diagnostic in file.Diagnostics)
        {
            Report(new SourceLocation(shown, diagnostic.Position.Line, diagnostic.Position.Column), DiagnosticSeverity.Error, diagnostic.Rule, diagnostic.Message);
        }

        var scope = new Scope(ModuleInstance.Detached(this), shown);
        foreach (var attribute in file.Body.Attributes)
        {
            SetRootValue(attribute.Name, Guard(() => Eval(attribute.Value, scope)), shown, attribute.Position);
        }
    }

    private void SetRootValue(string name, Value value, string file, TextPosition position)
    {
        if (!_root.VariableIndex.ContainsKey(name))
        {
            Report(new SourceLocation(file, position.Line, position.Column), DiagnosticSeverity.Info, ScanRules.UnknownParameter,
                $"the root module declares no variable '{name}'; this value is not used");
            return;
        }

        _rootValues[name] = (value, file, file, position);
    }

    internal bool TryRootValue(string name, out Value value, out string file)
    {
        if (_rootValues.TryGetValue(name, out var given))
        {
            value = given.Value;
            file = given.File;
            return true;
        }

        value = null!;
        file = "";
        return false;
    }

    // ---- modules ----

    internal (TerraformModule? Module, ModuleReadStatus Status, string? Reason) LoadModule(ModuleInstance parent, TerraformModuleCall call, string callPath)
    {
        var source = call.Source;
        if (source is null)
        {
            return (null, ModuleReadStatus.NotRead, "its source is not a literal string");
        }

        string directory;
        var status = ModuleReadStatus.Read;
        if (call.IsLocal)
        {
            directory = FullDirectory(Path.Combine(parent.Config.Directory, source));
        }
        else if (Options.ReadDownloadedModules && Downloaded(callPath) is { } downloaded)
        {
            directory = downloaded;
            status = ModuleReadStatus.ReadDownloaded;
        }
        else
        {
            return (null, ModuleReadStatus.Remote, $"its source `{source}` is a remote module, which Demarc does not download (run `terraform init` so Demarc reads the copy in .terraform/modules, or scan a plan)");
        }

        if (parent.Depth + 1 > Options.MaxModuleDepth)
        {
            return (null, ModuleReadStatus.NotRead, $"modules are followed {Options.MaxModuleDepth} levels deep at most");
        }

        for (var ancestor = parent; ancestor is not null; ancestor = ancestor.Parent)
        {
            if (string.Equals(FullDirectory(ancestor.Config.Directory), directory, StringComparison.Ordinal))
            {
                return (null, ModuleReadStatus.NotRead, $"it calls a module that is already being read (`{source}` leads back to {ancestor.Config.DisplayName})");
            }
        }

        if (!Directory.Exists(directory))
        {
            return (null, ModuleReadStatus.NotRead, $"its source directory `{source}` does not exist");
        }

        if (_loaded.TryGetValue(directory, out var known))
        {
            return (known, status, null);
        }

        if (!TerraformModuleLoader.IsModuleDirectory(directory))
        {
            return (null, ModuleReadStatus.NotRead, $"its source directory `{source}` holds no .tf file");
        }

        var module = TerraformModuleLoader.Load(directory, DisplayOf(directory), Limits);
        _loaded[directory] = module;
        foreach (var diagnostic in module.Diagnostics)
        {
            Report(diagnostic);
        }

        return (module, status, null);
    }

    internal void RecordModule(TerraformModuleUse use)
    {
        if (_modules.Exists(m => m.Address == use.Address))
        {
            return;
        }

        _modules.Add(use);
        if (use.Status is ModuleReadStatus.Remote or ModuleReadStatus.NotRead)
        {
            Report(use.Location, DiagnosticSeverity.Warning, TerraformRules.ModuleNotRead,
                $"module `{use.Address}` is not read: {use.Reason}. Its resources are not scanned and its outputs are unknown");
        }
    }

    private static string FullDirectory(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    // The directory terraform init downloaded a module call into, from .terraform/modules/modules.json (keys are call names joined by '.').
    private string? Downloaded(string callPath)
    {
        if (_downloaded is null)
        {
            _downloaded = new Dictionary<string, string>(StringComparer.Ordinal);
            var manifest = Path.Combine(_root.Directory, ".terraform", "modules", "modules.json");
            try
            {
                if (File.Exists(manifest) && new FileInfo(manifest).Length <= Limits.MaxBytes)
                {
                    using var document = JsonDocument.Parse(File.ReadAllBytes(manifest));
                    if (document.RootElement.TryGetProperty("Modules", out var modules) && modules.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var module in modules.EnumerateArray())
                        {
                            if (module.TryGetProperty("Key", out var key) && module.TryGetProperty("Dir", out var dir)
                                && key.GetString() is { Length: > 0 } k && dir.GetString() is { Length: > 0 } d)
                            {
                                _downloaded[k] = FullDirectory(Path.Combine(_root.Directory, d));
                            }
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
            {
                Report(new SourceLocation(TerraformModuleLoader.Join(_root.DisplayName, ".terraform/modules/modules.json"), 0, 0), DiagnosticSeverity.Warning,
                    TerraformRules.ModuleNotRead, $"the list of downloaded modules cannot be read ({ex.Message}); remote modules are not read");
            }
        }

        return _downloaded.GetValueOrDefault(callPath);
    }

    // A module directory as shown to the user: below the root's name, with '..' folded where possible.
    private string DisplayOf(string directory)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(_root.Directory), directory).Replace('\\', '/');
        var combined = TerraformModuleLoader.Join(_root.DisplayName, relative);
        var parts = new List<string>();
        foreach (var part in combined.Split('/'))
        {
            if (part == ".." && parts.Count > 0 && parts[^1] != "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != "." && part.Length > 0)
            {
                parts.Add(part);
            }
        }

        var display = string.Join('/', parts);
        return combined.StartsWith('/') ? "/" + display : display.Length == 0 ? "." : display;
    }

    // ---- diagnostics and budgets ----

    internal void Report(SourceLocation location, DiagnosticSeverity severity, string rule, string message) =>
        Report(new ScanDiagnostic(location, severity, rule, message));

    internal void Report(ScanDiagnostic diagnostic)
    {
        if (_reported.Add((diagnostic.Location.File, diagnostic.Location.Line, diagnostic.Location.Column, diagnostic.Message)))
        {
            _diagnostics.Add(diagnostic);
        }
    }

    internal void Unresolved(Scope scope, TextPosition at, string message) =>
        Report(new SourceLocation(scope.File, at.Line, at.Column), DiagnosticSeverity.Warning, TerraformRules.UnresolvedReference, message);

    /// <summary>Runs a computation that may hit a budget; its value is unknown when it does.</summary>
    internal Value Guard(Func<Value> compute) => Guard(compute, static c => c());

    // With the state passed in, a static lambda serves, so a call allocates no closure (one per resource instance).
    internal Value Guard<TState>(TState state, Func<TState, Value> compute)
    {
        try
        {
            return compute(state);
        }
        catch (EvaluationLimitException ex)
        {
            ReportLimit(ex);
            return new UnknownValue($"not evaluated: {ex.Message}", UnknownKind.Invalid, default);
        }
    }

    private void ReportLimit(EvaluationLimitException ex)
    {
        if (!_budgetReported)
        {
            _budgetReported = true;
            Report(new SourceLocation(_root.DisplayName, 0, 0), DiagnosticSeverity.Warning, TerraformRules.EvaluationLimit,
                $"evaluation stopped early: {ex.Message}; the values left are unknown");
        }
    }

    /// <summary>Computes a cached value once, with cycle detection and a bound on how deep references nest.</summary>
    /// <param name="what">What is computed, in three parts (<c>local value `</c>, the name, <c>`</c>), joined only for the
    /// message of a cycle: a string per computation would be garbage nearly always.</param>
    internal Value Compute(Cached cached, (string Before, string Name, string After) what, TextPosition at, Func<(Value Value, string File)> compute)
    {
        if (cached.State == 2)
        {
            return cached.Value!;
        }

        if (cached.State == 1)
        {
            return new UnknownValue($"{what.Before}{what.Name}{what.After} refers to itself (a cycle of references)", UnknownKind.Invalid, at);
        }

        if (_nesting >= MaxNesting)
        {
            return new UnknownValue($"references nested more than {MaxNesting} levels deep", UnknownKind.Invalid, at);
        }

        cached.State = 1;
        _nesting++;
        var depth = _evalDepth;
        try
        {
            var (value, file) = compute();
            cached.Value = value;
            cached.File = file;
        }
        catch (EvaluationLimitException ex)
        {
            _evalDepth = depth;
            cached.Value = new UnknownValue($"not evaluated: {ex.Message}", UnknownKind.Invalid, at);
            ReportLimit(ex);
        }
        finally
        {
            _nesting--;
            cached.State = 2;
        }

        return cached.Value!;
    }

    private void Step()
    {
        _steps++;
        if (_steps > Options.MaxSteps)
        {
            throw new EvaluationLimitException($"more than {Options.MaxSteps:N0} evaluation steps");
        }
    }

    internal void CheckSize(long count, TextPosition at)
    {
        if (count > Options.MaxCollectionItems)
        {
            throw new CollectionTooLargeException(count);
        }
    }

    internal Value Finalize(Value value) => TerraformValues.Finalize(value, Limits);

    /// <summary>Whether a file may be read by file() and templatefile(): only below a module directory being scanned.</summary>
    internal bool MayRead(string fullPath)
    {
        foreach (var directory in _loaded.Keys)
        {
            var prefix = directory.EndsWith(Path.DirectorySeparatorChar) ? directory : directory + Path.DirectorySeparatorChar;
            if (fullPath.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    internal sealed class CollectionTooLargeException(long count) : Exception($"{count:N0} items")
    {
        public long Count { get; } = count;
    }
}

/// <summary>Waivers written as comments in a resource block, in the shape CloudFormation <c>Metadata</c> gives them.</summary>
internal static class Waivers
{
    /// <summary>
    /// <c># demarc:suppress=DMC-S3-001:reason</c> becomes <c>demarc.suppress[{id, reason}]</c>;
    /// <c># checkov:skip=CKV_AWS_18:reason</c> becomes <c>checkov.skip[{id, comment}]</c>. Absent when there is none.
    /// </summary>
    public static Value FromComments(IReadOnlyList<HclComment> comments, TextPosition at)
    {
        if (comments.Count == 0)
        {
            return new AbsentValue(at);
        }

        var demarc = new List<Value>();
        var checkov = new List<Value>();
        foreach (var comment in comments)
        {
            var text = comment.Text.Trim();
            if (Parse(text, "demarc:suppress", out var id, out var reason))
            {
                demarc.Add(Entry(comment.Position, ("id", id), ("reason", reason)));
            }
            else if (Parse(text, "checkov:skip", out id, out reason))
            {
                checkov.Add(Entry(comment.Position, ("id", id), ("comment", reason)));
            }
        }

        if (demarc.Count == 0 && checkov.Count == 0)
        {
            return new AbsentValue(at);
        }

        var entries = new List<MapEntry>();
        if (demarc.Count > 0)
        {
            entries.Add(new MapEntry("demarc", demarc[0].Position, new MapValue([new MapEntry("suppress", demarc[0].Position, new ListValue(demarc, demarc[0].Position))], demarc[0].Position)));
        }

        if (checkov.Count > 0)
        {
            entries.Add(new MapEntry("checkov", checkov[0].Position, new MapValue([new MapEntry("skip", checkov[0].Position, new ListValue(checkov, checkov[0].Position))], checkov[0].Position)));
        }

        return new MapValue(entries, at);
    }

    private static bool Parse(string text, string prefix, out string id, out string? reason)
    {
        id = "";
        reason = null;
        if (!text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = text[prefix.Length..].TrimStart();
        if (!rest.StartsWith('='))
        {
            return false;
        }

        rest = rest[1..].Trim();
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        id = (colon < 0 ? rest : rest[..colon]).Trim();
        reason = colon < 0 ? null : rest[(colon + 1)..].Trim();
        return id.Length > 0;
    }

    private static MapValue Entry(TextPosition at, params (string Key, string? Value)[] fields) =>
        new([.. fields.Where(f => f.Value is { Length: > 0 }).Select(f => new MapEntry(f.Key, at, TerraformValues.String(f.Value!, at)))], at);
}
