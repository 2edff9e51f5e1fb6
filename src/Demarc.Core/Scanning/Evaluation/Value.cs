using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Demarc.Parsing;

namespace Demarc.Scanning.Evaluation;

/// <summary>
/// An evaluated template value: what a property is once parameters, conditions and intrinsic functions have been
/// resolved as far as can be known before deployment. Every value remembers the position in the template where it
/// was written (for a value that came from a parameter, where the parameter is used).
/// </summary>
/// <remarks>
/// The kinds: <see cref="ScalarValue"/>, <see cref="ListValue"/>, <see cref="MapValue"/> (known);
/// <see cref="UnknownValue"/> (deploy-time only, with the reason); <see cref="AlternativesValue"/> (an <c>Fn::If</c>
/// whose condition is unknown: every branch is kept); <see cref="ReferenceValue"/> (a <c>Ref</c> or <c>Fn::GetAtt</c>
/// to another resource of the template); <see cref="TextValue"/> (a string built from known text and deploy-time
/// parts, as <c>Fn::Sub</c> makes); <see cref="AbsentValue"/> (not written, or removed by <c>AWS::NoValue</c>).
/// Questions (<see cref="Is(Func{ScalarValue, bool})"/>, <see cref="Every"/>, …) answer with a <see cref="Truth"/>
/// that is unknown whenever the answer depends on something unknown.
/// </remarks>
public abstract class Value(TextPosition position)
{
    /// <summary>Where the value was written.</summary>
    public TextPosition Position { get; } = position;

    /// <summary>True when the value and everything inside it is known (no unknown, alternative or reference).</summary>
    public abstract bool IsKnown { get; }

    /// <summary>True for a property that is not set (never written, or removed by <c>AWS::NoValue</c>).</summary>
    public bool IsAbsent => this is AbsentValue;

    /// <summary>
    /// The value at a dotted path below this one (<c>"BucketEncryption.ServerSideEncryptionConfiguration"</c>);
    /// a number segment indexes a list (<c>"Rules.0.Status"</c>). Navigating into alternatives gives alternatives
    /// of the results; into an unknown gives that unknown; a path that does not exist gives an <see cref="AbsentValue"/>
    /// positioned at the deepest value that does.
    /// </summary>
    public Value Get(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length > 0 && !path.Contains('.', StringComparison.Ordinal))
        {
            // One key (most paths checks read): no split, no array.
            return Child(path);
        }

        var current = this;
        foreach (var segment in Segments(path))
        {
            current = current.Child(segment);
        }

        return current;
    }

    // Checks read the same few dotted paths on every resource: each is split once. The cache is bounded, as paths
    // also come from templates.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> SplitPaths = new(StringComparer.Ordinal);

    private static string[] Segments(string path)
    {
        if (SplitPaths.TryGetValue(path, out var segments))
        {
            return segments;
        }

        segments = path.Split('.', StringSplitOptions.RemoveEmptyEntries);
        if (SplitPaths.Count < 4096)
        {
            SplitPaths.TryAdd(path, segments);
        }

        return segments;
    }

    /// <summary>The value of one key (or list index) below this one; see <see cref="Get"/>.</summary>
    public Value this[string key] => Child(key);

    /// <summary>One step of <see cref="Get"/>.</summary>
    protected internal virtual Value Child(string key) => new AbsentValue(Position);

    /// <summary>
    /// The items of a list. Items that exist only under a condition come as <see cref="AlternativesValue"/> with an
    /// absent branch; an unknown list gives one unknown item (so a question over the items is unknown); an absent
    /// value gives none; any other single value is a list of itself.
    /// </summary>
    public virtual IReadOnlyList<Value> Items() => [this];

    /// <summary>True when the property is set (even to a value known only at deployment); false when absent or null.</summary>
    public virtual Truth IsPresent() => Truth.Known(true, Position);

    /// <summary>
    /// Asks a question of a scalar. Known scalars answer; an absent, null, list or map value answers false; an unknown
    /// answers unknown (unless every value it may take gives the same answer); alternatives answer only when every
    /// branch agrees.
    /// </summary>
    public abstract Truth Is(Func<ScalarValue, bool> predicate);

    /// <summary>Equals a text (ordinal, case-sensitive unless a comparison is given).</summary>
    public Truth Is(string text, StringComparison comparison = StringComparison.Ordinal) => Is(s => string.Equals(s.Text, text, comparison));

    /// <summary>Equals one of the texts.</summary>
    public Truth IsOneOf(IEnumerable<string> texts, StringComparison comparison = StringComparison.Ordinal)
    {
        var list = texts.ToList();
        return Is(s => list.Exists(t => string.Equals(s.Text, t, comparison)));
    }

    /// <summary>Is a boolean true (<c>true</c>, or the string <c>"true"</c> in any case, as CloudFormation accepts).</summary>
    public Truth IsTrue() => Is(s => s.AsBool() == true);

    /// <summary>Is a boolean false.</summary>
    public Truth IsFalse() => Is(s => s.AsBool() == false);

    /// <summary>Matches a regular expression.</summary>
    public Truth Matches(Regex regex)
    {
        ArgumentNullException.ThrowIfNull(regex);
        return Is(s => regex.IsMatch(s.Text));
    }

    /// <summary>
    /// Asks any question of the value, once per alternative when it is an <see cref="AlternativesValue"/> (the answers
    /// are combined: known only when every branch agrees). Other values are passed to <paramref name="test"/> as they are.
    /// </summary>
    public virtual Truth Test(Func<Value, Truth> test)
    {
        ArgumentNullException.ThrowIfNull(test);
        return test(this);
    }

    /// <summary>
    /// Every item of the list passes: items that exist only under a condition count as passing where they are absent.
    /// An absent list passes (nothing fails); an unknown list is unknown.
    /// </summary>
    public Truth Every(Func<Value, Truth> test)
    {
        ArgumentNullException.ThrowIfNull(test);
        return Truth.All(Items().Select(item => ItemTruth(item, test, vacuous: true)), Position);
    }

    /// <summary>
    /// Some item of the list passes: items that exist only under a condition count as failing where they are absent.
    /// An absent list has none; an unknown list is unknown.
    /// </summary>
    public Truth Some(Func<Value, Truth> test)
    {
        ArgumentNullException.ThrowIfNull(test);
        return Truth.Any(Items().Select(item => ItemTruth(item, test, vacuous: false)), Position);
    }

    /// <summary>This value, or a known default where it is absent or null (per branch for alternatives).</summary>
    public virtual Value OrDefault(string text, ScalarKind kind = ScalarKind.String) => this;

    /// <summary>This value, or a boolean default where it is absent or null.</summary>
    public Value OrDefault(bool value) => OrDefault(value ? "true" : "false", ScalarKind.Boolean);

    /// <summary>This value, or a number default where it is absent or null.</summary>
    public Value OrDefault(long value) => OrDefault(value.ToString(CultureInfo.InvariantCulture), ScalarKind.Number);

    /// <summary>The text of a known scalar, else null.</summary>
    public virtual string? AsString() => null;

    /// <summary>The boolean of a known scalar (<c>true</c>, or the strings <c>true</c>/<c>false</c> in any case), else null.</summary>
    public virtual bool? AsBool() => null;

    /// <summary>The integer of a known scalar, else null.</summary>
    public virtual long? AsInteger() => null;

    /// <summary>The number of a known scalar, else null.</summary>
    public virtual double? AsNumber() => null;

    /// <summary>Every reference to another resource inside this value (for following a rule to its security group).</summary>
    public IEnumerable<ReferenceValue> References()
    {
        var stack = new Stack<Value>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var value = stack.Pop();
            switch (value)
            {
                case ReferenceValue reference:
                    yield return reference;
                    break;
                case TextValue text:
                    foreach (var part in text.Parts)
                    {
                        stack.Push(part);
                    }

                    break;
                case ListValue list:
                    for (var i = list.Values.Count - 1; i >= 0; i--)
                    {
                        stack.Push(list.Values[i]);
                    }

                    break;
                case MapValue map:
                    for (var i = map.Entries.Count - 1; i >= 0; i--)
                    {
                        stack.Push(map.Entries[i].Value);
                    }

                    break;
                case AlternativesValue alternatives:
                    for (var i = alternatives.Branches.Count - 1; i >= 0; i--)
                    {
                        stack.Push(alternatives.Branches[i].Value);
                    }

                    break;
            }
        }
    }

    /// <summary>A short text for messages: known scalars as written, references as <c>!Ref X</c>, unknowns as <c>&lt;unknown&gt;</c>.</summary>
    public string Display()
    {
        var builder = new StringBuilder();
        Write(builder, 0);
        return builder.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Display();

    internal abstract void Write(StringBuilder builder, int depth);

    private static Truth ItemTruth(Value item, Func<Value, Truth> test, bool vacuous) => item switch
    {
        AbsentValue => Truth.Known(vacuous, item.Position),
        AlternativesValue alternatives => Truth.AcrossAlternatives(
            [.. alternatives.Branches.Select(b => (b.When, ItemTruth(b.Value, test, vacuous)))],
            alternatives.Reason,
            alternatives.Position),
        _ => test(item),
    };
}

/// <summary>How a scalar was written.</summary>
public enum ScalarKind
{
    /// <summary>Text.</summary>
    String,

    /// <summary>A number, kept as written.</summary>
    Number,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>A null (<c>null</c>, <c>~</c> or nothing in YAML).</summary>
    Null,
}

/// <summary>A known scalar: text, number, boolean or null, kept as text the way CloudFormation treats it.</summary>
public sealed class ScalarValue(string text, ScalarKind kind, TextPosition position) : Value(position)
{
    /// <summary>The text (numbers and booleans as written; empty for null).</summary>
    public string Text { get; } = text;

    /// <summary>How it was written.</summary>
    public ScalarKind Kind { get; } = kind;

    /// <inheritdoc />
    public override bool IsKnown => true;

    /// <summary>A string scalar.</summary>
    public static ScalarValue String(string text, TextPosition position) => new(text, ScalarKind.String, position);

    /// <inheritdoc />
    public override string? AsString() => Kind == ScalarKind.Null ? null : Text;

    /// <inheritdoc />
    public override bool? AsBool() =>
        Text.Equals("true", StringComparison.OrdinalIgnoreCase) ? true
        : Text.Equals("false", StringComparison.OrdinalIgnoreCase) ? false
        : null;

    /// <inheritdoc />
    public override long? AsInteger() => long.TryParse(Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <inheritdoc />
    public override double? AsNumber() => double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <inheritdoc />
    public override Truth IsPresent() => Truth.Known(Kind != ScalarKind.Null, Position);

    /// <inheritdoc />
    public override Truth Is(Func<ScalarValue, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return Truth.Known(Kind != ScalarKind.Null && predicate(this), Position);
    }

    /// <inheritdoc />
    public override IReadOnlyList<Value> Items() => Kind == ScalarKind.Null ? [] : [this];

    /// <inheritdoc />
    public override Value OrDefault(string text, ScalarKind kind = ScalarKind.String) =>
        Kind == ScalarKind.Null ? new ScalarValue(text, kind, Position) : this;

    internal override void Write(StringBuilder builder, int depth) => builder.Append(Kind == ScalarKind.Null ? "null" : Text);
}

/// <summary>A list.</summary>
public sealed class ListValue(IReadOnlyList<Value> values, TextPosition position) : Value(position)
{
    private bool? _known;

    /// <summary>The items as written (conditional items included as alternatives; see <see cref="Value.Items"/>).</summary>
    public IReadOnlyList<Value> Values { get; } = values;

    /// <inheritdoc />
    public override bool IsKnown => _known ??= Values.All(v => v.IsKnown);

    /// <inheritdoc />
    public override IReadOnlyList<Value> Items() => Values;

    /// <inheritdoc />
    public override Truth Is(Func<ScalarValue, bool> predicate) => Truth.Known(false, Position);

    /// <inheritdoc />
    protected internal override Value Child(string key) =>
        int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < Values.Count
            ? Values[index]
            : new AbsentValue(Position);

    internal override void Write(StringBuilder builder, int depth)
    {
        if (depth > 3)
        {
            builder.Append("[…]");
            return;
        }

        builder.Append('[');
        for (var i = 0; i < Values.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            Values[i].Write(builder, depth + 1);
        }

        builder.Append(']');
    }
}

/// <summary>One key of a map, with where the key was written.</summary>
public readonly record struct MapEntry(string Key, TextPosition KeyPosition, Value Value);

/// <summary>A map with string keys in document order (keys compare ordinally, as CloudFormation's do).</summary>
public sealed class MapValue(IReadOnlyList<MapEntry> entries, TextPosition position) : Value(position)
{
    private Dictionary<string, int>? _index;
    private bool? _known;

    /// <summary>The entries in document order.</summary>
    public IReadOnlyList<MapEntry> Entries { get; } = entries;

    /// <summary>The keys in document order.</summary>
    public IEnumerable<string> Keys => Entries.Select(e => e.Key);

    /// <inheritdoc />
    public override bool IsKnown => _known ??= Entries.All(e => e.Value.IsKnown);

    /// <summary>The value of a key.</summary>
    public bool TryGet(string key, out Value value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? Entries[index].Value : null!;
        return index >= 0;
    }

    /// <summary>The entry of a key (for the key's position), or null.</summary>
    public MapEntry? Entry(string key)
    {
        var index = IndexOf(key);
        return index >= 0 ? Entries[index] : null;
    }

    /// <inheritdoc />
    public override Truth Is(Func<ScalarValue, bool> predicate) => Truth.Known(false, Position);

    /// <inheritdoc />
    protected internal override Value Child(string key) => TryGet(key, out var value) ? value : new AbsentValue(Position);

    private int IndexOf(string key)
    {
        if (Entries.Count <= 8)
        {
            for (var i = 0; i < Entries.Count; i++)
            {
                if (string.Equals(Entries[i].Key, key, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        if (_index is null)
        {
            var index = new Dictionary<string, int>(Entries.Count, StringComparer.Ordinal);
            for (var i = 0; i < Entries.Count; i++)
            {
                index.TryAdd(Entries[i].Key, i);
            }

            _index = index;
        }

        return _index.TryGetValue(key, out var found) ? found : -1;
    }

    internal override void Write(StringBuilder builder, int depth)
    {
        if (depth > 3)
        {
            builder.Append("{…}");
            return;
        }

        builder.Append('{');
        for (var i = 0; i < Entries.Count; i++)
        {
            builder.Append(i > 0 ? ", " : "").Append(Entries[i].Key).Append(": ");
            Entries[i].Value.Write(builder, depth + 1);
        }

        builder.Append('}');
    }
}

/// <summary>Why a value is unknown before deployment.</summary>
public enum UnknownKind
{
    /// <summary>A parameter without a default (and no override), or of a type resolved at deployment (SSM parameter types).</summary>
    Parameter,

    /// <summary>A pseudo-parameter such as <c>AWS::AccountId</c> or <c>AWS::Region</c> that was not given.</summary>
    PseudoParameter,

    /// <summary><c>Fn::ImportValue</c>: another stack's export.</summary>
    Import,

    /// <summary>A dynamic reference (<c>{{resolve:ssm:…}}</c>, <c>{{resolve:secretsmanager:…}}</c>) resolved at deployment.</summary>
    DynamicReference,

    /// <summary>The output of a macro (<c>Fn::Transform</c>, a template-level transform other than SAM and language extensions).</summary>
    Macro,

    /// <summary>Something else only the deployment knows (<c>Fn::GetAZs</c>, an attribute of a resource outside the template).</summary>
    DeployTime,

    /// <summary>An expression that could not be evaluated because it is malformed (also reported as a diagnostic).</summary>
    Invalid,
}

/// <summary>
/// A value known only at deployment, with the reason in words (<c>depends on parameter `DbEncrypted`, which has no
/// default</c>). Where the template limits what it may be (a parameter's <c>AllowedValues</c>, the values of a mapping),
/// <see cref="Candidates"/> lists them: a question that every candidate answers the same way is answered.
/// </summary>
public sealed class UnknownValue : Value
{
    private readonly string? _source;
    private readonly string? _subject;
    private readonly string? _context;
    private readonly Func<string, string?, string>? _describe;
    private readonly Func<string, string?, string?>? _describeSource;
    private string? _reason;

    /// <summary>An unknown value and why.</summary>
    public UnknownValue(string reason, UnknownKind kind, TextPosition position, string? source = null, IReadOnlyList<ScalarValue>? candidates = null)
        : base(position)
    {
        _reason = reason;
        Kind = kind;
        _source = source;
        Candidates = candidates ?? [];
    }

    // Reason and source written only when read: a plan has tens of thousands of unknown attributes (ids, ARNs), and
    // checks read few of them, so their words would be most of what reading the plan allocates.
    private UnknownValue(string subject, string? context, Func<string, string?, string> reason, Func<string, string?, string?>? source, UnknownKind kind, TextPosition position)
        : base(position)
    {
        (_subject, _context, _describe, _describeSource) = (subject, context, reason, source);
        Kind = kind;
        Candidates = [];
    }

    /// <summary>
    /// An unknown whose reason (and source) are made from <paramref name="subject"/> and <paramref name="context"/> when
    /// first read. Pass static lambdas: they allocate nothing.
    /// </summary>
    internal static UnknownValue Later(UnknownKind kind, TextPosition position, string subject, string? context,
        Func<string, string?, string> reason, Func<string, string?, string?>? source = null) =>
        new(subject, context, reason, source, kind, position);

    /// <summary>Why the value is unknown, in words.</summary>
    public string Reason => _reason ??= _describe!(_subject!, _context);

    /// <summary>What kind of deploy-time input it depends on.</summary>
    public UnknownKind Kind { get; }

    /// <summary>The name it depends on: the parameter, the export, the dynamic reference or the macro; null when none.</summary>
    public string? Source => _describeSource is { } source ? source(_subject!, _context) : _source;

    /// <summary>The values it may take, when the template limits them; empty when it may be anything.</summary>
    public IReadOnlyList<ScalarValue> Candidates { get; }

    /// <inheritdoc />
    public override bool IsKnown => false;

    /// <inheritdoc />
    public override Truth IsPresent() => Truth.Unknown(Reason, Position);

    /// <inheritdoc />
    public override Truth Is(Func<ScalarValue, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        if (Candidates.Count > 0)
        {
            var answers = Candidates.Select(predicate).Distinct().ToList();
            if (answers.Count == 1)
            {
                return Truth.Known(answers[0], Position);
            }

            return Truth.Unknown($"{Reason}; it may be {string.Join(", ", Candidates.Select(c => c.Text))}", Position);
        }

        return Truth.Unknown(Reason, Position);
    }

    /// <summary>An unknown navigated into stays unknown, for the same reason.</summary>
    protected internal override Value Child(string key) => this;

    internal override void Write(StringBuilder builder, int depth) =>
        builder.Append(Kind == UnknownKind.DynamicReference && Source is not null ? Source : "<unknown>");
}

/// <summary>
/// A reference to another resource of the template: <c>Ref</c> (its id; <see cref="Attribute"/> is null) or
/// <c>Fn::GetAtt</c> (an attribute). Its text is known only after deployment, but it is known to be set and to
/// point at that resource, so a check can follow it (<see cref="EvaluatedTemplate.Target"/>).
/// </summary>
public sealed class ReferenceValue(string logicalId, string? attribute, string? targetType, TextPosition position) : Value(position)
{
    /// <summary>The logical id of the resource referred to.</summary>
    public string LogicalId { get; } = logicalId;

    /// <summary>The attribute of <c>Fn::GetAtt</c>, or null for <c>Ref</c>.</summary>
    public string? Attribute { get; } = attribute;

    /// <summary>The type of the resource referred to.</summary>
    public string? TargetType { get; } = targetType;

    /// <summary>Why its text is unknown.</summary>
    public string Reason => Attribute is null
        ? $"the id of resource `{LogicalId}` is known only after deployment"
        : $"attribute {Attribute} of resource `{LogicalId}` is known only after deployment";

    /// <inheritdoc />
    public override bool IsKnown => false;

    /// <inheritdoc />
    public override Truth Is(Func<ScalarValue, bool> predicate) => Truth.Unknown(Reason, Position);

    internal override void Write(StringBuilder builder, int depth) =>
        builder.Append(Attribute is null ? $"!Ref {LogicalId}" : $"!GetAtt {LogicalId}.{Attribute}");
}

/// <summary>
/// A string made of known text and parts known only at deployment (what <c>Fn::Sub</c> or <c>Fn::Join</c> give when
/// some input is a reference or unknown), for example <c>arn:${AWS::Partition}:s3:::${Bucket}/*</c>.
/// </summary>
public sealed class TextValue(IReadOnlyList<Value> parts, TextPosition position) : Value(position)
{
    private Regex? _pattern;

    /// <summary>The parts in order: known <see cref="ScalarValue"/> text, <see cref="ReferenceValue"/> and <see cref="UnknownValue"/>.</summary>
    public IReadOnlyList<Value> Parts { get; } = parts;

    /// <summary>Why the text is unknown: the first part that is.</summary>
    public string Reason => Parts.FirstOrDefault(p => !p.IsKnown) switch
    {
        ReferenceValue r => r.Reason,
        UnknownValue u => u.Reason,
        _ => "part of the text is known only after deployment",
    };

    /// <inheritdoc />
    public override bool IsKnown => false;

    /// <inheritdoc />
    public override Truth Is(Func<ScalarValue, bool> predicate) => Truth.Unknown(Reason, Position);

    /// <summary>
    /// Whether the text could equal <paramref name="text"/> for some deployment (its known parts fixed, its unknown
    /// parts anything). <c>arn:aws:s3:::${Bucket}/*</c> can never be <c>*</c>.
    /// </summary>
    public bool CouldEqual(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _pattern ??= new Regex(
            "^" + string.Concat(Parts.Select(p => p is ScalarValue s ? Regex.Escape(s.Text) : "(?s:.*)")) + "$",
            RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1));
        return _pattern.IsMatch(text);
    }

    internal override void Write(StringBuilder builder, int depth)
    {
        foreach (var part in Parts)
        {
            if (part is ScalarValue s)
            {
                builder.Append(s.Text);
            }
            else
            {
                builder.Append("${");
                if (part is ReferenceValue r)
                {
                    builder.Append(r.LogicalId);
                    if (r.Attribute is not null)
                    {
                        builder.Append('.').Append(r.Attribute);
                    }
                }
                else if (part is UnknownValue { Source: { } source })
                {
                    builder.Append(source);
                }
                else
                {
                    builder.Append('?');
                }

                builder.Append('}');
            }
        }
    }
}

/// <summary>One branch of an <see cref="AlternativesValue"/>: when it applies, in words (<c>IsProd is true</c>), and its value.</summary>
public sealed record Alternative(string When, Value Value);

/// <summary>
/// The branches of an <c>Fn::If</c> whose condition is unknown before deployment: each is possible. A question is
/// answered only when every branch gives the same answer; otherwise it is unknown, saying which branch gives what.
/// Nested <c>Fn::If</c>s give one flat list of branches. Evaluation never enumerates combinations of conditions:
/// the branches are the ones written in the template.
/// </summary>
public sealed class AlternativesValue(IReadOnlyList<Alternative> branches, string condition, string reason, TextPosition position) : Value(position)
{
    /// <summary>The branches.</summary>
    public IReadOnlyList<Alternative> Branches { get; } = branches;

    /// <summary>The condition (or conditions) that decide between the branches.</summary>
    public string Condition { get; } = condition;

    /// <summary>Why the condition is unknown (<c>condition `IsProd` depends on parameter `Env`, which has no default</c>).</summary>
    public string Reason { get; } = reason;

    /// <inheritdoc />
    public override bool IsKnown => false;

    /// <inheritdoc />
    public override Truth IsPresent() => Combine(v => v.IsPresent());

    /// <inheritdoc />
    public override Truth Is(Func<ScalarValue, bool> predicate) => Combine(v => v.Is(predicate));

    /// <inheritdoc />
    public override Truth Test(Func<Value, Truth> test) => Combine(v => v.Test(test));

    /// <inheritdoc />
    public override IReadOnlyList<Value> Items()
    {
        var items = new List<Value>();
        foreach (var branch in Branches)
        {
            foreach (var item in branch.Value.Items())
            {
                items.Add(new AlternativesValue(
                    [new Alternative(branch.When, item), new Alternative($"not ({branch.When})", new AbsentValue(item.Position, removed: true))],
                    Condition,
                    Reason,
                    item.Position));
            }
        }

        return items;
    }

    /// <inheritdoc />
    public override Value OrDefault(string text, ScalarKind kind = ScalarKind.String) =>
        Map(v => v.OrDefault(text, kind));

    /// <summary>The same branches with each value transformed.</summary>
    public Value Map(Func<Value, Value> transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        return Create([.. Branches.Select(b => b with { Value = transform(b.Value) })], Condition, Reason, Position);
    }

    /// <summary>Builds alternatives, collapsing them to one value when every branch is the same known scalar or absent.</summary>
    public static Value Create(IReadOnlyList<Alternative> branches, string condition, string reason, TextPosition position)
    {
        ArgumentNullException.ThrowIfNull(branches);
        if (branches.Count == 1)
        {
            return branches[0].Value;
        }

        var first = branches[0].Value;
        if (first is AbsentValue && branches.All(b => b.Value is AbsentValue))
        {
            return first;
        }

        if (first is ScalarValue s && branches.All(b => b.Value is ScalarValue o && o.Kind == s.Kind && o.Text == s.Text))
        {
            return first;
        }

        return new AlternativesValue(branches, condition, reason, position);
    }

    /// <inheritdoc />
    protected internal override Value Child(string key) => Map(v => v.Child(key));

    private Truth Combine(Func<Value, Truth> question) =>
        Truth.AcrossAlternatives([.. Branches.Select(b => (b.When, question(b.Value)))], Reason, Position);

    internal override void Write(StringBuilder builder, int depth)
    {
        builder.Append("!If ").Append(Condition).Append(" [");
        for (var i = 0; i < Branches.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(" | ");
            }

            Branches[i].Value.Write(builder, depth + 1);
        }

        builder.Append(']');
    }
}

/// <summary>
/// A property that is not set: never written, or removed by <c>Ref: AWS::NoValue</c>. Positioned at the deepest value
/// that exists (the map it is missing from), so a finding about a missing property points at its resource.
/// </summary>
public sealed class AbsentValue(TextPosition position, bool removed = false) : Value(position)
{
    /// <summary>True when <c>AWS::NoValue</c> removed it; false when it was never written.</summary>
    public bool Removed { get; } = removed;

    /// <inheritdoc />
    public override bool IsKnown => true;

    /// <inheritdoc />
    public override Truth IsPresent() => Truth.Known(false, Position);

    /// <inheritdoc />
    public override Truth Is(Func<ScalarValue, bool> predicate) => Truth.Known(false, Position);

    /// <inheritdoc />
    public override IReadOnlyList<Value> Items() => [];

    /// <inheritdoc />
    public override Value OrDefault(string text, ScalarKind kind = ScalarKind.String) => new ScalarValue(text, kind, Position);

    /// <inheritdoc />
    protected internal override Value Child(string key) => this;

    internal override void Write(StringBuilder builder, int depth) => builder.Append("(not set)");
}
