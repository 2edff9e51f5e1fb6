using Demarc.Catalog;
using Demarc.Quiz;
using Demarc.Resolution;
using Demarc.Storage.Quiz;

namespace Demarc.Web.Quiz;

/// <summary>The catalog and what reads it, built once per app: resolvers and the quiz generator are immutable and thread-safe.</summary>
public sealed class WebCatalog(ResponsibilityCatalog catalog)
{
    private readonly Lazy<QuizGenerator> _generator = new(() => new QuizGenerator(catalog));

    /// <summary>The catalog.</summary>
    public ResponsibilityCatalog Catalog { get; } = catalog;

    /// <summary>Service names, ids and aliases.</summary>
    public ServiceResolver Services { get; } = new(catalog);

    /// <summary>Task words and domain ids.</summary>
    public DomainResolver Domains { get; } = new(catalog);

    /// <summary>The quiz generator.</summary>
    public QuizGenerator Generator => _generator.Value;
}

/// <summary>A question to ask a learner: the item, the question built for it with the learner's seed, and the item's state.</summary>
public sealed record QuizTurn(QuizItem Item, QuizQuestion Question, int Seed, ItemProgress? State);

/// <summary>A graded answer: the question, the letters given, whether they were right, and the item's new state.</summary>
public sealed record QuizAnswered(QuizQuestion Question, string Given, bool Correct, string? Note, ItemProgress State);

/// <summary>An answer that cannot be graded: an unknown item or letters that are not options. Nothing is recorded.</summary>
public sealed class QuizInputException(string message) : Exception(message);

/// <summary>
/// The quiz of <c>demarc quiz</c>, one question at a time, for the page and the API. Stateless between requests (the item
/// and the seed travel with the form), so any instance behind a load balancer can grade any answer; every answer is
/// committed to the store (the Leitner step in one transaction) before the feedback is shown.
/// </summary>
public sealed class QuizService(WebCatalog catalog, IProgressStore store, TimeProvider time)
{
    /// <summary>The next question for a learner: due items first, then new ones in the seed's order (as the CLI).</summary>
    public async Task<QuizTurn?> NextAsync(string learner, QuizFilter filter, int seed, CancellationToken cancellationToken)
    {
        var plan = catalog.Generator.Plan(filter, seed);
        if (plan.Count == 0)
        {
            return null;
        }

        var progress = await store.LoadProgressAsync(learner, cancellationToken).ConfigureAwait(false);
        var next = new LeitnerScheduler(time).NextItems(plan, progress, 1);
        if (next.Count == 0)
        {
            return null;
        }

        var item = next[0];
        return new QuizTurn(item, catalog.Generator.Build(item, seed, QuizGenerator.QuestionId(1)), seed, progress.GetValueOrDefault(item.Key));
    }

    /// <summary>Grades an answer to an item's question (rebuilt from the item and seed) and records it.</summary>
    /// <exception cref="QuizInputException">The item is unknown or the letters are not options of the question.</exception>
    public async Task<QuizAnswered> AnswerAsync(string learner, string itemKey, int seed, string given, CancellationToken cancellationToken)
    {
        var item = catalog.Generator.FindItem(itemKey ?? "") ?? throw new QuizInputException($"unknown quiz item '{itemKey}'; take it from /api/quiz/next");
        var question = catalog.Generator.Build(item, seed, QuizGenerator.QuestionId(1));
        var letters = QuizFile.Letters(given ?? "") ?? throw new QuizInputException($"'{given}' is not an answer: give option letters such as \"B\" or \"AC\"");
        var (result, problems) = QuizGrader.Grade([question], [new GivenAnswer("1", letters)]);
        if (result is null)
        {
            throw new QuizInputException(string.Join("; ", problems));
        }

        var graded = result.Questions[0];
        var correct = graded.Outcome == GradeOutcome.Correct;
        var state = await store.RecordAnswerAsync(
            new AnswerRecord(learner, item.Key, item.Tags, question.Text, letters, question.Answer!, correct, time.GetUtcNow()),
            cancellationToken).ConfigureAwait(false);
        return new QuizAnswered(question, letters, correct, graded.Note, state);
    }

    /// <summary>A learner's mastery, as <c>demarc quiz --stats</c> computes it.</summary>
    public async Task<MasteryReport> ProgressAsync(string learner, CancellationToken cancellationToken)
    {
        var progress = await store.LoadProgressAsync(learner, cancellationToken).ConfigureAwait(false);
        return Mastery.Compute(catalog.Catalog, learner, progress.Values, time.GetUtcNow());
    }

    /// <summary>Checks a learner name: 1 to 200 characters after trimming, no control characters. Returns the trimmed name or null.</summary>
    public static string? CleanLearner(string? name)
    {
        var trimmed = name?.Trim();
        return string.IsNullOrEmpty(trimmed) || trimmed.Length > SqlProgressStore.MaxLearnerLength || trimmed.Any(char.IsControl) ? null : trimmed;
    }

    /// <summary>A seed for a new learner session.</summary>
    public static int NewSeed() => Random.Shared.Next(1, 1_000_000);
}
