using Demarc.Parsing;
using Demarc.Scanning.Evaluation;

namespace Demarc.Scanning.Checks;

/// <summary>
/// An answer with its explanation: the <see cref="Truth"/> of a rule and, in words, what decided it
/// (<c>`StorageEncrypted` is `false`</c>, or the reason a value is unknown).
/// </summary>
/// <remarks>The words may be given as a function, written only if somebody reads them (<see cref="DeferredText"/>).</remarks>
public readonly record struct Evidence
{
    private readonly DeferredText _detail;

    /// <summary>An answer with its words.</summary>
    public Evidence(Truth truth, string detail)
    {
        Truth = truth;
        _detail = new(detail);
    }

    /// <summary>An answer whose words are written only if somebody reads them.</summary>
    public Evidence(Truth truth, Func<string> describe)
    {
        Truth = truth;
        _detail = new(describe);
    }

    /// <summary>The answer.</summary>
    public Truth Truth { get; init; }

    /// <summary>What decided it, in words (empty when nothing needs saying).</summary>
    public string Detail => _detail.Value;

    /// <summary>The words as given (still deferred): a verdict takes them over without wrapping them again.</summary>
    internal DeferredText DeferredDetail => _detail;

    /// <summary>The position of the value that decided the answer.</summary>
    public TextPosition Position => Truth.Position;

    /// <summary>A known answer.</summary>
    public static Evidence Of(Truth truth, string whenFalse) =>
        new(truth, truth.State switch
        {
            TruthState.False => whenFalse,
            TruthState.Unknown => truth.Reason ?? "known only at deployment",
            _ => "",
        });

    /// <summary>The negation (the detail of a negated answer is the caller's to give).</summary>
    public Evidence Not(string whenFalse) => Of(Truth.Not(), whenFalse);

    /// <summary>Every one holds: the first false decides (its detail is kept), else the first unknown.</summary>
    public static Evidence All(IEnumerable<Evidence> items, TextPosition whenEmpty)
    {
        Evidence? unknown = null;
        Evidence? last = null;
        foreach (var item in items)
        {
            if (item.Truth.IsFalse)
            {
                return item;
            }

            if (item.Truth.IsUnknown)
            {
                unknown ??= item;
            }

            last = item;
        }

        return unknown ?? last ?? new Evidence(Truth.Known(true, whenEmpty), "");
    }

    /// <summary>At least one holds: the first true decides, else the first unknown, else the details of the falses joined.</summary>
    public static Evidence Any(IEnumerable<Evidence> items, TextPosition whenEmpty)
    {
        Evidence? unknown = null;
        var falses = new List<Evidence>();
        foreach (var item in items)
        {
            if (item.Truth.IsTrue)
            {
                return item;
            }

            if (item.Truth.IsUnknown)
            {
                unknown ??= item;
            }
            else
            {
                falses.Add(item);
            }
        }

        if (unknown is not null)
        {
            return unknown.Value;
        }

        return falses.Count == 0
            ? new Evidence(Truth.Known(false, whenEmpty), "")
            : new Evidence(falses[0].Truth, () => string.Join("; and ", falses.Select(f => f.Detail).Where(d => d.Length > 0).Distinct()));
    }
}
