using Demarc.Model;

namespace Demarc.Asking;

/// <summary>How true a statement is (0 false … 1 true; null when it could not be judged) and why.</summary>
internal sealed record Judgement(double? Truth, string Reason, IReadOnlyList<OwnerView> Views)
{
    public static Judgement Unknown(string reason) => new(null, reason, []);
}

/// <summary>
/// Judges statements about the model: "AWS is responsible for security of the cloud", "patching the guest OS is always
/// AWS's responsibility", "responsibilities vary by service", "the customer carries more responsibility with EC2 than
/// with Lambda", "patch management is a shared control". A statement is split into clauses (each with its own party);
/// every claim a clause makes is checked against the catalog, and the statement is as true as its weakest clause.
/// </summary>
internal sealed class StatementJudge
{
    private readonly PhraseReader _reader;
    private readonly Ownership _ownership;

    public StatementJudge(PhraseReader reader, Ownership ownership)
    {
        _reader = reader;
        _ownership = ownership;
    }

    /// <summary>Judges a statement; <paramref name="topic"/> stands for "it" and <paramref name="service"/> applies when the statement names none.</summary>
    public Judgement Judge(string statement, Reading? topic, Subject? service)
    {
        var clauses = Clauses(statement);
        var judged = new List<Judgement>();
        Reading? previous = null;
        foreach (var clause in clauses)
        {
            var judgement = JudgeClause(Utterance.Parse(clause), topic, service, ref previous);
            if (judgement.Truth is not null)
            {
                judged.Add(judgement);
            }
        }

        if (judged.Count == 0)
        {
            return Judgement.Unknown($"no claim about ownership understood in \"{statement}\"");
        }

        var weakest = judged.MinBy(j => j.Truth)!;
        return new Judgement(weakest.Truth, string.Join("; ", judged.Select(j => j.Reason)), [.. judged.SelectMany(j => j.Views)]);
    }

    // "AWS does X, and the customer does Y" → two clauses; "X and Y are the customer's" stays one.
    internal static List<string> Clauses(string statement)
    {
        var parts = new List<string>();
        foreach (var piece in statement.Split([';', ':', '—', '–'], StringSplitOptions.RemoveEmptyEntries))
        {
            var words = piece.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var start = 0;
            for (var i = 1; i < words.Length - 1; i++)
            {
                var word = Clean(words[i]);
                var next = Clean(words[i + 1]);
                var afterNext = i + 2 < words.Length ? Clean(words[i + 2]) : "";
                var joins = word is "while" or "whereas" or "but" or "and" or "yet";
                var party = IsParty(next) || (next is "the" or "its" or "their" && IsParty(afterNext));
                if (joins && (party || word is "while" or "whereas" or "but") && i - start >= 2)
                {
                    parts.Add(string.Join(' ', words[start..i]));
                    start = i + 1;
                }
            }

            parts.Add(string.Join(' ', words[start..]));
        }

        return [.. parts.Where(p => p.Trim().Length > 0)];

        static string Clean(string word) => word.Trim(',', '.', '"', '\'', '(', ')').ToLowerInvariant();
        static bool IsParty(string word) => Lexicon.AwsWords.Contains(word) || (Lexicon.CustomerWords.Contains(word) && !Lexicon.WeakCustomerWords.Contains(word)) || word.StartsWith("customer", StringComparison.Ordinal) || word.StartsWith("aws", StringComparison.Ordinal);
    }

    private Judgement JudgeClause(Utterance clause, Reading? topic, Subject? service, ref Reading? previous)
    {
        var reading = _reader.Read(clause);
        var negated = IsNegated(clause);
        var subject = reading.NamesService ? reading.Service : service;

        // Responsibilities vary by service (true) / by Region or support plan (false) / are the same everywhere (false).
        if (clause.HasAny(Lexicon.VaryWords) && !(reading.Party is Party.Aws or Party.Customer && reading.Domains.Count > 0 && !clause.Has("depending")))
        {
            var byService = clause.HasAny(Lexicon.VaryByServiceWords) || reading.Mentions.Count > 1;
            var byOther = clause.HasAny(Lexicon.VaryByOtherWords);
            if (byService || byOther)
            {
                var truth = byService && !byOther ? 1.0 : 0.0;
                return Result(negated ? 1 - truth : truth, byService && !byOther
                    ? "responsibilities do vary with the services used and their model"
                    : "responsibilities vary with the services used, not with Regions, plans or prices");
            }
        }

        if (clause.HasAny(Lexicon.SameWords) && reading.Domains.Count == 0 && reading.Control is null)
        {
            return Result(negated ? 1 : 0, "the split is not the same for every service: it depends on the service and its model");
        }

        // Comparisons between services: "more responsibility with EC2 than with Lambda".
        if (Comparison(clause, reading, negated) is { } comparison)
        {
            return comparison;
        }

        // Claims about nothing or everything.
        var party = ClaimedParty(clause, reading);
        if (party is not null && (clause.Contains("no security responsibilities") || clause.Contains("no responsibilities") || clause.Contains("no responsibility") || clause.Contains("nothing")))
        {
            return Result(0, $"{PartyName(party.Value)} always keeps some responsibilities: the customer its data and access, AWS its infrastructure");
        }

        if (party is Party.Aws or Party.Customer && (clause.Has("everything") || clause.Contains("all security") || clause.Contains("all of the security") || clause.Contains("all aspects")) && reading.Domains.Count == 0)
        {
            return Result(negated ? 1 : 0, "no party is responsible for everything: AWS secures the cloud, the customer what it puts in it");
        }

        var focus = reading;
        var pronoun = clause.HasAny(Pronouns);
        if (reading.Domains.Count == 0 && reading.Control is null && reading.Layer is null)
        {
            focus = pronoun && topic is not null ? topic : previous ?? topic ?? reading;
        }
        else
        {
            previous = reading;
        }

        var checks = new List<(double Truth, string Reason, IReadOnlyList<OwnerView> Views)>();

        // "X is a shared control", "it is an inherited control".
        var namesCategory = clause.HasAny(Lexicon.ControlNouns) || clause.HasStem("inherit");
        if (namesCategory && reading.Category is { } claimedCategory && (reading.Control is null || !ReferenceEquals(reading.Control.Value.Category, claimedCategory.Value) || focus != reading))
        {
            var actual = focus.Control?.Value.Category ?? (focus.Domain is { } d ? _ownership.CategoryOf(d.Domain) : null);
            if (actual is not null && (focus != reading || reading.Control is not null || reading.Domains.Count > 0))
            {
                var fits = actual.Id == claimedCategory.Value.Id;
                checks.Add((fits != negated ? 1 : 0, $"{Subject(focus)} belongs to {actual.Name.ToLowerInvariant()}", []));
            }
        }

        // Security OF / IN the cloud.
        if (reading.Layer is { } layer)
        {
            if (party is Party.Aws or Party.Customer)
            {
                var fits = (layer == Layer.OfTheCloud) == (party == Party.Aws);
                checks.Add((fits != negated ? 1 : 0, $"security {layer.Display()} the cloud is {(layer == Layer.OfTheCloud ? "AWS's" : "the customer's")}", []));
            }
            else if (party == Party.Both)
            {
                checks.Add((negated ? 1 : 0, $"security {layer.Display()} the cloud belongs to one party only", []));
            }

            if (focus.Domains.Count > 0)
            {
                var domain = focus.Domains[0].Domain;
                var fits = domain.Layer == layer;
                checks.Add((fits != negated ? 1 : 0, $"{domain.Name.ToLowerInvariant()} is security {domain.Layer.Display()} the cloud", []));
            }

            if (!(party is Party.Aws or Party.Customer && focus.Domains.Count > 0))
            {
                return checks.Count == 0 ? Judgement.Unknown($"no claim understood in \"{clause.Text}\"") : Combine(checks);
            }
        }

        // Ownership: "<party> is responsible for <domains>", possibly always/only/never.
        if (party is not null && (focus.Domains.Count > 0 || focus.Control is not null))
        {
            if (focus.ControlFirst)
            {
                focus = focus with { Domains = [] };
            }

            var universal = IsUniversal(clause) || clause.Has("never");
            var sole = clause.HasAny(Lexicon.SoleWords) && !clause.Has("fully");
            if (focus.Domains.Count > 0)
            {
                foreach (var hit in Ownership.PreferApplicable(focus.Domains, subject))
                {
                    var possessor = Possessor(clause, reading, party.Value);
                    var view = _ownership.View(universal ? null : subject, hit.Domain, clause, possessor, hit.Terms);
                    double truth;
                    string reason;
                    if (universal)
                    {
                        var (matching, applicable) = _ownership.AcrossServices(hit.Domain, clause, v => Ownership.Fit(v, party.Value));
                        truth = applicable > 0 && matching == applicable ? 1 : 0;
                        reason = $"{hit.Domain.Name.ToLowerInvariant()} is {PartyName(party.Value)}'s on {matching} of {applicable} services where it applies";
                    }
                    else
                    {
                        truth = sole && view.Owner == Owner.Shared ? 0 : Ownership.Fit(view, party.Value);
                        reason = view.Describe();
                    }

                    checks.Add((negated ? 1 - truth : truth, reason, [view]));
                }
            }
            else if (focus.Control is { } control)
            {
                var owner = control.Value.Category.Owner;
                var truth = sole && owner == Owner.Shared ? 0 : Ownership.Fit(owner, null, party.Value);
                checks.Add((negated ? 1 - truth : truth, $"{control.Value.Control.Name.ToLowerInvariant()} is {control.Value.Category.Name.ToLowerInvariant()}", []));
            }
        }

        return checks.Count == 0 ? Judgement.Unknown($"no claim understood in \"{clause.Text}\"") : Combine(checks);
    }

    private static readonly HashSet<string> Pronouns = new(StringComparer.Ordinal) { "it", "this", "they", "them", "these" };

    private Judgement? Comparison(Utterance clause, Reading reading, bool negated)
    {
        var more = clause.Has("more") || clause.Has("greater") || clause.Has("most");
        var less = clause.Has("less") || clause.Has("fewer") || clause.Has("least");
        if (clause.Has("than") && reading.Services.Count >= 2 && (more || less))
        {
            var first = reading.Services[0];
            var second = reading.Services[1];
            var party = ClaimedParty(clause, reading) ?? Party.Customer;
            var (a, b) = (_ownership.CustomerLoad(first), _ownership.CustomerLoad(second));
            var customerMore = more ^ (party == Party.Aws);
            var truth = customerMore ? (a > b ? 1.0 : 0.0) : (a < b ? 1.0 : 0.0);
            return Result(negated ? 1 - truth : truth, $"the customer carries {a:0.#} domains on {first.Name} and {b:0.#} on {second.Name}");
        }

        // "The more managed a service is, the less the customer manages."
        if (clause.Find("the more") >= 0 && (clause.HasStem("manag") || clause.HasStem("abstract") || clause.Has("serverless")))
        {
            var after = clause.Find("the", clause.Find("the more") + 2);
            var rest = after >= 0 ? clause.Slice(after, clause.Count - after) : clause;
            var lessForCustomer = (rest.Has("less") || rest.Has("fewer")) == (ClaimedParty(rest, _reader.Read(rest)) != Party.Aws);
            return Result(negated ^ !lessForCustomer ? 0 : 1, "the more AWS manages a service, the less is left to the customer");
        }

        return null;
    }

    /// <summary>The party a clause makes a claim about; "rely on AWS for X" and "inherit X from AWS" mean AWS does X.</summary>
    internal static Party? ClaimedParty(Utterance clause, Reading reading)
    {
        if (reading.Party is Party.Customer && (clause.HasStem("rely") || clause.HasStem("reli") || clause.HasStem("inherit") || clause.HasStem("depend") || clause.HasStem("leverag")))
        {
            var index = clause.Tokens.ToList().FindIndex(t => t.Lower is "aws" or "amazon");
            if (index >= 0)
            {
                return Party.Aws;
            }
        }

        if (reading.Party is null && (clause.Has("shared") || clause.Has("share") || clause.Has("both")))
        {
            return Party.Both;
        }

        return reading.Party;
    }

    // The party whose thing the clause talks about, when it differs from the claimed party ("AWS trains the customer's employees").
    private static Party? Possessor(Utterance clause, Reading reading, Party claimed)
    {
        if (clause.Has("own"))
        {
            return claimed;
        }

        var firstSeen = false;
        foreach (var token in clause.Tokens)
        {
            var party = Lexicon.AwsWords.Contains(token.Lower) ? Party.Aws
                : Lexicon.CustomerWords.Contains(token.Lower) && !Lexicon.WeakCustomerWords.Contains(token.Lower) ? Party.Customer
                : (Party?)null;
            if (party is null)
            {
                continue;
            }

            if (firstSeen && party != claimed)
            {
                return party;
            }

            firstSeen = true;
        }

        _ = reading;
        return null;
    }

    internal static bool IsNegated(Utterance text)
    {
        for (var i = 0; i < text.Count; i++)
        {
            var word = text[i].Lower;
            if (word is "not" or "never" or "cannot" or "neither")
            {
                return true;
            }

            if (word == "no" && !(i + 1 < text.Count && text[i + 1].Lower is "longer" or "matter"))
            {
                return true;
            }

            if (word == "t" && i > 0 && Lexicon.ContractionHeads.Contains(text[i - 1].Lower))
            {
                return true;
            }
        }

        return false;
    }

    internal static bool IsUniversal(Utterance text) =>
        text.Has("always") || text.Has("regardless") || text.Has("irrespective") || text.Contains("no matter")
        || text.Contains("every service") || text.Contains("all services") || text.Contains("all aws services")
        || text.Contains("any service") || text.Contains("all cases") || text.Contains("every aws service")
        || text.Contains("of every") || text.Contains("for every") || text.Contains("all of the services");

    private static string Subject(Reading focus) =>
        focus.Control?.Value.Control.Name.ToLowerInvariant() ?? focus.Domain?.Domain.Name.ToLowerInvariant() ?? "it";

    internal static string PartyName(Party party) => party switch
    {
        Party.Aws => "AWS",
        Party.Customer => "the customer",
        _ => "both parties",
    };

    private static Judgement Result(double truth, string reason) => new(truth, reason, []);

    private static Judgement Combine(List<(double Truth, string Reason, IReadOnlyList<OwnerView> Views)> checks) =>
        checks.Count == 0
            ? Judgement.Unknown("nothing to check")
            : new Judgement(checks.Min(c => c.Truth), string.Join("; ", checks.Select(c => c.Reason)), [.. checks.SelectMany(c => c.Views)]);
}
