using System.Collections.Frozen;
using System.Globalization;
using Demarc.Catalog;
using Demarc.Model;
using Demarc.Views;

namespace Demarc.Quiz;

/// <summary>
/// Generates exam-style questions from the catalog, never from a list of questions: every item is a fact of the catalog
/// (a cell, a shift between two services, a control's category), and every question built from an item has exactly the
/// number of correct options it asks for, because correct options and distractors are drawn from disjoint sets of cells
/// (Shared and N/A cells are never offered where they would make an option arguable). Pure and deterministic: the same
/// catalog, item and seed give the same question.
/// </summary>
public sealed class QuizGenerator
{
    /// <summary>How often each kind is picked when a quiz mixes kinds.</summary>
    private static readonly FrozenDictionary<QuestionKind, int> KindWeights = new Dictionary<QuestionKind, int>
    {
        [QuestionKind.Who] = 3,
        [QuestionKind.Responsibility] = 3,
        [QuestionKind.Service] = 2,
        [QuestionKind.Shift] = 2,
        [QuestionKind.Control] = 1,
    }.ToFrozenDictionary();

    private const double ChooseTwoShare = 0.25;
    private const string Letters = "ABCDEF";

    private readonly ResponsibilityCatalog _catalog;
    private readonly FrozenDictionary<string, QuizItem> _byKey;

    /// <summary>Enumerates every item the catalog supports.</summary>
    public QuizGenerator(ResponsibilityCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        var items = new List<QuizItem>();
        items.AddRange(WhoItems());
        items.AddRange(ResponsibilityItems());
        items.AddRange(ServiceItems());
        items.AddRange(ShiftItems());
        items.AddRange(ControlItems());
        var byKey = new Dictionary<string, QuizItem>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            byKey.TryAdd(item.Key, item);
        }

        Items = [.. byKey.Values];
        _byKey = byKey.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The catalog questions are drawn from.</summary>
    public ResponsibilityCatalog Catalog => _catalog;

    /// <summary>Every item, in catalog order (kinds, then services, then domains).</summary>
    public IReadOnlyList<QuizItem> Items { get; }

    /// <summary>An item by its key, or null when the catalog no longer supports it.</summary>
    public QuizItem? FindItem(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>
    /// Every item that passes the filter, in a seeded order that mixes kinds (weighted: who and responsibility 3,
    /// service and shift 2, control 1) and, within a kind, spreads the domains. Same filter and seed, same order.
    /// </summary>
    public IReadOnlyList<QuizItem> Plan(QuizFilter filter, int seed)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var rng = new Random(seed);
        var queues = Items
            .Where(filter.Matches)
            .GroupBy(i => i.Kind)
            .OrderBy(g => g.Key)
            .Select(g => (Kind: g.Key, Queue: new Queue<QuizItem>(Spread(g.ToList(), rng))))
            .ToList();
        var plan = new List<QuizItem>();
        while (queues.Count > 0)
        {
            var total = queues.Sum(q => KindWeights[q.Kind]);
            var pick = rng.Next(total);
            var index = 0;
            while (pick >= KindWeights[queues[index].Kind])
            {
                pick -= KindWeights[queues[index].Kind];
                index++;
            }

            plan.Add(queues[index].Queue.Dequeue());
            if (queues[index].Queue.Count == 0)
            {
                queues.RemoveAt(index);
            }
        }

        return plan;
    }

    /// <summary>The first <paramref name="count"/> questions of the seeded plan, numbered q001, q002, ….</summary>
    public IReadOnlyList<QuizQuestion> Generate(QuizFilter filter, int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return [.. Plan(filter, seed).Take(count).Select((item, i) => Build(item, seed, QuestionId(i + 1)))];
    }

    /// <summary>The id of the n-th question of a quiz (1-based): q001, q002, ….</summary>
    public static string QuestionId(int number) => "q" + number.ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>Builds the question for an item. The wording, options and their order depend only on the item and the seed.</summary>
    public QuizQuestion Build(QuizItem item, int seed, string id)
    {
        ArgumentNullException.ThrowIfNull(item);
        var rng = new Random(StableSeed(seed, item.Key));
        var draft = item.Kind switch
        {
            QuestionKind.Who => BuildWho(item, rng),
            QuestionKind.Responsibility => BuildResponsibility(item, rng),
            QuestionKind.Service => BuildService(item, rng),
            QuestionKind.Shift => BuildShift(item, rng),
            QuestionKind.Control => BuildControl(item, rng),
            _ => throw new ArgumentOutOfRangeException(nameof(item)),
        };
        var options = draft.Options.Select((o, i) => o with { Letter = Letters[i].ToString() }).ToList();
        var answer = string.Concat(options.Where(o => o.IsCorrect).Select(o => o.Letter));
        var text = draft.Choose > 1 ? $"{draft.Text} (Choose {QuizPhrases.Number(draft.Choose)}.)" : draft.Text;
        return new QuizQuestion(
            id,
            text,
            options,
            draft.Choose,
            answer,
            OneLine(draft.Justification(options)),
            item,
            item.Key,
            draft.Explanation(options),
            [.. draft.Sources.DistinctBy(s => s.Id).Select(s => new QuizSource(s.Id, s.Title, s.Url))]);
    }

    // A question before letters are assigned; justification and explanation are written once letters are known.
    private sealed record Draft(
        string Text,
        IReadOnlyList<QuizOption> Options,
        int Choose,
        Func<IReadOnlyList<QuizOption>, string> Justification,
        Func<IReadOnlyList<QuizOption>, string> Explanation,
        IEnumerable<Source> Sources);

    // ---------------------------------------------------------------- items

    private IEnumerable<QuizItem> WhoItems()
    {
        foreach (var subject in _catalog.Subjects)
        {
            foreach (var domain in _catalog.Domains)
            {
                var owner = subject.CellFor(domain.Id).Owner;
                if (owner != Owner.NotApplicable)
                {
                    yield return new QuizItem($"who/{subject.Id}/{domain.Id}", QuestionKind.Who, subject, null, domain, owner, null, null);
                }
            }
        }
    }

    private IEnumerable<QuizItem> ResponsibilityItems()
    {
        foreach (var subject in _catalog.Subjects)
        {
            var counts = _catalog.Domains.GroupBy(d => subject.CellFor(d.Id).Owner).ToDictionary(g => g.Key, g => g.Count());
            foreach (var domain in _catalog.Domains)
            {
                var owner = subject.CellFor(domain.Id).Owner;
                if (owner is Owner.Aws or Owner.Customer && counts.GetValueOrDefault(Opposite(owner)) >= 3)
                {
                    yield return new QuizItem($"responsibility/{subject.Id}/{domain.Id}", QuestionKind.Responsibility, subject, null, domain, owner, null, null);
                }
            }
        }
    }

    private IEnumerable<QuizItem> ServiceItems()
    {
        foreach (var domain in _catalog.Domains.Where(d => d.Invariant == DomainInvariant.None && d.Layer == Layer.InTheCloud))
        {
            var counts = _catalog.Subjects.GroupBy(s => s.CellFor(domain.Id).Owner).ToDictionary(g => g.Key, g => g.Count());
            foreach (var subject in _catalog.Subjects)
            {
                var owner = subject.CellFor(domain.Id).Owner;
                if (owner is Owner.Aws or Owner.Customer && counts.GetValueOrDefault(Opposite(owner)) >= 3)
                {
                    yield return new QuizItem($"service/{domain.Id}/{subject.Id}", QuestionKind.Service, subject, null, domain, owner, null, null);
                }
            }
        }
    }

    private IEnumerable<QuizItem> ShiftItems()
    {
        foreach (var (from, to) in ShiftPairs())
        {
            var shift = ResponsibilityViews.Shift(_catalog, from, to);
            foreach (var side in new[] { Owner.Aws, Owner.Customer })
            {
                if (ShiftStays(shift, side).Count < 3)
                {
                    continue;
                }

                foreach (var change in ShiftMoves(shift, side))
                {
                    yield return new QuizItem($"shift/{from.Id}/{to.Id}/{change.Domain.Id}", QuestionKind.Shift, to, from, change.Domain, side, null, null);
                }
            }
        }
    }

    private IEnumerable<QuizItem> ControlItems()
    {
        if (_catalog.ControlCategories.Count < 2)
        {
            yield break;
        }

        foreach (var category in _catalog.ControlCategories)
        {
            foreach (var control in category.Controls)
            {
                yield return new QuizItem($"control/{control.Id}", QuestionKind.Control, null, null, null, category.Owner, control, category);
            }
        }
    }

    /// <summary>
    /// The moves a shift question may ask about: pairs of services a workload plausibly moves between. A service and its
    /// variants (both ways, and between sibling variants); self-managed compute at the IaaS end of the spectrum (the customer
    /// patches the guest OS and runs its code) and AWS-run services that still run the customer's code (a model and a service
    /// that leave the guest OS to AWS and the application to the customer), both ways: EC2 → RDS, Lambda → EC2; and services of one
    /// category on different models, when the category is specific (holds at most a third of the catalog).
    /// </summary>
    private IEnumerable<(Subject From, Subject To)> ShiftPairs()
    {
        var guestOs = _catalog.FindDomain("guest_os");
        var appCode = _catalog.FindDomain("app_code");
        Owner ModelDefault(Subject s, Domain d) => _catalog.Model(s.ModelId).Defaults.TryGetValue(d.Id, out var owner) ? owner : d.DefaultOwner;
        var iaasRank = _catalog.Models.Count == 0 ? 0 : _catalog.Models.Min(m => m.Rank);
        bool CustomerCompute(Subject s) => guestOs is not null && appCode is not null
            && _catalog.Model(s.ModelId).Rank == iaasRank
            && s.CellFor(guestOs.Id).Owner == Owner.Customer && s.CellFor(appCode.Id).Owner == Owner.Customer;
        bool AwsCompute(Subject s) => guestOs is not null && appCode is not null
            && ModelDefault(s, guestOs) == Owner.Aws && ModelDefault(s, appCode) == Owner.Customer
            && s.CellFor(guestOs.Id).Owner == Owner.Aws && s.CellFor(appCode.Id).Owner == Owner.Customer;
        var categorySizes = _catalog.Services.GroupBy(s => s.Category, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var specific = Math.Max(2, _catalog.Services.Count / 3);
        foreach (var from in _catalog.Subjects)
        {
            foreach (var to in _catalog.Subjects)
            {
                if (from.Id == to.Id)
                {
                    continue;
                }

                var related = from.Service.Id == to.Service.Id
                    || (CustomerCompute(from) && AwsCompute(to))
                    || (AwsCompute(from) && CustomerCompute(to))
                    || (from.Service.Category == to.Service.Category && categorySizes[from.Service.Category] <= specific && from.ModelId != to.ModelId);
                if (related)
                {
                    yield return (from, to);
                }
            }
        }
    }

    // Domains that move entirely to a side: toward AWS ending with AWS, or toward the customer ending with the customer.
    private static List<ShiftChange> ShiftMoves(Shift shift, Owner side) =>
        [.. shift.Changes.Where(c => c.To.Cell.Owner == side && c.Direction == (side == Owner.Aws ? ShiftDirection.ToAws : ShiftDirection.ToCustomer))];

    // Domains that stay with the other side before and after: the distractors of a shift question.
    private static List<ShiftChange> ShiftStays(Shift shift, Owner side) =>
        [.. shift.Changes.Where(c => c.Direction == ShiftDirection.Unchanged && c.To.Cell.Owner == Opposite(side))];

    // ---------------------------------------------------------------- questions

    private Draft BuildWho(QuizItem item, Random rng)
    {
        var subject = item.Subject!;
        var domain = item.Domain!;
        var view = ResponsibilityViews.View(_catalog, subject, domain);
        var cell = view.Cell;
        var task = QuizPhrases.Task(domain);
        var text = Pick(rng,
            $"Who is responsible for {task} on {subject.Name}?",
            $"Under the AWS shared responsibility model, who is responsible for {task} when using {subject.Name}?",
            $"A company runs a workload on {subject.Name}. Who is responsible for {task}?");
        var options = new[] { Owner.Aws, Owner.Customer, Owner.Shared }
            .Select(o => new QuizOption("", QuizPhrases.OwnerOption(o), o == cell.Owner, o == cell.Owner ? $"the owner of {domain.Name.ToLowerInvariant()} on {subject.Name}" : $"not the owner on {subject.Name} ({cell.Owner.Display()} is)"))
            .ToList();
        var main = cell.Owner switch
        {
            Owner.Customer => cell.Parts.Customer,
            Owner.Aws => cell.Parts.Aws,
            _ => $"AWS: {cell.Parts.Aws} Customer: {cell.Parts.Customer}",
        };
        return new Draft(
            text,
            options,
            1,
            _ => $"On {subject.Name}, {task} is {QuizPhrases.Possessive(cell.Owner)}: {main}",
            _ => CellExplanation(subject, view),
            view.Sources);
    }

    private Draft BuildResponsibility(QuizItem item, Random rng)
    {
        var subject = item.Subject!;
        var side = item.Side;
        var other = Opposite(side);
        var correctPool = _catalog.Domains.Where(d => d != item.Domain && subject.CellFor(d.Id).Owner == side).ToList();
        var wrongPool = _catalog.Domains.Where(d => subject.CellFor(d.Id).Owner == other).ToList();
        var choose = ChooseCount(rng, correctPool.Count, wrongPool.Count);
        var correct = new List<Domain> { item.Domain! };
        correct.AddRange(Sample(rng, correctPool, choose - 1));
        var wrong = PlausibleDomains(rng, wrongPool, 4 - choose);

        // Ask for the side directly, or (for AWS's side) as "NOT the customer's".
        var negated = side == Owner.Aws && rng.NextDouble() < 0.5;
        var name = subject.Name;
        string text;
        if (negated)
        {
            text = choose == 1
                ? Pick(rng,
                    $"Which of the following is NOT the customer's responsibility when using {name}?",
                    $"Under the AWS shared responsibility model, all of the following are the customer's responsibility when using {name} EXCEPT:")
                : $"Which {QuizPhrases.Number(choose).ToUpperInvariant()} of the following are NOT the customer's responsibility when using {name}?";
        }
        else
        {
            var owner = QuizPhrases.Possessive(side);
            text = choose == 1
                ? Pick(rng,
                    $"Which of the following is {owner} responsibility when using {name}?",
                    $"Under the AWS shared responsibility model, which of the following is {owner} responsibility for {name}?",
                    side == Owner.Customer
                        ? $"A company uses {name}. Which of the following is the company's responsibility under the AWS shared responsibility model?"
                        : $"A company uses {name}. Which of the following does AWS take care of under the AWS shared responsibility model?")
                : $"Which {QuizPhrases.Number(choose).ToUpperInvariant()} of the following are {owner} responsibility when using {name}?";
        }

        var options = Shuffle(rng, [.. correct.Select(d => DomainOption(subject, d, true)), .. wrong.Select(d => DomainOption(subject, d, false))]);
        return new Draft(
            text,
            options,
            choose,
            opts => $"On {name}, {Listing(opts.Where(o => o.IsCorrect))} {(choose == 1 ? "is" : "are")} {QuizPhrases.Possessive(side)}; {Listing(opts.Where(o => !o.IsCorrect))} {(4 - choose == 1 ? "is" : "are")} {QuizPhrases.Possessive(other)}.",
            opts => $"{name} ({_catalog.Model(subject.ModelId).Name.ToLowerInvariant()} model):\n" + OptionLines(opts),
            correct.SelectMany(d => ResponsibilityViews.View(_catalog, subject, d).Sources));
    }

    private Draft BuildService(QuizItem item, Random rng)
    {
        var domain = item.Domain!;
        var side = item.Side;
        var other = Opposite(side);
        var correctPool = _catalog.Subjects.Where(s => s.Id != item.Subject!.Id && s.CellFor(domain.Id).Owner == side).ToList();
        var wrongPool = _catalog.Subjects.Where(s => s.CellFor(domain.Id).Owner == other).ToList();
        var choose = ChooseCount(rng, correctPool.Count, wrongPool.Count);
        var correct = new List<Subject> { item.Subject! };
        correct.AddRange(Sample(rng, correctPool, choose - 1));
        var wrong = Sample(rng, wrongPool, 4 - choose);
        var task = QuizPhrases.Task(domain);
        var party = QuizPhrases.Party(side);
        string text = choose == 1
            ? Pick(rng,
                $"Which of the following services leaves {task} to {party}?",
                $"For which of the following services is {task} {QuizPhrases.Possessive(side)} responsibility?")
            : $"Which {QuizPhrases.Number(choose).ToUpperInvariant()} of the following services leave {task} to {party}?";
        QuizOption Option(Subject s, bool isCorrect)
        {
            var cell = s.CellFor(domain.Id);
            return new QuizOption("", s.Name, isCorrect, $"{cell.Owner.Display()}: {(cell.Owner == Owner.Aws ? cell.Parts.Aws : cell.Parts.Customer)}");
        }

        var options = Shuffle(rng, [.. correct.Select(s => Option(s, true)), .. wrong.Select(s => Option(s, false))]);
        return new Draft(
            text,
            options,
            choose,
            opts => $"{QuizPhrases.UpperFirst(task)} is {QuizPhrases.Possessive(side)} on {Listing(opts.Where(o => o.IsCorrect), names: true)} and {QuizPhrases.Possessive(other)} on {Listing(opts.Where(o => !o.IsCorrect), names: true)}.",
            opts => $"{domain.Name} ({domain.Id}) by service:\n" + OptionLines(opts),
            correct.Select(s => ResponsibilityViews.View(_catalog, s, domain)).SelectMany(v => v.Sources));
    }

    private Draft BuildShift(QuizItem item, Random rng)
    {
        var from = item.From!;
        var to = item.Subject!;
        var side = item.Side;
        var shift = ResponsibilityViews.Shift(_catalog, from, to);
        var moves = ShiftMoves(shift, side);
        var stays = ShiftStays(shift, side);
        var asked = moves.Single(c => c.Domain.Id == item.Domain!.Id);
        var correctPool = moves.Where(c => c != asked).ToList();
        var choose = ChooseCount(rng, correctPool.Count, stays.Count);
        var correct = new List<ShiftChange> { asked };
        correct.AddRange(Sample(rng, correctPool, choose - 1));
        var wrongDomains = PlausibleDomains(rng, [.. stays.Select(c => c.Domain)], 4 - choose);
        var wrong = wrongDomains.Select(d => stays.First(c => c.Domain == d)).ToList();
        var giver = QuizPhrases.Party(Opposite(side));
        var taker = QuizPhrases.Party(side);
        var text = choose == 1
            ? Pick(rng,
                $"A company moves a workload from {from.Name} to {to.Name}. Which of the following responsibilities moves from {giver} to {taker}?",
                $"When a workload moves from {from.Name} to {to.Name}, which of the following does {taker} take over from {giver}?")
            : $"A company moves a workload from {from.Name} to {to.Name}. Which {QuizPhrases.Number(choose).ToUpperInvariant()} of the following responsibilities move from {giver} to {taker}?";
        QuizOption Option(ShiftChange c, bool isCorrect) => new(
            "",
            QuizPhrases.Option(c.Domain),
            isCorrect,
            $"{c.From.Cell.Owner.Display()} on {from.Name}, {c.To.Cell.Owner.Display()} on {to.Name}");
        var options = Shuffle(rng, [.. correct.Select(c => Option(c, true)), .. wrong.Select(c => Option(c, false))]);
        return new Draft(
            text,
            options,
            choose,
            opts => $"From {from.Name} to {to.Name}, {Listing(opts.Where(o => o.IsCorrect))} {(choose == 1 ? "moves" : "move")} to {taker}; {Listing(opts.Where(o => !o.IsCorrect))} {(4 - choose == 1 ? "stays" : "stay")} with {giver}.",
            opts => $"Moving from {from.Name} ({shift.FromModel.Name.ToLowerInvariant()}) to {to.Name} ({shift.ToModel.Name.ToLowerInvariant()}):\n" + OptionLines(opts)
                + $"\n{asked.Domain.Name} on {to.Name}: AWS - {asked.To.Cell.Parts.Aws} Customer - {asked.To.Cell.Parts.Customer}",
            correct.SelectMany(c => c.To.Sources.Concat(c.From.Sources)));
    }

    private Draft BuildControl(QuizItem item, Random rng)
    {
        var control = item.Control!;
        var category = item.Category!;
        var sameCategory = category.Controls.Where(c => c.Id != control.Id).ToList();
        var others = _catalog.ControlCategories.Where(c => c.Id != category.Id).SelectMany(c => c.Controls.Select(x => (Category: c, Control: x))).ToList();
        var explanation = $"{control.Name} is {QuizPhrases.CategorySingular(category)}. {category.Description}\nAWS: {control.Parts.Aws}\nCustomer: {control.Parts.Customer}";
        var sources = category.SourceIds.Concat(control.SourceIds).Distinct(StringComparer.Ordinal).Select(id => _catalog.Sources[id]);
        if (others.Count >= 2 && rng.NextDouble() < 0.5)
        {
            // Which of these controls is an example of the category?
            var choose = ChooseCount(rng, sameCategory.Count, others.Count);
            var correct = new List<Control> { control };
            correct.AddRange(Sample(rng, sameCategory, choose - 1));
            var wrong = Sample(rng, others, Math.Min(others.Count, 4 - choose));
            var text = choose == 1
                ? $"Which of the following is an example of {QuizPhrases.CategorySingular(category)} in the AWS shared responsibility model?"
                : $"Which {QuizPhrases.Number(choose).ToUpperInvariant()} of the following are examples of {QuizPhrases.CategoryPlural(category)} in the AWS shared responsibility model?";
            var options = Shuffle(rng, [
                .. correct.Select(c => new QuizOption("", c.Name, true, QuizPhrases.CategorySingular(category))),
                .. wrong.Select(w => new QuizOption("", w.Control.Name, false, QuizPhrases.CategorySingular(w.Category)))]);
            return new Draft(
                text,
                options,
                choose,
                opts => QuizPhrases.UpperFirst($"{Listing(opts.Where(o => o.IsCorrect))} {(choose == 1 ? $"is {QuizPhrases.CategorySingular(category)}" : $"are {QuizPhrases.CategoryPlural(category)}")}; {string.Join("; ", opts.Where(o => !o.IsCorrect).Select(o => $"{LowerFirstWord(o.Text)} ({o.Letter}) is {o.Why}"))}."),
                opts => explanation + "\n" + OptionLines(opts),
                sources);
        }
        else
        {
            // Which category does the control belong to?
            var phrase = QuizPhrases.UpperFirst(control.Name);
            var text = control.Name.EndsWith("controls", StringComparison.OrdinalIgnoreCase)
                ? $"Which control category of the AWS shared responsibility model do {char.ToLowerInvariant(phrase[0])}{phrase[1..]} belong to?"
                : Pick(rng,
                    $"In the AWS shared responsibility model, {char.ToLowerInvariant(phrase[0])}{phrase[1..]} is an example of which type of control?",
                    $"Which control category of the AWS shared responsibility model does {char.ToLowerInvariant(phrase[0])}{phrase[1..]} belong to?");
            var options = _catalog.ControlCategories
                .Take(4)
                .Select(c => new QuizOption("", c.Name, c.Id == category.Id, c.Description))
                .ToList();
            return new Draft(
                text,
                options,
                1,
                opts => $"{control.Name} is {QuizPhrases.CategorySingular(category)} ({opts.Single(o => o.IsCorrect).Letter}): AWS - {control.Parts.Aws} Customer - {control.Parts.Customer}",
                _ => explanation,
                sources);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static QuizOption DomainOption(Subject subject, Domain domain, bool isCorrect)
    {
        var cell = subject.CellFor(domain.Id);
        return new QuizOption("", QuizPhrases.Option(domain), isCorrect, $"{cell.Owner.Display()}: {(cell.Owner == Owner.Aws ? cell.Parts.Aws : cell.Parts.Customer)}");
    }

    private string CellExplanation(Subject subject, CellView view)
    {
        var lines = new List<string>
        {
            $"{view.Domain.Name} on {subject.Name} ({_catalog.Model(subject.ModelId).Name.ToLowerInvariant()} model): {view.Cell.Owner.Display()}.",
            $"AWS: {view.Cell.Parts.Aws}",
            $"Customer: {view.Cell.Parts.Customer}",
        };
        if (!string.IsNullOrWhiteSpace(view.Cell.Note))
        {
            lines.Add($"Note: {view.Cell.Note}");
        }

        if (view.IsException)
        {
            lines.Add($"An exception: the {view.DefaultOwner.Display()} default of this service model does not hold here.");
        }

        return string.Join('\n', lines);
    }

    private static string OptionLines(IEnumerable<QuizOption> options) =>
        string.Join('\n', options.Select(o => $"{o.Letter}. {o.Text} - {o.Why}"));

    private static string Listing(IEnumerable<QuizOption> options, bool names = false)
    {
        var parts = options.Select(o => $"{(names ? o.Text : LowerFirstWord(o.Text))} ({o.Letter})").ToList();
        return parts.Count <= 1 ? string.Concat(parts) : string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1];
    }

    // Domain options start with a capital for display; in running text the first word goes back to lower case
    // unless it is an acronym or a proper name (service names start with "Amazon"/"AWS").
    private static string LowerFirstWord(string text)
    {
        var first = text.Split(' ')[0];
        return first.Length > 1 && first.Skip(1).Any(char.IsUpper)
            ? text
            : char.ToLowerInvariant(text[0]) + text[1..];
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    private static Owner Opposite(Owner owner) => owner == Owner.Aws ? Owner.Customer : Owner.Aws;

    // Two correct answers for about a quarter of the questions, when there are enough correct options and distractors.
    private static int ChooseCount(Random rng, int moreCorrect, int wrong) =>
        moreCorrect >= 1 && wrong >= 2 && rng.NextDouble() < ChooseTwoShare ? 2 : 1;

    // Distractors among domains: tasks in the cloud first; at most one of the always-AWS layers unless too few remain.
    private static List<Domain> PlausibleDomains(Random rng, List<Domain> pool, int count)
    {
        var inCloud = Shuffle(rng, pool.Where(d => d.Layer == Layer.InTheCloud).ToList());
        var ofCloud = Shuffle(rng, pool.Where(d => d.Layer == Layer.OfTheCloud).ToList());
        var picked = inCloud.Take(count).ToList();
        if (picked.Count == count && ofCloud.Count > 0 && count > 1 && rng.NextDouble() < 0.3)
        {
            picked[^1] = ofCloud[0];
        }

        picked.AddRange(ofCloud.Where(d => !picked.Contains(d)).Take(count - picked.Count));
        return Shuffle(rng, picked);
    }

    private static List<T> Sample<T>(Random rng, IReadOnlyList<T> pool, int count) => [.. Shuffle(rng, [.. pool]).Take(count)];

    private static List<T> Shuffle<T>(Random rng, List<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }

        return items;
    }

    private static string Pick(Random rng, params string[] choices) => choices[rng.Next(choices.Length)];

    // Shuffles items, then deals them round-robin from per-domain (or per-control) piles, so consecutive questions of a kind
    // are about different domains.
    private static IEnumerable<QuizItem> Spread(List<QuizItem> items, Random rng)
    {
        var piles = Shuffle(rng, items)
            .GroupBy(i => i.Domain?.Id ?? i.Control?.Id ?? "", StringComparer.Ordinal)
            .Select(g => new Queue<QuizItem>(g))
            .ToList();
        piles = Shuffle(rng, piles);
        while (piles.Count > 0)
        {
            for (var i = 0; i < piles.Count; i++)
            {
                yield return piles[i].Dequeue();
            }

            piles.RemoveAll(p => p.Count == 0);
        }
    }

    /// <summary>A seed for one item's question: FNV-1a over the key, mixed with the quiz seed (stable across processes, unlike string hash codes).</summary>
    internal static int StableSeed(int seed, string key)
    {
        unchecked
        {
            var hash = 2166136261u ^ (uint)seed;
            foreach (var c in key)
            {
                hash = (hash ^ c) * 16777619u;
            }

            return (int)(hash & 0x7fffffff);
        }
    }
}
