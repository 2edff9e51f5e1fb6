using System.Text.Json;
using System.Text.Json.Serialization;

namespace Demarc.Quiz;

// The JSON shapes of `demarc quiz --stats` and of grading (`--answers`), shared with the web app's /api/progress.
// Documented in docs/quiz.md: add fields, never rename or remove them without raising SchemaVersion.

/// <summary>One row of mastery.</summary>
public sealed record MasteryRowJson(string Id, string Name, int Items, int Mastered, int Due, int Answers, int Correct, double Accuracy, double Level);

/// <summary>The output of <c>demarc quiz --stats --format json</c>.</summary>
public sealed record StatsJson(
    int SchemaVersion,
    string Kind,
    string Learner,
    string At,
    MasteryRowJson Overall,
    IReadOnlyList<MasteryRowJson> Domains,
    IReadOnlyList<MasteryRowJson> Models,
    IReadOnlyList<MasteryRowJson> Kinds);

/// <summary>One graded question.</summary>
public sealed record GradedQuestionJson(int Number, string Id, string Question, string? Given, string Answer, string Outcome, string? Note, string? Justification);

/// <summary>The output of <c>demarc quiz --answers … --format json</c>.</summary>
public sealed record GradeJson(
    int SchemaVersion,
    string Kind,
    string Learner,
    int Questions,
    int Correct,
    int Wrong,
    int Unanswered,
    double Score,
    int Recorded,
    IReadOnlyList<GradedQuestionJson> Results);

/// <summary>Source-generated serialization for the quiz contracts.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(StatsJson))]
[JsonSerializable(typeof(GradeJson))]
public sealed partial class QuizJsonContext : JsonSerializerContext;

/// <summary>Maps quiz results to their JSON contracts.</summary>
public static class QuizContracts
{
    /// <summary>The version of these JSON shapes.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The stats contract.</summary>
    public static StatsJson Stats(MasteryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new StatsJson(
            SchemaVersion,
            "quiz-stats",
            report.Learner,
            report.At.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            Row(report.Overall),
            [.. report.ByDomain.Select(Row)],
            [.. report.ByModel.Select(Row)],
            [.. report.ByKind.Select(Row)]);
    }

    /// <summary>The grade contract.</summary>
    public static GradeJson Grade(GradeResult result, string learner, int recorded)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new GradeJson(
            SchemaVersion,
            "quiz-grade",
            learner,
            result.Questions.Count,
            result.Correct,
            result.Wrong,
            result.Unanswered,
            Math.Round(result.Score, 4),
            recorded,
            [.. result.Questions.Select(q => new GradedQuestionJson(q.Number, q.Question.Id, q.Question.Text, q.Given, q.Question.Answer ?? "", Outcome(q.Outcome), q.Note, q.Question.Justification))]);
    }

    /// <summary>Serializes a contract.</summary>
    public static string Serialize<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) => JsonSerializer.Serialize(value, typeInfo);

    /// <summary>The spelling of an outcome: correct, wrong, unanswered.</summary>
    public static string Outcome(GradeOutcome outcome) => outcome switch
    {
        GradeOutcome.Correct => "correct",
        GradeOutcome.Wrong => "wrong",
        _ => "unanswered",
    };

    private static MasteryRowJson Row(MasteryRow row) =>
        new(row.Id, row.Name, row.Items, row.Mastered, row.Due, row.Attempts, row.Correct, Math.Round(row.Accuracy, 4), Math.Round(row.Level, 4));
}
