using System.Globalization;
using System.Text.Json;
using Demarc.Contracts;
using Demarc.Quiz;
using Demarc.Web.Quiz;
using Demarc.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Demarc.Web.Api;

/// <summary>The quiz's JSON API: the next question, answering it, and the learner's progress.</summary>
public static class QuizApi
{
    /// <summary>The cookie that names the learner in the browser.</summary>
    public const string LearnerCookie = "demarc_learner";

    /// <summary>The cookie that keeps the learner's seed (the wording and order of questions).</summary>
    public const string SeedCookie = "demarc_quiz_seed";

    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Quiz");
        api.MapGet("/quiz/next", async Task<IResult> (HttpContext context, QuizService quiz, WebCatalog catalog, string? learner, int? seed, string? service, string? domain, string? model, string? kind, CancellationToken cancellationToken) =>
            {
                var name = QuizService.CleanLearner(learner ?? context.Request.Cookies[LearnerCookie]);
                if (name is null)
                {
                    return BadLearner();
                }

                var (filter, error) = Filter(catalog, service, domain, model, kind);
                if (filter is null)
                {
                    return Problems.Result(400, "Bad filter", error!);
                }

                var turn = await quiz.NextAsync(name, filter, seed ?? SeedOf(context), cancellationToken).ConfigureAwait(false);
                if (turn is null)
                {
                    return Problems.Result(404, "No question", "no question matches these filters; loosen service, domain, model or kind (control questions have no service)");
                }

                return Results.Text(JsonSerializer.Serialize(Question(name, turn), WebJsonContext.Output.QuizQuestionJson), CatalogApi.Json);
            })
            .WithName("NextQuizQuestion").WithSummary("The next quiz question for a learner")
            .WithDescription("Due items first (lowest Leitner box first), then new items in the seed's order, as `demarc quiz`. `learner` (or the learner cookie) names the learner; `seed` fixes the wording and option order; `service`, `domain`, `model`, `kind` filter as the CLI's options. The answer is not included: send the letters to /api/quiz/answer with `item` and `seed`.")
            .Produces<QuizQuestionJson>(200, "application/json").ProducesProblem(400).ProducesProblem(404);

        api.MapPost("/quiz/answer", async Task<IResult> (HttpContext context, QuizService quiz, CancellationToken cancellationToken) =>
            {
                var body = await ReadJson(context, WebJsonContext.Default.QuizAnswerRequest, cancellationToken).ConfigureAwait(false);
                if (body.Error is not null)
                {
                    return body.Error;
                }

                var request = body.Value!;
                var name = QuizService.CleanLearner(request.Learner ?? context.Request.Cookies[LearnerCookie]);
                if (name is null)
                {
                    return BadLearner();
                }

                if (request.Item is null || request.Seed is null || request.Answer is null)
                {
                    return Problems.Result(400, "Incomplete answer", "send {\"learner\", \"item\", \"seed\", \"answer\"}: the item and seed of the question from /api/quiz/next, and the letters chosen (\"B\" or \"AC\")");
                }

                try
                {
                    var answered = await quiz.AnswerAsync(name, request.Item, request.Seed.Value, request.Answer, cancellationToken).ConfigureAwait(false);
                    return Results.Text(JsonSerializer.Serialize(Answer(name, request.Item, answered), WebJsonContext.Output.QuizAnswerJson), CatalogApi.Json);
                }
                catch (QuizInputException e)
                {
                    return Problems.Result(400, "Answer not graded", e.Message + "; nothing was recorded");
                }
            })
            .WithName("AnswerQuizQuestion").WithSummary("Answer a quiz question; the answer is recorded")
            .WithDescription("Body: `{\"learner\": \"ana\", \"item\": \"who/ec2/guest_os\", \"seed\": 7, \"answer\": \"B\"}`. Grades the answer against the question rebuilt from the item and seed, records it in the learner's progress (committed before the response), and returns the answer, justification, explanation, sources and the item's new Leitner state.")
            .Produces<QuizAnswerJson>(200, "application/json").ProducesProblem(400).ProducesProblem(415);

        api.MapGet("/progress", async Task<IResult> (HttpContext context, QuizService quiz, string? learner, CancellationToken cancellationToken) =>
            {
                var name = QuizService.CleanLearner(learner ?? context.Request.Cookies[LearnerCookie]);
                if (name is null)
                {
                    return BadLearner();
                }

                var report = await quiz.ProgressAsync(name, cancellationToken).ConfigureAwait(false);
                return Results.Text(QuizContracts.Serialize(QuizContracts.Stats(report), QuizJsonContext.Default.StatsJson), CatalogApi.Json);
            })
            .WithName("Progress").WithSummary("A learner's mastery per domain, service model and question kind")
            .WithDescription("The same JSON as `demarc quiz --stats --format json`.")
            .Produces<StatsJson>(200, "application/json").ProducesProblem(400);
    }

    /// <summary>The learner's seed from the cookie, or a fixed one for API clients without cookies.</summary>
    public static int SeedOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return int.TryParse(context.Request.Cookies[SeedCookie], NumberStyles.None, CultureInfo.InvariantCulture, out var seed) && seed > 0 ? seed : 1;
    }

    /// <summary>Builds the quiz filter from the CLI's options.</summary>
    public static (QuizFilter? Filter, string? Error) Filter(WebCatalog catalog, string? service, string? domain, string? model, string? kind)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        HashSet<string>? subjects = null;
        if (!string.IsNullOrWhiteSpace(service))
        {
            var (subject, error) = Lookup.Service(catalog, service);
            if (subject is null)
            {
                return (null, error!.Message);
            }

            subjects = [subject.Id, .. subject.Variant is null ? subject.Service.Variants.Select(v => v.Id) : []];
        }

        string? domainId = null;
        if (!string.IsNullOrWhiteSpace(domain))
        {
            var (resolved, error) = Lookup.Task(catalog, domain);
            if (resolved is null)
            {
                return (null, error!.Message);
            }

            domainId = resolved.Domain!.Id;
        }

        var modelId = string.IsNullOrWhiteSpace(model) ? null : model.Trim().ToLowerInvariant();
        if (modelId is not null && catalog.Catalog.FindModel(modelId) is null)
        {
            return (null, $"unknown service model '{model}'. Models: {string.Join(", ", catalog.Catalog.Models.Select(m => m.Id))}");
        }

        HashSet<QuestionKind>? kinds = null;
        foreach (var part in (kind ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!QuestionKinds.TryParse(part, out var parsed))
            {
                return (null, $"unknown question kind '{part}'. Kinds: {string.Join(", ", QuestionKinds.All.Select(k => k.Display()))}");
            }

            kinds ??= [];
            kinds.Add(parsed);
        }

        return (new QuizFilter(subjects, domainId, modelId, kinds), null);
    }

    /// <summary>The question's JSON, without the answer.</summary>
    public static QuizQuestionJson Question(string learner, QuizTurn turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var q = turn.Question;
        return new QuizQuestionJson(QuizContracts.SchemaVersion, "quiz-question", learner, turn.Item.Key, turn.Seed, turn.Item.Kind.Display(), turn.State?.Box ?? 0,
            q.Id, q.Text, q.Options.ToDictionary(o => o.Letter, o => o.Text), q.Choose);
    }

    /// <summary>The graded answer's JSON.</summary>
    public static QuizAnswerJson Answer(string learner, string item, QuizAnswered answered)
    {
        ArgumentNullException.ThrowIfNull(answered);
        var q = answered.Question;
        var s = answered.State;
        return new QuizAnswerJson(QuizContracts.SchemaVersion, "quiz-answer", learner, item, q.Text, answered.Given, q.Answer ?? "", answered.Correct, answered.Note,
            q.Justification, q.Explanation, [.. q.SourceList.Select(x => new SourceJson(x.Id, x.Title, x.Url))],
            new ItemStateJson(s.Box, s.DueAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), s.Attempts, s.Correct, s.Streak));
    }

    private static IResult BadLearner() =>
        Problems.Result(400, "Learner needed", "name the learner: 'learner' (1 to 200 characters, no control characters), or sign in on the Quiz page");

    /// <summary>Reads a JSON body: 415 unless it is JSON, 400 with the parser's position when it does not parse.</summary>
    public static async Task<(T? Value, IResult? Error)> ReadJson<T>(HttpContext context, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.HasJsonContentType())
        {
            return (null, Problems.Result(415, "JSON expected", "send the body as JSON with 'Content-Type: application/json'"));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync(context.Request.Body, type, cancellationToken).ConfigureAwait(false);
            return value is null ? (null, Problems.Result(400, "Empty body", "the body is empty or null; send a JSON object")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Problems.Result(400, "Malformed JSON", $"the body is not valid JSON for this endpoint: {e.Message}"));
        }
    }
}
