using System.Globalization;
using System.Text;
using System.Text.Json;
using Demarc.Parsing;
using Demarc.Scanning.Evaluation;

namespace Demarc.Scanning.Terraform;

/// <summary>
/// Helpers over <see cref="Value"/> for Terraform's expression language: text of scalars, equality, numbers,
/// JSON in and out, moving values to where they are used, and the final form a check sees.
/// </summary>
internal static class TerraformValues
{
    /// <summary>The largest JSON text decoded from a string attribute (policies, container definitions).</summary>
    public const int MaxJsonText = 1024 * 1024;

    public static ScalarValue String(string text, TextPosition at) => new(text, ScalarKind.String, at);

    public static ScalarValue Bool(bool value, TextPosition at) => new(value ? "true" : "false", ScalarKind.Boolean, at);

    public static ScalarValue Null(TextPosition at) => new("", ScalarKind.Null, at);

    public static ScalarValue Number(decimal value, TextPosition at) => new(FormatNumber(value), ScalarKind.Number, at);

    public static ScalarValue Number(long value, TextPosition at) => new(value.ToString(CultureInfo.InvariantCulture), ScalarKind.Number, at);

    public static string FormatNumber(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    /// <summary>A number as Terraform writes it (<c>1.50</c> stays a number whose text is <c>1.5</c>).</summary>
    public static bool TryNumber(Value value, out decimal number)
    {
        number = 0;
        return value is ScalarValue { Kind: not ScalarKind.Null } s
            && (s.Kind is ScalarKind.Number or ScalarKind.String)
            && decimal.TryParse(s.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    /// <summary>The text of a known scalar as Terraform converts it to a string; null when it is not a known scalar or is null.</summary>
    public static string? Text(Value value) => value switch
    {
        ScalarValue { Kind: ScalarKind.Null } => null,
        ScalarValue { Kind: ScalarKind.Number } n when decimal.TryParse(n.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => FormatNumber(d),
        ScalarValue s => s.Text,
        JsonTextValue json when json.IsKnown => json.Text(),
        _ => null,
    };

    /// <summary>Why a value is not known, in words.</summary>
    public static string Reason(Value value) => value switch
    {
        UnknownValue u => u.Reason,
        ReferenceValue r => r.Reason,
        TextValue t => t.Reason,
        AlternativesValue a => a.Reason,
        ResourceObjectValue r => r.Reason,
        UnknownCollectionValue c => c.Reason,
        JsonTextValue j => Reason(FirstUnknown(j.Structure) ?? j.Structure),
        ListValue or MapValue => FirstUnknown(value) is { } inner ? Reason(inner) : "part of the value is known only after apply",
        _ => "the value is known only after apply",
    };

    /// <summary>The first part of a value that is not known, or null.</summary>
    public static Value? FirstUnknown(Value value)
    {
        switch (value)
        {
            case ListValue list:
                foreach (var item in list.Values)
                {
                    if (FirstUnknown(item) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case MapValue map:
                foreach (var entry in map.Entries)
                {
                    if (FirstUnknown(entry.Value) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonTextValue json:
                return FirstUnknown(json.Structure);
            default:
                return value.IsKnown ? null : value;
        }
    }

    /// <summary>An unknown that carries the reason another value is unknown.</summary>
    public static UnknownValue UnknownLike(Value value, TextPosition at) => value switch
    {
        UnknownValue u => new UnknownValue(u.Reason, u.Kind, at, u.Source, u.Candidates),
        ReferenceValue r => new UnknownValue(r.Reason, UnknownKind.DeployTime, at, r.LogicalId),
        _ => new UnknownValue(Reason(value), UnknownKind.DeployTime, at),
    };

    /// <summary>
    /// Equality as Terraform's <c>==</c>: known values compare by type and content (numbers by value); unknown parts make
    /// the answer unknown.
    /// </summary>
    public static Truth Equal(Value left, Value right, TextPosition at)
    {
        if (left is JsonTextValue jl && jl.IsKnown)
        {
            left = String(jl.Text(), jl.Position);
        }

        if (right is JsonTextValue jr && jr.IsKnown)
        {
            right = String(jr.Text(), jr.Position);
        }

        switch (left, right)
        {
            case (ScalarValue a, ScalarValue b):
                if (a.Kind == ScalarKind.Null || b.Kind == ScalarKind.Null)
                {
                    return Truth.Known(a.Kind == b.Kind, at);
                }

                if (a.Kind == ScalarKind.Number && b.Kind == ScalarKind.Number && TryNumber(a, out var x) && TryNumber(b, out var y))
                {
                    return Truth.Known(x == y, at);
                }

                return Truth.Known(a.Kind == b.Kind && a.Text == b.Text, at);
            case (ListValue a, ListValue b):
                if (a.Values.Count != b.Values.Count && a.IsKnown && b.IsKnown)
                {
                    return Truth.Known(false, at);
                }

                return a.Values.Count != b.Values.Count
                    ? Truth.Known(false, at)
                    : Truth.All([.. a.Values.Zip(b.Values, (p, q) => Equal(p, q, at))], at);
            case (MapValue a, MapValue b):
                if (a.Entries.Count != b.Entries.Count || a.Keys.Order(StringComparer.Ordinal).SequenceEqual(b.Keys.Order(StringComparer.Ordinal)) is false)
                {
                    return Truth.Known(false, at);
                }

                return Truth.All([.. a.Entries.Select(e => b.TryGet(e.Key, out var other) ? Equal(e.Value, other, at) : Truth.Known(false, at))], at);
            case (AbsentValue, _) or (_, AbsentValue):
                return Truth.Known(left is AbsentValue && right is AbsentValue, at);
        }

        if (!left.IsKnown || !right.IsKnown)
        {
            var unknown = left.IsKnown ? right : left;
            if (unknown is UnknownValue { Candidates.Count: > 0 } candidates && (left.IsKnown || right.IsKnown))
            {
                var known = left.IsKnown ? left : right;
                var answers = candidates.Candidates.Select(c => Equal(c, known, at)).Distinct().ToList();
                if (answers.Count == 1 && !answers[0].IsUnknown)
                {
                    return answers[0];
                }
            }

            return Truth.Unknown(Reason(unknown), at);
        }

        // Different kinds of known values (a list and a string) are never equal.
        return Truth.Known(false, at);
    }

    /// <summary>
    /// A copy of a value with every position moved to <paramref name="at"/>: a value read in another file (a variable's
    /// default, a local of another file, a module's argument) is reported where it is used.
    /// </summary>
    public static Value Relocate(Value value, TextPosition at)
    {
        return value switch
        {
            ScalarValue s => new ScalarValue(s.Text, s.Kind, at),
            ListValue list => new ListValue(RelocateAll(list.Values, at), at),
            MapValue map => new MapValue(RelocateEntries(map.Entries, at), at),
            UnknownValue u => new UnknownValue(u.Reason, u.Kind, at, u.Source, u.Candidates),
            ReferenceValue r => new ReferenceValue(r.LogicalId, r.Attribute, r.TargetType, at),
            TextValue t => new TextValue(RelocateAll(t.Parts, at), at),
            AlternativesValue a => new AlternativesValue([.. a.Branches.Select(b => b with { Value = Relocate(b.Value, at) })], a.Condition, a.Reason, at),
            AbsentValue a => new AbsentValue(at, a.Removed),
            JsonTextValue j => new JsonTextValue(Relocate(j.Structure, at), at),
            ResourceObjectValue r => r.At(at),
            UnknownCollectionValue c => c.At(at),
            ModuleObjectValue m => m.At(at),
            _ => value,
        };
    }

    /// <summary>A map's entries in the order Terraform iterates a map: by key, ordinal (stable for repeated keys).</summary>
    public static MapEntry[] ByKey(MapValue map)
    {
        var sorted = new (MapEntry Entry, int Index)[map.Entries.Count];
        for (var i = 0; i < sorted.Length; i++)
        {
            sorted[i] = (map.Entries[i], i);
        }

        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Entry.Key, b.Entry.Key) is var order and not 0 ? order : a.Index.CompareTo(b.Index));
        var entries = new MapEntry[sorted.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = sorted[i].Entry;
        }

        return entries;
    }

    // Exact-size arrays in loops: a value used in many places (a local of tags) is copied for each use.
    private static Value[] RelocateAll(IReadOnlyList<Value> values, TextPosition at)
    {
        var result = new Value[values.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Relocate(values[i], at);
        }

        return result;
    }

    private static MapEntry[] RelocateEntries(IReadOnlyList<MapEntry> entries, TextPosition at)
    {
        var result = new MapEntry[entries.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new MapEntry(entries[i].Key, at, Relocate(entries[i].Value, at));
        }

        return result;
    }

    /// <summary>Reads JSON text into values positioned at <paramref name="at"/>; null when it is not valid JSON within the limits.</summary>
    public static Value? FromJsonText(string text, TextPosition at, ParseLimits limits)
    {
        try
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var document = JsonTreeReader.Read(bytes, limits with { MaxBytes = Math.Min(limits.MaxBytes, MaxJsonText) }).Document;
            return FromSyntax(document, _ => at);
        }
        catch (ParseException)
        {
            return null;
        }
    }

    /// <summary>Converts a JSON syntax tree (plan JSON, a decoded string) into values; <paramref name="position"/> gives each node's position.</summary>
    public static Value FromSyntax(SyntaxNode node, Func<SyntaxNode, TextPosition> position)
    {
        var at = position(node);
        switch (node)
        {
            case MappingNode map:
                var entries = new MapEntry[map.Entries.Count];
                for (var i = 0; i < entries.Length; i++)
                {
                    var entry = map.Entries[i];
                    entries[i] = new MapEntry(entry.Key.Value, position(entry.Key), FromSyntax(entry.Value, position));
                }

                return new MapValue(entries, at);
            case SequenceNode list:
                var items = new Value[list.Items.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = FromSyntax(list.Items[i], position);
                }

                return new ListValue(items, at);
            case ScalarNode scalar when scalar.IsPlain:
                return scalar.Value switch
                {
                    "null" => Null(at),
                    "true" or "false" => new ScalarValue(scalar.Value, ScalarKind.Boolean, at),
                    _ => new ScalarValue(scalar.Value, ScalarKind.Number, at),
                };
            case ScalarNode scalar:
                return String(scalar.Value, at);
            default:
                return Null(at);
        }
    }

    /// <summary>JSON text of a known value (Terraform's <c>jsonencode</c>: object keys sorted, no spaces).</summary>
    public static string ToJson(Value value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteJson(writer, value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteJson(Utf8JsonWriter writer, Value value)
    {
        switch (value)
        {
            case MapValue map:
                writer.WriteStartObject();
                foreach (var entry in map.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
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
            case ScalarValue { Kind: ScalarKind.Null } or AbsentValue:
                writer.WriteNullValue();
                break;
            case ScalarValue { Kind: ScalarKind.Boolean } b:
                writer.WriteBooleanValue(b.Text == "true");
                break;
            case ScalarValue { Kind: ScalarKind.Number } n when decimal.TryParse(n.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d):
                writer.WriteRawValue(FormatNumber(d));
                break;
            case ScalarValue s:
                writer.WriteStringValue(s.Text);
                break;
            case JsonTextValue json:
                WriteJson(writer, json.Structure);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    /// <summary>
    /// The form a check sees: resource and module objects become references, <c>jsonencode(...)</c> results and strings
    /// holding JSON objects or arrays (policies, container definitions) become the decoded document, and a list holding
    /// exactly one object (a nested block written once; plan JSON writes every block as a list) reads as that object.
    /// </summary>
    public static Value Finalize(Value value, ParseLimits limits, int depth = 0)
    {
        if (depth > limits.MaxDepth)
        {
            return new UnknownValue($"nested deeper than {limits.MaxDepth} levels", UnknownKind.Invalid, value.Position);
        }

        switch (value)
        {
            case ScalarValue { Kind: ScalarKind.String } s when LooksLikeJson(s.Text):
                return FromJsonText(s.Text, s.Position, limits) is { } decoded ? Finalize(decoded, limits, depth + 1) : s;
            case JsonTextValue json:
                return Finalize(json.Structure, limits, depth + 1);
            case ResourceObjectValue resource:
                return new ReferenceValue(resource.Address, null, resource.Type, resource.Position);
            case UnknownCollectionValue collection:
                return new UnknownValue(collection.Reason, UnknownKind.DeployTime, collection.Position);
            case ModuleObjectValue module:
                return new UnknownValue($"the whole object of module `{module.Address}`", UnknownKind.DeployTime, module.Position);
            case ListValue list:
            {
                // Copy on write: most values need no change, and plans are large.
                Value[]? items = null;
                for (var i = 0; i < list.Values.Count; i++)
                {
                    var finalized = Finalize(list.Values[i], limits, depth + 1);
                    if (items is null && !ReferenceEquals(finalized, list.Values[i]))
                    {
                        items = new Value[list.Values.Count];
                        for (var j = 0; j < i; j++)
                        {
                            items[j] = list.Values[j];
                        }
                    }

                    if (items is not null)
                    {
                        items[i] = finalized;
                    }
                }

                var result = items is null ? list : new ListValue(items, list.Position);
                return result.Values.Count == 1 && result.Values[0] is MapValue only ? only : result;
            }

            case MapValue map:
            {
                MapEntry[]? entries = null;
                for (var i = 0; i < map.Entries.Count; i++)
                {
                    var entry = map.Entries[i];
                    var finalized = Finalize(entry.Value, limits, depth + 1);
                    if (entries is null && !ReferenceEquals(finalized, entry.Value))
                    {
                        entries = new MapEntry[map.Entries.Count];
                        for (var j = 0; j < i; j++)
                        {
                            entries[j] = map.Entries[j];
                        }
                    }

                    if (entries is not null)
                    {
                        entries[i] = entry with { Value = finalized };
                    }
                }

                return entries is null ? map : new MapValue(entries, map.Position);
            }

            case AlternativesValue alternatives:
                return FinalizeAlternatives(alternatives, limits, depth);
            case TextValue text:
                return FinalizeText(text, limits, depth);
            default:
                return value;
        }
    }

    // Apart from Finalize: a lambda there would make every call allocate its captured variables, lambda used or not.
    private static Value FinalizeAlternatives(AlternativesValue alternatives, ParseLimits limits, int depth) =>
        alternatives.Map(v => Finalize(v, limits, depth + 1));

    private static TextValue FinalizeText(TextValue text, ParseLimits limits, int depth) =>
        new([.. text.Parts.Select(p => p is ScalarValue ? p : Finalize(p, limits, depth + 1))], text.Position);

    private static bool LooksLikeJson(string text)
    {
        if (text.Length < 2 || text.Length > MaxJsonText)
        {
            return false;
        }

        var first = 0;
        while (first < text.Length && char.IsWhiteSpace(text[first]))
        {
            first++;
        }

        if (first >= text.Length || (text[first] != '{' && text[first] != '['))
        {
            return false;
        }

        var last = text.Length - 1;
        while (last > first && char.IsWhiteSpace(text[last]))
        {
            last--;
        }

        return (text[first] == '{' && text[last] == '}') || (text[first] == '[' && text[last] == ']');
    }
}

/// <summary>
/// The result of <c>jsonencode(...)</c> (and of a policy document data source's <c>json</c>): a string whose content
/// is the JSON of <see cref="Structure"/>. Kept as the structure, so a policy that refers to a bucket's ARN can still
/// be read statement by statement; a check sees the structure (see <see cref="TerraformValues.Finalize"/>).
/// </summary>
internal sealed class JsonTextValue(Value structure, TextPosition position) : Value(position)
{
    public Value Structure { get; } = structure;

    public override bool IsKnown => Structure.IsKnown;

    public string Text() => TerraformValues.ToJson(Structure);

    public override Truth Is(Func<ScalarValue, bool> predicate) =>
        IsKnown ? Truth.Known(predicate(TerraformValues.String(Text(), Position)), Position) : Truth.Unknown(TerraformValues.Reason(this), Position);

    public override string? AsString() => IsKnown ? Text() : null;

    internal override void Write(StringBuilder builder, int depth) => builder.Append("jsonencode(").Append(Structure.Display()).Append(')');
}

/// <summary>
/// A resource instance used as a value during evaluation (<c>aws_s3_bucket.logs</c>): its attributes are the configured
/// arguments where they are set, otherwise references known only after apply. Never seen by checks: it becomes a
/// <see cref="ReferenceValue"/>.
/// </summary>
internal sealed class ResourceObjectValue(string address, string type, Func<string, TextPosition, Value> attribute, TextPosition position) : Value(position)
{
    private readonly Func<string, TextPosition, Value> _attribute = attribute;

    public string Address { get; } = address;

    public string Type { get; } = type;

    public string Reason => $"resource `{Address}` is known only after apply";

    public override bool IsKnown => false;

    public ResourceObjectValue At(TextPosition at) => new(Address, Type, _attribute, at);

    public override Truth Is(Func<ScalarValue, bool> predicate) => Truth.Unknown(Reason, Position);

    protected internal override Value Child(string key) => _attribute(key, Position);

    internal override void Write(StringBuilder builder, int depth) => builder.Append(Address);
}

/// <summary>
/// The instances of a resource or module whose <c>count</c> or <c>for_each</c> is known only at apply: any one of them
/// (an index, a key, a splat) is the representative instance; the collection itself is unknown.
/// </summary>
internal sealed class UnknownCollectionValue(Value representative, string reason, TextPosition position) : Value(position)
{
    public Value Representative { get; } = representative;

    public string Reason { get; } = reason;

    public override bool IsKnown => false;

    public UnknownCollectionValue At(TextPosition at) => new(Representative, Reason, at);

    public override Truth IsPresent() => Truth.Unknown(Reason, Position);

    public override Truth Is(Func<ScalarValue, bool> predicate) => Truth.Unknown(Reason, Position);

    public override IReadOnlyList<Value> Items() => [new UnknownValue(Reason, UnknownKind.DeployTime, Position)];

    protected internal override Value Child(string key) => Representative;

    internal override void Write(StringBuilder builder, int depth) => builder.Append("<unknown instances>");
}

/// <summary>A module instance used as a value (<c>module.db</c>): its attributes are its outputs.</summary>
internal sealed class ModuleObjectValue(string address, Func<string, TextPosition, Value> output, TextPosition position) : Value(position)
{
    private readonly Func<string, TextPosition, Value> _output = output;

    public string Address { get; } = address;

    public override bool IsKnown => false;

    public ModuleObjectValue At(TextPosition at) => new(Address, _output, at);

    public override Truth Is(Func<ScalarValue, bool> predicate) => Truth.Unknown($"module `{Address}` as a whole", Position);

    protected internal override Value Child(string key) => _output(key, Position);

    internal override void Write(StringBuilder builder, int depth) => builder.Append(Address);
}

/// <summary>
/// The entries of a map being built, where a later key replaces the value of an earlier one in its place (object
/// constructors, <c>merge</c>). Small maps are scanned; a hash index takes over for large ones, so hostile input with
/// many keys stays linear.
/// </summary>
internal sealed class MapBuilder(int capacity)
{
    private const int ScanLimit = 8;
    private Dictionary<string, int>? _index;

    /// <summary>The entries in order of each key's first appearance.</summary>
    public List<MapEntry> Entries { get; } = new(capacity);

    /// <summary>Adds an entry, or replaces the entry of the same key.</summary>
    public void Set(MapEntry entry)
    {
        var existing = IndexOf(entry.Key);
        if (existing >= 0)
        {
            Entries[existing] = entry;
            return;
        }

        Add(entry);
    }

    /// <summary>Adds an entry unless its key is there already (then false, and nothing changes).</summary>
    public bool TryAdd(MapEntry entry)
    {
        if (IndexOf(entry.Key) >= 0)
        {
            return false;
        }

        Add(entry);
        return true;
    }

    private void Add(MapEntry entry)
    {
        Entries.Add(entry);
        if (_index is not null)
        {
            _index[entry.Key] = Entries.Count - 1;
        }
        else if (Entries.Count > ScanLimit)
        {
            _index = new Dictionary<string, int>(Entries.Count * 2, StringComparer.Ordinal);
            for (var i = 0; i < Entries.Count; i++)
            {
                _index[Entries[i].Key] = i;
            }
        }
    }

    private int IndexOf(string key)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(key, out var found) ? found : -1;
        }

        for (var i = 0; i < Entries.Count; i++)
        {
            if (Entries[i].Key == key)
            {
                return i;
            }
        }

        return -1;
    }
}
