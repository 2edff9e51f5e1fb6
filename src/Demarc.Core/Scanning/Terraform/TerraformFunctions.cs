using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Demarc.Parsing;
using Demarc.Parsing.Hcl;
using Demarc.Scanning.Evaluation;

namespace Demarc.Scanning.Terraform;

/// <summary>
/// Terraform's built-in functions that can be evaluated before apply. Functions whose result depends on the moment
/// or the machine (<c>timestamp</c>, <c>uuid</c>, <c>bcrypt</c>) and those Demarc does not implement give an unknown
/// that names them. A function given an unknown argument gives an unknown with that argument's reason, except
/// where the result is still known (<c>length</c> of a list of unknowns, <c>merge</c>, <c>concat</c>, <c>lookup</c> of a
/// known key, …); alternatives (a conditional on an unknown) are followed branch by branch.
/// </summary>
/// <remarks>Behaviour follows https://developer.hashicorp.com/terraform/language/functions.</remarks>
internal static class TerraformFunctions
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>The functions evaluated (for the docs and tests).</summary>
    public static IReadOnlyList<string> Known { get; } =
    [
        "abs", "alltrue", "anytrue", "base64decode", "base64encode", "basename", "ceil", "chomp", "coalesce", "coalescelist",
        "compact", "concat", "contains", "dirname", "distinct", "element", "endswith", "file", "fileexists", "flatten", "floor",
        "format", "formatlist", "indent", "index", "join", "jsondecode", "jsonencode", "keys", "length", "lookup", "lower",
        "max", "merge", "min", "one", "range", "regex", "regexall", "replace", "reverse", "setintersection", "setunion",
        "slice", "sort", "split", "startswith", "strcontains", "strrev", "substr", "sum", "templatefile", "title", "tobool",
        "tolist", "tomap", "tonumber", "toset", "tostring", "trim", "trimprefix", "trimspace", "trimsuffix", "try", "can",
        "upper", "values", "zipmap",
    ];

    public static Value Call(TerraformMachine machine, HclFunctionCall call, Scope scope)
    {
        var at = call.Position;
        var name = call.Name;
        if (name is "try" or "can")
        {
            return TryOrCan(machine, call, scope);
        }

        var arguments = new List<Value>(call.Arguments.Count);
        for (var i = 0; i < call.Arguments.Count; i++)
        {
            var value = machine.Eval(call.Arguments[i], scope);
            if (call.ExpandFinal && i == call.Arguments.Count - 1)
            {
                if (value is ListValue list)
                {
                    arguments.AddRange(list.Values);
                    continue;
                }

                return Unknown(value, at, name);
            }

            arguments.Add(value);
        }

        // An argument that is a conditional on an unknown: apply the function to each branch (one such argument, few branches).
        var alternatives = arguments.FindIndex(static a => a is AlternativesValue);
        return alternatives >= 0 && name is not ("jsonencode" or "merge" or "concat" or "tolist" or "toset" or "tomap" or "coalesce")
            ? ApplyToBranches(machine, name, arguments, alternatives, at, scope)
            : Apply(machine, name, arguments, at, scope);
    }

    // Its own method: the closure's captures would otherwise be allocated on every call of every function.
    private static Value ApplyToBranches(TerraformMachine machine, string name, List<Value> arguments, int alternatives, TextPosition at, Scope scope)
    {
        var choice = (AlternativesValue)arguments[alternatives];
        if (arguments.Count(static a => a is AlternativesValue) == 1 && choice.Branches.Count <= 8)
        {
            return choice.Map(branch =>
            {
                var copy = new List<Value>(arguments) { [alternatives] = branch };
                return Apply(machine, name, copy, at, scope);
            });
        }

        return new UnknownValue($"{name}(…) of a value that depends on a condition: {choice.Reason}", UnknownKind.DeployTime, at);
    }

    private static Value TryOrCan(TerraformMachine machine, HclFunctionCall call, Scope scope)
    {
        var at = call.Position;
        if (call.Name == "can")
        {
            if (call.Arguments.Count != 1)
            {
                return Invalid(at, "can takes one argument");
            }

            var value = machine.Eval(call.Arguments[0], scope);
            return IsError(value) ? TerraformValues.Bool(false, at)
                : value.IsKnown || value is ReferenceValue or TextValue ? TerraformValues.Bool(true, at)
                : TerraformValues.UnknownLike(value, at);
        }

        foreach (var argument in call.Arguments)
        {
            var value = machine.Eval(argument, scope);
            if (!IsError(value))
            {
                return value;
            }
        }

        return Invalid(at, "no argument of try could be evaluated");
    }

    // An evaluation error (not a value known only at apply): what try() skips.
    private static bool IsError(Value value) => TerraformValues.FirstUnknown(value) is UnknownValue { Kind: UnknownKind.Invalid } || value is UnknownValue { Kind: UnknownKind.Invalid };

    private static Value Apply(TerraformMachine machine, string name, List<Value> a, TextPosition at, Scope scope)
    {
        switch (name)
        {
            // ---- structure ----
            case "jsonencode" when a.Count == 1:
                return new JsonTextValue(a[0], at);
            case "jsondecode" when a.Count == 1:
                return a[0] switch
                {
                    JsonTextValue json => TerraformValues.Relocate(json.Structure, at),
                    ScalarValue { Kind: ScalarKind.String } s => TerraformValues.FromJsonText(s.Text, at, machine.Limits) ?? Invalid(at, "jsondecode: the text is not valid JSON"),
                    var v => Unknown(v, at, name),
                };
            case "merge":
                return Merge(a, at);
            case "concat":
                return Concat(machine, a, at);
            case "tolist" or "toset" when a.Count == 1:
                return a[0] switch
                {
                    ListValue list when name == "toset" && list.IsKnown => Set(list.Values, at),
                    ListValue list => new ListValue(list.Values, at),
                    MapValue map when name == "tolist" => Invalid(at, "tolist needs a list or set, not a map"),
                    var v => v.IsKnown ? Invalid(at, $"{name} needs a list or set, not `{v.Display()}`") : Unknown(v, at, name),
                };
            case "tomap" when a.Count == 1:
                return a[0] is MapValue m ? new MapValue(m.Entries, at) : Unknown(a[0], at, name);
            case "tostring" when a.Count == 1:
                return a[0] switch
                {
                    ScalarValue { Kind: ScalarKind.Null } isNull => isNull,
                    ScalarValue s => TerraformValues.String(TerraformValues.Text(s) ?? "", at),
                    JsonTextValue j when j.IsKnown => TerraformValues.String(j.Text(), at),
                    ReferenceValue or TextValue or UnknownValue or JsonTextValue => a[0],
                    var v => Invalid(at, $"tostring of `{v.Display()}`"),
                };
            case "tonumber" when a.Count == 1:
                return a[0] switch
                {
                    ScalarValue { Kind: ScalarKind.Null } isNull => isNull,
                    ScalarValue s when TerraformValues.TryNumber(s, out var number) => TerraformValues.Number(number, at),
                    var v => v.IsKnown ? Invalid(at, $"tonumber of `{v.Display()}`") : Unknown(v, at, name),
                };
            case "tobool" when a.Count == 1:
                return a[0] switch
                {
                    ScalarValue { Kind: ScalarKind.Null } isNull => isNull,
                    ScalarValue s when s.AsBool() is { } b => TerraformValues.Bool(b, at),
                    var v => v.IsKnown ? Invalid(at, $"tobool of `{v.Display()}`") : Unknown(v, at, name),
                };
            case "length" when a.Count == 1:
                return a[0] switch
                {
                    ListValue list when list.Values.All(v => v is not AlternativesValue) => TerraformValues.Number(list.Values.Count, at),
                    MapValue map => TerraformValues.Number(map.Entries.Count, at),
                    ScalarValue { Kind: ScalarKind.String } s => TerraformValues.Number(new StringInfo(s.Text).LengthInTextElements, at),
                    JsonTextValue j when j.IsKnown => TerraformValues.Number(j.Text().Length, at),
                    var v => v.IsKnown ? Invalid(at, $"length of `{v.Display()}`") : Unknown(v, at, name),
                };
            case "lookup" when a.Count is 2 or 3:
                if (a[0] is not MapValue lookupMap)
                {
                    return a[0].IsKnown ? Invalid(at, "lookup needs a map") : Unknown(a[0], at, name);
                }

                if (Str(a[1]) is not { } lookupKey)
                {
                    return Unknown(a[1], at, name);
                }

                return lookupMap.TryGet(lookupKey, out var looked) ? looked : a.Count == 3 ? a[2] : Invalid(at, $"lookup: the map has no key `{lookupKey}`");
            case "element" when a.Count == 2:
                if (a[0] is not ListValue elementList || elementList.Values.Count == 0)
                {
                    return a[0] is ListValue ? Invalid(at, "element of an empty list") : Unknown(a[0], at, name);
                }

                return Num(a[1]) is { } elementIndex && elementIndex >= 0
                    ? elementList.Values[(int)(decimal.Truncate(elementIndex) % elementList.Values.Count)]
                    : Unknown(a[1], at, name);
            case "keys" when a.Count == 1:
                return a[0] is MapValue keysMap
                    ? new ListValue([.. keysMap.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (Value)TerraformValues.String(e.Key, e.KeyPosition))], at)
                    : Unknown(a[0], at, name);
            case "values" when a.Count == 1:
                return a[0] is MapValue valuesMap
                    ? new ListValue([.. valuesMap.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value)], at)
                    : Unknown(a[0], at, name);
            case "contains" when a.Count == 2:
                return Contains(a[0], a[1], at);
            case "index" when a.Count == 2:
                if (a[0] is ListValue indexList && a[1].IsKnown)
                {
                    for (var i = 0; i < indexList.Values.Count; i++)
                    {
                        var equal = TerraformValues.Equal(indexList.Values[i], a[1], at);
                        if (equal.IsTrue)
                        {
                            return TerraformValues.Number(i, at);
                        }

                        if (equal.IsUnknown)
                        {
                            return new UnknownValue(equal.Reason ?? "unknown", UnknownKind.DeployTime, at);
                        }
                    }

                    return Invalid(at, "index: the item is not in the list");
                }

                return Unknown(a[0].IsKnown ? a[1] : a[0], at, name);
            case "distinct" when a.Count == 1:
                return a[0] is ListValue distinctList && distinctList.IsKnown ? new ListValue([.. distinctList.Values.DistinctBy(TerraformValues.ToJson, StringComparer.Ordinal)], at) : Unknown(a[0], at, name);
            case "flatten" when a.Count == 1:
            {
                var flat = new List<Value>();
                return Flatten(machine, a[0], flat, at, 0) is { } problem ? problem : new ListValue(flat, at);
            }

            case "compact" when a.Count == 1:
                if (a[0] is ListValue compactList && compactList.Values.All(v => v is ScalarValue))
                {
                    return new ListValue([.. compactList.Values.Where(v => v is ScalarValue { Kind: not ScalarKind.Null } s && s.Text.Length > 0)], at);
                }

                return Unknown(a[0], at, name);
            case "coalesce":
                foreach (var candidate in a)
                {
                    if (candidate is ScalarValue { Kind: ScalarKind.Null } or ScalarValue { Kind: ScalarKind.String, Text: "" } or AbsentValue)
                    {
                        continue;
                    }

                    return candidate.IsKnown || candidate is ReferenceValue ? candidate : Unknown(candidate, at, name);
                }

                return Invalid(at, "coalesce: every argument is null or empty");
            case "coalescelist":
                foreach (var candidate in a)
                {
                    if (candidate is ListValue { Values.Count: 0 })
                    {
                        continue;
                    }

                    return candidate is ListValue ? candidate : Unknown(candidate, at, name);
                }

                return Invalid(at, "coalescelist: every list is empty");
            case "one" when a.Count == 1:
                return a[0] switch
                {
                    ListValue { Values.Count: 0 } => TerraformValues.Null(at),
                    ListValue { Values.Count: 1 } one => one.Values[0],
                    ListValue => Invalid(at, "one: the list has more than one item"),
                    var v => Unknown(v, at, name),
                };
            case "zipmap" when a.Count == 2:
                if (a[0] is ListValue zipKeys && a[1] is ListValue zipValues && zipKeys.Values.Count == zipValues.Values.Count && zipKeys.Values.All(k => Str(k) is not null))
                {
                    var entries = new List<MapEntry>();
                    for (var i = 0; i < zipKeys.Values.Count; i++)
                    {
                        var key = Str(zipKeys.Values[i])!;
                        entries.RemoveAll(e => e.Key == key);
                        entries.Add(new MapEntry(key, zipKeys.Values[i].Position, zipValues.Values[i]));
                    }

                    return new MapValue(entries, at);
                }

                return Unknown(a[0].IsKnown ? a[1] : a[0], at, name);
            case "range" when a.Count is >= 1 and <= 3:
                return Range(machine, a, at);
            case "slice" when a.Count == 3:
                if (a[0] is ListValue sliceList && Num(a[1]) is { } from && Num(a[2]) is { } to && from >= 0 && to <= sliceList.Values.Count && from <= to)
                {
                    return new ListValue([.. sliceList.Values.Skip((int)from).Take((int)(to - from))], at);
                }

                return a.TrueForAll(v => v.IsKnown || v is ListValue) ? Invalid(at, "slice: the indexes are out of range") : Unknown(a.First(v => !v.IsKnown), at, name);
            case "reverse" when a.Count == 1:
                return a[0] is ListValue reverseList ? new ListValue([.. reverseList.Values.Reverse()], at) : Unknown(a[0], at, name);
            case "sort" when a.Count == 1:
                return a[0] is ListValue sortList && sortList.Values.All(v => Str(v) is not null)
                    ? new ListValue([.. sortList.Values.OrderBy(v => Str(v), StringComparer.Ordinal)], at)
                    : Unknown(a[0], at, name);
            case "setunion":
                return a.TrueForAll(v => v is ListValue { IsKnown: true }) ? Set(a.SelectMany(v => ((ListValue)v).Values), at) : Unknown(a.First(v => !v.IsKnown), at, name);
            case "setintersection" when a.Count >= 1:
                if (a.TrueForAll(v => v is ListValue { IsKnown: true }))
                {
                    var sets = a.Select(v => ((ListValue)v).Values.Select(TerraformValues.ToJson).ToHashSet(StringComparer.Ordinal)).ToList();
                    return Set(((ListValue)a[0]).Values.Where(v => sets.TrueForAll(s => s.Contains(TerraformValues.ToJson(v)))), at);
                }

                return Unknown(a.First(v => !v.IsKnown), at, name);
            case "alltrue" or "anytrue" when a.Count == 1:
                if (a[0] is not ListValue truthList)
                {
                    return Unknown(a[0], at, name);
                }

                return AllOrAny(name, truthList, at);

            // ---- numbers ----
            case "max" or "min" or "sum":
            {
                var list = name == "sum" && a.Count == 1 && a[0] is ListValue sumList ? sumList.Values.ToList() : a;
                var numbers = new List<decimal>();
                foreach (var v in list)
                {
                    if (Num(v) is not { } number)
                    {
                        return v.IsKnown ? Invalid(at, $"{name} needs numbers") : Unknown(v, at, name);
                    }

                    numbers.Add(number);
                }

                if (numbers.Count == 0)
                {
                    return Invalid(at, $"{name} needs at least one number");
                }

                return TerraformValues.Number(name switch { "max" => numbers.Max(), "min" => numbers.Min(), _ => numbers.Sum() }, at);
            }

            case "abs" or "ceil" or "floor" when a.Count == 1:
                return Num(a[0]) is { } n
                    ? TerraformValues.Number(name switch { "abs" => Math.Abs(n), "ceil" => Math.Ceiling(n), _ => Math.Floor(n) }, at)
                    : Unknown(a[0], at, name);

            // ---- strings ----
            case "lower" or "upper" or "title" or "trimspace" or "chomp" or "strrev" or "base64encode" or "base64decode" or "basename" or "dirname" when a.Count == 1:
                return Str(a[0]) is { } text ? StringFunction(name, text, at) : Unknown(a[0], at, name);
            case "trim" or "trimprefix" or "trimsuffix" or "startswith" or "endswith" or "strcontains" when a.Count == 2:
                if (Str(a[0]) is not { } subject || Str(a[1]) is not { } operand)
                {
                    return Unknown(Str(a[0]) is null ? a[0] : a[1], at, name);
                }

                return name switch
                {
                    "trim" => TerraformValues.String(subject.Trim(operand.ToCharArray()), at),
                    "trimprefix" => TerraformValues.String(subject.StartsWith(operand, StringComparison.Ordinal) ? subject[operand.Length..] : subject, at),
                    "trimsuffix" => TerraformValues.String(subject.EndsWith(operand, StringComparison.Ordinal) ? subject[..^operand.Length] : subject, at),
                    "startswith" => TerraformValues.Bool(subject.StartsWith(operand, StringComparison.Ordinal), at),
                    "endswith" => TerraformValues.Bool(subject.EndsWith(operand, StringComparison.Ordinal), at),
                    _ => TerraformValues.Bool(subject.Contains(operand, StringComparison.Ordinal), at),
                };
            case "substr" when a.Count == 3:
                if (Str(a[0]) is { } whole && Num(a[1]) is { } offset && Num(a[2]) is { } length)
                {
                    var start = (int)Math.Clamp(offset < 0 ? whole.Length + offset : offset, 0, whole.Length);
                    var count = length < 0 ? whole.Length - start : (int)Math.Min(length, whole.Length - start);
                    return TerraformValues.String(whole.Substring(start, count), at);
                }

                return Unknown(a.First(v => !v.IsKnown), at, name);
            case "indent" when a.Count == 2:
                return Num(a[0]) is { } spaces && Str(a[1]) is { } indented
                    ? TerraformValues.String(indented.Replace("\n", "\n" + new string(' ', (int)Math.Clamp(spaces, 0, 100)), StringComparison.Ordinal), at)
                    : Unknown(a.First(v => !v.IsKnown), at, name);
            case "replace" when a.Count == 3:
                return Replace(a, at);
            case "split" when a.Count == 2:
                if (Str(a[0]) is { } separator && Str(a[1]) is { } splitText)
                {
                    var parts = separator.Length == 0 ? splitText.Select(c => c.ToString()).ToArray() : splitText.Split(separator);
                    machine.CheckSize(parts.Length, at);
                    return new ListValue([.. parts.Select(p => (Value)TerraformValues.String(p, at))], at);
                }

                return Unknown(Str(a[0]) is null ? a[0] : a[1], at, name);
            case "join" when a.Count >= 2:
                return Join(a, at, name);
            case "format" when a.Count >= 1:
                return Format(a, at);
            case "formatlist" when a.Count >= 1:
                return FormatList(machine, a, at);
            case "regex" or "regexall" when a.Count == 2:
                return RegexFunction(name, a, at);

            // ---- files ----
            case "file" or "fileexists" or "templatefile" when a.Count >= 1:
                return FileFunction(machine, name, a, at, scope);
        }

        if (Known.Contains(name))
        {
            return Invalid(at, $"{name} was called with {a.Count} argument(s), which Terraform does not accept");
        }

        return name switch
        {
            "timestamp" or "plantimestamp" or "uuid" or "uuidv5" or "bcrypt" =>
                new UnknownValue($"{name}() gives a different value each time Terraform runs", UnknownKind.DeployTime, at, name),
            _ when name.StartsWith("provider::", StringComparison.Ordinal) =>
                new UnknownValue($"provider function {name} is evaluated by its provider, not by Demarc", UnknownKind.DeployTime, at, name),
            _ => new UnknownValue($"function {name}() is not evaluated by Demarc", UnknownKind.DeployTime, at, name),
        };
    }

    // ---- helpers ----

    private static string? Str(Value value) => value is ScalarValue { Kind: not ScalarKind.Null } || value is JsonTextValue { IsKnown: true } ? TerraformValues.Text(value) : null;

    private static decimal? Num(Value value) => TerraformValues.TryNumber(value, out var n) ? n : null;

    private static UnknownValue Invalid(TextPosition at, string message) => new(message, UnknownKind.Invalid, at);

    private static UnknownValue Unknown(Value value, TextPosition at, string function) => value switch
    {
        UnknownValue u => new UnknownValue(u.Reason, u.Kind, at, u.Source),
        _ => new UnknownValue($"{function}(…) of a value known only after apply: {TerraformValues.Reason(value)}", UnknownKind.DeployTime, at),
    };

    private static ListValue Set(IEnumerable<Value> values, TextPosition at) =>
        new([.. values.DistinctBy(TerraformValues.ToJson, StringComparer.Ordinal).OrderBy(v => Str(v) ?? TerraformValues.ToJson(v), StringComparer.Ordinal)], at);

    // Outside Apply: a lambda that captures `at` there would cost every function call a closure object.
    private static Value AllOrAny(string name, ListValue truthList, TextPosition at)
    {
        var truths = truthList.Values.Select(v => v is ScalarValue s && s.AsBool() is { } b ? Truth.Known(b, at) : Truth.Unknown(TerraformValues.Reason(v), at)).ToList();
        var combined = name == "alltrue" ? Truth.All(truths, at) : Truth.Any(truths, at);
        return combined.IsUnknown ? new UnknownValue(combined.Reason ?? "unknown", UnknownKind.DeployTime, at) : TerraformValues.Bool(combined.IsTrue, at);
    }

    private static Value Merge(List<Value> maps, TextPosition at)
    {
        var entries = new MapBuilder(maps.Count > 0 && maps[0] is MapValue first ? first.Entries.Count : 0);
        foreach (var map in maps)
        {
            switch (map)
            {
                case MapValue m:
                    for (var i = 0; i < m.Entries.Count; i++)
                    {
                        entries.Set(m.Entries[i]);
                    }

                    break;
                case ScalarValue { Kind: ScalarKind.Null }:
                    break;
                default:
                    return map.IsKnown ? Invalid(at, $"merge needs maps or objects, not `{map.Display()}`") : Unknown(map, at, "merge");
            }
        }

        return new MapValue(entries.Entries, at);
    }

    private static Value Concat(TerraformMachine machine, List<Value> lists, TextPosition at)
    {
        var items = new List<Value>();
        foreach (var list in lists)
        {
            if (list is not ListValue l)
            {
                return list.IsKnown ? Invalid(at, $"concat needs lists, not `{list.Display()}`") : Unknown(list, at, "concat");
            }

            items.AddRange(l.Values);
            machine.CheckSize(items.Count, at);
        }

        return new ListValue(items, at);
    }

    private static Value? Flatten(TerraformMachine machine, Value value, List<Value> into, TextPosition at, int depth)
    {
        if (value is not ListValue list)
        {
            return value.IsKnown ? Invalid(at, "flatten needs a list") : Unknown(value, at, "flatten");
        }

        foreach (var item in list.Values)
        {
            if (item is ListValue && depth < 32)
            {
                if (Flatten(machine, item, into, at, depth + 1) is { } problem)
                {
                    return problem;
                }
            }
            else if (item is UnknownValue or AlternativesValue)
            {
                return Unknown(item, at, "flatten");
            }
            else
            {
                into.Add(item);
                machine.CheckSize(into.Count, at);
            }
        }

        return null;
    }

    private static Value Contains(Value collection, Value item, TextPosition at)
    {
        if (collection is not ListValue list)
        {
            return collection.IsKnown ? Invalid(at, "contains needs a list or set") : Unknown(collection, at, "contains");
        }

        Truth? unknown = null;
        foreach (var element in list.Values)
        {
            var equal = TerraformValues.Equal(element, item, at);
            if (equal.IsTrue)
            {
                return TerraformValues.Bool(true, at);
            }

            if (equal.IsUnknown)
            {
                unknown ??= equal;
            }
        }

        return unknown is { } u ? new UnknownValue(u.Reason ?? "unknown", UnknownKind.DeployTime, at) : TerraformValues.Bool(false, at);
    }

    private static Value Range(TerraformMachine machine, List<Value> a, TextPosition at)
    {
        var numbers = a.Select(Num).ToList();
        if (numbers.Exists(n => n is null))
        {
            return Unknown(a[numbers.FindIndex(n => n is null)], at, "range");
        }

        decimal start = 0, limit, step = 1;
        if (numbers.Count == 1)
        {
            limit = numbers[0]!.Value;
        }
        else
        {
            start = numbers[0]!.Value;
            limit = numbers[1]!.Value;
            step = numbers.Count == 3 ? numbers[2]!.Value : start <= limit ? 1 : -1;
        }

        if (step == 0 || (step > 0 && start > limit) || (step < 0 && start < limit))
        {
            return step == 0 ? Invalid(at, "range: the step cannot be zero") : new ListValue([], at);
        }

        var count = Math.Ceiling((limit - start) / step);
        machine.CheckSize((long)Math.Min(count, long.MaxValue / 2), at);
        var items = new List<Value>((int)count);
        for (var i = 0; i < count; i++)
        {
            items.Add(TerraformValues.Number(start + (i * step), at));
        }

        return new ListValue(items, at);
    }

    private static Value StringFunction(string name, string text, TextPosition at)
    {
        switch (name)
        {
            case "lower":
                return TerraformValues.String(text.ToLowerInvariant(), at);
            case "upper":
                return TerraformValues.String(text.ToUpperInvariant(), at);
            case "title":
                return TerraformValues.String(Regex.Replace(text, @"\b\p{Ll}", m => m.Value.ToUpperInvariant(), RegexOptions.None, RegexTimeout), at);
            case "trimspace":
                return TerraformValues.String(text.Trim(), at);
            case "chomp":
                return TerraformValues.String(text.TrimEnd('\r', '\n'), at);
            case "strrev":
                var elements = new List<string>();
                var enumerator = StringInfo.GetTextElementEnumerator(text);
                while (enumerator.MoveNext())
                {
                    elements.Add(enumerator.GetTextElement());
                }

                elements.Reverse();
                return TerraformValues.String(string.Concat(elements), at);
            case "base64encode":
                return TerraformValues.String(Convert.ToBase64String(Encoding.UTF8.GetBytes(text)), at);
            case "base64decode":
                try
                {
                    return TerraformValues.String(new UTF8Encoding(false, true).GetString(Convert.FromBase64String(text)), at);
                }
                catch (Exception ex) when (ex is FormatException or DecoderFallbackException)
                {
                    return Invalid(at, "base64decode: not base64 of UTF-8 text");
                }

            case "basename":
                return TerraformValues.String(text.TrimEnd('/').Split('/')[^1], at);
            default:
                var slash = text.TrimEnd('/').LastIndexOf('/');
                return TerraformValues.String(slash < 0 ? "." : slash == 0 ? "/" : text[..slash], at);
        }
    }

    private static Value Replace(List<Value> a, TextPosition at)
    {
        if (Str(a[0]) is not { } subject || Str(a[1]) is not { } search || Str(a[2]) is not { } replacement)
        {
            return Unknown(a.First(v => Str(v) is null), at, "replace");
        }

        if (search.Length > 1 && search[0] == '/' && search[^1] == '/')
        {
            try
            {
                var pattern = new Regex(search[1..^1], RegexOptions.CultureInvariant, RegexTimeout);
                return TerraformValues.String(pattern.Replace(subject, Regex.Replace(replacement, @"\$\{?(\d+)\}?", "$${$1}", RegexOptions.None, RegexTimeout)), at);
            }
            catch (Exception ex) when (ex is ArgumentException or RegexMatchTimeoutException)
            {
                return Invalid(at, $"replace: the pattern {search} is not evaluated ({ex.Message})");
            }
        }

        return TerraformValues.String(search.Length == 0 ? subject : subject.Replace(search, replacement, StringComparison.Ordinal), at);
    }

    private static Value RegexFunction(string name, List<Value> a, TextPosition at)
    {
        if (Str(a[0]) is not { } pattern || Str(a[1]) is not { } subject)
        {
            return Unknown(Str(a[0]) is null ? a[0] : a[1], at, name);
        }

        try
        {
            var regex = new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
            var matches = regex.Matches(subject);
            Value Capture(Match match)
            {
                var names = regex.GetGroupNames().Where(n => !int.TryParse(n, out _)).ToList();
                if (names.Count > 0)
                {
                    return new MapValue([.. names.Select(n => new MapEntry(n, at, TerraformValues.String(match.Groups[n].Value, at)))], at);
                }

                return match.Groups.Count > 1
                    ? new ListValue([.. match.Groups.Cast<Group>().Skip(1).Select(g => (Value)TerraformValues.String(g.Value, at))], at)
                    : TerraformValues.String(match.Value, at);
            }

            if (name == "regexall")
            {
                return new ListValue([.. matches.Select(Capture)], at);
            }

            return matches.Count == 0 ? Invalid(at, "regex: the pattern does not match") : Capture(matches[0]);
        }
        catch (Exception ex) when (ex is ArgumentException or RegexMatchTimeoutException)
        {
            return Invalid(at, $"{name}: the pattern is not evaluated ({ex.Message})");
        }
    }

    private static Value Join(List<Value> a, TextPosition at, string name)
    {
        if (Str(a[0]) is not { } separator)
        {
            return Unknown(a[0], at, name);
        }

        var pieces = new List<Value>();
        var first = true;
        foreach (var list in a.Skip(1))
        {
            if (list is not ListValue items)
            {
                return Unknown(list, at, name);
            }

            foreach (var item in items.Values)
            {
                if (!first)
                {
                    pieces.Add(TerraformValues.String(separator, at));
                }

                first = false;
                var piece = TerraformMachine.AsTextPiece(item, at);
                if (piece is UnknownValue { Kind: UnknownKind.Invalid })
                {
                    return piece;
                }

                pieces.Add(piece);
            }
        }

        return TerraformMachine.Concatenate(pieces, at);
    }

    private static Value Format(List<Value> a, TextPosition at)
    {
        if (Str(a[0]) is not { } format)
        {
            return Unknown(a[0], at, "format");
        }

        var pieces = new List<Value>();
        var text = new StringBuilder();
        var next = 1;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%')
            {
                text.Append(c);
                continue;
            }

            if (i + 1 < format.Length && format[i + 1] == '%')
            {
                text.Append('%');
                i++;
                continue;
            }

            // A verb: %[flags][width][.precision]verb; explicit argument indexes ([n]) are not supported.
            var j = i + 1;
            while (j < format.Length && "+-# 0123456789.".Contains(format[j], StringComparison.Ordinal))
            {
                j++;
            }

            if (j >= format.Length || format[j] == '[')
            {
                return Invalid(at, "format: an argument index or an unfinished verb is not evaluated");
            }

            var spec = format[(i + 1)..j];
            var verb = format[j];
            i = j;
            if (next >= a.Count)
            {
                return Invalid(at, "format: more verbs than arguments");
            }

            var argument = a[next++];
            if (!argument.IsKnown)
            {
                if (verb is not ('s' or 'v' or 'd'))
                {
                    return Unknown(argument, at, "format");
                }

                pieces.Add(TerraformValues.String(text.ToString(), at));
                text.Clear();
                pieces.Add(TerraformMachine.AsTextPiece(argument, at));
                continue;
            }

            var formatted = FormatVerb(verb, spec, argument);
            if (formatted is null)
            {
                return Invalid(at, $"format: %{spec}{verb} cannot format `{argument.Display()}`");
            }

            text.Append(formatted);
        }

        pieces.Add(TerraformValues.String(text.ToString(), at));
        return TerraformMachine.Concatenate(pieces, at);
    }

    private static string? FormatVerb(char verb, string spec, Value argument)
    {
        var precision = spec.Contains('.', StringComparison.Ordinal) && int.TryParse(spec[(spec.IndexOf('.', StringComparison.Ordinal) + 1)..], out var p) ? p : (int?)null;
        var widthText = new string(spec.TakeWhile(ch => ch != '.').Where(char.IsAsciiDigit).ToArray());
        var width = int.TryParse(widthText, out var w) ? Math.Min(w, 1000) : 0;
        var text = verb switch
        {
            's' => Str(argument),
            'v' => argument is ListValue or MapValue ? TerraformValues.ToJson(argument) : TerraformValues.Text(argument),
            'q' => Str(argument) is { } q ? TerraformValues.ToJson(TerraformValues.String(q, default)) : null,
            'd' => Num(argument) is { } d && d == decimal.Truncate(d) ? d.ToString("0", CultureInfo.InvariantCulture) : null,
            'f' or 'F' => Num(argument) is { } f ? f.ToString("F" + (precision ?? 6).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : null,
            'g' => Num(argument) is { } g ? TerraformValues.FormatNumber(g) : null,
            't' => argument is ScalarValue s && s.AsBool() is { } b ? (b ? "true" : "false") : null,
            'x' or 'X' => Num(argument) is { } x && x == decimal.Truncate(x) && x >= 0 ? ((long)x).ToString(verb == 'x' ? "x" : "X", CultureInfo.InvariantCulture) : null,
            _ => null,
        };
        if (text is null)
        {
            return null;
        }

        if (verb == 's' && precision is { } max && text.Length > max)
        {
            text = text[..max];
        }

        return spec.StartsWith('-') ? text.PadRight(width) : spec.StartsWith('0') && verb is 'd' or 'f' ? text.PadLeft(width, '0') : text.PadLeft(width);
    }

    private static Value FormatList(TerraformMachine machine, List<Value> a, TextPosition at)
    {
        var length = -1;
        foreach (var argument in a.Skip(1))
        {
            if (argument is ListValue list)
            {
                if (length >= 0 && list.Values.Count != length)
                {
                    return Invalid(at, "formatlist: the lists have different lengths");
                }

                length = list.Values.Count;
            }
            else if (!argument.IsKnown)
            {
                return Unknown(argument, at, "formatlist");
            }
        }

        length = Math.Max(length, 1);
        machine.CheckSize(length, at);
        var results = new List<Value>(length);
        for (var i = 0; i < length; i++)
        {
            var row = new List<Value> { a[0] };
            row.AddRange(a.Skip(1).Select(v => v is ListValue list ? list.Values[i] : v));
            results.Add(Format(row, at));
        }

        return new ListValue(results, at);
    }

    // file(), fileexists() and templatefile() read files below the scanned directories, with the size limit.
    private static Value FileFunction(TerraformMachine machine, string name, List<Value> a, TextPosition at, Scope scope)
    {
        if (Str(a[0]) is not { } path)
        {
            return Unknown(a[0], at, name);
        }

        var full = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(machine.Root.Directory, path));
        if (!machine.MayRead(full))
        {
            return new UnknownValue($"{name}: {path} is outside the directories of the modules scanned, which is all Demarc reads", UnknownKind.DeployTime, at, path);
        }

        if (name == "fileexists")
        {
            return TerraformValues.Bool(File.Exists(full), at);
        }

        string text;
        try
        {
            var info = new FileInfo(full);
            if (!info.Exists)
            {
                return Invalid(at, $"{name}: no file {path}");
            }

            if (info.Length > machine.Limits.MaxBytes)
            {
                return Invalid(at, $"{name}: {path} is larger than {machine.Limits.MaxBytes:N0} bytes");
            }

            text = TextDecoding.DecodeUtf8(File.ReadAllBytes(full), machine.Limits);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ParseException)
        {
            return Invalid(at, $"{name}: cannot read {path} ({ex.Message})");
        }

        if (name == "file")
        {
            return TerraformValues.String(text, at);
        }

        if (a.Count != 2 || a[1] is not MapValue variables)
        {
            return a.Count == 2 && !a[1].IsKnown ? Unknown(a[1], at, name) : Invalid(at, "templatefile needs a path and a map of variables");
        }

        HclExpression template;
        try
        {
            template = HclParser.ParseTemplate(text, machine.Limits);
        }
        catch (ParseException ex)
        {
            return Invalid(at, $"templatefile: {path}:{ex.Position}: {ex.Message}");
        }

        // The template sees only its variables; values are reported at the call.
        var templateScope = new Scope(ModuleInstance.Detached(machine), "");
        foreach (var entry in variables.Entries)
        {
            templateScope = templateScope.With(entry.Key, entry.Value);
        }

        return TerraformValues.Relocate(machine.Eval(template, templateScope), at);
    }
}
