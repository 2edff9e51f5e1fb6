using Demarc.Catalog;

namespace Demarc.Quiz;

/// <summary>How well a learner knows one group of items (a domain, a service model or a question kind).</summary>
/// <param name="Items">Items of the group the learner has answered at least once.</param>
/// <param name="Mastered">Items in box <see cref="Leitner.MasteredBox"/> or higher.</param>
/// <param name="Due">Items due for review now.</param>
/// <param name="Level">Mean progress through the boxes, 0 (all in box 1) to 1 (all in the last box).</param>
public sealed record MasteryRow(string Id, string Name, int Items, int Mastered, int Due, int Attempts, int Correct, double Level)
{
    /// <summary>Correct answers over all answers, 0 to 1 (0 when nothing was answered).</summary>
    public double Accuracy => Attempts == 0 ? 0 : (double)Correct / Attempts;
}

/// <summary>A learner's mastery, overall and grouped by domain, service model and question kind.</summary>
public sealed record MasteryReport(
    string Learner,
    DateTimeOffset At,
    MasteryRow Overall,
    IReadOnlyList<MasteryRow> ByDomain,
    IReadOnlyList<MasteryRow> ByModel,
    IReadOnlyList<MasteryRow> ByKind);

/// <summary>Computes mastery from stored progress: pure, so the CLI and the web app report the same numbers.</summary>
public static class Mastery
{
    /// <summary>The id of the row that gathers control-category items, which have no domain.</summary>
    public const string ControlsRow = "controls";

    /// <summary>
    /// Groups a learner's item states. Every catalog domain and model gets a row (empty when not started), in catalog order;
    /// control items form their own domain row; ids no longer in the catalog keep a row of their own.
    /// </summary>
    public static MasteryReport Compute(ResponsibilityCatalog catalog, string learner, IEnumerable<ItemProgress> progress, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(progress);
        var states = progress.ToList();
        var byDomain = Rows(
            states,
            s => s.Tags.Domain ?? (s.Tags.Kind == QuestionKind.Control.Display() ? ControlsRow : null),
            [.. catalog.Domains.Select(d => (d.Id, d.Name)), (ControlsRow, "AWS control categories")],
            now);
        var byModel = Rows(states, s => s.Tags.Model, [.. catalog.Models.Select(m => (m.Id, m.Name))], now);
        var byKind = Rows(states, s => s.Tags.Kind, [.. QuestionKinds.All.Select(k => (k.Display(), k.Display()))], now);
        return new MasteryReport(learner, now, Row("all", "All items", states, now), byDomain, byModel, byKind);
    }

    private static List<MasteryRow> Rows(List<ItemProgress> states, Func<ItemProgress, string?> key, IReadOnlyList<(string Id, string Name)> known, DateTimeOffset now)
    {
        var groups = states.Where(s => key(s) is not null).GroupBy(s => key(s)!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var rows = known.Select(k => Row(k.Id, k.Name, groups.GetValueOrDefault(k.Id) ?? [], now)).ToList();
        var knownIds = known.Select(k => k.Id).ToHashSet(StringComparer.Ordinal);
        rows.AddRange(groups.Where(g => !knownIds.Contains(g.Key)).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Row(g.Key, g.Key, g.Value, now)));
        return rows;
    }

    private static MasteryRow Row(string id, string name, List<ItemProgress> states, DateTimeOffset now) => new(
        id,
        name,
        states.Count,
        states.Count(s => s.Box >= Leitner.MasteredBox),
        states.Count(s => Leitner.IsDue(s, now)),
        states.Sum(s => s.Attempts),
        states.Sum(s => s.Correct),
        states.Count == 0 ? 0 : states.Average(s => (double)(s.Box - 1) / (Leitner.Boxes - 1)));
}
