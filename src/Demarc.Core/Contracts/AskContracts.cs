using System.Text.Json;
using System.Text.Json.Serialization;
using Demarc.Asking;
using Demarc.Catalog;
using Demarc.Model;

namespace Demarc.Contracts;

// The JSON shapes of `demarc ask --format json` (documented in docs/ask.md). Add fields, never rename or remove
// them without raising CatalogContracts.SchemaVersion.

/// <summary>The question as it was asked (the file shape shared with <c>demarc quiz</c>).</summary>
public sealed record AskQuestionJson(string? Id, string Question, IReadOnlyDictionary<string, string>? Options, int? Choose, string? Answer, string? Justification);

/// <summary>How the question was read.</summary>
public sealed record AskUnderstoodJson(
    string? Form,
    string? Target,
    bool Negated,
    int Choose,
    SubjectJson? Service,
    IReadOnlyList<string> Domains,
    string? Control,
    string? Category,
    string? Layer,
    string Summary);

/// <summary>A catalog cell behind an answer: owner, the side of a shared cell the words point to, what each party does.</summary>
public sealed record AskCellJson(
    SubjectJson? Service,
    string Domain,
    string DomainName,
    string Layer,
    string Owner,
    string? Side,
    string Aws,
    string Customer,
    string? Note,
    IReadOnlyList<SourceJson> Sources);

/// <summary>One option: how it was read, its owner, its score and why it was chosen or rejected.</summary>
public sealed record AskOptionJson(
    string Letter,
    string Text,
    string Reading,
    string? Owner,
    double? Score,
    bool Chosen,
    string Reason,
    IReadOnlyList<AskCellJson> Cells,
    string? Control,
    string? Category);

/// <summary>The answer of <c>demarc ask</c>.</summary>
/// <param name="Status">answered | tentative | not-understood.</param>
/// <param name="Verdict">Chosen letters ("AC"), an owner (AWS, Customer, Shared) or True/False; null when not understood.</param>
/// <param name="Correct">Whether the verdict matches the question's expected answer; null without one.</param>
public sealed record AskJson(
    int SchemaVersion,
    string Kind,
    string Status,
    string? Verdict,
    string? Owner,
    IReadOnlyList<string> Letters,
    AskQuestionJson Question,
    AskUnderstoodJson Understood,
    IReadOnlyList<string> NotUnderstood,
    IReadOnlyList<AskCellJson> Cells,
    IReadOnlyList<AskOptionJson> Options,
    IReadOnlyList<SourceJson> Sources,
    string Explanation,
    bool? Correct);

/// <summary>A question of a batch whose verdict differs from the expected answer.</summary>
public sealed record AskMissJson(string? Id, string Question, string? Expected, string? Verdict, string Status, string? Justification, string Explanation);

/// <summary>A problem in the batch file.</summary>
public sealed record AskProblemJson(string File, int Line, int Column, string Message);

/// <summary>The output of <c>demarc ask --batch</c>.</summary>
/// <param name="Accuracy">Correct answers among questions with an expected answer, in percent; null when none had one.</param>
public sealed record AskBatchJson(
    int SchemaVersion,
    string Kind,
    int Questions,
    int WithAnswer,
    int Correct,
    double? Accuracy,
    int Answered,
    int Tentative,
    int NotUnderstood,
    IReadOnlyList<AskMissJson> Misses,
    IReadOnlyList<AskProblemJson> Problems,
    IReadOnlyList<AskJson> Answers);

/// <summary>Source-generated serialization for the ask contracts (the same options as <see cref="ContractsJsonContext"/>).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(AskJson))]
[JsonSerializable(typeof(AskBatchJson))]
public sealed partial class AskJsonContext : JsonSerializerContext;

/// <summary>Maps answers to their JSON contracts.</summary>
public static class AskContracts
{
    /// <summary>The JSON spelling of a status.</summary>
    public static string StatusName(AskStatus status) => status switch
    {
        AskStatus.Answered => "answered",
        AskStatus.Tentative => "tentative",
        _ => "not-understood",
    };

    /// <summary>The JSON spelling of a form.</summary>
    public static string FormName(AskForm form) => form switch
    {
        AskForm.Who => "who",
        AskForm.OwnerChoice => "owner-choice",
        AskForm.LayerChoice => "layer-choice",
        AskForm.ControlChoice => "control-choice",
        AskForm.Classification => "classification",
        AskForm.StatementChoice => "statement-choice",
        AskForm.TrueFalse => "true-false",
        AskForm.Completion => "completion",
        AskForm.ServiceChoice => "service-choice",
        AskForm.Shift => "shift",
        AskForm.PartyChoice => "party-choice",
        _ => form.ToString(),
    };

    public static AskJson Answer(ResponsibilityCatalog catalog, AskAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(answer);
        var question = answer.Question;
        var understood = answer.Understood;
        return new AskJson(
            CatalogContracts.SchemaVersion,
            "ask",
            StatusName(answer.Status),
            answer.Verdict,
            answer.Owner?.Display(),
            answer.Letters,
            new AskQuestionJson(question.Id, question.Text, question.Options.Count == 0 ? null : question.Options.ToDictionary(o => o.Letter, o => o.Text),
                question.Choose, question.Answer, question.Justification),
            new AskUnderstoodJson(
                understood.Form is { } form ? FormName(form) : null,
                understood.Target,
                understood.Negated,
                understood.Choose,
                understood.Service is null ? null : CatalogContracts.Subject(catalog, understood.Service),
                [.. understood.Domains.Select(d => d.Id)],
                understood.Control?.Id,
                understood.Category?.Id,
                understood.Layer?.Display(),
                understood.Summary),
            answer.NotUnderstood,
            [.. answer.Cells.Select(c => Cell(catalog, c))],
            [.. answer.Options.Select(o => new AskOptionJson(o.Letter, o.Text, o.Reading, o.Owner, o.Score, o.Chosen, o.Reason,
                [.. o.Cells.Select(c => Cell(catalog, c))], o.Control?.Id, o.Category?.Id))],
            [.. answer.Sources.Select(s => new SourceJson(s.Id, s.Title, s.Url))],
            answer.Explanation,
            answer.Correct);
    }

    public static AskBatchJson Batch(ResponsibilityCatalog catalog, IReadOnlyList<AskAnswer> answers, IReadOnlyList<QuestionFileProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(problems);
        var withAnswer = answers.Count(a => a.Correct is not null);
        var correct = answers.Count(a => a.Correct == true);
        return new AskBatchJson(
            CatalogContracts.SchemaVersion,
            "ask-batch",
            answers.Count,
            withAnswer,
            correct,
            withAnswer == 0 ? null : Math.Round(100.0 * correct / withAnswer, 2),
            answers.Count(a => a.Status == AskStatus.Answered),
            answers.Count(a => a.Status == AskStatus.Tentative),
            answers.Count(a => a.Status == AskStatus.NotUnderstood),
            [.. answers.Where(a => a.Correct == false).Select(a => new AskMissJson(a.Question.Id, a.Question.Text, a.Question.Answer, a.Verdict, StatusName(a.Status), a.Question.Justification, a.Explanation))],
            [.. problems.Select(p => new AskProblemJson(p.Location.File, p.Location.Line, p.Location.Column, p.Message))],
            [.. answers.Select(a => Answer(catalog, a))]);
    }

    public static string Serialize<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) => JsonSerializer.Serialize(value, typeInfo);

    private static AskCellJson Cell(ResponsibilityCatalog catalog, AskCell cell) => new(
        cell.Service is null ? null : CatalogContracts.Subject(catalog, cell.Service),
        cell.Domain.Id,
        cell.Domain.Name,
        cell.Domain.Layer.Display(),
        cell.Owner.Display(),
        cell.Side?.Display(),
        cell.Aws,
        cell.Customer,
        cell.Note,
        [.. cell.Sources.Select(s => new SourceJson(s.Id, s.Title, s.Url))]);
}
