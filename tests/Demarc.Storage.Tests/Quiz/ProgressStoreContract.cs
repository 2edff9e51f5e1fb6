using Demarc.Quiz;
using Demarc.Storage.Quiz;

namespace Demarc.Storage.Tests.Quiz;

/// <summary>
/// What every <see cref="IProgressStore"/> must do, written once. A store for another database derives from this class
/// and says how to open a handle on a fresh database; every test then runs against it for real.
/// </summary>
public abstract class ProgressStoreContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2025, 3, 1, 9, 0, 0, 123, TimeSpan.Zero);

    private static readonly ItemTags Tags = new("who", "guest_os", "iaas", "ec2");

    /// <summary>Creates the fresh, empty database the test uses.</summary>
    public abstract Task InitializeAsync();

    /// <summary>Drops what <see cref="InitializeAsync"/> created.</summary>
    public abstract Task DisposeAsync();

    /// <summary>Opens a new, independent handle (its own connections) on the test's database.</summary>
    protected abstract Task<IProgressStore> OpenStoreAsync();

    private static AnswerRecord Answer(string learner, string item, bool correct, DateTimeOffset at, string given = "B") =>
        new(learner, item, Tags, $"Question about {item}?", given, correct ? given : "A", correct, at);

    [Fact]
    public async Task RecordAnswer_NewItem_StoresTheLeitnerStateAndTheAnswer()
    {
        var store = await OpenStoreAsync();

        var state = await store.RecordAnswerAsync(Answer("ana", "who/ec2/guest_os", true, Start));

        Assert.Equal(Leitner.Next(null, "who/ec2/guest_os", Tags, true, Start), state);
        var loaded = await (await OpenStoreAsync()).LoadProgressAsync("ana");
        Assert.Equal(state, Assert.Single(loaded).Value);
        var answer = Assert.Single(await store.LoadAnswersAsync("ana"));
        Assert.Equal(Answer("ana", "who/ec2/guest_os", true, Start), answer);
    }

    [Fact]
    public async Task RecordAnswer_Sequence_FollowsTheBoxesFromTheStoredState()
    {
        var store = await OpenStoreAsync();
        var at = Start;
        ItemProgress? expected = null;
        foreach (var correct in new[] { true, true, false, true, true, true, true })
        {
            expected = Leitner.Next(expected, "i", Tags, correct, at);
            Assert.Equal(expected, await (await OpenStoreAsync()).RecordAnswerAsync(Answer("ana", "i", correct, at)));
            at += TimeSpan.FromDays(2);
        }

        var state = (await store.LoadProgressAsync("ana"))["i"];
        Assert.Equal(expected, state);
        Assert.Equal(5, state.Box);
        Assert.Equal(7, state.Attempts);
        Assert.Equal(6, state.Correct);
        Assert.Equal(4, state.Streak);
    }

    [Fact]
    public async Task RecordAnswer_TimesAreKeptToTheMillisecond()
    {
        var store = await OpenStoreAsync();
        var precise = Start + TimeSpan.FromTicks(4321);

        var state = await store.RecordAnswerAsync(Answer("ana", "i", false, precise));

        Assert.Equal(Start, state.LastAnsweredAt);
        Assert.Equal(Start + Leitner.Interval(1), (await store.LoadProgressAsync("ana"))["i"].DueAt);
    }

    [Fact]
    public async Task Learners_AreIndependentAndNamesAreExact()
    {
        var store = await OpenStoreAsync();
        await store.RecordAnswerAsync(Answer("ana", "i", true, Start));
        await store.RecordAnswerAsync(Answer("Ana", "i", false, Start + TimeSpan.FromSeconds(1)));
        await store.RecordAnswerAsync(Answer("bo", "j", true, Start + TimeSpan.FromSeconds(2)));

        Assert.Equal(2, (await store.LoadProgressAsync("ana"))["i"].Box);
        Assert.Equal(1, (await store.LoadProgressAsync("Ana"))["i"].Box);
        Assert.Empty(await store.LoadProgressAsync("nobody"));
        Assert.Equal(
            [new LearnerSummary("Ana", 1, Start + TimeSpan.FromSeconds(1)), new LearnerSummary("ana", 1, Start), new LearnerSummary("bo", 1, Start + TimeSpan.FromSeconds(2))],
            await store.LearnersAsync());
    }

    [Fact]
    public async Task LoadAnswers_OldestFirst_LimitKeepsTheMostRecent()
    {
        var store = await OpenStoreAsync();
        for (var i = 0; i < 5; i++)
        {
            await store.RecordAnswerAsync(Answer("ana", $"item{i}", i % 2 == 0, Start + TimeSpan.FromMinutes(i)));
        }

        Assert.Equal(["item0", "item1", "item2", "item3", "item4"], (await store.LoadAnswersAsync("ana")).Select(a => a.Item));
        Assert.Equal(["item3", "item4"], (await store.LoadAnswersAsync("ana", 2)).Select(a => a.Item));
    }

    [Fact]
    public async Task RecordAnswer_TagsAndNullsRoundTrip()
    {
        var store = await OpenStoreAsync();
        var control = new AnswerRecord("ana", "control/patch_management", new ItemTags("control", null, null, null), "Q?", "AC", "AC", true, Start);

        await store.RecordAnswerAsync(control);

        Assert.Equal(control.Tags, (await store.LoadProgressAsync("ana"))["control/patch_management"].Tags);
        Assert.Equal(control, Assert.Single(await store.LoadAnswersAsync("ana")));
    }

    [Fact]
    public async Task RecordAnswer_ConcurrentWritersOnTheSameItems_LoseNothing()
    {
        const int writers = 8;
        const int answersEach = 40;
        var stores = await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => OpenStoreAsync()));

        await Task.WhenAll(stores.Select((store, w) => Task.Run(async () =>
        {
            for (var i = 0; i < answersEach; i++)
            {
                // Five items shared by every writer, so rows are contended; every third answer is wrong.
                await store.RecordAnswerAsync(Answer("ana", $"item{i % 5}", (w + i) % 3 != 0, Start + TimeSpan.FromMilliseconds((w * answersEach) + i)));
            }
        })));

        var reader = await OpenStoreAsync();
        var answers = await reader.LoadAnswersAsync("ana");
        Assert.Equal(writers * answersEach, answers.Count);
        var progress = await reader.LoadProgressAsync("ana");
        Assert.Equal(5, progress.Count);
        foreach (var (item, state) in progress)
        {
            var mine = answers.Where(a => a.Item == item).ToList();
            Assert.Equal(mine.Count, state.Attempts);
            Assert.Equal(mine.Count(a => a.Correct), state.Correct);
        }

        Assert.Equal(writers * answersEach, (await reader.LearnersAsync()).Single().Answers);
    }

    [Fact]
    public async Task RecordAnswer_ConcurrentLearners_EachKeepsTheirOwn()
    {
        var stores = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => OpenStoreAsync()));

        await Task.WhenAll(stores.Select((store, w) => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await store.RecordAnswerAsync(Answer($"learner{w}", $"item{i}", true, Start));
            }
        })));

        var reader = await OpenStoreAsync();
        Assert.Equal(Enumerable.Range(0, 6).Select(w => $"learner{w}"), (await reader.LearnersAsync()).Select(l => l.Name));
        for (var w = 0; w < 6; w++)
        {
            Assert.Equal(25, (await reader.LoadProgressAsync($"learner{w}")).Count);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task RecordAnswer_EmptyLearner_IsRefused(string learner)
    {
        var store = await OpenStoreAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.RecordAnswerAsync(Answer(learner, "i", true, Start)));
    }
}
