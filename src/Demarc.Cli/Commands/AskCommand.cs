using System.CommandLine;
using System.Globalization;
using Demarc.Asking;
using Demarc.Cli.Output;
using Demarc.Contracts;
using Demarc.Model;
using Demarc.Parsing;

namespace Demarc.Cli.Commands;

/// <summary>
/// <c>demarc ask "question" [-o "A=…" …] [--choose N] [--file q.yaml] [--batch q.jsonl] [--explain]</c>: answers
/// responsibility questions from the catalog, with the reasoning. Exit codes: 0 answered, 1 batch misses,
/// 2 input error, 3 not understood, 4 answered tentatively.
/// </summary>
internal static class AskCommand
{
    /// <summary>The question was not understood well enough to answer.</summary>
    public const int NotUnderstood = 3;

    /// <summary>Answered, but the reading had to choose between close alternatives (see the notes).</summary>
    public const int Tentative = 4;

    public static Command Create(GlobalOptions options, CliTerminal terminal)
    {
        var question = new Argument<string[]>("question")
        {
            Description = "The question, in quotes (or as separate words).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var option = new Option<string[]>("--option", "-o")
        {
            Description = "An answer option, \"A=text\" (repeat for B, C, …; without a letter the next letter is used).",
            HelpName = "A=TEXT",
        };
        var choose = new Option<int?>("--choose", "-n")
        {
            Description = "How many options to choose (default: what the question says, e.g. \"(Choose two.)\", else 1).",
            HelpName = "N",
        };
        var file = new Option<FileInfo?>("--file")
        {
            Description = "A question file: JSON or YAML {question, options: {A: …}, choose, answer, justification}; a list of them is also accepted.",
            HelpName = "FILE",
        };
        var batch = new Option<FileInfo?>("--batch")
        {
            Description = "Answer a file of questions, one JSON object per line (same keys as --file); with expected answers, print the accuracy and the misses.",
            HelpName = "FILE.jsonl",
        };
        var explain = new Option<bool>("--explain")
        {
            Description = "Show the full reasoning: how each option was read, the cells behind it, and why it was chosen or rejected.",
        };
        var minAccuracy = new Option<double?>("--min-accuracy")
        {
            Description = "With --batch: exit 1 only when accuracy (in percent) is below this (default: any miss exits 1).",
            HelpName = "PERCENT",
        };
        var command = new Command("ask", """
            Answer a question about the shared responsibility model from the catalog, and explain the answer.
            Reads the question's form (who is responsible; which option is the customer's or AWS's; choose two;
            NOT / EXCEPT; true or false; control categories; which service; security OF vs IN the cloud), reads every
            option through the catalog's vocabulary, and says how it read each one. No network, no model: the same
            question always gets the same answer.

            Examples:
              demarc ask "Who is responsible for patching the guest operating system on an Amazon EC2 instance?"
              demarc ask "Who is responsible for encrypting data stored in Amazon S3?"
              demarc ask "Which of the following is the customer's responsibility?" \
                -o "A=Physical security of data centers" -o "B=Patching the hypervisor" \
                -o "C=Configuring security groups" -o "D=Replacing faulty hardware"
              demarc ask "Which are AWS's responsibilities? (Choose two.)" -o "A=…" -o "B=…" -o "C=…" --explain
              demarc ask --file question.yaml --format json
              demarc ask --batch questions.jsonl --min-accuracy 95

            Exit codes: 0 answered; 1 (--batch) expected answers missed; 2 input error (bad options, unreadable or
            invalid file); 3 not understood (the output says what was and was not understood); 4 answered
            tentatively (close alternatives or unread options; the notes say which).
            """)
        {
            question,
            option,
            choose,
            file,
            batch,
            explain,
            minAccuracy,
        };
        command.SetAction(parse =>
        {
            var context = CommandContext.Create(parse, options, terminal);
            if (context is null)
            {
                return ExitCodes.InputError;
            }

            var asker = new Asker(context.Catalog, context.Domains);
            var words = parse.GetValue(question) ?? [];
            var batchFile = parse.GetValue(batch);
            var questionFile = parse.GetValue(file);
            if (batchFile is not null)
            {
                if (words.Length > 0 || questionFile is not null)
                {
                    context.Error.WriteLine("demarc: --batch reads every question from its file; give no question text or --file with it.");
                    return ExitCodes.InputError;
                }

                return RunBatch(context, asker, batchFile, parse.GetValue(minAccuracy), parse.GetValue(explain));
            }

            AskQuestion? asked;
            if (questionFile is not null)
            {
                asked = FromFile(context, questionFile, words);
            }
            else
            {
                asked = FromArguments(context, string.Join(' ', words), parse.GetValue(option) ?? []);
            }

            if (asked is null)
            {
                return ExitCodes.InputError;
            }

            var count = parse.GetValue(choose);
            if (count is { } n)
            {
                if (n < 1 || (asked.Options.Count > 0 && n > asked.Options.Count))
                {
                    context.Error.WriteLine($"demarc: --choose must be between 1 and the number of options ({Math.Max(1, asked.Options.Count)}).");
                    return ExitCodes.InputError;
                }

                asked = asked with { Choose = n };
            }

            var answer = asker.Answer(asked);
            context.Write(Render(answer, parse.GetValue(explain)), () => AskContracts.Serialize(AskContracts.Answer(context.Catalog, answer), AskJsonContext.Default.AskJson));
            return ExitCode(answer.Status);
        });
        return command;
    }

    internal static int ExitCode(AskStatus status) => status switch
    {
        AskStatus.Answered => ExitCodes.Success,
        AskStatus.Tentative => Tentative,
        _ => NotUnderstood,
    };

    private static AskQuestion? FromArguments(CommandContext context, string text, string[] rawOptions)
    {
        if (text.Trim().Length == 0)
        {
            context.Error.WriteLine("demarc: give a question, for example: demarc ask \"Who patches the guest OS on Amazon EC2?\" (or --file / --batch).");
            return null;
        }

        if (text.Length > QuestionFile.MaxTextLength)
        {
            context.Error.WriteLine($"demarc: the question is longer than {QuestionFile.MaxTextLength:N0} characters.");
            return null;
        }

        var parsed = new List<AskOption>();
        foreach (var raw in rawOptions)
        {
            var value = raw.Trim();
            var separator = value.IndexOfAny(['=', ':']);
            string letter;
            string body;
            if (separator == 1 && char.IsAsciiLetter(value[0]))
            {
                letter = char.ToUpperInvariant(value[0]).ToString();
                body = value[2..].Trim();
            }
            else
            {
                letter = ((char)('A' + parsed.Count)).ToString();
                body = value;
            }

            if (body.Length == 0 || body.Length > QuestionFile.MaxTextLength)
            {
                context.Error.WriteLine($"demarc: option \"{raw}\" needs a text (at most {QuestionFile.MaxTextLength:N0} characters), as in -o \"A=Patching the hypervisor\".");
                return null;
            }

            if (parsed.Any(o => o.Letter == letter) || parsed.Count >= 26)
            {
                context.Error.WriteLine($"demarc: option {letter} is given twice (or more than 26 options).");
                return null;
            }

            parsed.Add(new AskOption(letter, body));
        }

        return new AskQuestion(text.Trim(), [.. parsed.OrderBy(o => o.Letter, StringComparer.Ordinal)]);
    }

    private static AskQuestion? FromFile(CommandContext context, FileInfo file, string[] words)
    {
        if (words.Length > 0)
        {
            context.Error.WriteLine("demarc: --file holds the question; give no question text with it.");
            return null;
        }

        var result = Load(context, file);
        if (result is null)
        {
            return null;
        }

        foreach (var problem in result.Problems)
        {
            context.Error.WriteLine($"demarc: {problem}");
        }

        if (result.Problems.Count > 0 || result.Questions.Count == 0)
        {
            return null;
        }

        if (result.Questions.Count > 1)
        {
            context.Error.WriteLine($"demarc: {file} holds {result.Questions.Count} questions; use --batch for several (JSON Lines), or keep one per file.");
            return null;
        }

        return result.Questions[0];
    }

    private static QuestionFileResult? Load(CommandContext context, FileInfo file)
    {
        if (!file.Exists)
        {
            context.Error.WriteLine($"demarc: {file}: no such file");
            return null;
        }

        if (file.Length > ParseLimits.Default.MaxBytes)
        {
            context.Error.WriteLine($"demarc: {file}: {file.Length:N0} bytes, more than the limit of {ParseLimits.Default.MaxBytes:N0}");
            return null;
        }

        try
        {
            return QuestionFile.Read(file.ToString(), File.ReadAllBytes(file.FullName));
        }
        catch (IOException ex)
        {
            context.Error.WriteLine($"demarc: {file}: {ex.Message}");
            return null;
        }
        catch (UnauthorizedAccessException ex)
        {
            context.Error.WriteLine($"demarc: {file}: {ex.Message}");
            return null;
        }
    }

    private static int RunBatch(CommandContext context, Asker asker, FileInfo file, double? minAccuracy, bool explain)
    {
        var result = Load(context, file);
        if (result is null)
        {
            return ExitCodes.InputError;
        }

        foreach (var problem in result.Problems)
        {
            context.Error.WriteLine($"demarc: {problem}");
        }

        // Progress on stderr for long batches answered at a terminal (stdout stays clean for redirection).
        var answers = new List<AskAnswer>(result.Questions.Count);
        foreach (var question in result.Questions)
        {
            answers.Add(asker.Answer(question));
            if (context.Terminal.IsInteractive && result.Questions.Count >= 2_000 && answers.Count % 1_000 == 0)
            {
                context.Error.Write($"\rdemarc: answered {answers.Count:N0} of {result.Questions.Count:N0} questions");
            }
        }

        if (context.Terminal.IsInteractive && result.Questions.Count >= 2_000)
        {
            context.Error.WriteLine();
        }

        var json = AskContracts.Batch(context.Catalog, answers, result.Problems);
        context.Write(RenderBatch(answers, json, explain), () => AskContracts.Serialize(json, AskJsonContext.Default.AskBatchJson));
        if (result.Problems.Count > 0)
        {
            return ExitCodes.InputError;
        }

        if (json.Accuracy is { } accuracy && json.Correct < json.WithAnswer && (minAccuracy is null || accuracy < minAccuracy))
        {
            return ExitCodes.Findings;
        }

        return json.WithAnswer == 0 && json.NotUnderstood > 0 ? NotUnderstood : ExitCodes.Success;
    }

    internal static Document Render(AskAnswer answer, bool explain)
    {
        var blocks = new List<Block> { new Heading(answer.Question.Text, 1) };
        var chosenOwners = answer.Options.Where(o => o.Chosen).SelectMany(o => o.Cells).Select(c => c.Owner).Distinct().ToList();
        var owner = answer.Owner ?? (chosenOwners.Count == 1 ? chosenOwners[0] : Owner.NotApplicable);
        var label = answer.Status == AskStatus.NotUnderstood ? "Not understood" : answer.Verdict ?? "?";
        var detail = answer.Status switch
        {
            AskStatus.Tentative => "Tentative: " + answer.Explanation,
            _ => answer.Explanation,
        };
        blocks.Add(new Verdict(label, owner, detail));

        var fields = new List<Field>
        {
            new("Status", AskContracts.StatusName(answer.Status)),
            new("Understood", answer.Understood.Summary.Length > 0 ? answer.Understood.Summary : "nothing"),
        };
        if (answer.Cells.Count == 1 || (answer.Cells.Count > 0 && answer.Options.Count == 0))
        {
            var cell = answer.Cells[0];
            fields.Add(new("Service", cell.Service is null ? "none named (the domain's general rule)" : $"{cell.Service.Name} ({cell.Service.Id})"));
            fields.Add(new("Domain", $"{cell.Domain.Name} ({cell.Domain.Id}), security {cell.Domain.Layer.Display()} the cloud"));
            fields.Add(new("Owner", cell.Owner == Owner.Shared && cell.Side is { } side ? $"Shared - the question is about the {side.Display()} part" : cell.Owner.Display()));
            fields.Add(new("AWS does", cell.Aws));
            fields.Add(new("You do", cell.Customer));
            fields.AddRange(WhoCommand.Optional("Note", cell.Note));
        }

        if (answer.Question.Answer is { } expected)
        {
            fields.Add(new("Expected", expected + (answer.Correct == true ? " (matches)" : " (differs)")));
        }

        blocks.Add(new Fields(fields));

        if (answer.NotUnderstood.Count > 0)
        {
            blocks.Add(new Heading(answer.Status == AskStatus.NotUnderstood ? "Not understood" : "Notes"));
            blocks.Add(new Bullets(answer.NotUnderstood));
        }

        if (answer.Options.Count > 0)
        {
            blocks.Add(new Table(
                "Options",
                ["Option", "Text", "Owner", "Score", "Verdict", explain ? "Reading and reason" : "Reason"],
                [.. answer.Options.Select(o => (IReadOnlyList<TableCell>)
                [
                    o.Letter,
                    o.Text,
                    o.Owner ?? "-",
                    o.Score is { } s ? s.ToString("0.00", CultureInfo.InvariantCulture) : "unread",
                    o.Chosen ? "chosen" : "rejected",
                    explain ? $"{o.Reading} | {o.Reason}" : Shorten(o.Reason),
                ])],
                IsPrimary: true));
        }

        if (explain)
        {
            var cells = answer.Options.Count > 0 ? answer.Options.SelectMany(o => o.Cells.Select(c => (o.Letter, Cell: c))).ToList() : answer.Cells.Select(c => (Letter: "", Cell: c)).ToList();
            if (cells.Count > 0)
            {
                blocks.Add(new Heading("Catalog cells behind the reading"));
                blocks.Add(new Bullets([.. cells.Select(x =>
                    $"{(x.Letter.Length > 0 ? x.Letter + ": " : "")}{x.Cell.Domain.Id} {(x.Cell.Service is { } service ? "on " + service.Id : "in general")} = {x.Cell.Owner.Display()}"
                    + (x.Cell.Side is { } side ? $" ({side.Display()} part)" : "")
                    + $". AWS: {x.Cell.Aws} Customer: {x.Cell.Customer}" + (x.Cell.Note is { } note ? $" Note: {note}" : ""))]));
            }
        }

        if (answer.Sources.Count > 0)
        {
            blocks.Add(new Heading("Sources"));
            var sourceTable = new Table(null, ["Source", "Title", "URL"], [.. answer.Sources.Select(s => (IReadOnlyList<TableCell>)[s.Id, s.Title, s.Url])], IsPrimary: answer.Options.Count == 0);
            blocks.Add(sourceTable);
        }

        return new Document(blocks);
    }

    private static Document RenderBatch(IReadOnlyList<AskAnswer> answers, AskBatchJson summary, bool explain)
    {
        var blocks = new List<Block>
        {
            new Heading($"{summary.Questions} question(s) answered from the catalog", 1),
            new Table(null, ["Id", "Verdict", "Expected", "Result", "Status", "Question"],
                [.. answers.Select((a, i) => (IReadOnlyList<TableCell>)
                [
                    a.Question.Id ?? (i + 1).ToString(CultureInfo.InvariantCulture),
                    a.Verdict ?? "-",
                    a.Question.Answer ?? "-",
                    a.Correct switch { true => "ok", false => "MISS", _ => "-" },
                    AskContracts.StatusName(a.Status),
                    Shorten(a.Question.Text),
                ])],
                IsPrimary: true),
        };
        var fields = new List<Field>
        {
            new("Questions", summary.Questions.ToString(CultureInfo.InvariantCulture)),
            new("Answered", $"{summary.Answered} confidently, {summary.Tentative} tentatively, {summary.NotUnderstood} not understood"),
        };
        if (summary.Accuracy is { } accuracy)
        {
            fields.Add(new("Accuracy", $"{summary.Correct}/{summary.WithAnswer} = {accuracy.ToString("0.0", CultureInfo.InvariantCulture)} %"));
        }

        if (summary.Problems.Count > 0)
        {
            fields.Add(new("File problems", $"{summary.Problems.Count} (listed on stderr; those questions were skipped)"));
        }

        blocks.Add(new Fields(fields));
        var misses = answers.Where(a => a.Correct == false).ToList();
        if (misses.Count > 0)
        {
            blocks.Add(new Heading("Misses"));
            blocks.Add(new Bullets([.. misses.Select(a =>
                $"{a.Question.Id ?? "?"}: expected {a.Question.Answer}, answered {a.Verdict ?? "nothing"} ({AskContracts.StatusName(a.Status)}). {a.Question.Text}"
                + (a.Question.Justification is { } why ? $" Expected because: {why}" : "")
                + $" Reading: {a.Explanation}"
                + (explain ? " " + string.Join(" ", a.Options.Select(o => $"[{o.Letter} {o.Score?.ToString("0.00", CultureInfo.InvariantCulture) ?? "unread"}: {o.Reason}]")) + " " + string.Join(" ", a.NotUnderstood) : ""))]));
        }

        return new Document(blocks);
    }

    private static string Shorten(string text) => text.Length <= 110 ? text : text[..107] + "...";
}
