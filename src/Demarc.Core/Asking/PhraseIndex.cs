using Demarc.Text;

namespace Demarc.Asking;

/// <summary>A catalog phrase that fits a text: what it stands for, the phrase and its stems.</summary>
internal sealed record PhraseHit<T>(T Value, string Phrase, IReadOnlyList<string> Terms, double Score)
{
    /// <summary>The order the phrase was added in: among equal scores the first added wins, whatever order the words came in.</summary>
    internal int Index { get; init; }
}

/// <summary>
/// Phrases for things other than domains (controls, control categories, service models), matched by the rule
/// <see cref="Resolution.DomainResolver"/> uses for domains: a phrase fits when all of its stems occur in the text;
/// more stems win, with a bonus when they appear in order.
/// </summary>
internal sealed class PhraseIndex<T>
    where T : notnull
{
    private readonly List<(T Value, string Phrase, string[] Terms)> _phrases = [];

    // Which phrases use a word: only those are tried for a text (most texts share words with few phrases).
    private readonly Dictionary<string, List<int>> _byTerm = new(StringComparer.Ordinal);

    public void Add(T value, string phrase)
    {
        var terms = Words.Terms(phrase).Distinct(StringComparer.Ordinal).ToArray();
        if (terms.Length > 0)
        {
            foreach (var term in terms)
            {
                if (!_byTerm.TryGetValue(term, out var list))
                {
                    _byTerm[term] = list = [];
                }

                list.Add(_phrases.Count);
            }

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
        var tried = new HashSet<int>();
        foreach (var stem in present)
        {
            if (!_byTerm.TryGetValue(stem, out var indexes))
            {
                continue;
            }

            foreach (var index in indexes)
            {
                if (tried.Add(index))
                {
                    Consider(index);
                }
            }
        }

        return [.. best.Values.OrderByDescending(h => h.Score).ThenBy(h => h.Index)];

        void Consider(int index)
        {
            var (value, phrase, terms) = _phrases[index];
            foreach (var term in terms)
            {
                if (!present.Contains(term))
                {
                    return;
                }
            }

            var inOrder = InOrder(stems, terms);
            if (requireOrder && !inOrder)
            {
                return;
            }

            var score = terms.Length + (inOrder ? 0.5 : 0);
            if (!best.TryGetValue(value, out var current) || score > current.Score || (score == current.Score && index < current.Index))
            {
                best[value] = new PhraseHit<T>(value, phrase, terms, score) { Index = index };
            }
        }
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

/// <summary>The catalog's domain phrases (ids, names, synonyms) in a <see cref="PhraseIndex{T}"/>: a cheap test of whether any domain phrase fits.</summary>
internal static class DomainPhrases
{
    public static PhraseIndex<Demarc.Model.Domain> Build(Demarc.Catalog.ResponsibilityCatalog catalog)
    {
        var index = new PhraseIndex<Demarc.Model.Domain>();
        foreach (var domain in catalog.Domains)
        {
            foreach (var phrase in domain.Synonyms.Append(domain.Name).Append(domain.Id.Replace('_', ' ')))
            {
                index.Add(domain, phrase);
            }
        }

        return index;
    }
}
