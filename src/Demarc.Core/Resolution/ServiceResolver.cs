using System.Collections.Frozen;
using Demarc.Catalog;
using Demarc.Model;
using Demarc.Text;

namespace Demarc.Resolution;

/// <summary>Whether a name or phrase was understood.</summary>
public enum ResolutionStatus
{
    /// <summary>Exactly one meaning was found.</summary>
    Resolved,

    /// <summary>Several meanings fit equally well; the candidates say which.</summary>
    Ambiguous,

    /// <summary>Nothing fit; the candidates are the closest matches.</summary>
    Unknown,
}

/// <summary>The service or variant a name refers to, or the closest candidates.</summary>
public sealed record ServiceResolution(string Input, ResolutionStatus Status, Subject? Subject, IReadOnlyList<Subject> Candidates);

/// <summary>
/// Resolves what users call a service ("EC2", "Amazon EC2", "elastic compute cloud", "RDS for PostgreSQL", "an RDS instance")
/// to a catalog subject. Exact names and aliases first, then the same without a leading "Amazon"/"AWS" or a trailing
/// generic noun ("instance", "bucket", …); anything else is unknown, with the closest names as suggestions.
/// </summary>
public sealed class ServiceResolver
{
    // Nouns people append to a service name that do not change which service they mean.
    private static readonly FrozenSet<string> GenericNouns = new[]
    {
        "instance", "instances", "service", "services", "cluster", "clusters", "bucket", "buckets", "table", "tables",
        "function", "functions", "queue", "queues", "topic", "topics", "domain", "domains", "broker", "brokers",
        "stream", "streams", "environment", "environments", "volume", "volumes", "database", "databases", "db",
        "node", "nodes", "task", "tasks", "container", "containers", "api", "apis", "distribution", "distributions",
        "file", "system", "systems", "key", "keys", "secret", "secrets", "trail", "trails", "workgroup", "job", "jobs",
        "server", "servers", "resource", "resources", "account", "accounts",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> LeadingWords = new[] { "the", "an", "a", "amazon", "aws", "my", "our", "your" }
        .ToFrozenSet(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, Subject[]> _byKey;
    private readonly (string Key, Subject Subject)[] _names;

    /// <summary>Indexes every id, name and alias of the catalog's services and variants.</summary>
    public ServiceResolver(ResponsibilityCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var byKey = new Dictionary<string, List<Subject>>(StringComparer.Ordinal);
        var names = new List<(string, Subject)>();
        foreach (var subject in catalog.Subjects)
        {
            foreach (var name in NamesOf(subject))
            {
                foreach (var key in new[] { Words.Key(name), StripLeading(Words.Key(name)) }.Distinct(StringComparer.Ordinal))
                {
                    if (key.Length == 0)
                    {
                        continue;
                    }

                    if (!byKey.TryGetValue(key, out var list))
                    {
                        byKey[key] = list = [];
                        names.Add((key, subject));
                    }

                    if (!list.Contains(subject))
                    {
                        list.Add(subject);
                    }
                }
            }
        }

        _byKey = byKey.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
        _names = [.. names];
    }

    /// <summary>Every name a subject answers to: id (with spaces), name and aliases.</summary>
    public static IEnumerable<string> NamesOf(Subject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return subject.Variant is null
            ? [subject.Service.Id, subject.Service.Id.Replace('_', ' '), subject.Service.Name, .. subject.Service.Aliases]
            : [subject.Variant.Id, subject.Variant.Id.Replace('_', ' '), subject.Variant.Name, .. subject.Variant.Aliases];
    }

    /// <summary>Resolves a service name.</summary>
    public ServiceResolution Resolve(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var key = Words.Key(input);
        foreach (var candidate in Reductions(key))
        {
            if (_byKey.TryGetValue(candidate, out var subjects))
            {
                return subjects.Length == 1
                    ? new ServiceResolution(input, ResolutionStatus.Resolved, subjects[0], [])
                    : new ServiceResolution(input, ResolutionStatus.Ambiguous, null, subjects);
            }
        }

        return new ServiceResolution(input, ResolutionStatus.Unknown, null, Closest(StripLeading(key)));
    }

    // The input, then without leading articles or "Amazon"/"AWS", then without trailing generic nouns.
    private static IEnumerable<string> Reductions(string key)
    {
        yield return key;
        var words = key.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (words.Count > 1 && LeadingWords.Contains(words[0]))
        {
            words.RemoveAt(0);
            yield return string.Join(' ', words);
        }

        while (words.Count > 1 && GenericNouns.Contains(words[^1]))
        {
            words.RemoveAt(words.Count - 1);
            yield return string.Join(' ', words);
        }
    }

    private static string StripLeading(string key)
    {
        var words = key.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (words.Count > 1 && LeadingWords.Contains(words[0]))
        {
            words.RemoveAt(0);
        }

        return string.Join(' ', words);
    }

    // Close spellings of whole names, then names sharing a word prefix ("postgres" → "rds for postgresql").
    private List<Subject> Closest(string key)
    {
        if (key.Length == 0)
        {
            return [];
        }

        var queryWords = key.Split(' ');
        var scored = new List<(Subject Subject, int Score)>();
        foreach (var (name, subject) in _names)
        {
            var distance = EditDistance.Compute(key, name);
            if (distance <= EditDistance.Tolerance(key.Length))
            {
                scored.Add((subject, distance));
                continue;
            }

            var nameWords = name.Split(' ');
            var shared = queryWords.Count(q => q.Length >= 3 && nameWords.Any(n => n.StartsWith(q, StringComparison.Ordinal) || (n.Length >= 3 && q.StartsWith(n, StringComparison.Ordinal))));
            if (shared > 0)
            {
                scored.Add((subject, 10 - shared));
            }
        }

        return [.. scored
            .OrderBy(s => s.Score)
            .ThenBy(s => s.Subject.Id, StringComparer.Ordinal)
            .Select(s => s.Subject)
            .Distinct()
            .Take(5)];
    }
}
