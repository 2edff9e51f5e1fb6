using System.Globalization;
using System.Text;
using Demarc.Model;
using Demarc.Parsing;
using Demarc.Scanning.Evaluation;

namespace Demarc.Scanning.Terraform;

/// <summary>
/// Reads the JSON of <c>terraform show -json</c>: a plan (format versions 0.1 to 1.x) or a state. Resources come from
/// <c>resource_changes</c> (with <c>after_unknown</c> read as unknown, never as a value), else from
/// <c>planned_values</c> or the state's <c>values</c>, root and child modules alike. Where a value is unknown, the
/// plan's <c>configuration</c> says what it refers to: a reference to another resource of the plan becomes a
/// <see cref="ReferenceValue"/> to its address, so checks follow it (a versioning resource to its bucket).
/// </summary>
/// <remarks>Format: https://developer.hashicorp.com/terraform/internals/json-format</remarks>
public static class TerraformPlanReader
{
    private static readonly string[] PlanKeys = ["planned_values", "resource_changes", "prior_state", "values", "configuration"];

    /// <summary>True when a JSON document's top level is <c>terraform show -json</c> output.</summary>
    public static bool IsPlan(MappingNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return root["format_version"] is ScalarNode && PlanKeys.Any(k => root[k] is not null);
    }

    /// <summary>Cheap test on the first bytes of a file: it names <c>format_version</c> and a plan or state section.</summary>
    public static bool LooksLikePlan(ReadOnlySpan<byte> bytes)
    {
        var head = bytes[..Math.Min(bytes.Length, 4096)];
        var start = head.IndexOfAnyExcept(" \t\r\n\uFEFF"u8);
        if (start < 0 || head[start] != (byte)'{' || head.IndexOf("\"format_version\""u8) < 0)
        {
            return false;
        }

        var more = bytes[..Math.Min(bytes.Length, 1 << 20)];
        return more.IndexOf("\"planned_values\""u8) >= 0 || more.IndexOf("\"resource_changes\""u8) >= 0
            || more.IndexOf("\"values\""u8) >= 0 || more.IndexOf("\"prior_state\""u8) >= 0;
    }

    /// <summary>Reads plan or state JSON already parsed.</summary>
    public static TerraformEvaluation Read(string file, MappingNode root, ParseLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var reader = new Reader(file, root, limits ?? ParseLimits.Default);
        return reader.Run();
    }

    private sealed class Reader(string file, MappingNode root, ParseLimits limits)
    {
        private readonly List<ScanDiagnostic> _diagnostics = [];
        private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _byShape = new(StringComparer.Ordinal);
        private readonly Dictionary<string, MappingNode> _configurations = new(StringComparer.Ordinal);
        private readonly Dictionary<string, MappingNode> _moduleConfigurations = new(StringComparer.Ordinal);
        private readonly List<string> _path = [];

        public TerraformEvaluation Run()
        {
            CheckVersion();
            var changes = root["resource_changes"] as SequenceNode;
            var planned = (root["planned_values"] as MappingNode)?["root_module"] as MappingNode;
            var state = ((root["values"] as MappingNode) ?? ((root["prior_state"] as MappingNode)?["values"] as MappingNode))?["root_module"] as MappingNode;
            IndexConfiguration((root["configuration"] as MappingNode)?["root_module"] as MappingNode, "");

            var resources = new List<TerraformResourceInstance>();
            if (changes is not null)
            {
                var managed = changes.Items.OfType<MappingNode>().Where(IsManaged).ToList();
                foreach (var change in managed)
                {
                    Register(Text(change["address"]), Text(change["type"]));
                }

                foreach (var change in managed)
                {
                    if (FromChange(change) is { } resource)
                    {
                        resources.Add(resource);
                    }
                }
            }
            else if (planned is not null || (root["values"] is not null && state is not null))
            {
                var module = planned ?? state!;
                var all = new List<MappingNode>();
                Flatten(module, all, 0);
                foreach (var resource in all.Where(IsManaged))
                {
                    Register(Text(resource["address"]), Text(resource["type"]));
                }

                foreach (var resource in all.Where(IsManaged))
                {
                    if (FromValues(resource, fromState: planned is null) is { } instance)
                    {
                        resources.Add(instance);
                    }
                }

                if (planned is not null && all.Count > 0)
                {
                    Report(root["planned_values"]!.Start, DiagnosticSeverity.Info, TerraformRules.InvalidPlan,
                        "the plan has no resource_changes: values come from planned_values, which leaves out what is known only after apply");
                }
            }
            else if (root["values"] is null && root["planned_values"] is null)
            {
                Report(root.Start, DiagnosticSeverity.Warning, TerraformRules.InvalidPlan, "the plan has neither resource_changes nor planned_values: no resource to scan");
            }

            if (root["errored"] is ScalarNode { Value: "true" } || root["complete"] is ScalarNode { Value: "false" })
            {
                Report(root.Start, DiagnosticSeverity.Warning, TerraformRules.InvalidPlan,
                    "the plan is marked incomplete or errored: resources Terraform could not plan are missing from it");
            }

            return new TerraformEvaluation(file, resources, Variables(), Outputs(), Modules(), Regions(), _diagnostics);
        }

        private void CheckVersion()
        {
            var version = Text(root["format_version"]);
            var major = version?.Split('.')[0];
            if (major is not ("0" or "1"))
            {
                Report(root["format_version"]?.Start ?? root.Start, DiagnosticSeverity.Warning, TerraformRules.InvalidPlan,
                    $"format_version {version} is not one Demarc knows (0.x to 1.x); it is read as 1.x");
            }
        }

        private static bool IsManaged(MappingNode node) => Text(node["mode"]) is null or "managed";

        private void Register(string? address, string? type)
        {
            if (address is null || type is null)
            {
                return;
            }

            _types[address] = type;
            var shape = Shape(address);
            if (!_byShape.TryGetValue(shape, out var list))
            {
                _byShape[shape] = list = new List<string>(1);
            }

            list.Add(address);
        }

        private TerraformResourceInstance? FromChange(MappingNode change)
        {
            var address = Text(change["address"]);
            var type = Text(change["type"]);
            if (address is null || type is null || change["change"] is not MappingNode body)
            {
                Report(change.Start, DiagnosticSeverity.Warning, TerraformRules.InvalidPlan, "a resource change without address, type or change is skipped");
                return null;
            }

            var actionNodes = (body["actions"] as SequenceNode)?.Items ?? [];
            var deletes = actionNodes.Count == 1 ? Text(actionNodes[0]) == "delete" : actionNodes.Any(a => Text(a) == "delete") && body["after"] is ScalarNode { IsNull: true };
            var module = Text(change["module_address"]);
            var position = change.Start;
            if (deletes)
            {
                return new TerraformResourceInstance(address, type, file, position, new AbsentValue(position), new AbsentValue(position),
                    Truth.Known(false, position), "deleted by this plan", module, []);
            }

            var context = new ReferenceContext(address, module, Configuration(address, module));
            var after = body["after"];
            _path.Clear();
            var properties = Merge(after is ScalarNode { IsNull: true } ? null : after, body["after_unknown"], context.Expressions, context, position, 0);
            properties = TerraformValues.Finalize(properties, limits);
            var note = actionNodes.Count == 1 ? Text(actionNodes[0]) : actionNodes.Count == 0 ? null : string.Join(", ", actionNodes.Select(Text));
            return new TerraformResourceInstance(address, type, file, position, properties is MapValue ? properties : new AbsentValue(position), new AbsentValue(position),
                Truth.Known(true, position), note == "no-op" || note == "create" ? null : note, module, []);
        }

        private TerraformResourceInstance? FromValues(MappingNode resource, bool fromState)
        {
            var address = Text(resource["address"]);
            var type = Text(resource["type"]);
            if (address is null || type is null)
            {
                return null;
            }

            var position = resource.Start;
            var values = resource["values"];
            var properties = values is null ? new MapValue([], position) : TerraformValues.FromSyntax(values, n => n.Start);
            properties = TerraformValues.Finalize(properties, limits);
            var module = address.StartsWith("module.", StringComparison.Ordinal) ? ModuleOf(address) : null;
            return new TerraformResourceInstance(address, type, file, position, properties is MapValue ? properties : new AbsentValue(position), new AbsentValue(position),
                Truth.Known(true, position), fromState ? null : "from planned_values", module, []);
        }

        private static void Flatten(MappingNode module, List<MappingNode> into, int depth)
        {
            if (module["resources"] is SequenceNode resources)
            {
                into.AddRange(resources.Items.OfType<MappingNode>());
            }

            if (depth < 64 && module["child_modules"] is SequenceNode children)
            {
                foreach (var child in children.Items.OfType<MappingNode>())
                {
                    Flatten(child, into, depth + 1);
                }
            }
        }

        // Joins `after` and `after_unknown` (and, for unknowns, the configuration's expressions) into one value.
        private Value Merge(SyntaxNode? after, SyntaxNode? unknown, SyntaxNode? expression, ReferenceContext context, TextPosition fallback, int depth)
        {
            if (depth > limits.MaxDepth)
            {
                return new UnknownValue($"nested deeper than {limits.MaxDepth} levels", UnknownKind.Invalid, fallback);
            }

            if (unknown is ScalarNode { IsPlain: true, Value: "true" })
            {
                return Unknown(expression, context, _path.Count == 1 ? _path[0] : string.Join('.', _path), unknown.Start);
            }

            switch (after)
            {
                case MappingNode map:
                {
                    var unknownMap = Keyed.Of(unknown as MappingNode);
                    var expressionMap = Keyed.Of(expression as MappingNode);
                    var entries = new List<MapEntry>(map.Entries.Count + (unknownMap.Node?.Entries.Count ?? 0));
                    for (var e = 0; e < map.Entries.Count; e++)
                    {
                        var entry = map.Entries[e];
                        var key = entry.Key.Value;
                        _path.Add(key);
                        entries.Add(new MapEntry(key, entry.Key.Start, Merge(entry.Value, unknownMap[key], expressionMap[key], context, entry.Key.Start, depth + 1)));
                        _path.RemoveAt(_path.Count - 1);
                    }

                    if (unknownMap.Node is { } unknownNode)
                    {
                        var afterKeys = Keyed.Of(map);
                        for (var e = 0; e < unknownNode.Entries.Count; e++)
                        {
                            var entry = unknownNode.Entries[e];
                            if (afterKeys[entry.Key.Value] is null && entry.Value is not ScalarNode { Value: "false" })
                            {
                                var key = entry.Key.Value;
                                _path.Add(key);
                                entries.Add(new MapEntry(key, entry.Key.Start, Merge(null, entry.Value, expressionMap[key], context, entry.Key.Start, depth + 1)));
                                _path.RemoveAt(_path.Count - 1);
                            }
                        }
                    }

                    return new MapValue(entries, map.Start);
                }

                case SequenceNode list:
                {
                    var unknownList = unknown as SequenceNode;
                    var expressionList = expression as SequenceNode;
                    var items = new Value[list.Items.Count];
                    for (var i = 0; i < items.Length; i++)
                    {
                        var itemUnknown = unknownList is not null && i < unknownList.Items.Count ? unknownList.Items[i] : null;
                        var itemExpression = expressionList is not null ? expressionList.Items.Count == items.Length ? expressionList.Items[i] : expressionList.Items.Count == 1 ? expressionList.Items[0] : null : null;
                        _path.Add(i.ToString(CultureInfo.InvariantCulture));
                        items[i] = Merge(list.Items[i], itemUnknown, itemExpression, context, list.Items[i].Start, depth + 1);
                        _path.RemoveAt(_path.Count - 1);
                    }

                    return new ListValue(items, list.Start);
                }

                case ScalarNode:
                    return TerraformValues.FromSyntax(after, n => n.Start);
                default:
                    return unknown switch
                    {
                        MappingNode or SequenceNode => Merge(unknown is MappingNode ? new MappingNode(unknown.Start, null, []) : new SequenceNode(unknown.Start, null, []), unknown, expression, context, unknown.Start, depth),
                        _ => new AbsentValue(fallback),
                    };
            }
        }

        // An unknown attribute: a reference to the resource its configuration names, or unknown with what it depends on.
        private Value Unknown(SyntaxNode? expression, ReferenceContext context, string path, TextPosition at)
        {
            var attribute = path;
            var references = ReferencesOf(expression);
            if (references.Length > 0)
            {
                // "aws_s3_bucket.b.id" and "aws_s3_bucket.b" name the same resource: keep the most precise (the first of
                // the longest attributes); the value is that resource only when every reference names the same one.
                (string Address, string? Attribute)? only = null;
                var several = false;
                foreach (var reference in references)
                {
                    if (Resolve(reference, context, 0) is not { } target)
                    {
                        continue;
                    }

                    if (only is not { } current)
                    {
                        only = target;
                    }
                    else if (current.Address != target.Address)
                    {
                        several = true;
                    }
                    else if ((target.Attribute?.Length ?? 0) > (current.Attribute?.Length ?? 0))
                    {
                        only = target;
                    }
                }

                if (only is { } single && !several)
                {
                    var (address, referenced) = single;
                    if (IsIdentifier(path))
                    {
                        return new ReferenceValue(address, referenced, _types.GetValueOrDefault(address), at);
                    }

                    // A reference reads as a set text; a map or list computed from another resource must stay unknown when navigated.
                    return new UnknownValue($"`{attribute}` is known only after apply (it is computed from `{address}{(referenced is null ? "" : "." + referenced)}`)", UnknownKind.DeployTime, at, address);
                }

                return new UnknownValue($"`{attribute}` is known only after apply (it is computed from {string.Join(", ", references.Take(3))})", UnknownKind.DeployTime, at, context.Address + "." + attribute);
            }

            return UnknownValue.Later(UnknownKind.DeployTime, at, attribute, context.Address,
                static (attribute, _) => $"`{attribute}` is known only after apply (the plan marks it unknown)",
                static (attribute, address) => address + "." + attribute);
        }

        // Attributes that hold the id, ARN, name or URL of another resource: an unknown one that refers to a resource is that reference.
        private static bool IsIdentifier(string path)
        {
            var key = path[(path.LastIndexOf('.') + 1)..];
            return key.EndsWith("_id", StringComparison.Ordinal) || key.EndsWith("_arn", StringComparison.Ordinal) || key.EndsWith("_name", StringComparison.Ordinal)
                || key.EndsWith("_url", StringComparison.Ordinal) || key is "arn" or "id" or "bucket" or "role" or "user" or "group" or "repository" or "name"
                || TerraformSettings.Links.Any(l => l.Argument == key);
        }

        private static string[] ReferencesOf(SyntaxNode? expression) =>
            expression is MappingNode { } map && map["references"] is SequenceNode list ? [.. list.Items.Select(Text).OfType<string>()] : [];

        // A reference of the configuration (relative to the referring module) to a resource address of the plan.
        private (string Address, string? Attribute)? Resolve(string reference, ReferenceContext context, int depth)
        {
            var steps = Steps(reference);
            if (steps.Count < 2 || depth > 8)
            {
                return null;
            }

            var prefix = context.ModulePrefix;
            if (steps[0] == "module" && steps.Count >= 3)
            {
                // module.NAME.OUTPUT: follow the output's own references inside that module.
                var call = steps[1];
                var callConfiguration = _moduleConfigurations.GetValueOrDefault(ConfigurationPath(prefix) + "module." + StripIndex(call));
                var output = ((callConfiguration?["outputs"] as MappingNode)?[StripIndex(steps[2])] as MappingNode)?["expression"];
                var inner = new ReferenceContext(context.Address, prefix + "module." + call, null);
                foreach (var outputReference in ReferencesOf(output))
                {
                    if (Resolve(outputReference, inner, depth + 1) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            }

            if (steps[0] is "var" or "local" or "count" or "each" or "path" or "terraform" or "self" or "data")
            {
                return null;
            }

            var resource = prefix + steps[0] + "." + steps[1];
            var attribute = steps.Count > 2 ? string.Join('.', steps.Skip(2).Where(s => !s.StartsWith('['))) : null;
            if (steps.Count > 2 && steps[2].StartsWith('['))
            {
                resource += steps[2];
            }

            return Find(resource, context) is { } address ? (address, attribute is { Length: > 0 } ? attribute : null) : null;
        }

        // An address of the plan for a reference that may lack instance keys: exact, else the instance with the same key.
        private string? Find(string address, ReferenceContext context)
        {
            if (_types.ContainsKey(address))
            {
                return address;
            }

            if (!_byShape.TryGetValue(Shape(address), out var candidates))
            {
                return null;
            }

            if (candidates.Count == 1)
            {
                return candidates[0];
            }

            var ownKey = KeyOf(context.Address);
            var sameKey = candidates.Where(c => KeyOf(c) == ownKey && ModuleOf(c) == ModuleOf(context.Address)).ToList();
            return sameKey.Count == 1 ? sameKey[0] : null;
        }

        // The steps of a reference: names, and bracketed keys kept as "[...]" (module.a[0].x: the key joins "a").
        private static List<string> Steps(string reference)
        {
            var steps = new List<string>(4);
            var i = 0;
            while (i < reference.Length)
            {
                var c = reference[i];
                if (c == '.')
                {
                    i++;
                    continue;
                }

                if (c == '[')
                {
                    var end = reference.IndexOf(']', i);
                    if (end < 0)
                    {
                        break;
                    }

                    var key = reference[i..(end + 1)];
                    if (steps.Count >= 2 && steps[^2] == "module")
                    {
                        steps[^1] += key;
                    }
                    else
                    {
                        steps.Add(key);
                    }

                    i = end + 1;
                    continue;
                }

                var stop = reference.AsSpan(i).IndexOfAny('.', '[');
                var length = stop < 0 ? reference.Length - i : stop;
                steps.Add(reference.Substring(i, length));
                i += length;
            }

            return steps;
        }

        // An address without instance keys: module.a[0].aws_x.y["k"] -> module.a.aws_x.y.
        private static string Shape(string address)
        {
            if (!address.Contains('[', StringComparison.Ordinal))
            {
                return address;
            }

            var builder = new StringBuilder(address.Length);
            var depth = 0;
            var quoted = false;
            foreach (var c in address)
            {
                if (depth > 0)
                {
                    if (c == '"')
                    {
                        quoted = !quoted;
                    }
                    else if (c == ']' && !quoted)
                    {
                        depth--;
                    }

                    continue;
                }

                if (c == '[')
                {
                    depth++;
                    continue;
                }

                builder.Append(c);
            }

            return builder.ToString();
        }

        private static string StripIndex(string step) => step.Contains('[', StringComparison.Ordinal) ? step[..step.IndexOf('[', StringComparison.Ordinal)] : step;

        private static string? KeyOf(string address) => address.EndsWith(']') ? address[address.LastIndexOf('[')..] : null;

        private static string? ModuleOf(string address)
        {
            var index = address.LastIndexOf("module.", StringComparison.Ordinal);
            if (index < 0)
            {
                return null;
            }

            var rest = address[index..];
            var steps = Steps(rest);
            return steps.Count >= 2 ? address[..index] + "module." + steps[1] : null;
        }

        // The module path as the configuration indexes it: module.a.module.b. (no instance keys).
        private static string ConfigurationPath(string prefix) => Shape(prefix);

        private void IndexConfiguration(MappingNode? module, string path)
        {
            if (module is null || path.Length > 4096)
            {
                return;
            }

            if (module["resources"] is SequenceNode resources)
            {
                foreach (var resource in resources.Items.OfType<MappingNode>())
                {
                    if (Text(resource["address"]) is { } address)
                    {
                        _configurations[path + address] = resource;
                    }
                }
            }

            if (module["module_calls"] is MappingNode calls)
            {
                foreach (var call in calls.Entries)
                {
                    if (call.Value is MappingNode body && body["module"] is MappingNode child)
                    {
                        var childPath = path + "module." + call.Key.Value;
                        _moduleConfigurations[childPath] = child;
                        IndexConfiguration(child, childPath + ".");
                    }
                }
            }
        }

        private MappingNode? Configuration(string address, string? module)
        {
            var key = Shape(address);
            return _configurations.GetValueOrDefault(key) is { } resource ? resource["expressions"] as MappingNode : null;
        }

        private List<TerraformVariableValue> Variables()
        {
            var result = new List<TerraformVariableValue>();
            if (root["variables"] is MappingNode variables)
            {
                foreach (var entry in variables.Entries)
                {
                    var value = (entry.Value as MappingNode)?["value"];
                    result.Add(new TerraformVariableValue(entry.Key.Value, value is null ? new AbsentValue(entry.Key.Start) : TerraformValues.FromSyntax(value, n => n.Start), "plan",
                        new SourceLocation(file, entry.Key.Start.Line, entry.Key.Start.Column)));
                }
            }

            return result;
        }

        private List<(string, Value)> Outputs()
        {
            var result = new List<(string, Value)>();
            if ((root["planned_values"] as MappingNode)?["outputs"] is MappingNode outputs)
            {
                foreach (var entry in outputs.Entries)
                {
                    var value = (entry.Value as MappingNode)?["value"];
                    result.Add((entry.Key.Value, value is null
                        ? new UnknownValue($"output `{entry.Key.Value}` is known only after apply", UnknownKind.DeployTime, entry.Key.Start)
                        : TerraformValues.FromSyntax(value, n => n.Start)));
                }
            }

            return result;
        }

        private List<TerraformModuleUse> Modules()
        {
            var result = new List<TerraformModuleUse>();
            void Walk(MappingNode? module, string prefix, int depth)
            {
                if (module?["module_calls"] is not MappingNode calls || depth > 64)
                {
                    return;
                }

                foreach (var call in calls.Entries)
                {
                    var body = call.Value as MappingNode;
                    var address = prefix + "module." + call.Key.Value;
                    result.Add(new TerraformModuleUse(address, Text(body?["source"]), Text(body?["version_constraint"]), ModuleReadStatus.Read, null,
                        new SourceLocation(file, call.Key.Start.Line, call.Key.Start.Column)));
                    Walk(body?["module"] as MappingNode, address + ".", depth + 1);
                }
            }

            Walk((root["configuration"] as MappingNode)?["root_module"] as MappingNode, "", 0);
            return result;
        }

        private Dictionary<string, Value> Regions()
        {
            var result = new Dictionary<string, Value>(StringComparer.Ordinal);
            if ((root["configuration"] as MappingNode)?["provider_config"] is MappingNode providers)
            {
                foreach (var provider in providers.Entries)
                {
                    if (provider.Value is MappingNode body && Text(body["name"]) is "aws" or "registry.terraform.io/hashicorp/aws" && Text(body["module_address"]) is null)
                    {
                        var region = ((body["expressions"] as MappingNode)?["region"] as MappingNode)?["constant_value"];
                        result[provider.Key.Value] = region is ScalarNode scalar
                            ? TerraformValues.String(scalar.Value, scalar.Start)
                            : new UnknownValue("the provider's region is not a constant in the plan's configuration", UnknownKind.Parameter, provider.Key.Start, $"provider.{provider.Key.Value}.region");
                    }
                }
            }

            return result;
        }

        private void Report(TextPosition at, DiagnosticSeverity severity, string rule, string message) =>
            _diagnostics.Add(new ScanDiagnostic(new SourceLocation(file, at.Line, at.Column), severity, rule, message));

        private static string? Text(SyntaxNode? node) => node is ScalarNode { IsNull: false } scalar ? scalar.Value : null;
    }

    /// <summary>Key lookups in a mapping: a linear search for small ones, a dictionary for large ones (linear merging).</summary>
    private readonly struct Keyed
    {
        private readonly Dictionary<string, SyntaxNode>? _index;

        private Keyed(MappingNode? node)
        {
            Node = node;
            if (node is { Entries.Count: > 24 })
            {
                _index = new Dictionary<string, SyntaxNode>(node.Entries.Count, StringComparer.Ordinal);
                for (var i = 0; i < node.Entries.Count; i++)
                {
                    _index.TryAdd(node.Entries[i].Key.Value, node.Entries[i].Value);
                }
            }
        }

        public MappingNode? Node { get; }

        public SyntaxNode? this[string key] => _index is not null ? _index.GetValueOrDefault(key) : Node?[key];

        public static Keyed Of(MappingNode? node) => new(node);
    }

    /// <summary>The resource whose unknown attributes are being resolved: its address, module and configuration expressions.</summary>
    private sealed class ReferenceContext(string address, string? module, MappingNode? expressions)
    {
        public string Address { get; } = address;

        public MappingNode? Expressions { get; } = expressions;

        /// <summary><c>module.a[0].</c>, or empty for the root module.</summary>
        public string ModulePrefix { get; } = module is null ? "" : module + ".";
    }
}
