using Demarc.Parsing;

namespace Demarc.Scanning.Evaluation;

/// <summary>The three answers a question about a template can have.</summary>
public enum TruthState
{
    /// <summary>Holds for every deployment the template allows (given the parameters in force).</summary>
    True,

    /// <summary>Fails for every deployment the template allows.</summary>
    False,

    /// <summary>Cannot be decided before deployment; <see cref="Truth.Reason"/> says why.</summary>
    Unknown,
}

/// <summary>
/// The answer to a question about an evaluated value: true, false, or unknown with the reason ("depends on
/// parameter `DbEncrypted`, which has no default"), and the position of the value that decided it, for findings.
/// A check passes only on <see cref="TruthState.True"/>; it never passes on an unknown.
/// </summary>
public readonly record struct Truth(TruthState State, string? Reason, TextPosition Position)
{
    /// <summary>True for every deployment.</summary>
    public bool IsTrue => State == TruthState.True;

    /// <summary>False for every deployment.</summary>
    public bool IsFalse => State == TruthState.False;

    /// <summary>Not decidable before deployment.</summary>
    public bool IsUnknown => State == TruthState.Unknown;

    /// <summary>A known truth.</summary>
    public static Truth Known(bool value, TextPosition position) => new(value ? TruthState.True : TruthState.False, null, position);

    /// <summary>An unknown with its reason.</summary>
    public static Truth Unknown(string reason, TextPosition position) => new(TruthState.Unknown, reason, position);

    /// <summary>The negation; an unknown stays unknown with the same reason.</summary>
    public Truth Not() => State switch
    {
        TruthState.True => this with { State = TruthState.False },
        TruthState.False => this with { State = TruthState.True },
        _ => this,
    };

    /// <summary>Three-valued "and": false wins over unknown, unknown over true (as <see cref="All"/> of the two, without a list).</summary>
    public Truth And(Truth other) => IsFalse ? this : other.IsFalse ? other : IsUnknown ? this : other;

    /// <summary>Three-valued "or": true wins over unknown, unknown over false (as <see cref="Any"/> of the two, without a list).</summary>
    public Truth Or(Truth other) => IsTrue ? this : other.IsTrue ? other : IsUnknown ? this : other;

    /// <summary>
    /// Every one holds: false if any is false (the first false decides the position), else unknown if any is unknown,
    /// else true. An empty sequence is true.
    /// </summary>
    public static Truth All(IEnumerable<Truth> truths, TextPosition whenEmpty = default)
    {
        ArgumentNullException.ThrowIfNull(truths);
        Truth? unknown = null;
        Truth? last = null;
        foreach (var truth in truths)
        {
            if (truth.IsFalse)
            {
                return truth;
            }

            if (truth.IsUnknown)
            {
                unknown ??= truth;
            }

            last = truth;
        }

        return unknown ?? last ?? Known(true, whenEmpty);
    }

    /// <summary>
    /// At least one holds: true if any is true (the first true decides the position), else unknown if any is unknown,
    /// else false. An empty sequence is false.
    /// </summary>
    public static Truth Any(IEnumerable<Truth> truths, TextPosition whenEmpty = default)
    {
        ArgumentNullException.ThrowIfNull(truths);
        Truth? unknown = null;
        Truth? last = null;
        foreach (var truth in truths)
        {
            if (truth.IsTrue)
            {
                return truth;
            }

            if (truth.IsUnknown)
            {
                unknown ??= truth;
            }

            last = truth;
        }

        return unknown ?? last ?? Known(false, whenEmpty);
    }

    /// <summary>
    /// Combines the answers of the alternatives of an <c>Fn::If</c> whose condition is unknown: true (or false) only when
    /// every alternative agrees; otherwise unknown, saying which alternative gives which answer and why the condition
    /// is unknown.
    /// </summary>
    public static Truth AcrossAlternatives(IReadOnlyList<(string When, Truth Truth)> answers, string conditionReason, TextPosition position)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (answers.Count == 0)
        {
            return Unknown(conditionReason, position);
        }

        if (answers.All(a => a.Truth.IsTrue))
        {
            return answers[0].Truth;
        }

        if (answers.All(a => a.Truth.IsFalse))
        {
            return answers[0].Truth;
        }

        var parts = answers.Select(a => a.Truth.State switch
        {
            TruthState.True => $"holds when {a.When}",
            TruthState.False => $"does not hold when {a.When}",
            _ => $"unknown when {a.When} ({a.Truth.Reason})",
        });
        var decisive = answers.FirstOrDefault(a => a.Truth.IsFalse).Truth;
        return Unknown($"{conditionReason}: {string.Join("; ", parts)}", decisive.State == TruthState.False ? decisive.Position : position);
    }

    /// <inheritdoc />
    public override string ToString() => State switch
    {
        TruthState.True => "true",
        TruthState.False => "false",
        _ => $"unknown ({Reason})",
    };
}
