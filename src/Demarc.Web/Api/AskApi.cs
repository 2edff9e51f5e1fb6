using Demarc.Web.Engines;
using Demarc.Web.Hosting;
using Demarc.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Demarc.Web.Api;

/// <summary><c>/api/ask</c>: answers a question as <c>demarc ask --format json</c> does.</summary>
public static class AskApi
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Ask");
        api.MapGet("/ask", (AskEngine engine, WebOptions options, string? q, string? a, string? b, string? c, string? d, string? choose) =>
                Answer(engine, options, q, Options(a, b, c, d), Choose(choose)))
            .WithName("AskGet").WithSummary("Answer a question (query string)")
            .WithDescription("`q`: the question; `a`-`d`: optional options; `choose`: how many to choose (read from the question when absent). Same JSON as `demarc ask --format json`.")
            .Produces(200, contentType: "application/json").ProducesProblem(400);

        api.MapPost("/ask", async Task<IResult> (HttpContext context, AskEngine engine, WebOptions options, CancellationToken cancellationToken) =>
            {
                var body = await QuizApi.ReadJson(context, WebJsonContext.Default.AskRequestJson, cancellationToken).ConfigureAwait(false);
                return body.Error ?? Answer(engine, options, body.Value!.Question, body.Value.Options ?? new Dictionary<string, string>(), body.Value.Choose);
            })
            .WithName("Ask").WithSummary("Answer a question")
            .WithDescription("Body: `{\"question\": \"…\", \"options\": {\"A\": \"…\", \"B\": \"…\"}, \"choose\": 1}` (options and choose optional). Same JSON as `demarc ask --format json`: the verdict, how the question was read, each option's reading and the cells and sources behind the answer.")
            .Produces(200, contentType: "application/json").ProducesProblem(400).ProducesProblem(415);
    }

    /// <summary>The <c>choose</c> field: a number, or empty (a form's "-") for "read it from the question"; 0 when it is not a number.</summary>
    public static int? Choose(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;

    /// <summary>The options given as a-d, without the empty ones.</summary>
    public static Dictionary<string, string> Options(string? a, string? b, string? c, string? d)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (letter, text) in new[] { ("A", a), ("B", b), ("C", c), ("D", d) })
        {
            if (!string.IsNullOrWhiteSpace(text))
            {
                options[letter] = text.Trim();
            }
        }

        return options;
    }

    /// <summary>Checks a question against the limits; null when it can be asked.</summary>
    public static string? Check(WebOptions options, string? question, IReadOnlyDictionary<string, string> choices, int? choose)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(choices);
        if (string.IsNullOrWhiteSpace(question))
        {
            return "no question given: ask something like \"Who is responsible for patching the guest operating system on Amazon EC2?\"";
        }

        if (question.Length > options.MaxQuestionLength || choices.Values.Any(o => o.Length > options.MaxQuestionLength))
        {
            return $"a question and each option have at most {options.MaxQuestionLength} characters";
        }

        if (choices.Count > 8 || choices.Keys.Any(k => k.Length != 1 || k[0] is < 'A' or > 'H'))
        {
            return "options are lettered A to H (at most 8)";
        }

        return choose is < 1 or > 8 ? "choose is between 1 and the number of options" : null;
    }

    private static IResult Answer(AskEngine engine, WebOptions options, string? question, IReadOnlyDictionary<string, string> choices, int? choose)
    {
        var problem = Check(options, question, choices, choose);
        if (problem is not null)
        {
            return Problems.Result(400, "Question not asked", problem);
        }

        return Results.Text(engine.Ask(new AskRequest(question!.Trim(), choices, choose)).Json, CatalogApi.Json);
    }
}
