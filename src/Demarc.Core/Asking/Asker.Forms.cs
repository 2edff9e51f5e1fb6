using System.Globalization;
using System.Text.RegularExpressions;
using Demarc.Model;

namespace Demarc.Asking;

public sealed partial class Asker
{
    // An option after judging: how well it fits what the question asks (null: could not be read) and why.
    private sealed record Scored(
        AskOption Option,
        Reading Reading,
        double? Score,
        string Reason,
        IReadOnlyList<OwnerView> Views,
        string? Owner = null,
        ControlRef? Control = null);

    // The form of a question with options, what makes an option right, and the options judged.
    private sealed record Plan(AskForm Form, string Target, bool Negated, IReadOnlyList<Scored> Scored, IReadOnlyList<string> Notes);

    private AskAnswer AnswerOpen(QuestionContext q)
    {
        if (TrueFalseStatement(q.Text) is { } statement)
        {
            var judgement = _judge.Judge(statement, q.Topic, q.Service);
            if (judgement.Truth is { } truth && Math.Abs(truth - 0.5) > 0.01)
            {
                var verdict = truth > 0.5 ? "True" : "False";
                return Build(q, Status(truth > 0.5 ? truth : 1 - truth), verdict, null, [], Understanding(q, AskForm.TrueFalse, "is the statement true?", false),
                    [], Cells(judgement.Views), [], $"Judged the statement: {judgement.Reason}.");
            }

            return NotUnderstood(q, AskForm.TrueFalse, $"could not judge the statement: {judgement.Reason}");
        }

        var asksWho = q.Sentence.Has("who") || q.Sentence.Has("whose") || q.Sentence.Contains("which party") || q.Sentence.Contains("what party")
            || q.Sentence.Contains("which entity") || q.Sentence.Contains("responsibility of whom");
        if (asksWho)
        {
            return AnswerWho(q);
        }

        // "Is patching the guest OS on EC2 the customer's responsibility?" → yes or no.
        if (q.Stem.Count > 0 && q.Stem[0].Lower is "is" or "are" or "does" or "do" or "can" or "should" or "must" or "will")
        {
            var judgement = _judge.Judge(q.Text.TrimEnd('?', ' '), q.Topic, q.Service);
            if (judgement.Truth is { } truth && Math.Abs(truth - 0.5) > 0.01)
            {
                return Build(q, Status(truth > 0.5 ? truth : 1 - truth), truth > 0.5 ? "Yes" : "No", null, [], Understanding(q, AskForm.TrueFalse, "yes or no", false),
                    [], Cells(judgement.Views), [], $"Judged the statement: {judgement.Reason}.");
            }
        }

        return NotUnderstood(q, null, "the question is not a who-question, a true-or-false statement or a multiple-choice question (give options with -o)");
    }

    private AskAnswer AnswerWho(QuestionContext q)
    {
        var topic = q.Topic;
        var possessor = q.Whole.Party is Party.Aws or Party.Customer ? q.Whole.Party : null;
        if (topic.Domains.Count > 0 && !topic.ControlFirst)
        {
            // "Amazon ECS" without a launch type: answer for the first candidate if they all agree, else say it depends.
            var service = q.Service ?? (q.Ambiguous.Count > 0 ? q.Ambiguous[0].Candidates[0] : null);
            // The side of a shared cell is read from the question sentence first ("who applies the platform patches?"),
            // then from the whole text.
            var views = Ownership.PreferApplicable(topic.Domains, service)
                .Select(h => _ownership.View(service, h.Domain, q.Sentence, possessor, h.Terms) is { Owner: Owner.Shared, Side: null }
                    ? _ownership.View(service, h.Domain, q.Stem, possessor, h.Terms)
                    : _ownership.View(service, h.Domain, q.Sentence, possessor, h.Terms))
                .ToList();
            var primary = views[0];
            var owner = primary.Effective;
            var mixed = views.Skip(1).Any(v => v.Effective != owner && v.Owner != Owner.NotApplicable);
            var tied = topic.Domains.Count(d => d.Tied) > 1 && q.Service is null;
            var notes = new List<string>();
            var unsure = false;
            if (q.Service is null && q.Ambiguous.Count > 0)
            {
                var alternatives = q.Ambiguous[0].Candidates
                    .Select(c => (Subject: c, View: _ownership.View(c, primary.Domain, q.Stem, possessor, topic.Domains[0].Terms)))
                    .ToList();
                if (alternatives.Select(a => a.View.Effective).Distinct().Count() > 1)
                {
                    unsure = true;
                    notes.Add($"\"{q.Ambiguous[0].Text}\" could be several services with different owners: "
                        + string.Join("; ", alternatives.Select(a => $"{a.Subject.Name}: {a.View.Effective.Display()}")) + $"; answered for {service!.Name}");
                }
            }
            else
            {
                notes.AddRange(q.ServiceNotes());
                unsure = q.Service is null && q.UnknownServices.Count > 0;
            }

            var status = mixed || tied || unsure ? AskStatus.Tentative : AskStatus.Answered;
            if (mixed)
            {
                notes.Add("the question names several responsibilities with different owners; the answer follows the first: " + string.Join("; ", views.Select(v => v.Describe())));
            }

            if (tied)
            {
                notes.Add("the words fit several domains equally well: " + string.Join(", ", topic.Domains.Where(d => d.Tied).Select(d => d.Domain.Id)));
            }

            if (q.Service is null && primary.Domain.Invariant == DomainInvariant.None && primary.Domain.Layer == Layer.InTheCloud
                && _catalog.Services.Select(s => s.Cells[primary.Domain.Id].Owner).Distinct().Count() > 1)
            {
                notes.Add($"no service named: this is the general rule; {primary.Domain.Name.ToLowerInvariant()} varies by service");
            }

            var verdict = owner.Display();
            var explanation = OwnerSentence(primary);
            return Build(q, status, verdict, owner, [], Understanding(q, AskForm.Who, "who owns it", false, views.Select(v => v.Domain)),
                notes, Cells(views), [], explanation);
        }

        // "Who patches the nodes of an Application Load Balancer?": patch management of a named service is about the
        // software it runs - its operating system and runtime cells.
        if (topic.Control is { } patching && q.Service is not null && topic.Domains.Count == 0)
        {
            var domains = patching.Value.Control.DomainIds.Select(_catalog.Domain)
                .Where(d => d.Layer == Layer.InTheCloud && d.Invariant == DomainInvariant.None && q.Service.CellFor(d.Id).Owner != Owner.NotApplicable)
                .ToList();
            if (domains.Count > 0)
            {
                var views = domains.Select(d => _ownership.View(q.Service, d, q.Stem, possessor)).ToList();
                var owner = views[0].Effective;
                var mixed = views.Any(v => v.Effective != owner);
                return Build(q, mixed ? AskStatus.Tentative : AskStatus.Answered, owner.Display(), owner, [],
                    Understanding(q, AskForm.Who, "who owns it", false, views.Select(v => v.Domain), patching.Value),
                    mixed ? [$"{patching.Value.Control.Name.ToLowerInvariant()} on {q.Service.Name} covers several cells: " + string.Join("; ", views.Select(v => v.Describe()))] : [],
                    Cells(views), [], OwnerSentence(views[0]));
            }
        }

        if (topic.Control is { } control)
        {
            var owner = control.Value.Category.Owner;
            var side = owner == Owner.Shared ? Ownership.SideOfControl(control.Value.Control, q.Stem, possessor) : null;
            var effective = side ?? owner;
            return Build(q, AskStatus.Answered, effective.Display(), effective, [], Understanding(q, AskForm.Who, "who owns it", false, control: control.Value),
                [], [], [], $"{control.Value.Control.Name} is one of AWS's {control.Value.Category.Name.ToLowerInvariant()}"
                    + (side is null ? "" : $"; the question is about the {side.Value.Display()} part")
                    + $": AWS - {control.Value.Control.Parts.Aws} Customer - {control.Value.Control.Parts.Customer}");
        }

        if (topic.Layer is { } layer)
        {
            var owner = layer == Layer.OfTheCloud ? Owner.Aws : Owner.Customer;
            return Build(q, AskStatus.Answered, owner.Display(), owner, [], Understanding(q, AskForm.Who, "who owns it", false, layer: layer),
                [], [], [], layer == Layer.OfTheCloud
                    ? "AWS is responsible for security OF the cloud: the facilities, hardware, network and virtualization that run every service."
                    : "The customer is responsible for security IN the cloud: its data, identities, configuration and what it runs.");
        }

        return NotUnderstood(q, AskForm.Who, "no responsibility was recognised in the question");
    }

    private AskAnswer AnswerChoice(QuestionContext q)
    {
        var plan = PlanFor(q);
        if (plan is null)
        {
            return NotUnderstood(q, null, "the question does not say what the options are judged by (whose responsibility, which control category, true or false, which service)");
        }

        var ranked = plan.Scored
            .Select((s, i) => (Scored: s, Index: i))
            .OrderByDescending(x => x.Scored.Score ?? 0.3)
            .ThenBy(x => x.Index)
            .ToList();
        if (plan.Scored.All(s => s.Score is null))
        {
            return NotUnderstood(q, plan.Form, "none of the options could be read: " + string.Join("; ", plan.Scored.Select(s => $"{s.Option.Letter}: {s.Reason}")), plan);
        }

        var take = Math.Min(q.Choose, ranked.Count);
        var chosen = ranked.Take(take).Select(x => x.Scored).ToHashSet();
        var lowest = ranked.Take(take).Min(x => x.Scored.Score ?? 0.3);
        var next = ranked.Skip(take).Select(x => x.Scored.Score ?? 0.3).DefaultIfEmpty(0).Max();
        var notes = new List<string>(plan.Notes);
        var serviceNotes = q.ServiceNotes();
        notes.AddRange(serviceNotes);
        var tentative = serviceNotes.Count > 0 && plan.Form is not (AskForm.ControlChoice or AskForm.Classification or AskForm.LayerChoice or AskForm.ServiceChoice);
        if (chosen.Any(s => s.Score is null))
        {
            tentative = true;
            notes.Add("a chosen option could not be read");
        }

        if (lowest < 0.6)
        {
            tentative = true;
            notes.Add($"the best option{(take > 1 ? "s fit" : " fits")} only partly ({lowest:0.##})");
        }

        if (ranked.Count > take && lowest - next < 0.15)
        {
            tentative = true;
            notes.Add($"options are close: {string.Join(", ", ranked.Skip(take).Where(x => lowest - (x.Scored.Score ?? 0.3) < 0.15).Select(x => x.Scored.Option.Letter))} fit{(take > 1 ? "" : "s")} almost as well");
        }

        var unread = plan.Scored.Where(s => s.Score is null).Select(s => $"option {s.Option.Letter} (\"{s.Option.Text}\"): {s.Reason}").ToList();
        var letters = plan.Scored.Where(chosen.Contains).Select(s => s.Option.Letter).ToList();
        var options = plan.Scored.Select(s => new AskOptionResult(
            s.Option.Letter,
            s.Option.Text,
            s.Reading.Describe(),
            s.Owner,
            s.Score is { } score ? Math.Round(score, 2) : null,
            chosen.Contains(s),
            (chosen.Contains(s) ? "chosen: " : "rejected: ") + s.Reason,
            Cells(s.Views),
            s.Control?.Control,
            s.Control?.Category)).ToList();
        var verdict = string.Concat(letters);
        var explanation = $"Read as {plan.Target}{(plan.Negated ? " (negated: the options that do NOT fit are right)" : "")}; "
            + $"chose {string.Join(", ", letters)} of {plan.Scored.Count} option{(plan.Scored.Count == 1 ? "" : "s")}"
            + (q.Choose > 1 ? $" (choose {q.Choose})" : "") + ".";
        return Build(q, tentative ? AskStatus.Tentative : AskStatus.Answered, verdict, null, letters,
            Understanding(q, plan.Form, plan.Target, plan.Negated), notes.Concat(unread).ToList(),
            Cells(plan.Scored.Where(chosen.Contains).SelectMany(s => s.Views)), options, explanation);
    }

    // Decides the form of a multiple-choice question from its stem and its options, and judges the options.
    private Plan? PlanFor(QuestionContext q)
    {
        var options = q.Options;
        var half = (options.Count + 1) / 2;
        var notes = new List<string>();

        if (options.All(o => IsTruthWord(o.Option.Text)) && options.Count >= 2)
        {
            var statement = TrueFalseStatement(q.Text) ?? q.Text;
            var judgement = _judge.Judge(statement, q.Topic, q.Service);
            var scored = options.Select(o =>
            {
                var saysTrue = o.Option.Text.Trim().TrimEnd('.').ToLowerInvariant() is "true" or "yes" or "correct";
                double? score = judgement.Truth is { } t ? (saysTrue ? t : 1 - t) : null;
                return new Scored(o.Option, o.Reading, score, judgement.Reason, judgement.Views);
            }).ToList();
            return new Plan(AskForm.TrueFalse, "whether the statement is true", false, scored, notes);
        }

        if (IsCompletion(q))
        {
            var scored = options.Select(o =>
            {
                var statement = Fill(q.Text, o.Option.Text);
                var judgement = _judge.Judge(statement, q.Topic, q.Service);
                return new Scored(o.Option, o.Reading, judgement.Truth, $"\"{statement}\": {judgement.Reason}", judgement.Views);
            }).ToList();
            return new Plan(AskForm.Completion, "the option that completes the sentence truthfully", false, scored, notes);
        }

        var categoryTarget = CategoryTarget(q);
        var optionCategories = options.Count(o => o.Reading.Control is not null || (o.Reading.Category is not null && o.Reading.Domains.Count == 0));
        var optionLayers = options.Count(o => o.Reading.Layer is not null && o.Reading.Domains.Count == 0 && o.Reading.Party is null);
        var optionParties = options.Count(o => o.Reading.PartyOnly);
        var optionServices = options.Count(o => o.Reading.IsServiceOnly);
        var optionStatements = options.Count(o => IsStatement(o.Reading));
        var topic = q.Topic;
        var topicNamed = topic.Domains.Count > 0 || topic.Control is not null;

        if (categoryTarget is null && topicNamed && optionCategories >= half && q.Sentence.HasAny(Lexicon.ControlNouns))
        {
            return Classify(q, notes);
        }

        if (optionLayers >= half && topicNamed)
        {
            return Classify(q, notes);
        }

        if (optionParties >= half)
        {
            return PartyChoice(q, notes);
        }

        if (optionServices >= half)
        {
            return ServiceChoice(q, notes);
        }

        if (categoryTarget is not null)
        {
            return ControlChoice(q, categoryTarget, notes);
        }

        if (ShiftOf(q) is { } shift)
        {
            return Shift(q, shift.From, shift.To, shift.ToAws, notes);
        }

        if (q.SentenceReading.Layer is { } layer && !q.AsksTruth(out _))
        {
            return LayerChoice(q, layer, notes);
        }

        var asksTruth = q.AsksTruth(out var truthNegated);
        if (optionStatements >= half && (asksTruth || q.Party is null))
        {
            return StatementChoice(q, truthNegated, notes);
        }

        if (q.Party is { } party)
        {
            return OwnerChoice(q, party, notes);
        }

        if (q.SentenceReading.Layer is { } asked)
        {
            return LayerChoice(q, asked, notes);
        }

        if (asksTruth || optionStatements > 0)
        {
            return StatementChoice(q, truthNegated, notes);
        }

        return null;
    }

    private Plan OwnerChoice(QuestionContext q, Party target, List<string> notes)
    {
        var scored = q.Options.Select(o => ScoreOwner(q, o.Option, o.Reading, target, q.Negated)).ToList();
        var what = target switch
        {
            Party.Aws => "AWS's responsibility",
            Party.Customer => "the customer's responsibility",
            _ => "a responsibility shared by AWS and the customer",
        };
        var where = q.Service is null ? "" : $" on {q.Service.Name}";
        return new Plan(AskForm.OwnerChoice, $"which option{(q.Choose > 1 ? "s are" : " is")} {what}{where}{(q.Universal ? " on every service" : "")}", q.Negated, scored, notes);
    }

    private Scored ScoreOwner(QuestionContext q, AskOption option, Reading reading, Party target, bool negated)
    {
        // The option's own service, else the question's, else a service the option names that is also a responsibility
        // word ("the HSMs behind AWS KMS", "AWS Shield Standard").
        var subject = reading.NamesService ? reading.Service : q.Service ?? reading.Service;
        var possessor = reading.Party is Party.Aws or Party.Customer && !reading.PartyOnly ? reading.Party : null;
        var fits = new List<double>();
        var views = new List<OwnerView>();
        var reasons = new List<string>();
        string? owner = null;
        ControlRef? control = null;
        if (reading.ControlFirst && reading.Control is { } named)
        {
            control = named.Value;
            var categoryOwner = named.Value.Category.Owner;
            fits.Add(Ownership.Fit(categoryOwner, null, target));
            owner = categoryOwner.Display();
            reasons.Add($"{named.Value.Control.Name.ToLowerInvariant()} is one of AWS's {named.Value.Category.Name.ToLowerInvariant()} ({categoryOwner.Display()})");
        }
        else if (reading.Domains.Count > 0)
        {
            foreach (var hit in Ownership.PreferApplicable(reading.Domains, subject))
            {
                if (q.Universal)
                {
                    var (matching, applicable) = _ownership.AcrossServices(hit.Domain, reading.Text, v => Ownership.Fit(v, target));
                    fits.Add(applicable > 0 && matching == applicable ? 1 : 0.5 * matching / Math.Max(1, applicable));
                    views.Add(_ownership.View(null, hit.Domain, reading.Text, possessor, hit.Terms));
                    reasons.Add($"{hit.Domain.Name.ToLowerInvariant()} is {StatementJudge.PartyName(target)}'s on {matching} of {applicable} services where it applies");
                }
                else
                {
                    var view = _ownership.View(subject, hit.Domain, reading.Text, possessor, hit.Terms);
                    views.Add(view);
                    fits.Add(Ownership.Fit(view, target));
                    reasons.Add(view.Describe());
                }
            }

            owner = string.Join("/", views.Select(v => v.Owner == Owner.Shared && v.Side is { } side ? $"Shared ({side.Display()} part)" : v.Owner.Display()).Distinct());
        }
        else if (reading.Layer is { } layer)
        {
            var layerOwner = layer == Layer.OfTheCloud ? Owner.Aws : Owner.Customer;
            fits.Add(Ownership.Fit(layerOwner, null, target));
            owner = layerOwner.Display();
            reasons.Add($"security {layer.Display()} the cloud is {layerOwner.Display()}'s");
        }
        else if (reading.Category is { } category)
        {
            fits.Add(Ownership.Fit(category.Value.Owner, null, target));
            owner = category.Value.Owner.Display();
            reasons.Add($"{category.Value.Name.ToLowerInvariant()} are {category.Value.Owner.Display()}'s");
        }

        if (fits.Count == 0)
        {
            return new Scored(option, reading, null, Unread(reading), []);
        }

        var score = fits.Average();
        return new Scored(option, reading, negated ? 1 - score : score, string.Join("; ", reasons), views, owner, control);
    }

    private Plan LayerChoice(QuestionContext q, Layer target, List<string> notes)
    {
        var scored = q.Options.Select(o =>
        {
            var r = o.Reading;
            double? fit = null;
            string reason;
            if (r.Layer is { } layer)
            {
                fit = layer == target ? 1 : 0;
                reason = $"names security {layer.Display()} the cloud";
            }
            else if (r.Party is Party.Aws or Party.Customer && !r.PartyOnly)
            {
                var layerOf = r.Party == Party.Aws ? Layer.OfTheCloud : Layer.InTheCloud;
                fit = layerOf == target ? 1 : 0;
                reason = $"{StatementJudge.PartyName(r.Party.Value)} acting: security {layerOf.Display()} the cloud";
            }
            else if (r.Domains.Count > 0)
            {
                var hits = Ownership.PreferApplicable(r.Domains, r.NamesService ? r.Service : q.Service).ToList();
                fit = hits.Average(h => h.Domain.Layer == target ? 1.0 : 0.0);
                reason = string.Join("; ", hits.Select(h => $"{h.Domain.Name.ToLowerInvariant()} is security {h.Domain.Layer.Display()} the cloud"));
            }
            else if (r.Control is { } control)
            {
                var owner = control.Value.Category.Owner;
                fit = owner == Owner.Shared ? 0.5 : (owner == Owner.Aws) == (target == Layer.OfTheCloud) ? 1 : 0;
                reason = $"{control.Value.Control.Name.ToLowerInvariant()} is one of AWS's {control.Value.Category.Name.ToLowerInvariant()}";
            }
            else
            {
                return new Scored(o.Option, r, null, Unread(r), []);
            }

            return new Scored(o.Option, r, q.Negated ? 1 - fit : fit, reason, []);
        }).ToList();
        return new Plan(AskForm.LayerChoice, $"which option{(q.Choose > 1 ? "s are" : " is")} security {target.Display().ToUpperInvariant()} the cloud", q.Negated, scored, notes);
    }

    // The control category a question asks about: named ("inherited controls") or implied ("AWS solely", "both").
    private ControlCategory? CategoryTarget(QuestionContext q)
    {
        var sentence = q.CleanSentence;
        if (!sentence.HasAny(Lexicon.ControlNouns))
        {
            return null;
        }

        var stems = sentence.Stems.ToList();
        var categories = _reader.Categories(stems);
        var named = categories.Count > 0 ? categories[0] : null;
        var controlHits = _reader.Controls(stems);
        var controls = controlHits.Count > 0 ? controlHits[0] : null;
        if (named is not null && (controls is null || named.Terms.Count > controls.Terms.Count || !named.Terms.All(controls.Terms.Contains)))
        {
            return named.Value;
        }

        var sole = sentence.HasAny(Lexicon.SoleWords);
        return q.Party switch
        {
            Party.Aws when sole => _catalog.ControlCategories.FirstOrDefault(c => c.Owner == Owner.Aws),
            Party.Customer when sole => _catalog.ControlCategories.FirstOrDefault(c => c.Owner == Owner.Customer),
            Party.Both => _catalog.ControlCategories.FirstOrDefault(c => c.Owner == Owner.Shared),
            _ => null,
        };
    }

    private Plan ControlChoice(QuestionContext q, ControlCategory target, List<string> notes)
    {
        var scored = q.Options.Select(o =>
        {
            var r = o.Reading;
            ControlCategory? category;
            ControlRef? control = null;
            string reason;
            double certainty = 1;
            if (r.Control is { } named && (r.Domains.Count == 0 || named.Terms.Count >= r.Domains[0].Terms.Count))
            {
                control = named.Value;
                category = named.Value.Category;
                reason = $"{named.Value.Control.Name.ToLowerInvariant()} is one of AWS's {category.Name.ToLowerInvariant()}";
            }
            else if (r.Category is { } cat && r.Domains.Count == 0)
            {
                category = cat.Value;
                reason = $"names {category.Name.ToLowerInvariant()}";
            }
            else if (r.Domain is { } hit)
            {
                control = _ownership.ControlOf(hit.Domain);
                category = control?.Category ?? _ownership.CategoryOf(hit.Domain);
                certainty = 0.9;
                reason = control is not null
                    ? $"{hit.Domain.Name.ToLowerInvariant()} falls under {control.Control.Name.ToLowerInvariant()} ({control.Category.Name.ToLowerInvariant()})"
                    : $"{hit.Domain.Name.ToLowerInvariant()} is {hit.Domain.DefaultOwner.Display()}'s: {category?.Name.ToLowerInvariant()}";
            }
            else
            {
                return new Scored(o.Option, r, null, Unread(r), []);
            }

            double fit = category?.Id == target.Id ? certainty : 0;
            return new Scored(o.Option, r, q.Negated ? 1 - fit : fit, reason, [], category?.Owner.Display(), control);
        }).ToList();
        return new Plan(AskForm.ControlChoice, $"which option{(q.Choose > 1 ? "s are" : " is")} among AWS's {target.Name.ToLowerInvariant()}", q.Negated, scored, notes);
    }

    // "Patch management is which type of control?", "X is part of: security of / in the cloud".
    private Plan Classify(QuestionContext q, List<string> notes)
    {
        var topic = q.Topic;
        var topicControl = topic.Control?.Value ?? _reader.ControlByDescription(q.Whole.Text.Stems) ?? (topic.Domain is { } d ? _ownership.ControlOf(d.Domain) : null);
        var topicCategory = topicControl?.Category ?? (topic.Domain is { } dd ? _ownership.CategoryOf(dd.Domain) : topic.Category?.Value);
        var topicLayer = topic.Layer ?? topic.Domain?.Domain.Layer;
        var scored = q.Options.Select(o =>
        {
            var r = o.Reading;
            double? fit = null;
            var reason = Unread(r);
            if (r.Control is { } control && topicControl is not null)
            {
                fit = ReferenceEquals(control.Value.Control, topicControl.Control) ? 1 : ReferenceEquals(control.Value.Category, topicCategory) ? 0.3 : 0;
                reason = $"{control.Value.Control.Name.ToLowerInvariant()} ({control.Value.Category.Name.ToLowerInvariant()})";
            }
            else if (r.Category is { } category && topicCategory is not null)
            {
                fit = ReferenceEquals(category.Value, topicCategory) ? 1 : 0;
                reason = category.Value.Name.ToLowerInvariant();
            }
            else if (r.Layer is { } layer && topicLayer is not null)
            {
                fit = layer == topicLayer ? 1 : 0;
                reason = $"security {layer.Display()} the cloud";
            }
            else if (r.Party is { } party && r.Text.HasAny(Lexicon.ControlNouns) && topicCategory is not null)
            {
                fit = Ownership.Fit(topicCategory.Owner, null, party) > 0.9 ? 1 : 0;
                reason = $"controls of {StatementJudge.PartyName(party)}";
            }

            return new Scored(o.Option, r, fit is { } f && q.Negated ? 1 - f : fit, reason, []);
        }).ToList();
        var what = topicControl?.Control.Name ?? topic.Domain?.Domain.Name ?? topic.Category?.Value.Name ?? "the topic";
        var answer = topicLayer is not null && q.Options.Any(o => o.Reading.Layer is not null)
            ? $"security {topicLayer.Value.Display()} the cloud"
            : topicCategory?.Name.ToLowerInvariant() ?? "unknown";
        return new Plan(AskForm.Classification, $"what {what.ToLowerInvariant()} is ({answer})", q.Negated, scored, notes);
    }

    private Plan PartyChoice(QuestionContext q, List<string> notes)
    {
        var topic = q.Topic;
        Owner? owner = null;
        Owner? side = null;
        var views = new List<OwnerView>();
        if (topic.Domains.Count > 0 && !topic.ControlFirst)
        {
            views.AddRange(Ownership.PreferApplicable(topic.Domains, q.Service).Select(h => _ownership.View(q.Service, h.Domain, q.Stem, null, h.Terms)));
            owner = views[0].Owner;
            side = views[0].Side;
        }
        else if (topic.Control is { } control)
        {
            owner = control.Value.Category.Owner;
        }
        else if (topic.Layer is { } layer)
        {
            owner = layer == Layer.OfTheCloud ? Owner.Aws : Owner.Customer;
        }

        var scored = q.Options.Select(o =>
        {
            if (!o.Reading.PartyOnly || owner is null)
            {
                return new Scored(o.Option, o.Reading, o.Reading.PartyOnly ? null : 0, o.Reading.PartyOnly ? "the question's subject was not recognised" : "not a party to the model", []);
            }

            var fit = Ownership.Fit(owner.Value, side, o.Reading.Party!.Value);
            return new Scored(o.Option, o.Reading, q.Negated ? 1 - fit : fit, $"{StatementJudge.PartyName(o.Reading.Party.Value)}; the owner is {owner.Value.Display()}", views);
        }).ToList();
        return new Plan(AskForm.PartyChoice, $"who owns {TopicName(topic)} ({owner?.Display() ?? "not recognised"})", q.Negated, scored, notes);
    }

    // "Which service takes over OS patching?", "…gives the customer the most control?": conditions from the stem's clauses.
    private Plan ServiceChoice(QuestionContext q, List<string> notes)
    {
        var conditions = new List<(Domain Domain, Party Party, Utterance Words)>();
        IReadOnlyList<ServiceModel> model = [];
        Party? direction = null;
        foreach (var clause in StatementJudge.Clauses(QuestionContext.WithoutBoilerplate(q.Stem).Joined))
        {
            var words = Utterance.Parse(clause);
            var reading = _reader.Read(words);
            model = model.Count > 0 ? model : reading.Models;
            var party = DesiredParty(words, reading);
            var domains = reading.Domains.Select(h => h.Domain).ToList();

            // A scenario clause ("a company needs to run a database") says nothing about direction; a clause with a
            // responsibility or with words such as "least", "most control", "without" does.
            if (domains.Count > 0 || reading.Control is not null || words.HasAnyStem(Lexicon.OffloadWords) || words.HasAnyStem(Lexicon.ControlWords))
            {
                direction ??= party;
            }

            if (domains.Count == 0 && reading.Control is { } control)
            {
                domains = [.. control.Value.Control.DomainIds.Select(_catalog.Domain).Where(d => d.Invariant == DomainInvariant.None)];
            }

            foreach (var domain in domains)
            {
                // What a customer can manage of "servers" or "hosts" is their operating system; "run code without managing
                // servers" does not ask AWS to own the code (a never-AWS domain cannot be a condition for AWS).
                var effective = domain.Layer == Layer.OfTheCloud ? _catalog.FindDomain("guest_os") ?? domain : domain;
                if (party == Party.Aws && effective.Invariant == DomainInvariant.NeverAws)
                {
                    continue;
                }

                if (party is { } p && !conditions.Any(c => c.Domain == effective))
                {
                    conditions.Add((effective, p, words));
                }
            }
        }

        var sentence = q.Sentence;
        var superlative = sentence.Has("most") || sentence.Has("least") || sentence.Has("fewest") || sentence.Has("maximum")
            || sentence.Has("minimum") || sentence.Contains("as much") || sentence.Has("greatest") || sentence.Has("more") || sentence.Has("less");
        direction ??= DesiredParty(sentence, q.SentenceReading) ?? Party.Aws;
        var candidates = q.Options.Select(o => o.Reading.Service).Where(s => s is not null).Select(s => s!).ToList();
        var loads = candidates.Select(_ownership.CustomerLoad).DefaultIfEmpty(0).ToList();
        var (low, high) = (loads.Min(), loads.Max());
        var scored = q.Options.Select(o =>
        {
            var service = o.Reading.Service;
            if (service is null)
            {
                return new Scored(o.Option, o.Reading, null, Unread(o.Reading), []);
            }

            var views = new List<OwnerView>();
            var reasons = new List<string>();
            var fits = new List<double>();
            foreach (var (domain, party, words) in conditions)
            {
                var view = _ownership.View(service, domain, words);
                views.Add(view);
                fits.Add(Ownership.Fit(view, party));
                reasons.Add(view.Describe());
            }

            if (model.Count > 0)
            {
                fits.Add(model.Any(m => m.Id == service.ModelId) ? 1 : 0);
                reasons.Add($"{_catalog.Model(service.ModelId).Name.ToLowerInvariant()} model");
            }

            var load = _ownership.CustomerLoad(service);
            var spread = high - low;
            var loadFit = spread <= 0 ? 0.5 : direction == Party.Customer ? (load - low) / spread : (high - load) / spread;
            reasons.Add($"customer carries {load.ToString("0.#", CultureInfo.InvariantCulture)} domains");
            double score = fits.Count == 0 ? loadFit : superlative ? (0.8 * fits.Average()) + (0.2 * loadFit) : (0.95 * fits.Average()) + (0.05 * loadFit);
            // Negation was applied clause by clause (DesiredParty), where "does not require the customer to" is read.
            return new Scored(o.Option, o.Reading, score, string.Join("; ", reasons), views, string.Join("/", views.Select(v => v.Owner.Display()).Distinct()));
        }).ToList();
        var target = conditions.Count == 0 && model.Count > 0
            ? $"which service is in the {string.Join(" or ", model.Select(m => m.Name.ToLowerInvariant()))} model"
            : conditions.Count == 0
            ? $"which service leaves the {(direction == Party.Customer ? "most" : "least")} to the customer"
            : "which service has " + string.Join(" and ", conditions.Select(c => $"{c.Domain.Name.ToLowerInvariant()} owned by {StatementJudge.PartyName(c.Party)}"))
              + (model.Count == 0 ? "" : $", {string.Join(" or ", model.Select(m => m.Name.ToLowerInvariant()))} model");
        if (conditions.Count == 0 && model.Count == 0)
        {
            notes.Add("no responsibility named: services compared by how many domains the customer carries");
        }

        return new Plan(AskForm.ServiceChoice, target, false, scored, notes);
    }

    // Who should own what a clause names: "without managing", "avoid patching", "AWS takes over" → AWS; "requires the customer to", "full control" → the customer.
    private static Party? DesiredParty(Utterance words, Reading reading)
    {
        var party = DesiredPartyAsWritten(words, reading, out var negationUsed);
        return party is { } p && !negationUsed && QuestionContext.IsNegated(words)
            ? p switch { Party.Aws => Party.Customer, Party.Customer => Party.Aws, _ => p }
            : party;
    }

    private static Party? DesiredPartyAsWritten(Utterance words, Reading reading, out bool negationUsed)
    {
        var negativeNeed = words.Contains("no longer") || words.Contains("not have to") || words.Contains("not need to") || words.Contains("no need") || words.Contains("not having to")
            || words.Contains("not require") || words.Contains("not need") || words.Contains("don t have to") || words.Contains("doesn t have to");
        var offload = words.HasAnyStem(Lexicon.OffloadWords) || words.Contains("no longer") || words.Contains("removes the need") || words.Contains("off the")
            || words.Contains("take over") || words.Contains("takes over") || words.Contains("taking over")
            || (negativeNeed && !words.Contains("not require"));
        negationUsed = negativeNeed && !words.Contains("not require");
        var party = reading.Party;
        if (words.Has("managed") && words.Has("by") && words.Find("by aws") >= 0)
        {
            return Party.Aws;
        }

        // "wants AWS to manage", "lets AWS patch": AWS named as a party is the one that should carry it.
        var requiresCustomer = words.Contains("requires the customer") || words.Contains("require the customer") || words.Contains("customer must") || words.Contains("customer is responsible");
        if (party == Party.Customer && !requiresCustomer && AwsAsParty(words))
        {
            return Party.Aws;
        }

        return party switch
        {
            Party.Aws => Party.Aws,
            Party.Customer => offload && !words.Has("most") && !words.Has("more") ? Party.Aws : Party.Customer,
            _ => offload ? Party.Aws : words.HasAnyStem(Lexicon.ControlWords) ? Party.Customer : null,
        };
    }

    private static bool AwsAsParty(Utterance words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i].Lower is "aws" or "amazon" && (i + 1 >= words.Count || words[i + 1].Lower is "to" or "manage" or "manages" or "handle" or "handles" or "patch" or "patches" or "take" or "takes" or "do" or "does" or "run" or "runs" or "operate" or "operates"))
            {
                return true;
            }
        }

        return false;
    }

    private static (Subject From, Subject To, bool ToAws)? ShiftOf(QuestionContext q)
    {
        var services = q.Whole.Mentions.Where(m => m.Subject is not null && !m.IsDomainWord).Select(m => m.Subject!).Distinct().ToList();
        if (services.Count < 2 || !q.Stem.HasAny(Lexicon.MoveWords) && !q.Stem.Contains("take over") && !q.Stem.Contains("instead of"))
        {
            return null;
        }

        var from = services[0];
        var to = services[1];
        var instead = q.Stem.Find("instead of");
        if (instead < 0)
        {
            instead = q.Stem.Find("rather than");
        }

        if (instead >= 0)
        {
            var after = q.Whole.Mentions.FirstOrDefault(m => m.Subject is not null && !m.IsDomainWord && MentionIndex(q, m) > instead)?.Subject;
            if (after is not null)
            {
                from = after;
                to = services.First(s => s != after);
            }
        }

        var toCustomer = q.Sentence.Contains("to the customer") || q.Sentence.Contains("to customers") || q.Sentence.Contains("customer take") || q.Sentence.Contains("customer takes");
        return (from, to, !toCustomer);
    }

    // The index of a mention of the whole-stem reading within the stem (the reading was made without framing words).
    private static int MentionIndex(QuestionContext q, Mention mention)
    {
        var words = q.Whole.Text;
        var first = words[mention.Start].Lower;
        var seen = words.Tokens.Take(mention.Start).Count(t => t.Lower == first);
        for (var i = 0; i < q.Stem.Count; i++)
        {
            if (q.Stem[i].Lower == first && seen-- == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private Plan Shift(QuestionContext q, Subject from, Subject to, bool toAws, List<string> notes)
    {
        var scored = q.Options.Select(o =>
        {
            var r = o.Reading;
            if (r.Domains.Count == 0)
            {
                return new Scored(o.Option, r, null, Unread(r), []);
            }

            var views = new List<OwnerView>();
            var fits = new List<double>();
            var reasons = new List<string>();
            foreach (var hit in Ownership.PreferApplicable(r.Domains, to))
            {
                var before = _ownership.View(from, hit.Domain, r.Text, null, hit.Terms);
                var after = _ownership.View(to, hit.Domain, r.Text, null, hit.Terms);
                views.Add(after);
                var (wb, wa) = (Weight(before), Weight(after));
                var moved = wb is not null && wa is not null && (toAws ? wa < wb - 0.2 : wa > wb + 0.2);
                fits.Add(moved ? 1 : 0);
                reasons.Add($"{hit.Domain.Name.ToLowerInvariant()}: {Short(before)} on {from.Name} → {Short(after)} on {to.Name}");
            }

            var score = fits.Average();
            return new Scored(o.Option, r, q.Negated ? 1 - score : score, string.Join("; ", reasons), views);
        }).ToList();
        return new Plan(AskForm.Shift, $"what moves to {(toAws ? "AWS" : "the customer")} from {from.Name} to {to.Name}", q.Negated, scored, notes);

        static double? Weight(OwnerView v) => v.Owner switch
        {
            Owner.NotApplicable => null,
            Owner.Shared => v.Side switch { Owner.Aws => 0.25, Owner.Customer => 0.75, _ => 0.5 },
            var o => o.CustomerWeight(),
        };
        static string Short(OwnerView v) => v.Owner == Owner.Shared && v.Side is { } s ? $"Shared ({s.Display()} part)" : v.Owner.Display();
    }

    private Plan StatementChoice(QuestionContext q, bool negated, List<string> notes)
    {
        var scored = q.Options.Select(o =>
        {
            var judgement = _judge.Judge(o.Option.Text, q.Topic, q.Service);
            double? score = judgement.Truth is { } t ? (negated ? 1 - t : t) : null;
            return new Scored(o.Option, o.Reading, score, judgement.Reason, judgement.Views);
        }).ToList();
        return new Plan(AskForm.StatementChoice, negated ? "which statement is false" : "which statement is true", negated, scored, notes);
    }

    private static bool IsStatement(Reading reading) =>
        (reading.Party is not null && !reading.PartyOnly) || reading.Text.HasAny(Lexicon.VaryWords) || reading.Text.HasAny(Lexicon.SameWords)
        || (reading.Text.Has("is") && (reading.Category is not null || reading.Layer is not null));

    private static bool IsTruthWord(string text) => text.Trim().TrimEnd('.').ToLowerInvariant() is "true" or "false" or "yes" or "no" or "correct" or "incorrect";

    private static string? TrueFalseStatement(string text)
    {
        var match = TrueFalsePrefix().Match(text);
        if (match.Success)
        {
            return text[match.Length..].Trim();
        }

        var suffix = TrueFalseSuffix().Match(text);
        return suffix.Success ? text[..suffix.Index].Trim() : null;
    }

    [GeneratedRegex(@"^\s*(?:true\s+or\s+false|true\s*/\s*false|t\s*/\s*f)\s*[:?.\-–—)]*\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TrueFalsePrefix();

    [GeneratedRegex(@"[\s(\-–—:,]*(?:true\s+or\s+false|true\s*/\s*false)\s*[)?.]*\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TrueFalseSuffix();

    // "AWS is responsible for security ___ the cloud." or "Patching the guest OS is part of:" (no "which", no "EXCEPT").
    private static bool IsCompletion(QuestionContext q)
    {
        if (q.Stem.Tokens.Any(t => t.IsBlank))
        {
            return true;
        }

        var trimmed = q.Text.TrimEnd();
        return (trimmed.EndsWith(':') || trimmed.EndsWith("...", StringComparison.Ordinal) || trimmed.EndsWith('…'))
            && !q.Sentence.Has("which") && !q.Sentence.Has("what") && !q.Sentence.Has("following") && !q.Sentence.Has("except")
            && !q.Sentence.Has("who") && !q.Sentence.Has("these");
    }

    // Puts an option into the blanks of a stem ("of, AWS" fills two blanks in order), or after a trailing colon.
    private static string Fill(string stem, string option)
    {
        var blanks = Blank().Matches(stem);
        if (blanks.Count == 0)
        {
            return stem.TrimEnd().TrimEnd(':', '.', '…').TrimEnd() + " " + option.Trim();
        }

        var parts = blanks.Count > 1 ? option.Split(',', StringSplitOptions.TrimEntries) : [option.Trim()];
        var index = 0;
        return Blank().Replace(stem, _ => index < parts.Length ? parts[index++] : parts[^1]);
    }

    [GeneratedRegex(@"_{2,}")]
    private static partial Regex Blank();

    private string Unread(Reading reading)
    {
        if (!reading.IsEmpty)
        {
            return $"read as {reading.Describe()}, which says nothing about what the question asks";
        }

        var suggestions = _reader.Suggestions(reading.Text);
        return "nothing in it matches the catalog's vocabulary"
            + (reading.Unknown.Count > 0 ? $" (unknown words: {string.Join(", ", reading.Unknown.Take(6))})" : "")
            + (suggestions.Count > 0 ? $"; did you mean: {string.Join(", ", suggestions.Select(s => $"'{s}'"))}?" : "");
    }

    private static string TopicName(Reading topic) =>
        topic.Domain?.Domain.Name.ToLowerInvariant() ?? topic.Control?.Value.Control.Name.ToLowerInvariant()
        ?? (topic.Layer is { } l ? $"security {l.Display()} the cloud" : "the subject");

    // "The customer is responsible for encryption at rest on Amazon S3."
    private static string OwnerSentence(OwnerView view)
    {
        var what = view.Domain.Name.ToLowerInvariant() + (view.Subject is null ? " (no service named: the general rule)" : $" on {view.Subject.Name}");
        return view.Owner switch
        {
            Owner.Aws => $"AWS is responsible for {what}.",
            Owner.Customer => $"The customer is responsible for {what}.",
            Owner.Shared when view.Side == Owner.Aws => $"AWS and the customer share {what}; the question is about AWS's part.",
            Owner.Shared when view.Side == Owner.Customer => $"AWS and the customer share {what}; the question is about the customer's part.",
            Owner.Shared => $"AWS and the customer share {what}: each does a part.",
            _ => $"{Capitalise(what)} does not apply.",
        };
    }

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static AskStatus Status(double confidence) => confidence >= 0.75 ? AskStatus.Answered : AskStatus.Tentative;

    private static IReadOnlyList<AskCell> Cells(IEnumerable<OwnerView> views) =>
        [.. views.DistinctBy(v => (v.Subject?.Id, v.Domain.Id)).Select(v => new AskCell(v.Subject, v.Domain, v.Owner, v.Side, v.Parts.Aws, v.Parts.Customer, v.Note, v.Sources))];

    private static AskUnderstanding Understanding(QuestionContext q, AskForm? form, string? target, bool negated, IEnumerable<Domain>? domains = null, ControlRef? control = null, Layer? layer = null)
    {
        var topic = q.Topic;
        var domainList = (domains ?? topic.Domains.Select(d => d.Domain)).Distinct().ToList();
        var parts = new List<string>();
        if (form is not null)
        {
            parts.Add($"form: {FormName(form.Value)}");
        }

        if (target is not null)
        {
            parts.Add($"asks: {target}");
        }

        if (negated)
        {
            parts.Add("negated");
        }

        if (q.Choose > 1)
        {
            parts.Add($"choose {q.Choose}");
        }

        if (q.Service is not null)
        {
            parts.Add($"service: {q.Service.Name} ({q.Service.Id})");
        }

        if (domainList.Count > 0)
        {
            parts.Add("domain: " + string.Join(", ", domainList.Select(d => $"{d.Name} ({d.Id})")));
        }

        var controlRef = control ?? topic.Control?.Value;
        if (controlRef is not null)
        {
            parts.Add($"control: {controlRef.Control.Name} ({controlRef.Category.Name.ToLowerInvariant()})");
        }

        return new AskUnderstanding(form, target, negated, q.Choose, q.Service, domainList, controlRef?.Control, controlRef?.Category ?? topic.Category?.Value,
            layer ?? topic.Layer, string.Join("; ", parts));
    }

    internal static string FormName(AskForm form) => form switch
    {
        AskForm.Who => "who is responsible",
        AskForm.OwnerChoice => "whose responsibility",
        AskForm.LayerChoice => "security of / in the cloud",
        AskForm.ControlChoice => "control category",
        AskForm.Classification => "classify the subject",
        AskForm.StatementChoice => "true or false statements",
        AskForm.TrueFalse => "true or false",
        AskForm.Completion => "complete the sentence",
        AskForm.ServiceChoice => "which service",
        AskForm.Shift => "what moves between services",
        AskForm.PartyChoice => "which party",
        _ => form.ToString(),
    };

    private AskAnswer NotUnderstood(QuestionContext q, AskForm? form, string why, Plan? plan = null)
    {
        var missing = new List<string> { why };
        var unknown = q.Whole.Unknown.Where(w => w.Length > 2).Take(8).ToList();
        if (unknown.Count > 0)
        {
            missing.Add("words not in the catalog's vocabulary: " + string.Join(", ", unknown));
        }

        var options = plan?.Scored.Select(s => new AskOptionResult(s.Option.Letter, s.Option.Text, s.Reading.Describe(), s.Owner, s.Score, false, s.Reason, Cells(s.Views), s.Control?.Control, s.Control?.Category)).ToList()
            ?? [.. q.Options.Select(o => new AskOptionResult(o.Option.Letter, o.Option.Text, o.Reading.Describe(), null, null, false, "not judged", [], null, null))];
        return Build(q, AskStatus.NotUnderstood, null, null, [], Understanding(q, form, plan?.Target, plan?.Negated ?? q.Negated), missing, [], options,
            "Not understood well enough to answer. Understood: " + (q.Whole.IsEmpty ? "nothing" : q.Whole.Describe()) + ".");
    }

    private AskAnswer Build(QuestionContext q, AskStatus status, string? verdict, Owner? owner, IReadOnlyList<string> letters, AskUnderstanding understood,
        IReadOnlyList<string> notes, IReadOnlyList<AskCell> cells, IReadOnlyList<AskOptionResult> options, string explanation)
    {
        var sources = cells.SelectMany(c => c.Sources)
            .Concat(understood.Control is not null || understood.Category is not null ? SrmSource() : [])
            .DistinctBy(s => s.Id)
            .ToList();
        return new AskAnswer(q.Question, status, verdict, owner, letters, understood, notes, cells, options, sources, explanation);
    }

    private IEnumerable<Source> SrmSource() => _catalog.Sources.TryGetValue("aws-srm", out var srm) ? [srm] : [];
}
