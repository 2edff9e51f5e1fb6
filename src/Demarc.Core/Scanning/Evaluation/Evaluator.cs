using System.Globalization;
using System.Net;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Demarc.Model;
using Demarc.Parsing;
using Demarc.Scanning.Templates;

namespace Demarc.Scanning.Evaluation;

/// <summary>
/// Evaluates template syntax (long form) into <see cref="Value"/>s: parameters, pseudo-parameters, conditions and
/// intrinsic functions. One instance per template; conditions are evaluated once and cached, so evaluation is linear
/// in the size of the template. Not thread-safe (each file gets its own).
/// </summary>
internal sealed class Evaluator
{
    /// <summary>The pseudo-parameters CloudFormation defines.</summary>
    internal static readonly string[] PseudoParameters =
        ["AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix"];

    // How many results one intrinsic function may compute when its inputs hold alternatives, before giving up with an unknown.
    private const int AlternativesBudget = 32;

    // How deep conditions may refer to conditions.
    private const int MaxConditionDepth = 64;

    private readonly string _file;
    private readonly IReadOnlyDictionary<string, string> _overrides;
    private readonly Func<string, string?> _resourceType;
    private readonly Dictionary<string, TemplateMapping> _mappings;
    private readonly Dictionary<string, TemplateCondition> _conditions;
    private readonly Dictionary<string, TemplateParameter> _parameterDeclarations;
    private readonly Dictionary<string, Value> _parameters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Truth> _conditionCache = new(StringComparer.Ordinal);
    private readonly HashSet<string> _conditionsInProgress = new(StringComparer.Ordinal);
    private readonly HashSet<(TextPosition, string)> _reported = [];
    private int _conditionDepth;

    public Evaluator(
        string file,
        IReadOnlyList<TemplateParameter> parameters,
        IReadOnlyList<TemplateMapping> mappings,
        IReadOnlyList<TemplateCondition> conditions,
        IReadOnlyDictionary<string, string> overrides,
        Func<string, string?> resourceType)
    {
        _file = file;
        _overrides = overrides;
        _resourceType = resourceType;
        _parameterDeclarations = Index(parameters, p => p.Name);
        _mappings = Index(mappings, m => m.Name);
        _conditions = Index(conditions, c => c.Name);
    }

    public List<ScanDiagnostic> Diagnostics { get; } = [];

    /// <summary>The value in force for a declared parameter: override, default, or unknown.</summary>
    public Value Parameter(TemplateParameter parameter)
    {
        if (_parameters.TryGetValue(parameter.Name, out var cached))
        {
            return cached;
        }

        var value = ComputeParameter(parameter);
        _parameters[parameter.Name] = value;
        return value;
    }

    /// <summary>True when the value of a parameter came from an override.</summary>
    public bool IsOverridden(string name) => _overrides.ContainsKey(name);

    /// <summary>Evaluates syntax into a value.</summary>
    public Value Evaluate(SyntaxNode node) => Eval(node, Assumptions.None);

    /// <summary>Evaluates syntax assuming a condition holds (the properties of a resource with that condition).</summary>
    public Value Evaluate(SyntaxNode node, string? assumedCondition) =>
        Eval(node, assumedCondition is null ? Assumptions.None : Assumptions.None.With(assumedCondition, true));

    /// <summary>The truth of a named condition.</summary>
    public Truth Condition(string name, TextPosition usedAt)
    {
        if (_conditionCache.TryGetValue(name, out var cached))
        {
            return cached with { Position = usedAt };
        }

        if (!_conditions.TryGetValue(name, out var declaration))
        {
            Report(usedAt, DiagnosticSeverity.Warning, ScanRules.UnresolvedReference, $"condition '{name}' is not defined in Conditions");
            return Truth.Unknown($"condition `{name}` is not defined", usedAt);
        }

        if (!_conditionsInProgress.Add(name) || _conditionDepth >= MaxConditionDepth)
        {
            Report(declaration.Position, DiagnosticSeverity.Warning, ScanRules.InvalidTemplate,
                _conditionDepth >= MaxConditionDepth
                    ? $"conditions refer to conditions more than {MaxConditionDepth} levels deep at '{name}'"
                    : $"condition '{name}' refers to itself");
            return Truth.Unknown($"condition `{name}` cannot be evaluated (it refers to itself)", usedAt);
        }

        _conditionDepth++;
        try
        {
            var truth = EvalCondition(declaration.Expression, Assumptions.None);
            _conditionCache[name] = truth;
            return truth with { Position = usedAt };
        }
        finally
        {
            _conditionDepth--;
            _conditionsInProgress.Remove(name);
        }
    }

    // ---- values ----

    private Value Eval(SyntaxNode node, Assumptions assume)
    {
        if (node.Tag is { } tag)
        {
            // A tag that is not a CloudFormation short form (they are rewritten before evaluation).
            return PreProcessed(tag, node.Start);
        }

        switch (node)
        {
            case ScalarNode scalar:
                return Scalar(scalar);
            case SequenceNode sequence:
            {
                var items = new List<Value>(sequence.Items.Count);
                foreach (var item in sequence.Items)
                {
                    var value = Eval(item, assume);
                    if (value is not AbsentValue)
                    {
                        items.Add(value);
                    }
                }

                return new ListValue(items, sequence.Start);
            }

            case MappingNode mapping:
            {
                if (mapping.Entries.Count == 1 && IsIntrinsic(mapping.Entries[0].Key.Value))
                {
                    return Intrinsic(mapping.Entries[0].Key.Value, mapping.Entries[0].Value, mapping.Start, assume);
                }

                if (mapping.Entries.Count == 1 && mapping.Entries[0].Key.Value.StartsWith("Rain::", StringComparison.Ordinal))
                {
                    return PreProcessed(mapping.Entries[0].Key.Value, mapping.Start);
                }

                var entries = new List<MapEntry>(mapping.Entries.Count);
                foreach (var entry in mapping.Entries)
                {
                    var value = Eval(entry.Value, assume);
                    if (value is AbsentValue)
                    {
                        continue;
                    }

                    entries.Add(new MapEntry(entry.Key.Value, entry.Key.Start, value));
                }

                return new MapValue(entries, mapping.Start);
            }

            default:
                return new AbsentValue(node.Start);
        }
    }

    // A directive of a template pre-processor (the rain tool's Rain::Embed, Rain::S3, …), filled in before CloudFormation sees the template.
    private static UnknownValue PreProcessed(string directive, TextPosition at) =>
        new($"set by a template pre-processor ({directive.TrimStart('!')}), not known to CloudFormation templates as written", UnknownKind.Macro, at, directive.TrimStart('!'));

    internal static bool IsIntrinsic(string key) => key == "Ref" || key.StartsWith("Fn::", StringComparison.Ordinal);

    internal static ScalarValue ScalarOf(ScalarNode scalar)
    {
        if (!scalar.IsPlain)
        {
            return new ScalarValue(scalar.Value, ScalarKind.String, scalar.Start);
        }

        if (scalar.IsNull)
        {
            return new ScalarValue("", ScalarKind.Null, scalar.Start);
        }

        var text = scalar.Value;
        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return new ScalarValue(text.ToLowerInvariant(), ScalarKind.Boolean, scalar.Start);
        }

        if (text.Length > 0 && (char.IsAsciiDigit(text[0]) || text[0] is '-' or '+' or '.')
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return new ScalarValue(text, ScalarKind.Number, scalar.Start);
        }

        return new ScalarValue(text, ScalarKind.String, scalar.Start);
    }

    private static Value Scalar(ScalarNode scalar)
    {
        var value = ScalarOf(scalar);
        return value.Kind == ScalarKind.String && value.Text.Contains("{{resolve:", StringComparison.Ordinal)
            ? DynamicReference(value.Text, scalar.Start)
            : value;
    }

    private static UnknownValue DynamicReference(string text, TextPosition position)
    {
        var start = text.IndexOf("{{resolve:", StringComparison.Ordinal);
        var end = text.IndexOf("}}", start, StringComparison.Ordinal);
        var reference = end > start ? text[start..(end + 2)] : text[start..];
        var service = reference.Split(':') is { Length: > 1 } parts ? parts[1] : "a parameter store";
        return new UnknownValue($"resolved at deployment from {service} ({reference})", UnknownKind.DynamicReference, position, text);
    }

    private Value Intrinsic(string function, SyntaxNode argument, TextPosition at, Assumptions assume)
    {
        switch (function)
        {
            case "Ref":
                return Ref(argument, at, assume);
            case "Fn::GetAtt":
                return GetAtt(argument, at, assume);
            case "Fn::Sub":
                return Sub(argument, at, assume);
            case "Fn::Join":
                return Join(argument, at, assume);
            case "Fn::Select":
                return Select(argument, at, assume);
            case "Fn::Split":
                return Split(argument, at, assume);
            case "Fn::FindInMap":
                return FindInMap(argument, at, assume);
            case "Fn::If":
                return If(argument, at, assume);
            case "Fn::Equals" or "Fn::And" or "Fn::Or" or "Fn::Not":
                return TruthValue(EvalCondition(new MappingNode(at, null, [new MappingEntry(new ScalarNode(at, null, function, false), argument)]), assume), at);
            case "Fn::Base64":
                // Checks read user data as text, not as its encoding.
                return Eval(argument, assume);
            case "Fn::ImportValue":
            {
                var name = Eval(argument, assume);
                return new UnknownValue($"imported from another stack's export `{name.Display()}`", UnknownKind.Import, at, name.Display());
            }

            case "Fn::GetAZs":
            {
                var region = Eval(argument, assume);
                var which = region.AsString() is { Length: > 0 } r ? $"region {r}" : "the stack's region";
                return new UnknownValue($"the availability zones of {which} are known only at deployment", UnknownKind.DeployTime, at);
            }

            case "Fn::Cidr":
                return Cidr(argument, at, assume);
            case "Fn::Transform":
            {
                var macro = argument is SequenceNode { Items.Count: > 0 } list ? list.Items[0] : argument;
                var name = macro is MappingNode m && m["Name"] is ScalarNode n ? n.Value : "(unnamed macro)";
                Report(at, DiagnosticSeverity.Warning, ScanRules.UnexpandedTransform, $"Fn::Transform {name} is not expanded: its output is unknown");
                return new UnknownValue($"the output of macro {name} is known only at deployment", UnknownKind.Macro, at, name);
            }

            case "Fn::Length":
                return Length(argument, at, assume);
            case "Fn::ToJsonString":
                return ToJsonString(argument, at, assume);
            case "Fn::GetStackOutput":
                return new UnknownValue("read from another stack's output at deployment", UnknownKind.Import, at);
            case "Fn::ForEach":
                return Invalid(at, "Fn::ForEach is only allowed as a key (Fn::ForEach::Name) in the language extensions transform");
            default:
                if (function.StartsWith("Fn::ForEach::", StringComparison.Ordinal))
                {
                    return new UnknownValue($"{function} could not be expanded", UnknownKind.Invalid, at);
                }

                return Invalid(at, $"{function} is not an intrinsic function Demarc knows");
        }
    }

    private Value Ref(SyntaxNode argument, TextPosition at, Assumptions assume)
    {
        if (argument is not ScalarNode scalar)
        {
            var evaluated = Eval(argument, assume);
            if (evaluated.AsString() is { } computed)
            {
                return RefName(computed, at);
            }

            return evaluated.IsKnown ? Invalid(at, "Ref takes the name of a parameter or resource") : evaluated;
        }

        return RefName(scalar.Value, at);
    }

    private Value RefName(string name, TextPosition at)
    {
        if (name == "AWS::NoValue")
        {
            return new AbsentValue(at, removed: true);
        }

        if (_parameterDeclarations.TryGetValue(name, out var parameter))
        {
            return Relocate(Parameter(parameter), at);
        }

        if (name.StartsWith("AWS::", StringComparison.Ordinal))
        {
            return Pseudo(name, at);
        }

        if (_resourceType(name) is { } type)
        {
            return new ReferenceValue(name, null, type, at);
        }

        Report(at, DiagnosticSeverity.Warning, ScanRules.UnresolvedReference, $"Ref to '{name}', which is neither a parameter nor a resource of this template");
        return new UnknownValue($"`{name}` is not defined in this template", UnknownKind.Invalid, at, name);
    }

    private Value Pseudo(string name, TextPosition at)
    {
        if (_overrides.TryGetValue(name, out var given))
        {
            return name == "AWS::NotificationARNs" ? SplitList(given, at) : ScalarValue.String(given, at);
        }

        if (Array.IndexOf(PseudoParameters, name) < 0)
        {
            Report(at, DiagnosticSeverity.Warning, ScanRules.UnresolvedReference, $"'{name}' is not a CloudFormation pseudo-parameter");
            return new UnknownValue($"`{name}` is not a pseudo-parameter", UnknownKind.Invalid, at, name);
        }

        return new UnknownValue(
            $"`{name}` is known only at deployment (give it with --parameter {name}=…)",
            UnknownKind.PseudoParameter,
            at,
            name);
    }

    private Value GetAtt(SyntaxNode argument, TextPosition at, Assumptions assume)
    {
        string? logicalId = null;
        string? attribute = null;
        if (argument is ScalarNode dotted)
        {
            var dot = dotted.Value.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0)
            {
                logicalId = dotted.Value[..dot];
                attribute = dotted.Value[(dot + 1)..];
            }
        }
        else if (argument is SequenceNode { Items.Count: 2 } pair)
        {
            logicalId = Eval(pair.Items[0], assume).AsString();
            var attributeValue = Eval(pair.Items[1], assume);
            attribute = attributeValue.AsString();
            if (attribute is null && logicalId is not null && _resourceType(logicalId) is { } type)
            {
                // The attribute name depends on a parameter: still a reference to that resource.
                return new ReferenceValue(logicalId, attributeValue.Display(), type, at);
            }
        }

        if (logicalId is null || attribute is null)
        {
            return Invalid(at, "Fn::GetAtt takes [LogicalId, Attribute] or \"LogicalId.Attribute\"");
        }

        if (_resourceType(logicalId) is { } resourceType)
        {
            return new ReferenceValue(logicalId, attribute, resourceType, at);
        }

        Report(at, DiagnosticSeverity.Warning, ScanRules.UnresolvedReference, $"Fn::GetAtt refers to '{logicalId}', which is not a resource of this template");
        return new UnknownValue($"`{logicalId}` is not a resource of this template", UnknownKind.Invalid, at, logicalId);
    }

    private Value Sub(SyntaxNode argument, TextPosition at, Assumptions assume)
    {
        string text;
        var variables = new Dictionary<string, Value>(StringComparer.Ordinal);
        if (argument is ScalarNode scalar)
        {
            text = scalar.Value;
        }
        else if (argument is SequenceNode { Items.Count: 2 } pair && pair.Items[0] is ScalarNode format && pair.Items[1] is MappingNode map)
        {
            text = format.Value;
            foreach (var entry in map.Entries)
            {
                variables[entry.Key.Value] = Eval(entry.Value, assume);
            }
        }
        else
        {
            var evaluated = Eval(argument, assume);
            if (evaluated.AsString() is { } computed)
            {
                text = computed;
            }
            else if (!evaluated.IsKnown)
            {
                return Unknown(evaluated, at);
            }
            else
            {
                return Invalid(at, "Fn::Sub takes a string, or [string, {variables}]");
            }
        }

        // Split into literal text and placeholders; ${!Literal} is the text ${Literal}.
        var parts = new List<Value>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf("${", i, StringComparison.Ordinal);
            if (open < 0)
            {
                literal.Append(text, i, text.Length - i);
                break;
            }

            var close = text.IndexOf('}', open + 2);
            if (close < 0)
            {
                literal.Append(text, i, text.Length - i);
                break;
            }

            literal.Append(text, i, open - i);
            var name = text[(open + 2)..close];
            if (name.StartsWith('!'))
            {
                literal.Append("${").Append(name.AsSpan(1)).Append('}');
            }
            else
            {
                if (literal.Length > 0)
                {
                    parts.Add(ScalarValue.String(literal.ToString(), at));
                    literal.Clear();
                }

                parts.Add(SubVariable(name.Trim(), variables, at));
            }

            i = close + 1;
        }

        if (literal.Length > 0)
        {
            parts.Add(ScalarValue.String(literal.ToString(), at));
        }

        return Distribute(parts, at, Concatenate);
    }

    private Value SubVariable(string name, Dictionary<string, Value> variables, TextPosition at)
    {
        if (variables.TryGetValue(name, out var variable))
        {
            return variable;
        }

        if (_parameterDeclarations.ContainsKey(name) || name.StartsWith("AWS::", StringComparison.Ordinal) || _resourceType(name) is not null)
        {
            return RefName(name, at);
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && _resourceType(name[..dot]) is { } type)
        {
            return new ReferenceValue(name[..dot], name[(dot + 1)..], type, at);
        }

        Report(at, DiagnosticSeverity.Warning, ScanRules.UnresolvedReference, $"Fn::Sub refers to '${{{name}}}', which is neither a variable, a parameter nor a resource");
        return new UnknownValue($"`{name}` is not defined in this template", UnknownKind.Invalid, at, name);
    }

    // Joins known text; keeps references and unknowns as parts of a TextValue.
    private Value Concatenate(IReadOnlyList<Value> parts, TextPosition at)
    {
        if (parts.Count == 1 && parts[0] is not ScalarValue)
        {
            return parts[0] is ListValue ? Invalid(at, "a list cannot be part of a string") : parts[0];
        }

        var merged = new List<Value>();
        var literal = new StringBuilder();
        foreach (var part in parts)
        {
            switch (part)
            {
                case ScalarValue scalar:
                    literal.Append(scalar.Text);
                    break;
                case AbsentValue:
                    break;
                case TextValue text:
                    foreach (var inner in text.Parts)
                    {
                        if (inner is ScalarValue innerScalar)
                        {
                            literal.Append(innerScalar.Text);
                        }
                        else
                        {
                            Flush();
                            merged.Add(inner);
                        }
                    }

                    break;
                case ListValue or MapValue:
                    return Invalid(at, "a list or map cannot be part of a string");
                default:
                    Flush();
                    merged.Add(part);
                    break;
            }
        }

        if (merged.Count == 0)
        {
            var done = literal.ToString();
            return done.Contains("{{resolve:", StringComparison.Ordinal) ? DynamicReference(done, at) : ScalarValue.String(done, at);
        }

        Flush();
        return new TextValue(merged, at);

        void Flush()
        {
            if (literal.Length > 0)
            {
                merged.Add(ScalarValue.String(literal.ToString(), at));
                literal.Clear();
            }
        }
    }

    private Value Join(SyntaxNode argument, TextPosition at, Assumptions assume)
    {
        if (argument is not SequenceNode { Items.Count: 2 } pair)
        {
            return Invalid(at, "Fn::Join takes [delimiter, [values]]");
        }

        var delimiter = Eval(pair.Items[0], assume);
        var list = Eval(pair.Items[1], assume);
        if (delimiter.AsString() is not { } separator)
        {
            return delimiter.IsKnown ? Invalid(at, "the delimiter of Fn::Join must be a string") : Unknown(delimiter, at);
        }

        if (list is AlternativesValue alternatives)
        {
            return alternatives.Map(branch => JoinList(separator, branch, at));
        }

        return JoinList(separator, list, at);
    }

    private Value JoinList(string separator, Value list, TextPosition at)
    {
        if (list is not ListValue items)
        {
            return list is UnknownValue or ReferenceValue ? Unknown(list, at) : Invalid(at, "Fn::Join needs a list of values");
        }

        return Distribute(items.Values, at, (values, position) =>
        {
            var parts = new List<Value>(values.Count * 2);
            foreach (var value in values)
            {
                if (value is AbsentValue)
                {
                    continue;
                }

                if (parts.Count > 0 && separator.Length > 0)
                {
                    parts.Add(ScalarValue.String(separator, position));
                }

                parts.Add(value);
            }

            return parts.Count == 0 ? ScalarValue.String("", position) : Concatenate(parts, position);
        });
    }

    private Value Select(SyntaxNode argument, TextPosition at, Assumptions assume)
    {
        if (argument is not SequenceNode { Items.Count: 2 } pair)
        {
            return Invalid(at, "Fn::Select takes [index, [values]]");
        }

        var index = Eval(pair.Items[0], assume);
        var list = Eval(pair.Items[1], assume);
        return Distribute([index, list], at, (args, position) =>
        {
            if (args[0].AsInteger() is not { } i)
            {
                return args[0].IsKnown ? Invalid(position, "the index of Fn::Select must be a number") : Unknown(args[0], position);
            }

            if (args[1] is ListValue items)
            {
                if (i < 0 || i >= items.Values.Count)
                {
                    return Invalid(position, $"Fn::Select index {i} is outside the list of {items.Values.Count}");
                }

                // An item that exists only under a condition shifts the positions after it.
                return items.Values.Take((int)i + 1).Any(v => v is AlternativesValue a && a.Branches.Any(b => b.Value is AbsentValue))
                    ? new UnknownValue("the list's length depends on a condition", UnknownKind.DeployTime, position)
                    : items.Values[(int)i];
            }

            return args[1] switch
            {
                UnknownValue u => new UnknownValue($"item {i} of a list: {Lower(u.Reason)}", u.Kind, position, u.Source),
                ReferenceValue r => new ReferenceValue(r.LogicalId, $"{r.Attribute ?? "Ref"}[{i}]", r.TargetType, position),
                _ => Invalid(position, "Fn::Select needs a list"),
            };
        });
    }

    private Value Split(SyntaxNode argument, TextPosition at, Assumptions assume)
    {
        if (argument is not SequenceNode { Items.Count: 2 } pair)
        {
            return Invalid(at, "Fn::Split takes [delimiter, string]");
        }

        var delimiter = Eval(pair.Items[0], assume);
        var source = Eval(pair.Items[1], assume);
        return Distribute([delimiter, source], at, (args, position) =>
        {
            if (args[0].AsString() is not { Length: > 0 } separator)
            {
                return args[0].IsKnown ? Invalid(position, "the delimiter of Fn::Split must be a non-empty string") : Unknown(args[0], position);
            }

            if (args[1].AsString() is { } text)
            {
                return new ListValue([.. text.Split(separator).Select(s => ScalarValue.String(s, position))], position);
            }

            return args[1].IsKnown ? Invalid(position, "Fn::Split needs a string") : Unknown(args[1], position);
        });
    }

    private Value FindInMap(SyntaxNode argument, TextPosition at, Assumptions assume)
    {
        if (argument is not SequenceNode { Items.Count: 3 or 4 } args)
        {
            return Invalid(at, "Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey] (and optionally {DefaultValue: …})");
        }

        Value? fallback = null;
        if (args.Items.Count == 4)
        {
            if (args.Items[3] is MappingNode options && options["DefaultValue"] is { } defaultNode)
            {
                fallback = Eval(defaultNode, assume);
            }
            else
            {
                return Invalid(at, "the fourth argument of Fn::FindInMap must be {DefaultValue: …}");
            }
        }

        var mapName = Eval(args.Items[0], assume);
        var top = Eval(args.Items[1], assume);
        var second = Eval(args.Items[2], assume);
        return Distribute([mapName, top, second], at, (keys, position) =>
        {
            if (keys[0].AsString() is not { } name)
            {
                return fallback ?? Unknown(keys[0], position);
            }

            if (!_mappings.TryGetValue(name, out var mapping))
            {
                if (fallback is not null)
                {
                    return fallback;
                }

                Report(position, DiagnosticSeverity.Warning, ScanRules.UnresolvedReference, $"Fn::FindInMap refers to mapping '{name}', which is not defined");
                return new UnknownValue($"mapping `{name}` is not defined", UnknownKind.Invalid, position, name);
            }

            var topKey = keys[1].AsString();
            var secondKey = keys[2].AsString();
            if (topKey is not null && secondKey is not null)
            {
                if (mapping.Body[topKey] is MappingNode level && level[secondKey] is { } found)
                {
                    return Relocate(Eval(found, Assumptions.None), position);
                }

                if (fallback is not null)
                {
                    return fallback;
                }

                Report(position, DiagnosticSeverity.Warning, ScanRules.UnresolvedReference, $"mapping '{name}' has no value for [{topKey}, {secondKey}]");
                return new UnknownValue($"mapping `{name}` has no value for [{topKey}, {secondKey}]", UnknownKind.Invalid, position);
            }

            // A key known only at deployment: every value the mapping could give.
            var candidates = new List<Value>();
            foreach (var topEntry in mapping.Body.Entries)
            {
                if (topKey is not null && topEntry.Key.Value != topKey)
                {
                    continue;
                }

                if (topEntry.Value is not MappingNode level)
                {
                    continue;
                }

                foreach (var secondEntry in level.Entries)
                {
                    if (secondKey is null || secondEntry.Key.Value == secondKey)
                    {
                        candidates.Add(Eval(secondEntry.Value, Assumptions.None));
                    }
                }
            }

            if (fallback is not null)
            {
                candidates.Add(fallback);
            }

            var unknownKey = topKey is null ? keys[1] : keys[2];
            var reason = $"the key into mapping `{name}` {Lower(ReasonOf(unknownKey))}";
            var scalars = candidates.OfType<ScalarValue>().ToList();
            if (scalars.Count > 0 && scalars.Count == candidates.Count)
            {
                if (scalars.All(s => s.Text == scalars[0].Text && s.Kind == scalars[0].Kind))
                {
                    return new ScalarValue(scalars[0].Text, scalars[0].Kind, position);
                }

                var distinct = scalars.DistinctBy(s => s.Text).Select(s => new ScalarValue(s.Text, s.Kind, position)).ToList();
                return new UnknownValue(reason, unknownKey is UnknownValue u ? u.Kind : UnknownKind.DeployTime, position, (unknownKey as UnknownValue)?.Source, distinct);
            }

            return new UnknownValue(reason, unknownKey is UnknownValue k ? k.Kind : UnknownKind.DeployTime, position, (unknownKey as UnknownValue)?.Source);
        });
    }

    private Value If(SyntaxNode argument, TextPosition at, Assumptions assume)
    {
        if (argument is not SequenceNode { Items.Count: 3 } args || args.Items[0] is not ScalarNode conditionName)
        {
            return Invalid(at, "Fn::If takes [ConditionName, value if true, value if false]");
        }

        var name = conditionName.Value;
        if (assume.TryGet(name, out var assumed))
        {
            return Eval(args.Items[assumed ? 1 : 2], assume);
        }

        var truth = Condition(name, conditionName.Start);
        if (truth.IsTrue)
        {
            return Eval(args.Items[1], assume);
        }

        if (truth.IsFalse)
        {
            return Eval(args.Items[2], assume);
        }

        var whenTrue = Eval(args.Items[1], assume.With(name, true));
        var whenFalse = Eval(args.Items[2], assume.With(name, false));
        var reason = $"condition `{name}` {Lower(truth.Reason ?? "is unknown")}";
        var branches = new List<Alternative>();
        var conditions = new List<string> { name };
        var reasons = new List<string> { reason };
        Flatten($"{name} is true", whenTrue);
        Flatten($"{name} is false", whenFalse);
        return AlternativesValue.Create(branches, string.Join(", ", conditions.Distinct()), string.Join("; ", reasons.Distinct()), at);

        void Flatten(string when, Value value)
        {
            if (value is AlternativesValue nested)
            {
                conditions.Add(nested.Condition);
                reasons.Add(nested.Reason);
                foreach (var branch in nested.Branches)
                {
                    branches.Add(new Alternative($"{when} and {branch.When}", branch.Value));
                }
            }
            else
            {
                branches.Add(new Alternative(when, value));
            }
        }
    }

    private Value Cidr(SyntaxNode argument, TextPosition at, Assumptions assume)
    {
        if (argument is not SequenceNode { Items.Count: 3 } args)
        {
            return Invalid(at, "Fn::Cidr takes [ipBlock, count, cidrBits]");
        }

        var values = args.Items.Select(i => Eval(i, assume)).ToList();
        return Distribute(values, at, (v, position) =>
        {
            if (v.FirstOrDefault(x => !x.IsKnown) is { } unknown)
            {
                return Unknown(unknown, position);
            }

            if (v[0].AsString() is not { } block || v[1].AsInteger() is not { } count || v[2].AsInteger() is not { } bits)
            {
                return Invalid(position, "Fn::Cidr takes an address block, a count and a number of bits");
            }

            return CidrBlocks(block, count, bits, position) is { } list
                ? list
                : Invalid(position, $"Fn::Cidr cannot make {count} subnets of {bits} host bits from {block}");
        });
    }

    internal static ListValue? CidrBlocks(string block, long count, long hostBits, TextPosition at)
    {
        var slash = block.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(block[..slash], out var address)
            || !int.TryParse(block[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix))
        {
            return null;
        }

        var bytes = address.GetAddressBytes();
        var width = bytes.Length * 8;
        if (count < 1 || count > 256 || hostBits < 1 || prefix > width || hostBits > width - prefix)
        {
            return null;
        }

        var available = BigInteger.One << (width - prefix - (int)hostBits);
        if (count > available)
        {
            return null;
        }

        var network = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var hostMask = (BigInteger.One << (width - prefix)) - 1;
        network &= ~hostMask;
        var subnets = new List<Value>();
        for (var i = 0; i < count; i++)
        {
            var start = network + (new BigInteger(i) << (int)hostBits);
            var raw = start.ToByteArray(isUnsigned: true, isBigEndian: true);
            var padded = new byte[bytes.Length];
            raw.CopyTo(padded, padded.Length - raw.Length);
            subnets.Add(ScalarValue.String($"{new IPAddress(padded)}/{width - hostBits}", at));
        }

        return new ListValue(subnets, at);
    }

    private Value Length(SyntaxNode argument, TextPosition at, Assumptions assume)
    {
        var list = Eval(argument, assume);
        return list switch
        {
            ListValue items when items.Values.All(v => v is not AlternativesValue) =>
                new ScalarValue(items.Values.Count.ToString(CultureInfo.InvariantCulture), ScalarKind.Number, at),
            ListValue => new UnknownValue("the list's length depends on a condition", UnknownKind.DeployTime, at),
            AlternativesValue alternatives => alternatives.Map(v => v is ListValue l
                ? new ScalarValue(l.Values.Count.ToString(CultureInfo.InvariantCulture), ScalarKind.Number, at)
                : Unknown(v, at)),
            UnknownValue or ReferenceValue => Unknown(list, at),
            _ => Invalid(at, "Fn::Length needs a list"),
        };
    }

    private Value ToJsonString(SyntaxNode argument, TextPosition at, Assumptions assume)
    {
        var value = Eval(argument, assume);
        if (!value.IsKnown)
        {
            return Unknown(value, at);
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteJson(writer, value);
        }

        return ScalarValue.String(Encoding.UTF8.GetString(buffer.WrittenSpan), at);
    }

    private static void WriteJson(Utf8JsonWriter writer, Value value)
    {
        switch (value)
        {
            case MapValue map:
                writer.WriteStartObject();
                foreach (var entry in map.Entries)
                {
                    writer.WritePropertyName(entry.Key);
                    WriteJson(writer, entry.Value);
                }

                writer.WriteEndObject();
                break;
            case ListValue list:
                writer.WriteStartArray();
                foreach (var item in list.Values)
                {
                    WriteJson(writer, item);
                }

                writer.WriteEndArray();
                break;
            case ScalarValue { Kind: ScalarKind.Null }:
                writer.WriteNullValue();
                break;
            case ScalarValue { Kind: ScalarKind.Boolean } b:
                writer.WriteBooleanValue(b.Text == "true");
                break;
            case ScalarValue { Kind: ScalarKind.Number } n:
                writer.WriteRawValue(n.Text);
                break;
            case ScalarValue s:
                writer.WriteStringValue(s.Text);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    // ---- conditions ----

    private Truth EvalCondition(SyntaxNode node, Assumptions assume)
    {
        if (node is not MappingNode { Entries.Count: 1 } mapping)
        {
            if (node is ScalarNode scalar && ScalarOf(scalar).AsBool() is { } literal)
            {
                return Truth.Known(literal, node.Start);
            }

            Report(node.Start, DiagnosticSeverity.Warning, ScanRules.InvalidIntrinsic, "a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition");
            return Truth.Unknown("the condition is malformed", node.Start);
        }

        var function = mapping.Entries[0].Key.Value;
        var argument = mapping.Entries[0].Value;
        var at = mapping.Start;
        switch (function)
        {
            case "Condition" when argument is ScalarNode name:
                return assume.TryGet(name.Value, out var assumed) ? Truth.Known(assumed, at) : Condition(name.Value, at);
            case "Fn::Equals" when argument is SequenceNode { Items.Count: 2 } pair:
                return Equal(Eval(pair.Items[0], assume), Eval(pair.Items[1], assume), at);
            case "Fn::And" when argument is SequenceNode { Items.Count: > 0 } all:
                return Truth.All(all.Items.Select(i => EvalCondition(i, assume)).ToList(), at);
            case "Fn::Or" when argument is SequenceNode { Items.Count: > 0 } any:
                return Truth.Any(any.Items.Select(i => EvalCondition(i, assume)).ToList(), at);
            case "Fn::Not" when argument is SequenceNode { Items.Count: 1 } not:
                return EvalCondition(not.Items[0], assume).Not();
            case "Fn::If" or "Ref" or "Fn::FindInMap" or "Fn::Select":
            {
                // A boolean value (for example a parameter holding "true") used where a condition is expected.
                var value = Eval(node, assume);
                return value.Test(v => v.Is(s => s.AsBool() == true));
            }

            default:
                Report(at, DiagnosticSeverity.Warning, ScanRules.InvalidIntrinsic, $"'{function}' with these arguments is not a condition function");
                return Truth.Unknown($"the condition uses {function}, which is not a condition function", at);
        }
    }

    private static Truth Equal(Value left, Value right, TextPosition at)
    {
        if (left is AlternativesValue la)
        {
            return Truth.AcrossAlternatives([.. la.Branches.Select(b => (b.When, Equal(b.Value, right, at)))], la.Reason, at);
        }

        if (right is AlternativesValue ra)
        {
            return Truth.AcrossAlternatives([.. ra.Branches.Select(b => (b.When, Equal(left, b.Value, at)))], ra.Reason, at);
        }

        if (left.IsKnown && right.IsKnown)
        {
            return Truth.Known(SameKnown(left, right), at);
        }

        if (!left.IsKnown && right.IsKnown)
        {
            (left, right) = (right, left);
        }

        // Now `right` is unknown; `left` may be known.
        if (left.IsKnown && left is ScalarValue known)
        {
            return right switch
            {
                UnknownValue u => u.Is(s => s.Text == known.Text) with { Position = at },
                TextValue t when !t.CouldEqual(known.Text) => Truth.Known(false, at),
                _ => Truth.Unknown(Lower(ReasonOf(right)), at),
            };
        }

        if (left is ReferenceValue a && right is ReferenceValue b && a.LogicalId == b.LogicalId && a.Attribute == b.Attribute)
        {
            return Truth.Known(true, at);
        }

        return Truth.Unknown(Lower(ReasonOf(left.IsKnown ? right : left)), at);
    }

    private static bool SameKnown(Value left, Value right) => (left, right) switch
    {
        (ScalarValue a, ScalarValue b) => a.Text == b.Text,
        (ListValue a, ListValue b) => a.Values.Count == b.Values.Count && a.Values.Zip(b.Values).All(p => SameKnown(p.First, p.Second)),
        (MapValue a, MapValue b) => a.Entries.Count == b.Entries.Count && a.Entries.All(e => b.TryGet(e.Key, out var other) && SameKnown(e.Value, other)),
        (AbsentValue, AbsentValue) => true,
        _ => false,
    };

    private static ScalarValue TruthValueKnown(bool value, TextPosition at) => new(value ? "true" : "false", ScalarKind.Boolean, at);

    private static Value TruthValue(Truth truth, TextPosition at) => truth.State switch
    {
        TruthState.True => TruthValueKnown(true, at),
        TruthState.False => TruthValueKnown(false, at),
        _ => new UnknownValue(truth.Reason ?? "unknown", UnknownKind.DeployTime, at),
    };

    // ---- parameters ----

    private Value ComputeParameter(TemplateParameter parameter)
    {
        var at = parameter.Position;
        var isList = parameter.Type.StartsWith("List<", StringComparison.Ordinal) || parameter.Type == "CommaDelimitedList";
        var fromSsm = parameter.Type.StartsWith("AWS::SSM::Parameter::Value<", StringComparison.Ordinal);
        string? given = _overrides.TryGetValue(parameter.Name, out var overridden) ? overridden : null;
        Value? value = null;
        if (given is null && parameter.Default is { } defaultNode)
        {
            value = Eval(defaultNode, Assumptions.None);
            given = value.AsString();
            if (value is ListValue && isList)
            {
                return value;
            }
        }

        if (fromSsm)
        {
            var name = given ?? "(no default)";
            return new UnknownValue($"parameter `{parameter.Name}` is read from SSM parameter `{name}` at deployment", UnknownKind.Parameter, at, parameter.Name);
        }

        if (given is null)
        {
            if (value is not null && !value.IsKnown)
            {
                return value;
            }

            var candidates = parameter.AllowedValues.Select(v => ScalarValue.String(v, at)).ToList();
            return new UnknownValue($"depends on parameter `{parameter.Name}`, which has no default", UnknownKind.Parameter, at, parameter.Name, candidates);
        }

        if (isList)
        {
            return SplitList(given, at);
        }

        return value is ScalarValue scalar && overridden is null ? scalar : ScalarValue.String(given, at);
    }

    private static ListValue SplitList(string text, TextPosition at) =>
        new(text.Length == 0 ? [] : [.. text.Split(',').Select(s => ScalarValue.String(s.Trim(), at))], at);

    // ---- helpers ----

    // Applies a function to argument values, once per combination of alternatives, within a small budget.
    private static Value Distribute(IReadOnlyList<Value> args, TextPosition at, Func<IReadOnlyList<Value>, TextPosition, Value> apply)
    {
        var budget = AlternativesBudget;
        return Go(args);

        Value Go(IReadOnlyList<Value> current)
        {
            var index = -1;
            for (var i = 0; i < current.Count; i++)
            {
                if (current[i] is AlternativesValue)
                {
                    index = i;
                    break;
                }
            }

            if (index < 0)
            {
                return --budget >= 0 ? apply(current, at) : new UnknownValue("too many combinations of conditions to follow", UnknownKind.DeployTime, at);
            }

            var alternatives = (AlternativesValue)current[index];
            if (budget < alternatives.Branches.Count)
            {
                return new UnknownValue(alternatives.Reason, UnknownKind.DeployTime, at);
            }

            var branches = new List<Alternative>(alternatives.Branches.Count);
            foreach (var branch in alternatives.Branches)
            {
                var next = current.ToArray();
                next[index] = branch.Value;
                branches.Add(new Alternative(branch.When, Go(next)));
            }

            return AlternativesValue.Create(branches, alternatives.Condition, alternatives.Reason, at);
        }
    }

    private static Value Relocate(Value value, TextPosition at) => value switch
    {
        ScalarValue s => new ScalarValue(s.Text, s.Kind, at),
        UnknownValue u => new UnknownValue(u.Reason, u.Kind, at, u.Source, u.Candidates),
        ListValue l => new ListValue(l.Values, at),
        _ => value,
    };

    private static string ReasonOf(Value value) => value switch
    {
        UnknownValue u => u.Reason,
        ReferenceValue r => r.Reason,
        TextValue t => t.Reason,
        AlternativesValue a => a.Reason,
        _ => "is unknown",
    };

    private static UnknownValue Unknown(Value cause, TextPosition at) => cause switch
    {
        UnknownValue u => new UnknownValue(u.Reason, u.Kind, at, u.Source),
        _ => new UnknownValue(ReasonOf(cause), UnknownKind.DeployTime, at),
    };

    private UnknownValue Invalid(TextPosition at, string message)
    {
        Report(at, DiagnosticSeverity.Warning, ScanRules.InvalidIntrinsic, message);
        return new UnknownValue($"the expression is malformed ({message})", UnknownKind.Invalid, at);
    }

    private static string Lower(string text) => text.Length > 0 && char.IsUpper(text[0]) && (text.Length == 1 || !char.IsUpper(text[1]))
        ? char.ToLowerInvariant(text[0]) + text[1..]
        : text;

    private void Report(TextPosition at, DiagnosticSeverity severity, string rule, string message)
    {
        if (_reported.Add((at, message)))
        {
            Diagnostics.Add(new ScanDiagnostic(new SourceLocation(_file, at.Line, at.Column), severity, rule, message));
        }
    }

    private static Dictionary<string, T> Index<T>(IReadOnlyList<T> items, Func<T, string> key)
    {
        var index = new Dictionary<string, T>(items.Count, StringComparer.Ordinal);
        foreach (var item in items)
        {
            index.TryAdd(key(item), item);
        }

        return index;
    }

    /// <summary>Conditions assumed true or false inside a branch of an Fn::If (or a resource with a Condition).</summary>
    private sealed class Assumptions
    {
        public static readonly Assumptions None = new(null, false, null);

        private readonly string? _name;
        private readonly bool _value;
        private readonly Assumptions? _next;

        private Assumptions(string? name, bool value, Assumptions? next)
        {
            _name = name;
            _value = value;
            _next = next;
        }

        public Assumptions With(string name, bool value) => new(name, value, this);

        public bool TryGet(string name, out bool value)
        {
            for (var current = this; current?._name is not null; current = current._next)
            {
                if (current._name == name)
                {
                    value = current._value;
                    return true;
                }
            }

            value = false;
            return false;
        }
    }
}
