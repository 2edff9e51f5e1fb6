using Demarc.Quiz;

namespace Demarc.Storage.Quiz;

/// <summary>A learner known to the store: how many answers and when the last one was given.</summary>
public sealed record LearnerSummary(string Name, int Answers, DateTimeOffset LastAnsweredAt);

/// <summary>
/// Each learner's quiz progress: the answer log and the Leitner state of every item answered. The contract every store
/// keeps (checked by <c>ProgressStoreContract</c> in the tests, against each implementation):
/// <list type="bullet">
/// <item>An answer is durable when <see cref="RecordAnswerAsync"/> returns (committed; a crash right after loses nothing).</item>
/// <item>Recording appends to the log and moves the item's state by <see cref="Leitner.Next"/> from its stored state, in one
/// transaction: concurrent answers, from threads or processes, are all kept and all counted.</item>
/// <item>Learners are independent; names are compared exactly.</item>
/// <item>Times are kept to the millisecond.</item>
/// </list>
/// </summary>
public interface IProgressStore
{
    /// <summary>The state of every item a learner has answered, by item key.</summary>
    Task<IReadOnlyDictionary<string, ItemProgress>> LoadProgressAsync(string learner, CancellationToken cancellationToken = default);

    /// <summary>Records an answer and returns the item's new state.</summary>
    Task<ItemProgress> RecordAnswerAsync(AnswerRecord answer, CancellationToken cancellationToken = default);

    /// <summary>A learner's answers, oldest first, at most <paramref name="limit"/> of the most recent ones.</summary>
    Task<IReadOnlyList<AnswerRecord>> LoadAnswersAsync(string learner, int limit = int.MaxValue, CancellationToken cancellationToken = default);

    /// <summary>Every learner with at least one answer, by name.</summary>
    Task<IReadOnlyList<LearnerSummary>> LearnersAsync(CancellationToken cancellationToken = default);
}
