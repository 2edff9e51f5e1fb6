using Demarc.Catalog;
using Demarc.Model;
using Demarc.Resolution;
using Demarc.Text;

namespace Demarc.Asking;

/// <summary>A party named in a text.</summary>
internal enum Party
{
    Aws,
    Customer,
    Both,
}

/// <summary>A responsibility domain a text refers to, through which catalog phrase.</summary>
/// <param name="Tied">Another domain fits the same words equally well.</param>
internal sealed record DomainHit(Domain Domain, string Phrase, IReadOnlyList<string> Terms, double Score, bool Tied);

/// <summary>One of AWS's IT controls and its category.</summary>
internal sealed record ControlRef(ControlCategory Category, Control Control);

/// <summary>
/// What a piece of text (an option, a clause, the topic of a question) refers to in the catalog's vocabulary:
/// services, domains, an AWS control or control category, a layer (security OF/IN the cloud), a party, a service model.
/// </summary>
internal sealed record Reading(
    Utterance Text,
    IReadOnlyList<Mention> Mentions,
    IReadOnlyList<DomainHit> Domains,
    PhraseHit<ControlRef>? Control,
    PhraseHit<ControlCategory>? Category,
    Layer? Layer,
    Party? Party,
    bool PartyOnly,
    IReadOnlyList<ServiceModel> Models,
    IReadOnlyList<string> Unknown)
{
    /// <summary>The service model named, if any (for AWS's categories such as "abstracted services", the first of several).</summary>
    public ServiceModel? Model => Models.Count > 0 ? Models[0] : null;

    /// <summary>The service the text is about: the first mention that is not also a responsibility word, else the first.</summary>
    /// <remarks>A responsibility word counts as the service only when written as the service's id or name ("IAM", "AWS KMS"),
    /// not when it is merely one of its aliases ("DDoS protection" for AWS Shield).</remarks>
    public Subject? Service =>
        Mentions.FirstOrDefault(m => m.Subject is not null && !m.IsDomainWord)?.Subject
        ?? Mentions.FirstOrDefault(m => m.Subject is not null && m.Kind != MentionKind.Alias)?.Subject;

    /// <summary>Services the text names, in order (without repeats).</summary>
    public IReadOnlyList<Subject> Services => [.. Mentions.Where(m => m.Subject is not null).Select(m => m.Subject!).Distinct()];

    /// <summary>True when the text names a real service (not only a word such as IAM or VPC).</summary>
    public bool NamesService => Mentions.Any(m => m.Subject is not null && !m.IsDomainWord);

    /// <summary>True when the text names a service and nothing the catalog can assign an owner to.</summary>
    /// <remarks>An engine named with the service ("MySQL on Amazon EC2", "Amazon RDS for PostgreSQL") still counts as naming only the service.</remarks>
    public bool IsServiceOnly => NamesService && Domains.All(d => d.Domain.Id == "runtime") && Control is null && Category is null && Layer is null;

    public DomainHit? Domain => Domains.Count > 0 ? Domains[0] : null;

    /// <summary>True when the text names an AWS control more precisely than any domain ("patch management" rather than "patching").</summary>
    public bool ControlFirst => Control is not null && (Domains.Count == 0 || Control.Terms.Count > Domains[0].Terms.Count);

    /// <summary>True when nothing in the text was recognised.</summary>
    public bool IsEmpty => Mentions.Count == 0 && Domains.Count == 0 && Control is null && Category is null && Layer is null && Party is null && Models.Count == 0;

    /// <summary>A short description of what was recognised, for explanations.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Services.Count > 0)
        {
            parts.Add("service " + string.Join(", ", Services.Select(s => s.Name)));
        }

        if (Domains.Count > 0)
        {
            parts.Add("domain " + string.Join(", ", Domains.Select(d => $"{d.Domain.Id} (\"{d.Phrase}\")")));
        }

        if (Control is not null)
        {
            parts.Add($"control {Control.Value.Control.Name} ({Control.Value.Category.Name.ToLowerInvariant()})");
        }
        else if (Category is not null)
        {
            parts.Add($"category {Category.Value.Name.ToLowerInvariant()}");
        }

        if (Layer is not null)
        {
            parts.Add($"security {Layer.Value.Display()} the cloud");
        }

        if (Party is not null && PartyOnly)
        {
            parts.Add("party " + Party.Value.ToString());
        }

        if (Models.Count > 0)
        {
            parts.Add("model " + string.Join(" or ", Models.Select(m => m.Name)));
        }

        return parts.Count == 0 ? "nothing recognised" : string.Join("; ", parts);
    }
}

/// <summary>Reads text into a <see cref="Reading"/> using the catalog's vocabulary.</summary>
internal sealed class PhraseReader
{
    private static readonly HashSet<string> PartyFiller = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "both", "and", "only", "jointly", "together", "alone", "solely", "entirely", "party", "parties", "itself", "s", "equally", "between",
        // "Shared: AWS and the customer each own a part" (the quiz's wording of the shared option).
        "shared", "share", "each", "own", "owns", "part", "parts", "responsibility",
    };

    private readonly ResponsibilityCatalog _catalog;
    private readonly DomainResolver _domains;
    private readonly PhraseIndex<ControlRef> _controls = new();
    private readonly PhraseIndex<ControlCategory> _categories = new();
    // Service models by name or id ("IaaS", "serverless"), and AWS's categories ("abstracted services", "container
    // services"), which span several of the catalog's models: the value is "model:<id>" or "category:<aws category>".
    private readonly PhraseIndex<string> _models = new();

    // The domain phrases again, to know cheaply whether any fits before asking the resolver (which, when none fits,
    // looks for close spellings of every unknown word: useful for `demarc who`, too slow for reading every option).
    private readonly PhraseIndex<Domain> _domainPhrases;

    public PhraseReader(ResponsibilityCatalog catalog, DomainResolver domains, ServiceSpotter services)
    {
        _catalog = catalog;
        _domains = domains;
        Services = services;
        foreach (var category in catalog.ControlCategories)
        {
            foreach (var phrase in category.Synonyms.Prepend(category.Name))
            {
                _categories.Add(category, phrase);
            }

            foreach (var control in category.Controls)
            {
                foreach (var phrase in control.Synonyms.Prepend(control.Name))
                {
                    _controls.Add(new ControlRef(category, control), phrase);
                }
            }
        }

        _domainPhrases = DomainPhrases.Build(catalog);
        foreach (var model in catalog.Models)
        {
            _models.Add("model:" + model.Id, model.Name);

            // "container" and "managed" are everyday words ("container images", "managing keys"): only the full names count.
            if (model.Id is not ("container" or "managed"))
            {
                _models.Add("model:" + model.Id, model.Id);
            }

            _models.Add("category:" + model.AwsCategory, model.AwsCategory + " service");
        }
    }

    public ServiceSpotter Services { get; }

    public ResponsibilityCatalog Catalog => _catalog;

    public Reading Read(string text) => Read(Utterance.Parse(text));

    /// <param name="text">The text.</param>
    /// <param name="byPosition">See <see cref="ServiceSpotter.Find"/>: false reads every responsibility word as a responsibility.</param>
    public Reading Read(Utterance text, bool byPosition = true)
    {
        var mentions = Services.Find(text, byPosition);
        var inMention = new bool[text.Count];
        var nameWord = new bool[text.Count];
        foreach (var mention in mentions)
        {
            // "Amazon" or "AWS" just before a name belongs to the name. A name that is also a responsibility word
            // ("AWS KMS", "IAM") stays readable as a domain, but its "AWS" is never the party AWS.
            var start = mention.Start > 0 && text[mention.Start - 1].Lower is "amazon" or "aws" ? mention.Start - 1 : mention.Start;
            for (var i = start; i < mention.End; i++)
            {
                inMention[i] = !mention.IsDomainWord || i < mention.Start || text[i].Lower is "amazon" or "aws";
                nameWord[i] = true;
            }
        }

        var layer = FindLayer(text, out var layerStart, out var layerLength);
        var content = text.Where(i => !inMention[i] && (i < layerStart || i >= layerStart + layerLength));
        var domains = ReadDomains(content);
        var stems = content.Stems.ToList();
        var control = _controls.Best(stems);
        var category = _categories.Best(stems);
        if (category is not null && control is not null && category.Terms.All(control.Terms.Contains))
        {
            category = null;
        }

        var modelHits = _models.Match(stems, requireOrder: true);
        IReadOnlyList<ServiceModel> models = modelHits.Count == 0 ? []
            : modelHits[0].Value.StartsWith("model:", StringComparison.Ordinal)
                ? [_catalog.Model(modelHits[0].Value["model:".Length..])]
                : [.. _catalog.Models.Where(m => "category:" + m.AwsCategory == modelHits[0].Value)];
        var (party, partyOnly) = FindParty(text, nameWord);
        var known = domains.SelectMany(d => d.Terms)
            .Concat(control?.Terms ?? []).Concat(category?.Terms ?? [])
            .ToHashSet(StringComparer.Ordinal);
        var unknown = content.Tokens
            .Where(t => t.Stem is not null && !known.Contains(t.Stem) && !Lexicon.CustomerWords.Contains(t.Lower) && !Lexicon.AwsWords.Contains(t.Lower))
            .Select(t => t.Lower)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new Reading(text, mentions, domains, control, category, layer, party, partyOnly, models, unknown);
    }

    /// <summary>
    /// The domains a text names: the best phrase, then others that use different words. Phrases are the domain synonyms
    /// <see cref="DomainResolver"/> uses, matched by the rule it documents (every word present after
    /// <see cref="Words.Terms"/>; more words win; a bonus for words in order), but every fitting domain is kept, because an
    /// option may name two ("operating system and firewall configuration") and ties are settled with the service.
    /// </summary>
    public IReadOnlyList<DomainHit> ReadDomains(Utterance text)
    {
        var stems = text.Stems.ToList();
        var candidates = stems.Count == 0 ? [] : _domainPhrases.Match(stems);
        if (candidates.Count == 0)
        {
            return [];
        }

        var top = candidates[0].Score;
        var hits = new List<DomainHit>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var tiedCount = candidates.Count(c => top - c.Score < 0.01);
        foreach (var candidate in candidates)
        {
            var tied = tiedCount > 1 && top - candidate.Score < 0.01;
            if (hits.Count == 0 || tied)
            {
                hits.Add(new DomainHit(candidate.Value, candidate.Phrase, candidate.Terms, candidate.Score, tied));
                used.UnionWith(candidate.Terms);
                continue;
            }

            // A second domain counts when its phrase uses words the first did not ("operating system and firewall configuration").
            if (candidate.Terms.All(t => !used.Contains(t)) && (candidate.Terms.Count >= 2 || candidate.Score >= 1.5))
            {
                hits.Add(new DomainHit(candidate.Value, candidate.Phrase, candidate.Terms, candidate.Score, false));
                used.UnionWith(candidate.Terms);
            }
        }

        return hits;
    }

    /// <summary>Close spellings the domain resolver suggests for words of a text it could not place ("encyrption").</summary>
    public IReadOnlyList<string> Suggestions(Utterance text)
    {
        var resolution = _domains.Resolve(text.Joined);
        return resolution.Status == ResolutionStatus.Unknown ? resolution.Suggestions : [];
    }

    /// <summary>
    /// The control a longer text describes, by the words it shares with each control's name, description and parts
    /// ("AWS maintains the configuration of its infrastructure devices…" is configuration management); null unless one
    /// control clearly shares the most words.
    /// </summary>
    public ControlRef? ControlByDescription(IEnumerable<string> stems)
    {
        var present = stems.ToHashSet(StringComparer.Ordinal);
        var scored = _catalog.ControlCategories
            .SelectMany(c => c.Controls.Select(k => new ControlRef(c, k)))
            .Select(r => (Ref: r, Shared: Words.Terms($"{r.Control.Name} {r.Control.Description} {r.Control.Parts.Aws} {r.Control.Parts.Customer}")
                .Distinct(StringComparer.Ordinal).Count(present.Contains)))
            .OrderByDescending(x => x.Shared)
            .ToList();
        return scored.Count > 0 && scored[0].Shared >= 4 && (scored.Count == 1 || scored[0].Shared >= scored[1].Shared + 2) ? scored[0].Ref : null;
    }

    /// <summary>Every control and category phrase that fits, best first.</summary>
    public IReadOnlyList<PhraseHit<ControlRef>> Controls(IReadOnlyList<string> stems) => _controls.Match(stems);

    public IReadOnlyList<PhraseHit<ControlCategory>> Categories(IReadOnlyList<string> stems) => _categories.Match(stems);

    // "security of the cloud", "security 'in' the cloud", "security OF the AWS cloud".
    private static Layer? FindLayer(Utterance text, out int start, out int length)
    {
        for (var i = 0; i + 2 < text.Count; i++)
        {
            if (text[i].Stem is not ("secur" or "protect" or "responsibility") && text[i].Lower is not ("security" or "responsibility" or "responsible"))
            {
                continue;
            }

            var j = i + 1;
            if (text[j].Lower is not ("of" or "in" or "for" or "within" or "inside"))
            {
                continue;
            }

            var preposition = text[j].Lower;
            j++;
            while (j < text.Count && text[j].Lower is "the" or "aws" or "amazon" or "public")
            {
                j++;
            }

            if (j < text.Count && text[j].Lower == "cloud")
            {
                start = i;
                length = j - i + 1;
                return preposition == "of" ? Layer.OfTheCloud : preposition is "in" or "within" or "inside" ? Layer.InTheCloud : null;
            }
        }

        start = -1;
        length = 0;
        return null;
    }

    private static (Party? Party, bool Only) FindParty(Utterance text, bool[] inMention)
    {
        Party? party = null;
        var both = false;
        var other = false;
        var lastParty = (Index: -10, Party: Party.Aws);
        for (var i = 0; i < text.Count; i++)
        {
            var word = text[i].Lower;
            if (inMention[i])
            {
                other = true;
                continue;
            }

            // "AWS services", "the AWS Cloud", "an AWS account": AWS as an adjective, not as a party.
            var next = i + 1 < text.Count ? text[i + 1].Lower : "";
            Party? found = Lexicon.AwsWords.Contains(word) && !NotParty.Contains(next) ? Party.Aws
                : Lexicon.CustomerWords.Contains(word) && !Lexicon.WeakCustomerWords.Contains(word) ? Party.Customer
                : null;
            if (found is { } f)
            {
                party ??= f;

                // "AWS and the customer", "customers or AWS", "between AWS and customers".
                if (lastParty.Party != f && i - lastParty.Index <= 3
                    && Enumerable.Range(lastParty.Index + 1, i - lastParty.Index - 1).Any(j => text[j].Lower is "and" or "or" or "&"))
                {
                    both = true;
                }

                lastParty = (i, f);
            }
            else if (word is "both" or "jointly" or "together" or "shared")
            {
                both = true;
            }
            else if (Lexicon.AwsWords.Contains(word))
            {
                other = true;
            }
            else if (!PartyFiller.Contains(word))
            {
                other = true;
            }
        }

        if (both && party is not null)
        {
            party = Party.Both;
        }

        return (party, party is not null && !other);
    }

    private static readonly HashSet<string> NotParty = new(StringComparer.Ordinal)
    {
        "service", "services", "cloud", "account", "accounts", "resources", "resource", "region", "regions", "offering",
        "offerings", "product", "products", "infrastructure", "global", "managed", "owned", "provided", "documentation",
        "marketplace", "console", "cli", "sdk", "api", "environment", "platform", "data", "network", "backbone", "edge",
    };
}
