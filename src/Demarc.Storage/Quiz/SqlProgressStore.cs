using System.Data.Common;
using System.Globalization;
using Demarc.Quiz;

namespace Demarc.Storage.Quiz;

/// <summary>
/// <see cref="IProgressStore"/> in portable SQL over any <see cref="SqlDatabase"/>. Recording an answer is one
/// transaction: make sure the item's row exists (<c>INSERT … ON CONFLICT DO NOTHING</c>), read it under the dialect's row
/// lock, compute the next Leitner state, update the row and append the answer. The row exists before it is read, so two
/// writers of a new item serialise on it instead of both inserting.
/// </summary>
public sealed class SqlProgressStore(SqlDatabase database) : IProgressStore
{
    /// <summary>Longest learner name accepted.</summary>
    public const int MaxLearnerLength = 200;

    private const string StateColumns = "item, kind, domain, model, service, box, due_at, attempts, correct, streak, last_answered_at";

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, ItemProgress>> LoadProgressAsync(string learner, CancellationToken cancellationToken = default)
    {
        CheckLearner(learner);
        return await database.RunAsync(async (connection, transaction) =>
        {
            var states = new Dictionary<string, ItemProgress>(StringComparer.Ordinal);
            await using var command = SqlDatabase.Command(connection, transaction, $"SELECT {StateColumns} FROM quiz_item_state WHERE learner = @learner AND box > 0", [("learner", learner)]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var state = ReadState(reader);
                states[state.Item] = state;
            }

            return (IReadOnlyDictionary<string, ItemProgress>)states;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ItemProgress> RecordAnswerAsync(AnswerRecord answer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        CheckLearner(answer.Learner);
        ArgumentException.ThrowIfNullOrWhiteSpace(answer.Item);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(answer.AnsweredAt.ToUnixTimeMilliseconds());
        var tags = answer.Tags;
        return await database.RunAsync(async (connection, transaction) =>
        {
            (string, object?)[] key = [("learner", answer.Learner), ("item", answer.Item)];
            await SqlDatabase.ExecuteAsync(
                connection,
                transaction,
                """
                INSERT INTO quiz_item_state (learner, item, kind, domain, model, service, box, due_at, attempts, correct, streak, last_answered_at)
                VALUES (@learner, @item, @kind, @domain, @model, @service, 0, 0, 0, 0, 0, 0)
                ON CONFLICT (learner, item) DO NOTHING
                """,
                [.. key, ("kind", tags.Kind), ("domain", tags.Domain), ("model", tags.Model), ("service", tags.Service)],
                cancellationToken).ConfigureAwait(false);

            ItemProgress? previous;
            await using (var command = SqlDatabase.Command(connection, transaction, $"SELECT {StateColumns} FROM quiz_item_state WHERE learner = @learner AND item = @item{database.Dialect.LockRow}", key))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                previous = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadState(reader) : null;
            }

            var next = Leitner.Next(previous is { Box: > 0 } ? previous : null, answer.Item, tags, answer.Correct, at);
            await SqlDatabase.ExecuteAsync(
                connection,
                transaction,
                """
                UPDATE quiz_item_state
                SET kind = @kind, domain = @domain, model = @model, service = @service, box = @box, due_at = @due,
                    attempts = @attempts, correct = @correct, streak = @streak, last_answered_at = @at
                WHERE learner = @learner AND item = @item
                """,
                [.. key, ("kind", tags.Kind), ("domain", tags.Domain), ("model", tags.Model), ("service", tags.Service), ("box", next.Box),
                    ("due", next.DueAt.ToUnixTimeMilliseconds()), ("attempts", next.Attempts), ("correct", next.Correct), ("streak", next.Streak), ("at", at.ToUnixTimeMilliseconds())],
                cancellationToken).ConfigureAwait(false);
            await SqlDatabase.ExecuteAsync(
                connection,
                transaction,
                """
                INSERT INTO quiz_answer (learner, item, kind, domain, model, service, question, given, expected, correct, answered_at)
                VALUES (@learner, @item, @kind, @domain, @model, @service, @question, @given, @expected, @correct, @at)
                """,
                [.. key, ("kind", tags.Kind), ("domain", tags.Domain), ("model", tags.Model), ("service", tags.Service), ("question", answer.Question),
                    ("given", answer.Given), ("expected", answer.Expected), ("correct", answer.Correct ? 1 : 0), ("at", at.ToUnixTimeMilliseconds())],
                cancellationToken).ConfigureAwait(false);
            return next;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AnswerRecord>> LoadAnswersAsync(string learner, int limit = int.MaxValue, CancellationToken cancellationToken = default)
    {
        CheckLearner(learner);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await database.RunAsync(async (connection, transaction) =>
        {
            var answers = new List<AnswerRecord>();
            await using var command = SqlDatabase.Command(
                connection,
                transaction,
                "SELECT learner, item, kind, domain, model, service, question, given, expected, correct, answered_at FROM quiz_answer WHERE learner = @learner ORDER BY id DESC LIMIT @limit",
                [("learner", learner), ("limit", (long)limit)]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                answers.Add(new AnswerRecord(
                    reader.GetString(0),
                    reader.GetString(1),
                    new ItemTags(reader.GetString(2), Text(reader, 3), Text(reader, 4), Text(reader, 5)),
                    reader.GetString(6),
                    reader.GetString(7),
                    reader.GetString(8),
                    Number(reader, 9) != 0,
                    Time(reader, 10)));
            }

            answers.Reverse();
            return (IReadOnlyList<AnswerRecord>)answers;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LearnerSummary>> LearnersAsync(CancellationToken cancellationToken = default)
    {
        return await database.RunAsync(async (connection, transaction) =>
        {
            var learners = new List<LearnerSummary>();
            await using var command = SqlDatabase.Command(connection, transaction, "SELECT learner, COUNT(*), MAX(answered_at) FROM quiz_answer GROUP BY learner ORDER BY learner", []);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                learners.Add(new LearnerSummary(reader.GetString(0), (int)Number(reader, 1), Time(reader, 2)));
            }

            return (IReadOnlyList<LearnerSummary>)learners;
        }, cancellationToken).ConfigureAwait(false);
    }

    private static void CheckLearner(string learner)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(learner);
        if (learner.Length > MaxLearnerLength)
        {
            throw new ArgumentException($"a learner name has at most {MaxLearnerLength} characters", nameof(learner));
        }
    }

    private static ItemProgress ReadState(DbDataReader reader) => new(
        reader.GetString(0),
        new ItemTags(reader.GetString(1), Text(reader, 2), Text(reader, 3), Text(reader, 4)),
        (int)Number(reader, 5),
        Time(reader, 6),
        (int)Number(reader, 7),
        (int)Number(reader, 8),
        (int)Number(reader, 9),
        Time(reader, 10));

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    // Integer widths differ between engines (SQLite returns Int64, PostgreSQL Int32 for INTEGER): convert.
    private static long Number(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(DbDataReader reader, int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(Number(reader, ordinal));
}
