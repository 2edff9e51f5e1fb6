using Demarc.Catalog;
using Demarc.Model;
using Demarc.Text;

namespace Demarc.Resolution;

/// <summary>A domain that fits a phrase, how well, and through which catalog phrase.</summary>
public sealed record DomainMatch(Domain Domain, double Score, string Phrase);

/// <summary>The domain a task phrase refers to, or the candidates and the words that were not understood.</summary>
public sealed record DomainResolution(
    string Input,
    ResolutionStatus Status,
    DomainMatch? Match,
    IReadOnlyList<DomainMatch> Candidates,
    IReadOnlyList<string> UnknownWords,
    IReadOnlyList<string> Suggestions)
{
    /// <summary>The resolved domain, or null.</summary>
    public Domain? Domain => Match?.Domain;
}

/// <summary>
/// Resolves task words ("patch the guest OS", "OS updates", "encrypt data at rest", "MFA") to a responsibility domain.
/// Every domain id, name and synonym is a phrase; a phrase fits when all of its words occur in the input (after
/// <see cref="Words.Terms"/>). A phrase scores the specificity of its words (a word found in one domain's phrases counts 1,
/// in n domains' 1/n), plus a bonus when the words appear in order and when the phrase covers the whole input.
/// A tie between domains, or one of AWS's controls that spans domains ("patch management"), is ambiguous; an input
/// that fits nothing is unknown, with close spellings.
/// </summary>
public sealed class DomainResolver
{
    private readonly Phrase[] _phrases;
    private readonly Dictionary<string, List<int>> _phrasesByTerm = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Domain> _byId = new(StringComparer.OrdinalIgnoreCase);
    private readonly (string Form, string Term)[] _vocabulary;
    private readonly Dictionary<string, double> _specificity = new(StringComparer.Ordinal);
    private readonly List<(Control Control, string[] Terms)> _controls = [];

    private sealed record Phrase(Domain Domain, string Text, string[] Terms);

    /// <summary>Indexes the phrases of every domain of a catalog.</summary>
    public DomainResolver(ResponsibilityCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var phrases = new List<Phrase>();
        foreach (var domain in catalog.Domains)
        {
            _byId[domain.Id] = domain;
            foreach (var text in new[] { domain.Id.Replace('_', ' '), domain.Name }.Concat(domain.Synonyms).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                var terms = Words.Terms(text).Distinct(StringComparer.Ordinal).ToArray();
                if (terms.Length > 0)
                {
                    phrases.Add(new Phrase(domain, text, terms));
                }
            }
        }

        _phrases = [.. phrases];
        for (var i = 0; i < _phrases.Length; i++)
        {
            foreach (var term in _phrases[i].Terms)
            {
                if (!_phrasesByTerm.TryGetValue(term, out var list))
                {
                    _phrasesByTerm[term] = list = [];
                }

                list.Add(i);
            }
        }

        // Typos are compared with the words as written in the catalog and with their stems ("encyrption" ~ "encryption").
        _vocabulary = [.. _phrases
            .SelectMany(p => Words.Split(p.Text).Where(w => !Words.IsStopWord(w)).Select(w => (Form: w, Term: Words.Stem(w))))
            .Concat(_phrasesByTerm.Keys.Select(t => (Form: t, Term: t)))
            .Distinct()
            .OrderBy(v => v.Form, StringComparer.Ordinal)];

        // A word that appears in the phrases of one domain says more than one shared by many ("nacl" vs "configure").
        foreach (var (term, indexes) in _phrasesByTerm)
        {
            _specificity[term] = 1.0 / indexes.Select(i => _phrases[i].Domain).Distinct().Count();
        }

        // AWS's controls (patch management, configuration management, …) span several domains: naming one is ambiguous.
        foreach (var control in catalog.ControlCategories.SelectMany(c => c.Controls))
        {
            foreach (var text in control.Synonyms.Append(control.Name))
            {
                var terms = Words.Terms(text).Distinct(StringComparer.Ordinal).ToArray();
                if (terms.Length > 0)
                {
                    _controls.Add((control, terms));
                }
            }
        }
    }

    /// <summary>Resolves task words to a domain.</summary>
    public DomainResolution Resolve(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var trimmed = input.Trim();
        if (_byId.TryGetValue(trimmed, out var direct))
        {
            var match = new DomainMatch(direct, double.MaxValue, direct.Id);
            return new DomainResolution(input, ResolutionStatus.Resolved, match, [match], [], []);
        }

        var terms = Words.Terms(trimmed);
        var unknown = terms.Where(t => !_phrasesByTerm.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
        var full = Score(terms, requireAll: true);
        if (full.Count > 0)
        {
            var best = full[0];
            var tied = full.Where(m => m.Domain != best.Domain && best.Score - m.Score < 0.01).ToList();
            return tied.Count == 0
                ? new DomainResolution(input, ResolutionStatus.Resolved, best, full, unknown, [])
                : new DomainResolution(input, ResolutionStatus.Ambiguous, null, [best, .. tied], unknown, []);
        }

        // A control that spans several domains ("patch management") is ambiguous: offer its domains.
        var present = new HashSet<string>(terms, StringComparer.Ordinal);
        var control = _controls
            .Where(c => c.Terms.All(present.Contains))
            .OrderByDescending(c => c.Terms.Length)
            .Select(c => c.Control)
            .FirstOrDefault();
        if (control is not null && control.DomainIds.Count > 1)
        {
            var domains = control.DomainIds.Select(id => new DomainMatch(_byId[id], 0, control.Name)).ToList();
            return new DomainResolution(input, ResolutionStatus.Ambiguous, null, domains, unknown, []);
        }

        // Nothing fits whole. With typos corrected to the nearest catalog word, what would fit? Those are the suggestions.
        var corrected = terms.Select(t => unknown.Contains(t) ? CloseTerms(t).FirstOrDefault() ?? t : t).ToArray();
        var candidates = unknown.Count > 0 ? Score(corrected, requireAll: true) : [];
        if (candidates.Count == 0)
        {
            candidates = Score(terms, requireAll: false);
        }

        var suggestions = unknown
            .SelectMany(CloseTerms)
            .SelectMany(t => _phrasesByTerm[t].Select(i => _phrases[i]).OrderBy(p => p.Terms.Length).Take(2))
            .Select(p => p.Text)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(5)
            .ToList();
        var status = unknown.Count == 0 && candidates.Count > 0 ? ResolutionStatus.Ambiguous : ResolutionStatus.Unknown;
        return new DomainResolution(input, status, null, candidates.Take(5).ToList(), unknown, suggestions);
    }

    // For each domain, the best phrase: all (or, for suggestions, some) of its terms present in the input.
    private List<DomainMatch> Score(string[] terms, bool requireAll)
    {
        var present = new HashSet<string>(terms, StringComparer.Ordinal);
        var best = new Dictionary<Domain, DomainMatch>();
        var seen = new HashSet<int>();
        foreach (var term in present)
        {
            if (!_phrasesByTerm.TryGetValue(term, out var indexes))
            {
                continue;
            }

            foreach (var index in indexes)
            {
                if (!seen.Add(index))
                {
                    continue;
                }

                var phrase = _phrases[index];
                var matched = phrase.Terms.Count(present.Contains);
                if (requireAll ? matched < phrase.Terms.Length : matched == 0)
                {
                    continue;
                }

                var score = requireAll
                    ? phrase.Terms.Sum(t => _specificity[t]) + (InOrder(terms, phrase.Terms) ? 0.5 : 0) + (phrase.Terms.Length == present.Count ? 0.25 : 0)
                    : phrase.Terms.Where(present.Contains).Sum(t => _specificity[t]) / phrase.Terms.Length;
                if (!best.TryGetValue(phrase.Domain, out var current) || score > current.Score)
                {
                    best[phrase.Domain] = new DomainMatch(phrase.Domain, score, phrase.Text);
                }
            }
        }

        return [.. best.Values.OrderByDescending(m => m.Score).ThenBy(m => m.Domain.Id, StringComparer.Ordinal)];
    }

    private static bool InOrder(string[] terms, string[] phraseTerms)
    {
        var start = Array.IndexOf(terms, phraseTerms[0]);
        if (start < 0 || start + phraseTerms.Length > terms.Length)
        {
            return false;
        }

        for (var i = 1; i < phraseTerms.Length; i++)
        {
            if (terms[start + i] != phraseTerms[i])
            {
                return false;
            }
        }

        return true;
    }

    private IEnumerable<string> CloseTerms(string term) =>
        _vocabulary
            .Select(v => (v.Term, Distance: EditDistance.Compute(term, v.Form)))
            .Where(v => v.Distance <= EditDistance.Tolerance(term.Length) && v.Distance < term.Length)
            .GroupBy(v => v.Term)
            .Select(g => (Term: g.Key, Distance: g.Min(v => v.Distance)))
            .OrderBy(v => v.Distance)
            .ThenBy(v => v.Term, StringComparer.Ordinal)
            .Select(v => v.Term)
            .Take(3);
}
