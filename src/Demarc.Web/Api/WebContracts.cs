using System.Text.Json;
using System.Text.Json.Serialization;
using Demarc.Contracts;

namespace Demarc.Web.Api;

// JSON shapes that only the web API has (the catalog, quiz and scan shapes are the CLI's, from Demarc.Core).
// Documented in docs/web.md; add fields, never rename or remove them without raising SchemaVersion.

/// <summary>A quiz question without its answer: the shared question shape plus what the client sends back.</summary>
/// <param name="Item">The item key to send to <c>/api/quiz/answer</c>.</param>
/// <param name="Seed">The seed to send back (the question's wording and option order depend on it).</param>
/// <param name="Box">The item's Leitner box (0 when never answered).</param>
public sealed record QuizQuestionJson(
    int SchemaVersion,
    string Kind,
    string Learner,
    string Item,
    int Seed,
    string QuestionKind,
    int Box,
    string Id,
    string Question,
    IReadOnlyDictionary<string, string> Options,
    int Choose);

/// <summary>The body of <c>POST /api/quiz/answer</c>.</summary>
public sealed record QuizAnswerRequest(string? Learner, string? Item, int? Seed, string? Answer);

/// <summary>A learner's state for an item after an answer.</summary>
public sealed record ItemStateJson(int Box, string DueAt, int Attempts, int Correct, int Streak);

/// <summary>A graded, recorded answer.</summary>
public sealed record QuizAnswerJson(
    int SchemaVersion,
    string Kind,
    string Learner,
    string Item,
    string Question,
    string Given,
    string Answer,
    bool Correct,
    string? Note,
    string? Justification,
    string? Explanation,
    IReadOnlyList<SourceJson> Sources,
    ItemStateJson State);

/// <summary>The body of <c>POST /api/ask</c> (JSON).</summary>
public sealed record AskRequestJson(string? Question, IReadOnlyDictionary<string, string>? Options, int? Choose);

/// <summary>A saved scan.</summary>
public sealed record ScanJson(
    int SchemaVersion,
    string Kind,
    string Id,
    string CreatedAt,
    string Title,
    IReadOnlyList<string> Files,
    int Resources,
    int Violations,
    int Errors,
    string Summary,
    IReadOnlyDictionary<string, string> Links);

/// <summary>The scan history.</summary>
public sealed record ScanListJson(int SchemaVersion, string Kind, int Total, int Offset, IReadOnlyList<ScanJson> Scans);

/// <summary>Source-generated serialization for the web API's own shapes (same options as the CLI's contracts).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(QuizQuestionJson))]
[JsonSerializable(typeof(QuizAnswerRequest))]
[JsonSerializable(typeof(QuizAnswerJson))]
[JsonSerializable(typeof(AskRequestJson))]
[JsonSerializable(typeof(ScanJson))]
[JsonSerializable(typeof(ScanListJson))]
[JsonSerializable(typeof(Demarc.Web.Engines.ScanView))]
// Problem extensions are typed object: their runtime types need metadata too under Native AOT.
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(string[]))]
public sealed partial class WebJsonContext : JsonSerializerContext
{
    /// <summary>The context with the CLI's output options (camelCase, indented, readable non-ASCII).</summary>
    public static WebJsonContext Output { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
