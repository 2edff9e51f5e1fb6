using System.Collections.Frozen;
using Demarc.Catalog;
using Demarc.Model;
using Demarc.Resolution;
using Demarc.Text;

namespace Demarc.Asking;

/// <summary>How a service mention was recognised.</summary>
internal enum MentionKind
{
    /// <summary>A catalog id or name, word for word.</summary>
    Name,

    /// <summary>A catalog alias, word for word.</summary>
    Alias,

    /// <summary>A name without its parenthetical remark or leading "Amazon"/"AWS" ("Amazon EKS" for "Amazon EKS (self-managed nodes)").</summary>
    ShortName,

    /// <summary>The first word of several services' names ("ECS"): one of them, decided by the rest of the text.</summary>
    Prefix,

    /// <summary>A capitalised word found in exactly one service's name ("Fargate", "Beanstalk").</summary>
    Brand,

    /// <summary>A spelled-out name whose initials are a catalog name ("Amazon Relational Database Service" → RDS, "Elastic Compute Cloud" → EC2).</summary>
    Acronym,
}

/// <summary>A service or variant named in a text: where, how, and the candidates when the name alone is not enough.</summary>
internal sealed record Mention(int Start, int Length, string Text, MentionKind Kind, IReadOnlyList<Subject> Candidates)
{
    /// <summary>The subject, when exactly one candidate remains.</summary>
    public Subject? Subject => Candidates.Count == 1 ? Candidates[0] : null;

    /// <summary>True when the name is also a responsibility word ("IAM", "VPC", "WAF", "CloudTrail").</summary>
    public bool IsDomainWord { get; init; }

    public int End => Start + Length;
}

/// <summary>
/// Finds the services and variants a text names, from the catalog's ids, names and aliases (<see cref="ServiceResolver.NamesOf"/>),
/// their short forms, and - where the aliases do not cover a name - the capitalised brand words of service names.
/// Longest match wins; a variant is preferred when the text also has the words that set the variant apart
/// ("Amazon EKS ... managed node groups").
/// </summary>
internal sealed class ServiceSpotter
{
    // Words of service names that are ordinary nouns or qualifiers, never enough on their own to name a service.
    private static readonly FrozenSet<string> NotBrands = new[]
    {
        "amazon", "aws", "service", "services", "simple", "elastic", "managed", "self", "instances", "instance", "nodes", "node",
        "compute", "environments", "environment", "storage", "classes", "class", "vaults", "vault", "cloud", "database", "data",
        "streams", "stream", "functions", "function", "manager", "secrets", "capacity", "container", "containers", "groups",
        "group", "mode", "auto", "runtime", "runtimes", "custom", "provided", "serverless", "provisioned", "domains", "domain",
        "windows", "sql", "server", "oracle", "images", "image", "packaged", "with", "disabled", "updates", "standard",
        "advanced", "on", "for", "and", "the", "api", "app", "scaling", "load", "key", "management", "identity", "access",
        "queue", "notification", "system", "file", "block", "store", "web", "application", "firewall", "shield", "config",
        "based", "node", "lustre", "ontap", "openzfs", "alb", "nlb", "gwlb", "al2", "al2023", "v2", "ec2", "search",
    }.ToFrozenSet(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, (Subject[] Subjects, MentionKind Kind)> _names;
    private readonly FrozenDictionary<string, Subject[]> _brands;
    private readonly int _longest;
    private readonly Dictionary<Subject, string[][]> _variantWords = [];
    private readonly DomainResolver _domains;
    private readonly PhraseIndex<Domain> _domainPhrases;

    public ServiceSpotter(ResponsibilityCatalog catalog, DomainResolver domains)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _domains = domains;
        _domainPhrases = DomainPhrases.Build(catalog);
        var names = new Dictionary<string, (List<Subject> Subjects, MentionKind Kind)>(StringComparer.Ordinal);
        void Add(string key, Subject subject, MentionKind kind)
        {
            if (key.Length == 0)
            {
                return;
            }

            if (!names.TryGetValue(key, out var entry))
            {
                names[key] = entry = ([], kind);
            }
            else if (kind < entry.Kind)
            {
                names[key] = entry = (entry.Subjects, kind);
            }

            if (!entry.Subjects.Contains(subject))
            {
                entry.Subjects.Add(subject);
            }
        }

        var prefixes = new Dictionary<string, HashSet<Subject>>(StringComparer.Ordinal);
        var brandWords = new Dictionary<string, HashSet<Subject>>(StringComparer.Ordinal);
        foreach (var subject in catalog.Subjects)
        {
            var aliases = (subject.Variant?.Aliases ?? subject.Service.Aliases).Select(Words.Key).ToHashSet(StringComparer.Ordinal);

            // The official name written in full ("AWS CloudTrail") and the id are names even when an alias repeats them;
            // shorter forms that are also everyday phrases ("network firewall") stay aliases.
            var official = new[] { Words.Key(subject.Name), Words.Key(WithoutRemarks(subject.Name)), Words.Key(subject.Id.Replace('_', ' ')) }
                .ToHashSet(StringComparer.Ordinal);
            foreach (var name in ServiceResolver.NamesOf(subject))
            {
                var key = Words.Key(name);
                Add(key, subject, aliases.Contains(key) && !official.Contains(key) ? MentionKind.Alias : MentionKind.Name);
                var shortName = Words.Key(WithoutRemarks(name));
                foreach (var form in ShortForms(shortName))
                {
                    Add(form, subject, MentionKind.ShortName);
                    var first = form.Split(' ')[0];
                    if (subject.Variant is null && form.Contains(' ', StringComparison.Ordinal) && !NotBrands.Contains(first) && !Words.IsStopWord(first))
                    {
                        (prefixes.TryGetValue(first, out var set) ? set : prefixes[first] = []).Add(subject);
                    }
                }

                // Brand words come from ids and names only: aliases are often descriptions ("DDoS protection service").
                if (subject.Variant is null && !aliases.Contains(key))
                {
                    foreach (var word in shortName.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (word.Length >= 4 && !NotBrands.Contains(word) && !Words.IsStopWord(word))
                        {
                            (brandWords.TryGetValue(word, out var set) ? set : brandWords[word] = []).Add(subject);
                        }
                    }
                }
            }

            if (subject.Variant is not null)
            {
                // What sets a variant apart, by its name and by each alias: the words its parent's names do not have.
                var parentWords = ServiceResolver.NamesOf(new Subject(subject.Service, null))
                    .SelectMany(n => Words.Terms(WithoutRemarks(n)))
                    .ToHashSet(StringComparer.Ordinal);
                _variantWords[subject] = [.. subject.Variant.Aliases.Prepend(subject.Variant.Name)
                    .Select(n => Words.Terms(WithoutRemarks(n)).Where(t => !parentWords.Contains(t) && !IsGeneric(t)).Distinct(StringComparer.Ordinal).ToArray())
                    .Where(w => w.Length > 0)];
            }
        }

        // Abbreviations in a name's remark ("Elastic Load Balancing (ALB/NLB/GWLB)") name the service too, unless taken.
        foreach (var subject in catalog.Subjects.Where(s => s.Variant is null))
        {
            var name = subject.Service.Name;
            var open = name.IndexOf('(', StringComparison.Ordinal);
            if (open < 0)
            {
                continue;
            }

            foreach (var part in name[(open + 1)..].TrimEnd(')').Split(['/', ',', ' '], StringSplitOptions.RemoveEmptyEntries))
            {
                if (part.Length is >= 2 and <= 5 && part.All(char.IsAsciiLetterUpper) && !names.ContainsKey(part.ToLowerInvariant()))
                {
                    Add(part.ToLowerInvariant(), subject, MentionKind.Name);
                }
            }
        }

        foreach (var (prefix, subjects) in prefixes)
        {
            if (!names.ContainsKey(prefix) && subjects.Count > 1)
            {
                foreach (var subject in subjects)
                {
                    Add(prefix, subject, MentionKind.Prefix);
                }
            }
        }

        _names = names.ToFrozenDictionary(kv => kv.Key, kv => (kv.Value.Subjects.ToArray(), kv.Value.Kind), StringComparer.Ordinal);
        _brands = brandWords
            .Where(kv => kv.Value.Count == 1 && !names.ContainsKey(kv.Key))
            .ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
        _longest = _names.Keys.Max(k => k.Count(c => c == ' ') + 1);
    }

    /// <summary>Every service mention in an utterance, left to right, ambiguous prefixes settled by the other mentions.</summary>
    /// <param name="text">The text.</param>
    /// <param name="byPosition">Read a responsibility word written as a service's full name where a service goes as the service.</param>
    public IReadOnlyList<Mention> Find(Utterance text, bool byPosition = true)
    {
        var found = new List<Mention>();
        var i = 0;
        while (i < text.Count)
        {
            var match = LongestAt(text, i);
            if (match is null)
            {
                i++;
                continue;
            }

            found.Add(match);
            i = match.End;
        }

        // "Amazon ECS ... Fargate": a prefix mention takes the candidate another mention names.
        for (var m = 0; m < found.Count; m++)
        {
            var mention = found[m];
            if (mention.Candidates.Count > 1)
            {
                var others = found.Where(o => o != mention && o.Subject is not null).Select(o => o.Subject!.Service).ToHashSet();
                var narrowed = mention.Candidates.Where(c => others.Contains(c.Service)).ToList();
                if (narrowed.Count == 1)
                {
                    found[m] = mention with { Candidates = narrowed };
                    found.RemoveAll(o => o != found[m] && o.Subject is { } s && s.Service == narrowed[0].Service && o.Kind == MentionKind.Brand);
                }
            }
        }

        var refined = found.Select(m => Refine(m, text, found)).ToList();

        // "on AWS CloudTrail", "from AWS Shield Advanced to AWS Shield": a responsibility word written as the full name of a
        // service where a service goes is the service, not the responsibility.
        for (var m = 0; m < refined.Count; m++)
        {
            if (byPosition && refined[m] is { IsDomainWord: true, Subject: not null } mention && InServicePosition(text, mention))
            {
                refined[m] = mention with { IsDomainWord = false };
            }
        }

        // "Amazon EKS cluster on AWS Fargate": the brand word that made EKS its Fargate variant is not a second service.
        refined.RemoveAll(m => m.Kind == MentionKind.Brand && refined.Any(r => r != m && r.Subject?.Variant is not null
            && _variantWords.GetValueOrDefault(r.Subject)?.Any(w => w.Contains(Words.Stem(m.Text))) == true));
        return refined;
    }

    // Words before a service name that say a service goes there ("on", "when using", "from … to", "instead of").
    private static readonly FrozenSet<string> ServicePrepositions = new[] { "on", "using", "use", "uses", "from", "to", "in" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// Whether a mention is written as a service's full name - with its "AWS"/"Amazon" prefix - in a place where a service
    /// goes: after "on", "using", "from", "to", "in", "instead of", "rather than", "replace … with", after "for" at the end of a sentence
    /// ("AWS's responsibility for AWS Config?"), or as the whole text ("AWS Config" as an option).
    /// </summary>
    private static bool InServicePosition(Utterance text, Mention mention)
    {
        int start;
        if (text[mention.Start].Lower is "amazon" or "aws")
        {
            start = mention.Start;
        }
        else if (mention.Start > 0 && text[mention.Start - 1].Lower is "amazon" or "aws")
        {
            start = mention.Start - 1;
        }
        else
        {
            return false;
        }

        if (start == 0)
        {
            return mention.End == text.Count;
        }

        var before = text[start - 1].Lower;
        var previous = start >= 2 ? text[start - 2].Lower : "";

        // "turning on AWS CloudTrail": a particle of the verb, not a place.
        if (before == "on" && previous.Length > 0 && Words.Stem(previous) is "turn" or "switch")
        {
            return false;
        }

        var endsSentence = mention.End == text.Count || text[mention.End].Sentence != text[mention.End - 1].Sentence;
        // "replaces AWS KMS with AWS CloudHSM": both ends of a replacement are services.
        var replaces = before.StartsWith("replac", StringComparison.Ordinal)
            || (before == "with" && text.Tokens.Take(start).Any(t => t.Lower.StartsWith("replac", StringComparison.Ordinal)));
        return ServicePrepositions.Contains(before)
            || replaces
            || (before == "of" && previous == "instead")
            || (before == "than" && previous == "rather")
            || (before == "for" && endsSentence);
    }

    // A service mention becomes its variant when the text has the variant's distinguishing words - words of other
    // service mentions do not count ("from Amazon ECS on AWS Fargate to Amazon ECS": the second is plain ECS).
    private Mention Refine(Mention mention, Utterance text, IReadOnlyList<Mention> all)
    {
        if (mention.Subject is not { Variant: null } subject)
        {
            return mention;
        }

        // Another mention owns its words when it names a service of its own ("… to Amazon MSK Serverless", "Amazon ECS on AWS
        // Fargate" next to "Amazon ECS"); a mention made only of this service's variant words ("Amazon EKS with AWS
        // Fargate") is a qualifier and may be exactly what sets the variant apart.
        var variantTerms = subject.Service.Variants
            .SelectMany(v => _variantWords.GetValueOrDefault(new Subject(subject.Service, v)) ?? [])
            .SelectMany(w => w)
            .ToHashSet(StringComparer.Ordinal);
        var owned = new bool[text.Count];
        foreach (var other in all)
        {
            if (other != mention && Words.Terms(other.Text).Any(t => !variantTerms.Contains(t)))
            {
                for (var i = other.Start; i < other.End; i++)
                {
                    owned[i] = true;
                }
            }
        }

        var free = text.Where(i => !owned[i]);
        var stems = free.Stems.ToHashSet(StringComparer.Ordinal);
        Subject? best = null;
        var bestCount = 0;
        foreach (var variant in subject.Service.Variants)
        {
            var candidate = new Subject(subject.Service, variant);
            // Every word that sets the variant apart (by its name or one alias) must be there: "with managed updates" is
            // not "with managed updates disabled".
            foreach (var words in _variantWords.GetValueOrDefault(candidate) ?? [])
            {
                // One word counts when written as a name ("… on AWS Fargate", "EKS Auto Mode") or next to the service's name
                // ("Aurora serverless"), not as an ordinary word elsewhere ("EKS … auto scaling", "ECS … managed by AWS").
                var found = words.Length == 1
                    ? Near(text, mention, words[0], owned) || free.Tokens.Any(t => t.Stem == words[0] && t.Capitalized)
                    : words.All(stems.Contains);
                if (found && words.Length > bestCount)
                {
                    best = candidate;
                    bestCount = words.Length;
                }
            }
        }

        return best is null ? mention : mention with { Candidates = [best] };
    }

    private static bool Near(Utterance text, Mention mention, string stem, bool[] owned)
    {
        for (var i = Math.Max(0, mention.Start - 2); i < Math.Min(text.Count, mention.End + 2); i++)
        {
            if (text[i].Stem == stem && !owned[i])
            {
                return true;
            }
        }

        return false;
    }

    private Mention? LongestAt(Utterance text, int start)
    {
        for (var length = Math.Min(_longest, text.Count - start); length >= 1; length--)
        {
            var key = string.Join(' ', Enumerable.Range(start, length).Select(j => text[j].Lower));
            if (_names.TryGetValue(key, out var entry))
            {
                // A prefix like "ecs" must be written as a name (capitalised or an acronym) to count.
                if (entry.Kind == MentionKind.Prefix && !text[start].Capitalized && start > 0)
                {
                    continue;
                }

                // Let a following generic noun belong to the mention ("an EC2 instance").
                return new Mention(start, length, key, entry.Kind, entry.Subjects) { IsDomainWord = IsDomainPhrase(key) };
            }
        }

        if (Acronym(text, start) is { } acronym)
        {
            return acronym;
        }

        // A brand word that is also a responsibility word ("Shield", "DDoS") is read as the responsibility.
        var token = text[start];
        if (token.Capitalized && _brands.TryGetValue(token.Lower, out var brand) && !IsDomainPhrase(token.Lower))
        {
            return new Mention(start, 1, token.Lower, MentionKind.Brand, brand);
        }

        return null;
    }

    // "Amazon Elastic Compute Cloud" → E, C, C → "ec2"; "Amazon Simple Storage Service" → "s3"; "AWS Identity and Access
    // Management" → "iam". AWS abbreviates repeated initials with a count, so runs of a letter become letter + count.
    private Mention? Acronym(Utterance text, int start)
    {
        // After "Amazon"/"AWS", or a run of capitalised words in mid-sentence ("an Application Load Balancer").
        var prefixed = text[start].Lower is "amazon" or "aws";
        if (!prefixed && !(text[start].Capitalized && start + 1 < text.Count && text[start + 1].Upper))
        {
            return null;
        }

        var words = new List<int>();
        for (var j = prefixed ? start + 1 : start; j < text.Count && words.Count < 7; j++)
        {
            if (text[j].Upper && text[j].Lower.Length > 1 && char.IsLetter(text[j].Lower[0]))
            {
                words.Add(j);
            }
            else if (text[j].Lower is "and" or "for" or "of" && words.Count > 0)
            {
                continue;
            }
            else
            {
                break;
            }
        }

        for (var count = words.Count; count >= 2; count--)
        {
            var initials = string.Concat(words.Take(count).Select(j => text[j].Lower[0]));
            var key = Compress(initials);
            foreach (var candidate in new[] { key, initials }.Distinct(StringComparer.Ordinal))
            {
                if (_names.TryGetValue(candidate, out var entry) && candidate.Length >= 2)
                {
                    var end = words[count - 1] + 1;
                    return new Mention(start, end - start, candidate, MentionKind.Acronym, entry.Subjects) { IsDomainWord = IsDomainPhrase(candidate) };
                }
            }
        }

        return null;
    }

    internal static string Compress(string initials)
    {
        var result = new System.Text.StringBuilder();
        for (var i = 0; i < initials.Length;)
        {
            var run = 1;
            while (i + run < initials.Length && initials[i + run] == initials[i])
            {
                run++;
            }

            result.Append(initials[i]);
            if (run > 1)
            {
                result.Append(run.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            i += run;
        }

        return result.ToString();
    }

    /// <summary>
    /// "Amazon Inspector", "AWS Systems Manager": capitalised names after Amazon/AWS that are not in the catalog, so that an
    /// answer can say it did not recognise them instead of silently answering by the general rule.
    /// </summary>
    public IReadOnlyList<string> UnknownNames(Utterance text, IReadOnlyList<Mention> mentions)
    {
        var covered = new bool[text.Count];
        foreach (var mention in mentions)
        {
            for (var i = Math.Max(0, mention.Start - 1); i < mention.End; i++)
            {
                covered[i] = true;
            }
        }

        var unknown = new List<string>();
        for (var i = 0; i + 1 < text.Count; i++)
        {
            if (covered[i] || text[i].Lower is not ("amazon" or "aws") || covered[i + 1] || !text[i + 1].Upper || NotNames.Contains(text[i + 1].Lower))
            {
                continue;
            }

            var j = i + 1;
            while (j < text.Count && !covered[j] && text[j].Upper && !NotNames.Contains(text[j].Lower) && j - i <= 4)
            {
                j++;
            }

            var name = string.Join(' ', Enumerable.Range(i + 1, j - i - 1).Select(k => text[k].Lower));
            if (name.Length > 0 && !IsDomainPhrase(name))
            {
                unknown.Add((text[i].Lower == "aws" ? "AWS " : "Amazon ") + name);
            }

            i = j - 1;
        }

        return unknown;
    }

    // Words after "AWS" that do not start a service name.
    private static readonly FrozenSet<string> NotNames = new[]
    {
        "cloud", "region", "regions", "account", "accounts", "service", "services", "management", "console", "customer", "customers",
        "infrastructure", "shared", "responsibility", "global", "documentation", "partner", "partners", "support", "is", "does",
        "manages", "handles", "will", "and", "the", "a", "certified", "well", "architected", "framework", "network", "data",
        "availability", "zones", "edge", "locations", "employees", "staff", "security", "compliance", "resources", "offers", "provides",
    }.ToFrozenSet(StringComparer.Ordinal);

    // A name that is also, word for word, one of the catalog's responsibility phrases ("IAM", "VPC", "CloudTrail").
    private bool IsDomainPhrase(string key)
    {
        var terms = Words.Terms(key);
        if (terms.Length == 0 || _domainPhrases.Match(terms).Count == 0)
        {
            return false;
        }

        var resolution = _domains.Resolve(key);
        return resolution.Match is { } match && Words.Terms(match.Phrase).Length == terms.Length;
    }

    private static bool IsGeneric(string term) =>
        term is "instance" or "function" or "node" or "servic" or "service" or "with" or "for" or "on" or "capacity" or "databas" or "database"
            or "packag" or "deploy" or "us" or "bas";

    // "Amazon EKS (self-managed nodes)" → "Amazon EKS".
    private static string WithoutRemarks(string name)
    {
        var open = name.IndexOf('(', StringComparison.Ordinal);
        return open > 0 ? name[..open].Trim() : name;
    }

    // "amazon opensearch service" → itself, "opensearch service", "opensearch".
    private static IEnumerable<string> ShortForms(string key)
    {
        var words = key.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        yield return string.Join(' ', words);
        while (words.Count > 1 && words[0] is "amazon" or "aws")
        {
            words.RemoveAt(0);
            yield return string.Join(' ', words);
        }

        if (words.Count > 1 && words[^1] is "service" or "services")
        {
            words.RemoveAt(words.Count - 1);
            yield return string.Join(' ', words);
        }
    }
}
