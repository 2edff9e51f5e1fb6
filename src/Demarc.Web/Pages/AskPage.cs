using Demarc.Web.Api;
using Demarc.Web.Engines;
using Demarc.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Demarc.Web.Pages;

/// <summary>The Ask page: a question, optional options A-D, and the answer with its reasoning.</summary>
public static class AskPage
{
    /// <summary>Maps the page.</summary>
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/ask", (AskEngine engine, WebOptions options, string? q, string? a, string? b, string? c, string? d, string? choose) => Render(engine, options, q, a, b, c, d, AskApi.Choose(choose))).ExcludeFromDescription();

    private static IResult Render(AskEngine engine, WebOptions options, string? q, string? a, string? b, string? c, string? d, int? choose)
    {
        var h = new Html();
        h.Add($"""
            <h1>Ask</h1>
            <p class="lead">Ask a question about the shared responsibility model in your own words, or paste an exam question with its options.</p>
            """);
        h.Add($"""
            <form method="get" action="/ask" id="ask-form">
            <div class="field"><label for="ask-q">Question</label><textarea id="ask-q" name="q" maxlength="{options.MaxQuestionLength}" required placeholder="Who is responsible for patching the guest operating system on Amazon EC2?">{q}</textarea></div>
            <fieldset><legend>Options <span class="hint">optional</span></legend>
            """);
        foreach (var (letter, value) in new[] { ("a", a), ("b", b), ("c", c), ("d", d) })
        {
            h.Add($"""<div class="field"><label for="ask-{letter}">{letter.ToUpperInvariant()}</label><input type="text" id="ask-{letter}" name="{letter}" value="{value}" maxlength="{options.MaxQuestionLength}"></div>""");
        }

        h.Add($"""
            <div class="field"><label for="ask-choose">Choose <span class="hint">how many options are right; empty to read it from the question</span></label><select id="ask-choose" name="choose"><option value="">-</option><option value="1"{(choose == 1 ? new Markup(" selected") : Markup.Empty)}>1</option><option value="2"{(choose == 2 ? new Markup(" selected") : Markup.Empty)}>2</option><option value="3"{(choose == 3 ? new Markup(" selected") : Markup.Empty)}>3</option></select></div>
            </fieldset>
            <button type="submit">Answer</button>
            </form>
            """);
        if (q is null)
        {
            return Layout.Page("Ask", "/ask", h.ToMarkup());
        }

        var choices = AskApi.Options(a, b, c, d);
        var problem = AskApi.Check(options, q, choices, choose);
        if (problem is not null)
        {
            h.Add($"""<div class="alert" role="alert"><p>{problem}</p></div>""");
            return Layout.Page("Ask", "/ask", h.ToMarkup(), 400);
        }

        var view = engine.Ask(new AskRequest(q.Trim(), choices, choose)).View;
        h.Add($"""
            <section class="panel" id="answer" aria-live="polite"><h2>Answer</h2>
            <p class="verdict" id="verdict">{(view.Verdict is null ? "Not understood" : view.Verdict)}{(view.Owner is not null && view.Owner != view.Verdict ? Html.Of($" {Layout.Owner(view.Owner)}") : Markup.Empty)}</p>
            <p class="muted" id="answer-status">{view.Status}: {view.Understood}</p>
            """);
        if (view.NotUnderstood.Count > 0)
        {
            h.Add($"<p>Not understood: {string.Join(", ", view.NotUnderstood)}</p>");
        }

        if (view.Options.Count > 0)
        {
            h.Add($"""<div class="table-wrap"><table id="answer-options"><thead><tr><th scope="col">Option</th><th scope="col">Read as</th><th scope="col">Owner</th><th scope="col">Why</th></tr></thead><tbody>""");
            foreach (var option in view.Options)
            {
                h.Add($"""<tr data-letter="{option.Letter}"{(option.Chosen ? new Markup(" class=\"chosen\"") : Markup.Empty)}><th scope="row">{option.Letter}{(option.Chosen ? " ✓" : "")}. {option.Text}</th><td>{option.Reading}</td><td>{Layout.Owner(option.Owner)}</td><td>{option.Reason}</td></tr>""");
            }

            h.Add($"</tbody></table></div>");
        }

        h.Add($"<h3>Reasoning</h3><pre>{view.Explanation}</pre>");
        if (view.Cells.Count > 0)
        {
            h.Add($"""<div class="table-wrap"><table><thead><tr><th scope="col">Service</th><th scope="col">Domain</th><th scope="col">Owner</th><th scope="col">AWS does</th><th scope="col">You do</th></tr></thead><tbody>""");
            foreach (var cell in view.Cells)
            {
                h.Add($"<tr><td>{cell.Service ?? "any"}</td><td>{cell.Domain}</td><td>{Layout.Owner(cell.Owner)}</td><td>{cell.Aws}</td><td>{cell.Customer}</td></tr>");
            }

            h.Add($"</tbody></table></div>");
        }

        h.Raw(Layout.Sources(view.Sources.Select(s => (s.Title, s.Url))));

        h.Add($"</section>");
        return Layout.Page("Ask", "/ask", h.ToMarkup());
    }
}
