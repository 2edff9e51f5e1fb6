using Demarc.Text;

namespace Demarc.Asking;

/// <summary>A catalog phrase that fits a text: what it stands for, the phrase and its stems.</summary>
internal sealed record PhraseHit<T>(T Value, string Phrase, IReadOnlyList<string> Terms, double Score);

/// <summary>
/// Phrases for things other than domains (controls, control categories, service models), matched by the rule
/// <see cref="Resolution.DomainResolver"/> uses for domains: a phrase fits when all of its stems occur in the text;
/// more stems win, with a bonus when they appear in order.
/// </summary>
internal sealed class PhraseIndex<T>
    where T : notnull
{
    private readonly List<(T Value, string Phrase, string[] Terms)> _phrases = [];

    public void Add(T value, string phrase)
    {
        var terms = Words.Terms(phrase).Distinct(StringComparer.Ordinal).ToArray();
        if (terms.Length > 0)
        {
            _phrases.Add((value, phrase, terms));
        }
    }

    /// <summary>Every value with a fitting phrase, best first (one hit per value: its best phrase).</summary>
    public IReadOnlyList<PhraseHit<T>> Match(IReadOnlyList<string> stems) => Match(stems, requireOrder: false);

    /// <summary>As <see cref="Match(IReadOnlyList{string})"/>; with <paramref name="requireOrder"/> the stems must also appear in order.</summary>
    public IReadOnlyList<PhraseHit<T>> Match(IReadOnlyList<string> stems, bool requireOrder)
    {
        var present = new HashSet<string>(stems, StringComparer.Ordinal);
        var best = new Dictionary<T, PhraseHit<T>>();
        foreach (var (value, phrase, terms) in _phrases)
        {
            if (!terms.All(present.Contains))
            {
                continue;
            }

            var inOrder = InOrder(stems, terms);
            if (requireOrder && !inOrder)
            {
                continue;
            }

            var score = terms.Length + (inOrder ? 0.5 : 0);
            if (!best.TryGetValue(value, out var current) || score > current.Score)
            {
                best[value] = new PhraseHit<T>(value, phrase, terms, score);
            }
        }

        return [.. best.Values.OrderByDescending(h => h.Score)];
    }

    public PhraseHit<T>? Best(IReadOnlyList<string> stems)
    {
        var hits = Match(stems);
        return hits.Count > 0 ? hits[0] : null;
    }

    private static bool InOrder(IReadOnlyList<string> stems, string[] terms)
    {
        for (var start = 0; start + terms.Length <= stems.Count; start++)
        {
            var j = 0;
            while (j < terms.Length && stems[start + j] == terms[j])
            {
                j++;
            }

            if (j == terms.Length)
            {
                return true;
            }
        }

        return false;
    }
}
