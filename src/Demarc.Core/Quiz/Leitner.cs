namespace Demarc.Quiz;

/// <summary>A learner's state for one item: its Leitner box, when it is due again and how it has gone so far.</summary>
/// <param name="Box">1 (just missed) to <see cref="Leitner.Boxes"/> (well known).</param>
/// <param name="Streak">Correct answers in a row (0 after a miss).</param>
public sealed record ItemProgress(
    string Item,
    ItemTags Tags,
    int Box,
    DateTimeOffset DueAt,
    int Attempts,
    int Correct,
    int Streak,
    DateTimeOffset LastAnsweredAt);

/// <summary>One answer a learner gave, as stored.</summary>
/// <param name="Given">The letters chosen (<c>"B"</c>, <c>"AC"</c>).</param>
/// <param name="Expected">The correct letters.</param>
/// <param name="Question">The question as it was asked.</param>
public sealed record AnswerRecord(
    string Learner,
    string Item,
    ItemTags Tags,
    string Question,
    string Given,
    string Expected,
    bool Correct,
    DateTimeOffset AnsweredAt);

/// <summary>
/// The Leitner system, five boxes. A correct answer moves an item up one box (a new item answered correctly starts in box 2),
/// a wrong answer sends it back to box 1, and the box decides when the item is due again:
/// box 1 after 10 minutes, box 2 after 1 day, box 3 after 3 days, box 4 after 7 days, box 5 after 21 days.
/// So an item answered wrongly comes back within the same sitting or the next, and a known one fades to every three weeks.
/// Documented in docs/quiz.md; the intervals are pinned by tests.
/// </summary>
public static class Leitner
{
    /// <summary>The number of boxes.</summary>
    public const int Boxes = 5;

    /// <summary>Boxes at or above this count as mastered.</summary>
    public const int MasteredBox = 4;

    /// <summary>How long an item rests in each box (index 0 is box 1).</summary>
    public static IReadOnlyList<TimeSpan> Intervals { get; } =
    [
        TimeSpan.FromMinutes(10),
        TimeSpan.FromDays(1),
        TimeSpan.FromDays(3),
        TimeSpan.FromDays(7),
        TimeSpan.FromDays(21),
    ];

    /// <summary>The interval of a box (1-based).</summary>
    public static TimeSpan Interval(int box)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(box, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(box, Boxes);
        return Intervals[box - 1];
    }

    /// <summary>The state after an answer. <paramref name="previous"/> is null for an item never answered.</summary>
    public static ItemProgress Next(ItemProgress? previous, string item, ItemTags tags, bool correct, DateTimeOffset answeredAt)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(tags);
        var box = correct ? Math.Min((previous?.Box ?? 1) + 1, Boxes) : 1;
        return new ItemProgress(
            item,
            tags,
            box,
            answeredAt + Interval(box),
            (previous?.Attempts ?? 0) + 1,
            (previous?.Correct ?? 0) + (correct ? 1 : 0),
            correct ? (previous?.Streak ?? 0) + 1 : 0,
            answeredAt);
    }

    /// <summary>Whether an item is due for review at a time.</summary>
    public static bool IsDue(ItemProgress progress, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return progress.DueAt <= now;
    }
}

/// <summary>The Leitner system on a clock: what a running quiz uses, so tests can move time with a fake provider.</summary>
public sealed class LeitnerScheduler(TimeProvider time)
{
    /// <summary>The current time of the scheduler's clock.</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The state after answering now.</summary>
    public ItemProgress Answer(ItemProgress? previous, string item, ItemTags tags, bool correct) =>
        Leitner.Next(previous, item, tags, correct, Now);

    /// <summary>Whether an item is due now.</summary>
    public bool IsDue(ItemProgress progress) => Leitner.IsDue(progress, Now);

    /// <summary>
    /// The items to ask next, up to <paramref name="count"/>: first those due (lowest box first, then longest overdue), then
    /// items never answered in the order of <paramref name="plan"/>, then, if the quiz still wants more, the items due soonest.
    /// Only items of <paramref name="plan"/> are chosen, so filters apply to reviews too.
    /// </summary>
    public IReadOnlyList<QuizItem> NextItems(IReadOnlyList<QuizItem> plan, IReadOnlyDictionary<string, ItemProgress> progress, int count)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(progress);
        var now = Now;
        var seen = plan.Where(i => progress.ContainsKey(i.Key)).Select(i => (Item: i, State: progress[i.Key])).ToList();
        var due = seen.Where(s => s.State.DueAt <= now).OrderBy(s => s.State.Box).ThenBy(s => s.State.DueAt).Select(s => s.Item);
        var fresh = plan.Where(i => !progress.ContainsKey(i.Key));
        var ahead = seen.Where(s => s.State.DueAt > now).OrderBy(s => s.State.DueAt).ThenBy(s => s.State.Box).Select(s => s.Item);
        return [.. due.Concat(fresh).Concat(ahead).Take(count)];
    }
}
