using System.Text;
using System.Text.Json;
using Demarc.Catalog;
using Demarc.Model;
using Demarc.Parsing;
using Demarc.Scanning.Checks;
using Demarc.Scanning.Evaluation;

namespace Demarc.Scanning.Terraform;

/// <summary>
/// The Terraform form of one check: the Terraform types it reads and how, under the check's own id. Three ways:
/// a <b>view</b> (the Terraform arguments presented in the CloudFormation shape the check already reads, so its own
/// logic runs unchanged: one check, two property mappings), a <b>rule</b> on Terraform argument paths (the grammar
/// of <c>data/checks</c>), or a Terraform <b>code</b> check where the shapes differ too much (security group rules).
/// </summary>
/// <param name="Kind"><c>view</c>, <c>rule</c> or <c>code</c>.</param>
/// <param name="Snippet">The fix written in HCL, for reports on Terraform resources.</param>
public sealed record TerraformCheckForm(string CheckId, IReadOnlyList<string> Types, string Kind, string? ViewType, string Snippet, SourceLocation Location)
{
    internal ICheckLogic Logic { get; init; } = null!;
}

/// <summary>
/// The Terraform forms of the checks (<c>data/terraform/checks.yaml</c>), and the registry in which each check reads
/// its CloudFormation and its Terraform types under one id. See <c>docs/terraform.md</c> for the format.
/// </summary>
public static class TerraformChecks
{
    private static readonly Lazy<(CheckRegistry Registry, IReadOnlyList<TerraformCheckForm> Forms)> BuiltIn = new(LoadBuiltIn, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// <see cref="CheckRegistry.Default"/> with the Terraform forms added: the registry a scan of CloudFormation and
    /// Terraform uses. Loaded on first use.
    /// </summary>
    /// <exception cref="CatalogValidationException">A form is broken (a build CI rejects).</exception>
    public static CheckRegistry Registry => BuiltIn.Value.Registry;

    /// <summary>The built-in Terraform forms.</summary>
    public static IReadOnlyList<TerraformCheckForm> Forms => BuiltIn.Value.Forms;

    /// <summary>The built-in forms file, as embedded.</summary>
    public static IReadOnlyList<CatalogFile> BuiltInFiles()
    {
        var assembly = typeof(TerraformChecks).Assembly;
        var files = new List<CatalogFile>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("terraform/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            files.Add(new CatalogFile("data/" + name, reader.ReadToEnd()));
        }

        return files;
    }

    /// <summary>The HCL snippet that fixes a check on a Terraform type, or null when the check has no form for it.</summary>
    public static string? Snippet(string checkId, string type) =>
        Forms.FirstOrDefault(f => f.CheckId == checkId && f.Types.Contains(type))?.Snippet;

    /// <summary>Reads forms files against the checks they extend; problems are collected with file, line and column.</summary>
    public static (IReadOnlyList<TerraformCheckForm> Forms, IReadOnlyList<CatalogDiagnostic> Diagnostics) Load(IEnumerable<CatalogFile> files, CheckRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(registry);
        var diagnostics = new List<CatalogDiagnostic>();
        var forms = new List<TerraformCheckForm>();
        foreach (var file in files)
        {
            var map = YamlMap.Parse(file.Name, file.Text, diagnostics, "a Terraform checks file");
            if (map is null)
            {
                continue;
            }

            if (map.String("kind", required: true) is { } kind && kind != "terraform-checks")
            {
                map.Error(map.Node, CatalogRules.InvalidValue, $"kind must be 'terraform-checks', not '{kind}'");
                continue;
            }

            foreach (var entry in map.Maps("checks", required: true))
            {
                var id = entry.String("id", required: true) ?? "";
                var check = registry.Find(id);
                if (check is null && id.Length > 0)
                {
                    entry.Error(entry.Get("id")!, CatalogRules.UnknownId, $"no check {id} in the registry");
                }

                var snippet = entry.String("snippet", required: true) ?? "";
                var bodies = entry.Has("forms") ? entry.Maps("forms") : [entry];
                foreach (var body in bodies)
                {
                    if (check is not null && ReadForm(body, check, snippet) is { } form)
                    {
                        forms.Add(form);
                    }

                    if (!ReferenceEquals(body, entry))
                    {
                        body.Finish();
                    }
                }

                entry.Finish();
            }

            map.Finish();
        }

        return (forms, diagnostics);
    }

    /// <summary>A registry whose checks also read the Terraform types of their forms, under the same ids.</summary>
    public static CheckRegistry Extend(CheckRegistry registry, IReadOnlyList<TerraformCheckForm> forms)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(forms);
        var byCheck = forms.GroupBy(f => f.CheckId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var checks = registry.Checks.Select(check =>
        {
            if (!byCheck.TryGetValue(check.Definition.Id, out var own))
            {
                return check;
            }

            var byType = new Dictionary<string, ICheckLogic>(StringComparer.Ordinal);
            foreach (var form in own)
            {
                foreach (var type in form.Types)
                {
                    byType.TryAdd(type, form.Logic);
                }
            }

            var definition = check.Definition with { ResourceTypes = [.. check.Definition.ResourceTypes, .. byType.Keys.Where(t => !check.Definition.ResourceTypes.Contains(t))] };
            return new Check(definition, new ByTypeLogic(check.Logic, byType));
        });
        return new CheckRegistry(checks);
    }

    /// <summary>
    /// The rules forms must obey against a catalog: each type is a Terraform type of the catalog, of the check's service
    /// (or a type checks of several services read), and no type appears twice for one check.
    /// </summary>
    public static IReadOnlyList<CatalogDiagnostic> Validate(IReadOnlyList<TerraformCheckForm> forms, CheckRegistry registry, ResponsibilityCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(forms);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(catalog);
        var diagnostics = new List<CatalogDiagnostic>();
        var owners = catalog.Services.SelectMany(s => s.ResourceTypes.Terraform.Select(t => (Type: t, Service: s.Id)))
            .GroupBy(p => p.Type, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Service, StringComparer.Ordinal);
        foreach (var group in forms.GroupBy(f => f.CheckId, StringComparer.Ordinal))
        {
            var check = registry.Find(group.Key);
            var service = check is null ? null : CheckRegistry.ServiceOf(check.Definition, catalog);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var form in group)
            {
                foreach (var type in form.Types)
                {
                    if (!seen.Add(type))
                    {
                        diagnostics.Add(new(form.Location, CatalogRules.DuplicateId, $"{form.CheckId}: type {type} has two forms"));
                    }

                    if (service is null)
                    {
                        // The check's service is not in the catalog yet (catalog_request): its types cannot be placed.
                        continue;
                    }

                    if (!owners.TryGetValue(type, out var owner))
                    {
                        diagnostics.Add(new(form.Location, CatalogRules.UnknownId, $"{form.CheckId}: {type} is not a Terraform type of any catalog service"));
                    }
                    else if (owner != service.Id && !SharedTypes.Contains(type))
                    {
                        diagnostics.Add(new(form.Location, CatalogRules.InvalidValue, $"{form.CheckId}: type {type} belongs to service '{owner}', not '{service.Id}'"));
                    }
                }
            }
        }

        return diagnostics;
    }

    // Types checks of another service read: an instance's disks and user data, a role's trust policy.
    private static readonly HashSet<string> SharedTypes = new(StringComparer.Ordinal) { "aws_instance", "aws_launch_template", "aws_iam_role" };

    private static (CheckRegistry, IReadOnlyList<TerraformCheckForm>) LoadBuiltIn()
    {
        var (forms, diagnostics) = Load(BuiltInFiles(), CheckRegistry.Default);
        if (diagnostics.Count > 0)
        {
            throw new CatalogValidationException(diagnostics);
        }

        return (Extend(CheckRegistry.Default, forms), forms);
    }

    private static TerraformCheckForm? ReadForm(YamlMap body, Check check, string snippet)
    {
        var errors = body.Diagnostics.Count;
        var types = body.Strings("types").Select(t => t.Value).ToList();
        if (types.Count == 0)
        {
            body.Error(body.Node, CatalogRules.Schema, "missing 'types' (the Terraform resource types the form reads)");
        }

        string kind;
        ICheckLogic? logic = null;
        string? viewType = null;
        if (body.String("view") is { } view)
        {
            kind = "view";
            viewType = view;
            if (!check.Definition.ResourceTypes.Contains(view))
            {
                body.Error(body.Get("view")!, CatalogRules.InvalidValue, $"{check.Definition.Id} does not read {view} (it reads {string.Join(", ", check.Definition.ResourceTypes)})");
            }

            var projection = body.Get("map") is MappingNode map ? Projection.ReadMap(map, body) : null;
            if (projection is null)
            {
                body.Error(body.Node, CatalogRules.Schema, "a view needs 'map': the CloudFormation property paths and the Terraform paths they are read from");
            }
            else
            {
                logic = new ViewLogic(view, projection, check.Logic);
            }
        }
        else if (body.String("code") is { } code)
        {
            kind = "code";
            var args = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            if (body.Map("args") is { } argMap)
            {
                foreach (var entry in argMap.Node.Entries)
                {
                    args[entry.Key.Value] = [.. argMap.Strings(entry.Key.Value).Select(s => s.Value)];
                }
            }

            logic = TerraformCodeChecks.Create(code, args, out var error);
            if (error is not null)
            {
                body.Error(body.Get("code")!, CatalogRules.InvalidValue, error);
            }
        }
        else
        {
            kind = "rule";
            logic = ReadRules(body, check.Definition.Id, types);
        }

        if (body.Diagnostics.Count > errors || logic is null)
        {
            return null;
        }

        return new TerraformCheckForm(check.Definition.Id, types, kind, viewType, snippet.TrimEnd() + "\n", body.Location) { Logic = logic };
    }

    // The rule, by_type, when and default.when of a form, read by the checks' own loader: the same grammar, one reader.
    private static ICheckLogic? ReadRules(YamlMap body, string id, IReadOnlyList<string> types)
    {
        var json = new StringBuilder();
        json.Append("{\"kind\":\"checks\",\"checks\":[{\"id\":").Append(Quote(id))
            .Append(",\"title\":\"t\",\"service\":\"s\",\"domain\":\"d\",\"severity\":\"low\",\"message\":\"m\",\"rationale\":\"r\",\"remediation\":\"r\",\"snippet\":\"s\",\"types\":[")
            .Append(string.Join(',', types.Select(Quote))).Append(']');
        foreach (var key in (string[])["rule", "by_type", "when"])
        {
            if (body.Get(key) is { } node)
            {
                json.Append(',').Append(Quote(key)).Append(':');
                WriteJson(json, node);
            }
        }

        if (body.Map("default") is { } defaultMap)
        {
            json.Append(",\"default\":{\"covers\":\"c\",\"customer_may_choose\":\"c\",\"when\":");
            if (defaultMap.Get("when") is { } when)
            {
                WriteJson(json, when);
            }
            else
            {
                json.Append("null");
            }

            json.Append('}');
            defaultMap.Finish();
        }

        json.Append("}]}");
        var (checks, diagnostics) = CheckLoader.Load([new CatalogFile(body.File, json.ToString())]);
        foreach (var diagnostic in diagnostics)
        {
            body.Error(body.Node, diagnostic.Rule, $"{id}: {diagnostic.Message}");
        }

        return checks.Count == 1 && diagnostics.Count == 0 ? checks[0].Logic : null;
    }

    private static string Quote(string text) => JsonSerializer.Serialize(text, TerraformJsonContext.Default.String);

    private static void WriteJson(StringBuilder json, SyntaxNode node)
    {
        switch (node)
        {
            case MappingNode map:
                json.Append('{');
                for (var i = 0; i < map.Entries.Count; i++)
                {
                    json.Append(i > 0 ? "," : "").Append(Quote(map.Entries[i].Key.Value)).Append(':');
                    WriteJson(json, map.Entries[i].Value);
                }

                json.Append('}');
                break;
            case SequenceNode list:
                json.Append('[');
                for (var i = 0; i < list.Items.Count; i++)
                {
                    json.Append(i > 0 ? "," : "");
                    WriteJson(json, list.Items[i]);
                }

                json.Append(']');
                break;
            case ScalarNode scalar:
                json.Append(Quote(scalar.Value));
                break;
        }
    }

    /// <summary>The logic of a check with Terraform forms: the form of the resource's type, else the check's own.</summary>
    private sealed class ByTypeLogic(ICheckLogic original, IReadOnlyDictionary<string, ICheckLogic> forms) : ICheckLogic
    {
        public Verdict Evaluate(CheckContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            return forms.TryGetValue(context.Resource.Type, out var form) ? form.Evaluate(context) : original.Evaluate(context);
        }
    }

    /// <summary>
    /// Runs the check's own logic on the Terraform resource seen in the CloudFormation shape it reads: a copy of the
    /// resource with the view's type and the projected properties (each value keeps its position in the .tf or plan file).
    /// </summary>
    private sealed class ViewLogic(string type, Projection.MapShape projection, ICheckLogic original) : ICheckLogic
    {
        public Verdict Evaluate(CheckContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            var resource = context.Resource;
            var properties = projection.Build(resource.Properties, resource.Declaration.Position);
            var view = new EvaluatedResource(resource.Declaration with { Type = type }, resource.File, properties, resource.Metadata, resource.Exists);
            var verdict = original.Evaluate(context with { Resource = view });
            return verdict.WithDetail(_names.Rename);
        }

        private readonly Projection.Names _names = new(projection);
    }
}

/// <summary>
/// How a view reads Terraform values into CloudFormation property paths: a path (<c>storage_encrypted</c>; <c>""</c>
/// is the item itself), the first of several paths that is set, or <c>{ from, each }</c> (a list, each item projected),
/// <c>{ from, translate }</c> (values renamed: <c>public-read</c> to <c>PublicRead</c>), <c>{ from, decode: base64 }</c>.
/// Values not set are left out, so a rule sees them as not set.
/// </summary>
internal static partial class Projection
{
    public abstract record Shape
    {
        public abstract Value Build(Value source, TextPosition at);
    }

    public sealed record MapShape(IReadOnlyList<(string Path, Shape Shape)> Entries) : Shape
    {
        // Built for every check on every resource: the target paths are split once, and a map whose paths are all one
        // key (most views) is built directly, without the tree of nodes.
        private readonly string[][] _parts = [.. Entries.Select(e => e.Path.Split('.'))];
        private readonly bool _flat = Entries.All(e => !e.Path.Contains('.', StringComparison.Ordinal))
            && Entries.Select(e => e.Path).Distinct(StringComparer.Ordinal).Count() == Entries.Count;

        public override Value Build(Value source, TextPosition at)
        {
            if (_flat)
            {
                var entries = new List<MapEntry>(Entries.Count);
                foreach (var (path, shape) in Entries)
                {
                    var value = shape.Build(source, at);
                    if (value is not (AbsentValue or ScalarValue { Kind: ScalarKind.Null }))
                    {
                        entries.Add(new MapEntry(path, value.Position, value));
                    }
                }

                return new MapValue(entries, at);
            }

            var root = new Node();
            for (var e = 0; e < Entries.Count; e++)
            {
                var value = Entries[e].Shape.Build(source, at);
                if (value is AbsentValue or ScalarValue { Kind: ScalarKind.Null })
                {
                    continue;
                }

                var node = root;
                var parts = _parts[e];
                for (var i = 0; i < parts.Length - 1; i++)
                {
                    node = node.Child(parts[i]);
                }

                node.Set(parts[^1], value);
            }

            return root.ToValue(at);
        }

        // One level of a nested view being built: its keys in the order they first appear, each with the value set there
        // (the last one wins; a value beats a nested map under the same key) or the nested level. A view has a handful of
        // keys, so a list searched in order costs less than the dictionaries it replaces, on every check of every resource.
        private sealed class Node
        {
            private readonly List<(string Key, Value? Value, Node? Child)> _slots = new(4);

            public Node Child(string key)
            {
                var i = Slot(key);
                if (_slots[i].Child is { } child)
                {
                    return child;
                }

                child = new Node();
                _slots[i] = _slots[i] with { Child = child };
                return child;
            }

            public void Set(string key, Value value)
            {
                var i = Slot(key);
                _slots[i] = _slots[i] with { Value = value };
            }

            public MapValue ToValue(TextPosition at)
            {
                var entries = new List<MapEntry>(_slots.Count);
                foreach (var (key, value, child) in _slots)
                {
                    entries.Add(value is not null ? new MapEntry(key, value.Position, value) : new MapEntry(key, at, child!.ToValue(at)));
                }

                return new MapValue(entries, at);
            }

            private int Slot(string key)
            {
                for (var i = 0; i < _slots.Count; i++)
                {
                    if (string.Equals(_slots[i].Key, key, StringComparison.Ordinal))
                    {
                        return i;
                    }
                }

                _slots.Add((key, null, null));
                return _slots.Count - 1;
            }
        }
    }

    /// <summary>The first of the paths whose value is set (an unknown counts as set).</summary>
    public sealed record PathShape(IReadOnlyList<string> Paths) : Shape
    {
        public override Value Build(Value source, TextPosition at)
        {
            Value last = new AbsentValue(at);
            foreach (var path in Paths)
            {
                var value = path.Length == 0 ? source : source.Get(path);
                if (value is not AbsentValue and not ScalarValue { Kind: ScalarKind.Null })
                {
                    return value;
                }

                last = value;
            }

            return last;
        }
    }

    /// <summary>The first of several shapes whose value is set.</summary>
    public sealed record FirstShape(IReadOnlyList<Shape> Shapes) : Shape
    {
        public override Value Build(Value source, TextPosition at)
        {
            Value last = new AbsentValue(at);
            foreach (var shape in Shapes)
            {
                var value = shape.Build(source, at);
                if (value is not AbsentValue and not ScalarValue { Kind: ScalarKind.Null })
                {
                    return value;
                }

                last = value;
            }

            return last;
        }
    }

    public sealed record EachShape(PathShape From, MapShape Each) : Shape
    {
        public override Value Build(Value source, TextPosition at)
        {
            var list = From.Build(source, at);
            if (list is AbsentValue or UnknownValue or ScalarValue { Kind: ScalarKind.Null })
            {
                return list;
            }

            return new ListValue([.. list.Items().Select(item => item switch
            {
                AlternativesValue alternatives => alternatives.Map(v => v is AbsentValue ? v : Each.Build(v, v.Position)),
                UnknownValue or ReferenceValue => item,
                _ => Each.Build(item, item.Position),
            })], list.Position);
        }
    }

    public sealed record TranslateShape(PathShape From, IReadOnlyDictionary<string, string> Names) : Shape
    {
        public override Value Build(Value source, TextPosition at) => Translate(From.Build(source, at));

        private Value Translate(Value value) => value switch
        {
            ScalarValue { Kind: not ScalarKind.Null } s when Names.TryGetValue(s.Text, out var name) => TerraformValues.String(name, s.Position),
            AlternativesValue alternatives => alternatives.Map(Translate),
            _ => value,
        };
    }

    public sealed record Base64Shape(PathShape From) : Shape
    {
        public override Value Build(Value source, TextPosition at)
        {
            var value = From.Build(source, at);
            if (value is ScalarValue { Kind: ScalarKind.String } s)
            {
                try
                {
                    return TerraformValues.String(new UTF8Encoding(false, true).GetString(Convert.FromBase64String(s.Text)), s.Position);
                }
                catch (Exception ex) when (ex is FormatException or DecoderFallbackException)
                {
                    return s;
                }
            }

            return value;
        }
    }

    /// <summary>
    /// Says a view's messages in Terraform's words: a CloudFormation path in backticks (<c>`StorageEncrypted`</c>,
    /// <c>`Policies.0.PolicyDocument`</c>) becomes the Terraform path it was read from (<c>`storage_encrypted`</c>).
    /// </summary>
    public sealed class Names
    {
        private readonly Dictionary<string, string> _paths = new(StringComparer.Ordinal);
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _translated = new(StringComparer.Ordinal);
        private int _cached; // entries of _translated, counted here: ConcurrentDictionary.Count takes every lock

        public Names(MapShape projection) => Add(projection, "");

        // Every word in backticks made of letters, digits and `_.:` is a path to translate. Written out rather than as a
        // regex replacement: it runs on the message of every result a scan keeps, and a regex match allocates several
        // objects per backtick even where nothing changes.
        public string Rename(string text)
        {
            if (string.IsNullOrEmpty(text) || !text.Contains('`', StringComparison.Ordinal))
            {
                return text;
            }

            StringBuilder? renamed = null;
            var copied = 0;
            var i = text.IndexOf('`', StringComparison.Ordinal);
            while (i >= 0 && i < text.Length)
            {
                var end = i + 1;
                while (end < text.Length && IsPathCharacter(text[end]))
                {
                    end++;
                }

                if (end < text.Length && end > i + 1 && text[end] == '`')
                {
                    var path = text.Substring(i + 1, end - i - 1);
                    var translated = Translate(path);
                    if (!string.Equals(translated, path, StringComparison.Ordinal))
                    {
                        renamed ??= new StringBuilder(text.Length + 16);
                        renamed.Append(text, copied, i + 1 - copied).Append(translated);
                        copied = end;
                    }

                    i = text.IndexOf('`', end + 1);
                }
                else
                {
                    i = text.IndexOf('`', i + 1);
                }
            }

            return renamed is null ? text : renamed.Append(text, copied, text.Length - copied).ToString();
        }

        private static bool IsPathCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ':';

        private void Add(MapShape shape, string prefix)
        {
            foreach (var (path, value) in shape.Entries)
            {
                var from = value switch
                {
                    PathShape p => p.Paths,
                    EachShape e => e.From.Paths,
                    TranslateShape t => t.From.Paths,
                    Base64Shape b => b.From.Paths,
                    FirstShape f => f.Shapes.OfType<PathShape>().SelectMany(p => p.Paths).ToList(),
                    _ => [],
                };
                if (from.Count > 0 && from[0].Length > 0)
                {
                    _paths.TryAdd(prefix + path, from.Count == 1 ? from[0] : string.Join("` or `", from));
                }

                if (value is EachShape each)
                {
                    Add(each.Each, "");
                }
            }
        }

        // The whole path, else its longest known prefix followed by the rest, each step renamed where known. Answers are
        // kept (checks repeat the same few paths on every resource), up to a bound since values appear in backticks too.
        private string Translate(string path)
        {
            if (_paths.TryGetValue(path, out var known))
            {
                return known;
            }

            if (_translated.TryGetValue(path, out var translated))
            {
                return translated;
            }

            translated = TranslateSteps(path);
            if (Volatile.Read(ref _cached) < 1024 && _translated.TryAdd(path, translated))
            {
                Interlocked.Increment(ref _cached);
            }

            return translated;
        }

        private string TranslateSteps(string path)
        {
            var parts = path.Split('.');
            for (var length = parts.Length - 1; length > 0; length--)
            {
                if (_paths.TryGetValue(string.Join('.', parts[..length]), out var prefix))
                {
                    return prefix + "." + string.Join('.', parts[length..].Select(p => _paths.GetValueOrDefault(p, p)));
                }
            }

            return path;
        }
    }

    public static MapShape? ReadMap(MappingNode map, YamlMap owner)
    {
        var entries = new List<(string, Shape)>();
        foreach (var entry in map.Entries)
        {
            if (Read(entry.Value, owner) is not { } shape)
            {
                return null;
            }

            entries.Add((entry.Key.Value, shape));
        }

        return new MapShape(entries);
    }

    private static Shape? Read(SyntaxNode node, YamlMap owner)
    {
        switch (node)
        {
            case ScalarNode scalar:
                return new PathShape([scalar.Value]);
            case SequenceNode list when list.Items.All(i => i is ScalarNode):
                return new PathShape([.. list.Items.Cast<ScalarNode>().Select(s => s.Value)]);
            case SequenceNode list:
            {
                var shapes = new List<Shape>();
                foreach (var item in list.Items)
                {
                    if (Read(item, owner) is not { } shape)
                    {
                        return null;
                    }

                    shapes.Add(shape);
                }

                return new FirstShape(shapes);
            }

            case MappingNode map when map["from"] is { } from:
            {
                var paths = from switch
                {
                    ScalarNode s => new PathShape([s.Value]),
                    SequenceNode l when l.Items.All(i => i is ScalarNode) => new PathShape([.. l.Items.Cast<ScalarNode>().Select(s => s.Value)]),
                    _ => null,
                };
                if (paths is null)
                {
                    owner.Error(from, CatalogRules.Schema, "'from' must be a path or a list of paths");
                    return null;
                }

                if (map["each"] is MappingNode each)
                {
                    return ReadMap(each, owner) is { } shape ? new EachShape(paths, shape) : null;
                }

                if (map["translate"] is MappingNode translate)
                {
                    return new TranslateShape(paths, translate.Entries.ToDictionary(e => e.Key.Value, e => (e.Value as ScalarNode)?.Value ?? "", StringComparer.OrdinalIgnoreCase));
                }

                if (map["decode"] is ScalarNode { Value: "base64" })
                {
                    return new Base64Shape(paths);
                }

                return paths;
            }

            default:
                owner.Error(node, CatalogRules.Schema, "a map value is a Terraform path, a list of paths (the first set), or { from, each | translate | decode }");
                return null;
        }
    }
}
