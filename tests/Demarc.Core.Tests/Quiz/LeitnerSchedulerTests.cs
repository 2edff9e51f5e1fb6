using Demarc.Catalog;
using Demarc.Quiz;
using Microsoft.Extensions.Time.Testing;

namespace Demarc.Core.Tests.Quiz;

public class LeitnerSchedulerTests
{
    private static readonly ItemTags Tags = new("who", "guest_os", "iaas", "ec2");
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Intervals_AreTheDocumentedOnes()
    {
        Assert.Equal(5, Leitner.Boxes);
        Assert.Equal(
            [TimeSpan.FromMinutes(10), TimeSpan.FromDays(1), TimeSpan.FromDays(3), TimeSpan.FromDays(7), TimeSpan.FromDays(21)],
            Leitner.Intervals);

        // docs/quiz.md states the same table; keep them in step.
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "quiz.md"));
        foreach (var line in new[] { "| 1 | 10 minutes |", "| 2 | 1 day |", "| 3 | 3 days |", "| 4 | 7 days |", "| 5 | 21 days |" })
        {
            Assert.Contains(line, docs, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Answer_CorrectAnswersInARow_ClimbTheBoxesWithTheirIntervals()
    {
        var time = new FakeTimeProvider(Start);
        var scheduler = new LeitnerScheduler(time);
        ItemProgress? state = null;
        var expectedBoxes = new[] { 2, 3, 4, 5, 5 };
        foreach (var box in expectedBoxes)
        {
            state = scheduler.Answer(state, "who/ec2/guest_os", Tags, correct: true);
            Assert.Equal(box, state.Box);
            Assert.Equal(time.GetUtcNow() + Leitner.Interval(box), state.DueAt);

            // Not due a moment before the interval ends, due exactly when it does.
            time.Advance(Leitner.Interval(box) - TimeSpan.FromSeconds(1));
            Assert.False(scheduler.IsDue(state));
            time.Advance(TimeSpan.FromSeconds(1));
            Assert.True(scheduler.IsDue(state));
        }

        Assert.Equal(5, state!.Attempts);
        Assert.Equal(5, state.Correct);
        Assert.Equal(5, state.Streak);
    }

    [Fact]
    public void Answer_WrongAnswer_SendsTheItemBackToBoxOneDueInTenMinutes()
    {
        var time = new FakeTimeProvider(Start);
        var scheduler = new LeitnerScheduler(time);
        var state = scheduler.Answer(null, "i", Tags, true);
        state = scheduler.Answer(state, "i", Tags, true);
        Assert.Equal(3, state.Box);

        time.Advance(TimeSpan.FromDays(3));
        state = scheduler.Answer(state, "i", Tags, false);

        Assert.Equal(1, state.Box);
        Assert.Equal(0, state.Streak);
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromMinutes(10), state.DueAt);
        time.Advance(TimeSpan.FromMinutes(9));
        Assert.False(scheduler.IsDue(state));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(scheduler.IsDue(state));
    }

    [Fact]
    public void Answer_NewItemAnsweredWrongly_ComesBackSoonerThanOneAnsweredCorrectly()
    {
        var scheduler = new LeitnerScheduler(new FakeTimeProvider(Start));

        var wrong = scheduler.Answer(null, "a", Tags, false);
        var right = scheduler.Answer(null, "b", Tags, true);

        Assert.Equal(1, wrong.Box);
        Assert.Equal(2, right.Box);
        Assert.True(wrong.DueAt < right.DueAt);
        Assert.Equal(Start + TimeSpan.FromDays(1), right.DueAt);
    }

    [Fact]
    public void NextItems_PutsDueItemsFirstLowestBoxFirst_ThenNewItemsInPlanOrder_ThenReviewsAhead()
    {
        var generator = new QuizGenerator(ResponsibilityCatalog.Default);
        var plan = generator.Plan(QuizFilter.None, 1).Take(8).ToList();
        var time = new FakeTimeProvider(Start);
        var scheduler = new LeitnerScheduler(time);
        var progress = new Dictionary<string, ItemProgress>
        {
            // plan[0]: answered correctly (box 2, due in a day); plan[1]: missed (box 1, due in 10 minutes);
            // plan[2]: box 3, due in three days.
            [plan[0].Key] = scheduler.Answer(null, plan[0].Key, plan[0].Tags, true),
            [plan[1].Key] = scheduler.Answer(null, plan[1].Key, plan[1].Tags, false),
            [plan[2].Key] = scheduler.Answer(scheduler.Answer(null, plan[2].Key, plan[2].Tags, true), plan[2].Key, plan[2].Tags, true),
        };

        // Right away nothing is due: new items first, then the soonest due.
        Assert.Equal([plan[3], plan[4], plan[5], plan[6], plan[7], plan[1], plan[0], plan[2]], scheduler.NextItems(plan, progress, 10));

        // After 10 minutes the missed item is due and comes first.
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal([plan[1], plan[3], plan[4]], scheduler.NextItems(plan, progress, 3));

        // After four days all three are due: box 1 before box 2 before box 3.
        time.Advance(TimeSpan.FromDays(4));
        Assert.Equal([plan[1], plan[0], plan[2], plan[3]], scheduler.NextItems(plan, progress, 4));
    }

    [Fact]
    public void NextItems_OnlyChoosesItemsOfThePlan()
    {
        var generator = new QuizGenerator(ResponsibilityCatalog.Default);
        var plan = generator.Plan(new QuizFilter(DomainId: "iam"), 2);
        var other = generator.FindItem("who/ec2/guest_os")!;
        var scheduler = new LeitnerScheduler(new FakeTimeProvider(Start));
        var progress = new Dictionary<string, ItemProgress> { [other.Key] = Leitner.Next(null, other.Key, other.Tags, false, Start - TimeSpan.FromDays(1)) };

        Assert.DoesNotContain(other, scheduler.NextItems(plan, progress, 50));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Demarc.slnx")))
        {
            directory = directory.Parent;
        }

        return directory!.FullName;
    }
}
