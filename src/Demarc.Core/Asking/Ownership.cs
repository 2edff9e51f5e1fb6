using Demarc.Catalog;
using Demarc.Model;
using Demarc.Text;
using Demarc.Views;

namespace Demarc.Asking;

/// <summary>
/// Who owns a domain on a service (or in general, when no service is named), with the side of a Shared cell the words
/// point to: "running automated backups" is AWS's half of RDS's shared backup cell, "setting the retention period" the
/// customer's. The side is read from the cell's own texts (what AWS does, what the customer does, the note), so the
/// catalog decides, not a list of questions.
/// </summary>
internal sealed class Ownership
{
    private readonly ResponsibilityCatalog _catalog;
    private readonly Dictionary<(Subject?, string), (HashSet<string> Aws, HashSet<string> Customer)> _sideWords = [];
    private readonly Lock _gate = new();

    public Ownership(ResponsibilityCatalog catalog) => _catalog = catalog;

    /// <summary>The cell for a domain on a subject, or the domain's general rule when there is no subject.</summary>
    /// <param name="phrase">The words that named the domain ("multi az failover"): they say which domain, not which side, so they count only when nothing else does.</param>
    public OwnerView View(Subject? subject, Domain domain, Utterance words, Party? possessor = null, IReadOnlyCollection<string>? phrase = null)
    {
        ArgumentNullException.ThrowIfNull(domain);
        Owner owner;
        Parts parts;
        string? note = null;
        IReadOnlyList<Source> sources;
        CellView? cellView = null;
        if (subject is not null)
        {
            cellView = ResponsibilityViews.View(_catalog, subject, domain);
            owner = cellView.Cell.Owner;
            parts = cellView.Cell.Parts;
            note = cellView.Cell.Note;
            sources = cellView.Sources;
        }
        else
        {
            owner = domain.DefaultOwner;
            parts = GeneralParts(domain, owner);
            sources = _catalog.Sources.TryGetValue("aws-srm", out var srm) ? [srm] : [];
        }

        Owner? side = null;
        if (owner is Owner.Aws or Owner.Customer)
        {
            side = OtherSide(subject, domain, parts, note, owner, words, phrase ?? []);
        }
        else if (owner == Owner.Shared)
        {
            side = Side(subject, domain, parts, note, words, phrase ?? []) ?? possessor switch
            {
                Party.Aws => Owner.Aws,
                Party.Customer => Owner.Customer,
                _ => null,
            };
        }

        return new OwnerView(subject, domain, owner, side, parts, note, sources, cellView);
    }

    /// <summary>How well an owner view fits the party a question asks for, from 0 (not at all) to 1.</summary>
    public static double Fit(OwnerView view, Party target) =>
        view.Owner is Owner.Aws or Owner.Customer && view.Side is { } other && other != view.Owner
            ? Fit(Owner.Shared, other, target)
            : Fit(view.Owner, view.Side, target);

    public static double Fit(Owner owner, Owner? side, Party target) => target switch
    {
        Party.Both => owner == Owner.Shared ? 1.0 : 0.0,
        Party.Aws => owner switch
        {
            Owner.Aws => 1.0,
            Owner.Shared => side switch { Owner.Aws => 0.85, Owner.Customer => 0.2, _ => 0.5 },
            Owner.Customer => 0.0,
            _ => 0.1,
        },
        _ => owner switch
        {
            Owner.Customer => 1.0,
            Owner.Shared => side switch { Owner.Customer => 0.85, Owner.Aws => 0.2, _ => 0.5 },
            Owner.Aws => 0.0,
            _ => 0.1,
        },
    };

    /// <summary>The owner of an AWS control category: inherited → AWS, shared → Shared, customer-specific → Customer.</summary>
    public static Owner OwnerOf(ControlCategory category) => category.Owner;

    /// <summary>The control category a domain belongs to: of-the-cloud domains are inherited; otherwise the first control that lists it.</summary>
    public ControlRef? ControlOf(Domain domain)
    {
        foreach (var category in _catalog.ControlCategories)
        {
            if (domain.Layer == Layer.OfTheCloud && category.Owner != Owner.Aws)
            {
                continue;
            }

            foreach (var control in category.Controls)
            {
                if (control.DomainIds.Contains(domain.Id))
                {
                    return new ControlRef(category, control);
                }
            }
        }

        return null;
    }

    /// <summary>The category a domain falls in: its control's, else by its general owner.</summary>
    public ControlCategory? CategoryOf(Domain domain)
    {
        if (ControlOf(domain) is { } control)
        {
            return control.Category;
        }

        return _catalog.ControlCategories.FirstOrDefault(c => c.Owner == domain.DefaultOwner);
    }

    /// <summary>A subject's customer load: Customer = 1, Shared = ½ per domain.</summary>
    public double CustomerLoad(Subject subject) =>
        _catalog.Domains.Sum(d => subject.CellFor(d.Id).Owner.CustomerWeight());

    /// <summary>Whether a domain's owner holds on every service and variant where it applies.</summary>
    public (int Matching, int Applicable) AcrossServices(Domain domain, Utterance words, Func<OwnerView, double> fit)
    {
        var matching = 0;
        var applicable = 0;
        foreach (var subject in _catalog.Subjects)
        {
            var view = View(subject, domain, words);
            if (view.Owner == Owner.NotApplicable)
            {
                continue;
            }

            applicable++;
            if (fit(view) >= 0.75)
            {
                matching++;
            }
        }

        return (matching, applicable);
    }

    /// <summary>
    /// The domains to judge: when several fit the words equally well, the first that applies to the service
    /// (an EBS volume has no guest OS), then the other domains the words name.
    /// </summary>
    public static IEnumerable<DomainHit> PreferApplicable(IReadOnlyList<DomainHit> hits, Subject? subject)
    {
        // AWS's own things named at least as precisely as the task done to them decide: "maintaining the configuration
        // of infrastructure devices" is about the devices; "choosing the Regions where customer data is stored" is not.
        var ofTheCloud = hits.Where(h => h.Domain.Layer == Layer.OfTheCloud).ToList();
        if (ofTheCloud.Count > 0 && ofTheCloud.Count < hits.Count)
        {
            var longest = ofTheCloud.Max(h => h.Terms.Count);
            var precise = hits.Where(h => h.Domain.Layer == Layer.OfTheCloud || h.Terms.Count > longest).ToList();
            if (precise.Count < hits.Count)
            {
                return PreferApplicable(precise, subject);
            }
        }

        var tied = hits.Where(h => h.Tied).ToList();
        if (tied.Count > 1)
        {
            // AWS's own things stay AWS's whatever is done to them: "data center access control" is physical security,
            // "host operating system patching" is the host's. Otherwise the first domain that applies to the service.
            // When nothing settles it, every reading counts (the owners are averaged, and a mixed result shows).
            var applicable = subject is null ? tied : tied.Where(h => subject.CellFor(h.Domain.Id).Owner != Owner.NotApplicable).ToList();
            var ours = applicable.FirstOrDefault(h => h.Domain.Layer == Layer.OfTheCloud);
            IEnumerable<DomainHit> picks = ours is not null ? [ours] : applicable.Count > 0 ? applicable : [tied[0]];
            return picks.Concat(hits.Where(h => !h.Tied));
        }

        return hits;
    }

    private static Parts GeneralParts(Domain domain, Owner owner) =>
        domain.Texts.TryGetValue(owner, out var texts)
            ? new Parts(texts.Aws.Replace("{service}", "AWS services", StringComparison.Ordinal), texts.Customer.Replace("{service}", "AWS services", StringComparison.Ordinal))
            : new Parts(domain.Description, domain.Description);

    // A cell owned by one party whose other party still has real duties (RDS's engine: AWS patches, the customer starts
    // major upgrades): words that clearly describe the other party's duties, and none of the owner's, are about that part.
    private Owner? OtherSide(Subject? subject, Domain domain, Parts parts, string? note, Owner owner, Utterance words, IReadOnlyCollection<string> phrase)
    {
        var otherText = owner == Owner.Aws ? parts.Customer : parts.Aws;
        if (otherText.StartsWith("Nothing", StringComparison.OrdinalIgnoreCase) || otherText.StartsWith("None", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var (awsWords, customerWords) = SideWords(subject, domain, parts, note);
        var stems = words.Stems.Where(s => !phrase.Contains(s) && !ResourceNouns.Contains(s)).ToHashSet(StringComparer.Ordinal);
        var aws = stems.Count(awsWords.Contains);
        var customer = stems.Count(customerWords.Contains);
        var (ours, theirs) = owner == Owner.Aws ? (aws, customer) : (customer, aws);
        return theirs >= 2 && ours == 0 ? (owner == Owner.Aws ? Owner.Customer : Owner.Aws) : null;
    }

    // Which half of a Shared cell the words are about: compare them with what each side does.
    private Owner? Side(Subject? subject, Domain domain, Parts parts, string? note, Utterance words, IReadOnlyCollection<string> phrase)
    {
        var (awsWords, customerWords) = SideWords(subject, domain, parts, note);
        var stems = words.Stems.Where(s => !phrase.Contains(s) && !ResourceNouns.Contains(s)).ToHashSet(StringComparer.Ordinal);
        double aws = stems.Count(awsWords.Contains) + (0.5 * stems.Count(Lexicon.AwsSideStems.Contains));
        double customer = stems.Count(customerWords.Contains) + (0.5 * stems.Count(Lexicon.CustomerSideStems.Contains));
        if (aws == 0 && customer == 0 && phrase.Count > 0)
        {
            // The domain's own words decide only through the cell's texts, not through the general cue words
            // ("operating" in "operating system" is not AWS operating something).
            stems = words.Stems.Where(s => !ResourceNouns.Contains(s)).ToHashSet(StringComparer.Ordinal);
            aws = stems.Count(awsWords.Contains);
            customer = stems.Count(customerWords.Contains);
        }

        // "its own employees", "their own keys": the side of the party the sentence is about.
        if (words.Has("own"))
        {
            return null;
        }

        return aws > customer + 0.25 ? Owner.Aws : customer > aws + 0.25 ? Owner.Customer : null;
    }

    // Nouns that name the resource ("cluster nodes", "instances"), not what is done to it.
    private static readonly HashSet<string> ResourceNouns = new[]
    {
        "instance", "cluster", "node", "table", "bucket", "function", "queue", "topic", "domain", "broker", "stream",
        "environment", "volume", "database", "db", "task", "container", "distribution", "resource", "account", "service",
        "server", "object", "file", "system",
    }.Select(Words.Stem).ToHashSet(StringComparer.Ordinal);

    /// <summary>For a shared control, the half the words point to (AWS trains its employees; the customer its own).</summary>
    public static Owner? SideOfControl(Control control, Utterance words, Party? possessor)
    {
        var aws = Words.Terms(control.Parts.Aws).ToHashSet(StringComparer.Ordinal);
        var customer = Words.Terms(control.Parts.Customer).ToHashSet(StringComparer.Ordinal);
        var common = aws.Intersect(customer).ToList();
        aws.ExceptWith(common);
        customer.ExceptWith(common);
        if (!words.Has("own"))
        {
            var stems = words.Stems.ToHashSet(StringComparer.Ordinal);
            var (a, c) = (stems.Count(aws.Contains), stems.Count(customer.Contains));
            if (a != c)
            {
                return a > c ? Owner.Aws : Owner.Customer;
            }
        }

        return possessor switch
        {
            Party.Aws => Owner.Aws,
            Party.Customer => Owner.Customer,
            _ => null,
        };
    }

    private (HashSet<string> Aws, HashSet<string> Customer) SideWords(Subject? subject, Domain domain, Parts parts, string? note)
    {
        lock (_gate)
        {
            if (_sideWords.TryGetValue((subject, domain.Id), out var cached))
            {
                return cached;
            }

            var aws = Words.Terms(parts.Aws).ToHashSet(StringComparer.Ordinal);
            var customer = Words.Terms(parts.Customer).ToHashSet(StringComparer.Ordinal);

            // Notes are written "AWS does X; customer does Y" or "… are the customer's": a part that names one party
            // only goes to that party's side.
            foreach (var piece in (note ?? "").Split([';', '.', '(', ')', '-'], StringSplitOptions.RemoveEmptyEntries))
            {
                var words = Words.Split(piece);
                var namesAws = words.Any(w => w is "aws");
                var namesCustomer = words.Any(w => w is "customer" or "customers" or "you" or "your");
                if (namesAws && !namesCustomer)
                {
                    aws.UnionWith(Words.Terms(piece));
                }
                else if (namesCustomer && !namesAws)
                {
                    customer.UnionWith(Words.Terms(piece));
                }
            }

            // The words of the domain's own name ("protection", "availability") say which domain, not which side.
            var domainName = Words.Terms(domain.Name);
            aws.ExceptWith(domainName);
            customer.ExceptWith(domainName);

            var names = subject is null ? [] : Demarc.Resolution.ServiceResolver.NamesOf(subject).SelectMany(Words.Terms).ToHashSet(StringComparer.Ordinal);
            var common = aws.Intersect(customer).ToList();
            aws.ExceptWith(common);
            customer.ExceptWith(common);
            aws.ExceptWith(names);
            customer.ExceptWith(names);
            return _sideWords[(subject, domain.Id)] = (aws, customer);
        }
    }
}

/// <summary>Who owns a domain on a subject (or in general), and which side of a Shared cell the words point to.</summary>
internal sealed record OwnerView(Subject? Subject, Domain Domain, Owner Owner, Owner? Side, Parts Parts, string? Note, IReadOnlyList<Source> Sources, CellView? Cell)
{
    /// <summary>The owner, or the side the words point to (of a Shared cell, or the other party's duties in a cell one party owns).</summary>
    public Owner Effective => Side is { } side && Owner is Owner.Shared or Owner.Aws or Owner.Customer ? side : Owner;

    public string Describe()
    {
        var where = Subject is null ? "in general" : $"on {Subject.Name}";
        var owner = Owner == Owner.Shared
            ? Side is { } side ? $"Shared, the {side.Display()} part" : "Shared"
            : Side is { } other && other != Owner ? $"{Owner.Display()}, but the words are about the {other.Display()}'s part" : Owner.Display();
        return $"{Domain.Name.ToLowerInvariant()} {where}: {owner}";
    }
}
