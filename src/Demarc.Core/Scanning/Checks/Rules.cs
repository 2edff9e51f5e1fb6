using System.Globalization;
using System.Text.RegularExpressions;
using Demarc.Parsing;
using Demarc.Scanning.Evaluation;

namespace Demarc.Scanning.Checks;

/// <summary>
/// A declarative rule over a resource's evaluated properties, as written in <c>data/checks/*.yaml</c>: a comparison
/// of one property, a quantifier over a list, or a combination. Three-valued: a rule on a value known only at
/// deployment is unknown, never true.
/// </summary>
public abstract record Rule
{
    /// <summary>Evaluates the rule on a value (a resource's <c>Properties</c>, or an item of a list).</summary>
    public abstract Evidence Evaluate(Value root);

    /// <summary>"`Path` is `value`", for messages.</summary>
    internal static string Describe(string path, Value value)
    {
        var name = path.Length == 0 ? "the item" : $"`{path}`";
        return value switch
        {
            AbsentValue { Removed: true } => $"{name} is removed (AWS::NoValue)",
            AbsentValue => $"{name} is not set",
            ScalarValue { Kind: ScalarKind.Null } => $"{name} is null",
            _ => $"{name} is `{Shorten(value.Display())}`",
        };
    }

    internal static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 77), "…");
}

/// <summary>How <see cref="CompareRule"/> compares.</summary>
public enum CompareOperator
{
    /// <summary>Equals the operand (case-insensitive).</summary>
    Equals,

    /// <summary>Equals one of the operands (case-insensitive).</summary>
    In,

    /// <summary>Is set and equals none of the operands (case-insensitive).</summary>
    NotIn,

    /// <summary>Is the boolean operand.</summary>
    Is,

    /// <summary>Is set (the operand <c>true</c>) or not set (<c>false</c>).</summary>
    Present,

    /// <summary>Is a number at least the operand.</summary>
    Min,

    /// <summary>Is a number at most the operand.</summary>
    Max,

    /// <summary>Matches the regular expression.</summary>
    Matches,

    /// <summary>Is set and does not match the regular expression.</summary>
    NotMatches,
}

/// <summary>One property compared with a value: <c>{ path: StorageEncrypted, is: true }</c>.</summary>
/// <param name="Default">The value AWS uses when the property is not set (<c>default: false</c>), or null.</param>
public sealed record CompareRule(string Path, CompareOperator Operator, IReadOnlyList<string> Operands, string? Default, Regex? Pattern) : Rule
{
    /// <inheritdoc />
    public override Evidence Evaluate(Value root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var value = Path.Length == 0 ? root : root.Get(Path);
        if (Default is not null)
        {
            value = value.OrDefault(Default, DefaultKind(Default));
        }

        var truth = Operator switch
        {
            CompareOperator.Equals or CompareOperator.In => value.Is(s => Operands.Any(o => string.Equals(s.Text, o, StringComparison.OrdinalIgnoreCase))),
            CompareOperator.NotIn => value.Is(s => !Operands.Any(o => string.Equals(s.Text, o, StringComparison.OrdinalIgnoreCase))),
            CompareOperator.Is => Operands[0] == "true" ? value.IsTrue() : value.IsFalse(),
            CompareOperator.Present => Operands[0] == "true" ? Present(value) : Present(value).Not(),
            CompareOperator.Min => value.Is(s => s.AsNumber() >= Number(Operands[0])),
            CompareOperator.Max => value.Is(s => s.AsNumber() <= Number(Operands[0])),
            CompareOperator.Matches => value.Is(s => Pattern!.IsMatch(s.Text)),
            CompareOperator.NotMatches => value.Is(s => !Pattern!.IsMatch(s.Text)),
            _ => throw new InvalidOperationException(),
        };

        return new Evidence(truth, () => truth.IsUnknown ? $"`{Path}`: {truth.Reason}" : Describe(Path, value) + Expectation());
    }

    // A dynamic reference ({{resolve:…}}) is known to be set even though its text is known only at deployment.
    private static Truth Present(Value value) =>
        value.Test(v => v is UnknownValue { Kind: UnknownKind.DynamicReference } ? Truth.Known(true, v.Position) : v.IsPresent());

    private string Expectation() => Operator switch
    {
        CompareOperator.Equals => $" (expected `{Operands[0]}`)",
        CompareOperator.In => $" (expected one of {string.Join(", ", Operands.Select(o => $"`{o}`"))})",
        CompareOperator.NotIn => $" (must not be {string.Join(" or ", Operands.Select(o => $"`{o}`"))})",
        CompareOperator.Is => $" (expected `{Operands[0]}`)",
        CompareOperator.Present => Operands[0] == "true" ? " (expected it to be set)" : " (expected it not to be set)",
        CompareOperator.Min => $" (expected at least {Operands[0]})",
        CompareOperator.Max => $" (expected at most {Operands[0]})",
        CompareOperator.Matches => $" (expected to match `{Operands[0]}`)",
        CompareOperator.NotMatches => $" (must not match `{Operands[0]}`)",
        _ => "",
    };

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static ScalarKind DefaultKind(string text) =>
        text is "true" or "false" ? ScalarKind.Boolean
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? ScalarKind.Number
        : ScalarKind.String;
}

/// <summary>Every rule holds (<c>all: [...]</c>).</summary>
public sealed record AllRule(IReadOnlyList<Rule> Rules) : Rule
{
    /// <inheritdoc />
    public override Evidence Evaluate(Value root) => Evidence.All(Rules.Select(r => r.Evaluate(root)), root?.Position ?? default);
}

/// <summary>At least one rule holds (<c>any: [...]</c>).</summary>
public sealed record AnyRule(IReadOnlyList<Rule> Rules) : Rule
{
    /// <inheritdoc />
    public override Evidence Evaluate(Value root) => Evidence.Any(Rules.Select(r => r.Evaluate(root)), root?.Position ?? default);
}

/// <summary>The rule does not hold (<c>not: ...</c>).</summary>
public sealed record NotRule(Rule Inner) : Rule
{
    /// <inheritdoc />
    public override Evidence Evaluate(Value root)
    {
        var inner = Inner.Evaluate(root);
        return inner with { Truth = inner.Truth.Not() };
    }
}

/// <summary>How a <see cref="QuantifierRule"/> counts.</summary>
public enum Quantifier
{
    /// <summary>Every item holds (an absent or empty list holds).</summary>
    Every,

    /// <summary>Some item holds (an absent or empty list does not).</summary>
    Some,

    /// <summary>No item holds (an absent or empty list holds).</summary>
    None,
}

/// <summary>
/// A rule over the items of a list property: <c>{ every: Rules, rule: ... }</c>. Items that exist only under a
/// condition count as holding where absent for <c>every</c>/<c>none</c> and as not holding for <c>some</c>.
/// </summary>
public sealed record QuantifierRule(string Path, Quantifier Quantifier, Rule Inner) : Rule
{
    /// <inheritdoc />
    public override Evidence Evaluate(Value root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var list = Path.Length == 0 ? root : root.Get(Path);
        var items = list.Items();
        var results = new List<Evidence>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            Evidence? decisive = null;
            var truth = item.Test(v =>
            {
                if (v is AbsentValue)
                {
                    return Truth.Known(Quantifier == Quantifier.Some ? false : Quantifier == Quantifier.Every, v.Position);
                }

                var evidence = Inner.Evaluate(v);
                var keep = Quantifier switch
                {
                    Quantifier.Every => !evidence.Truth.IsTrue,
                    _ => !evidence.Truth.IsFalse,
                };
                if (keep || decisive is null)
                {
                    decisive = evidence;
                }

                return Quantifier == Quantifier.None ? evidence.Truth.Not() : evidence.Truth;
            });
            var number = i + 1;
            results.Add(new Evidence(truth, () =>
            {
                var where = $"`{Path}` item {number}";
                var detail = decisive?.Detail;
                return detail is null or "" ? where : $"{where}: {detail}";
            }));
        }

        if (items.Count == 0)
        {
            var empty = Quantifier != Quantifier.Some;
            return new Evidence(Truth.Known(empty, list.Position), Quantifier == Quantifier.Some ? Describe(Path, list) + " (expected a matching item)" : "");
        }

        if (list is UnknownValue unknown)
        {
            return new Evidence(Truth.Unknown(unknown.Reason, unknown.Position), $"`{Path}`: {unknown.Reason}");
        }

        return Quantifier == Quantifier.Some
            ? Evidence.Any(results, list.Position)
            : Evidence.All(results, list.Position);
    }
}
