using Demarc.Model;
using Demarc.Parsing;
using Demarc.Scanning.Evaluation;

namespace Demarc.Scanning.Checks;

/// <summary>What a check's logic sees: the template (to follow references), the resource, and today's date.</summary>
/// <param name="Today">The date checks that depend on time (runtime end of life) compare with; from a <see cref="TimeProvider"/>.</param>
public sealed record CheckContext(EvaluatedTemplate Template, EvaluatedResource Resource, DateOnly Today);

/// <summary>A check's answer for one resource, before it is dressed as a <see cref="CheckResult"/>.</summary>
public readonly record struct Verdict
{
    private readonly DeferredText _detail;

    /// <summary>A verdict with its words.</summary>
    public Verdict(CheckOutcome outcome, string detail, TextPosition position)
        : this(outcome, new DeferredText(detail), position)
    {
    }

    /// <summary>A verdict whose words are written only if somebody reads them.</summary>
    public Verdict(CheckOutcome outcome, Func<string> describe, TextPosition position)
        : this(outcome, new DeferredText(describe), position)
    {
    }

    private Verdict(CheckOutcome outcome, DeferredText detail, TextPosition position)
    {
        Outcome = outcome;
        _detail = detail;
        Position = position;
    }

    /// <summary>Pass, fail, unknown, not applicable or AWS's default.</summary>
    public CheckOutcome Outcome { get; init; }

    /// <summary>What decided it (<c>`StorageEncrypted` is `false`</c>, the reason a value is unknown).</summary>
    public string Detail => _detail.Value;

    /// <summary>The value that decided it.</summary>
    public TextPosition Position { get; init; }

    /// <summary>The verdict of a rule's evidence: true passes, false fails, unknown is unknown.</summary>
    public static Verdict From(Evidence evidence) => new(
        evidence.Truth.State switch
        {
            TruthState.True => CheckOutcome.Pass,
            TruthState.False => CheckOutcome.Fail,
            _ => CheckOutcome.Unknown,
        },
        evidence.DeferredDetail,
        evidence.Position);

    /// <summary>The same verdict with its words rewritten (when they are read).</summary>
    public Verdict WithDetail(Func<string, string> rewrite)
    {
        var original = this;
        return new Verdict(Outcome, () => rewrite(original.Detail), Position);
    }
}

/// <summary>The logic of a check: declarative (<see cref="DeclarativeLogic"/>) or one of the code checks (<see cref="CodeChecks"/>).</summary>
public interface ICheckLogic
{
    /// <summary>Evaluates one resource of a type the check reads. Must not throw for any template.</summary>
    Verdict Evaluate(CheckContext context);
}

/// <summary>
/// A simple check written as data: optional applicability (<c>when</c>), optional AWS default (<c>default.when</c>),
/// and the rule (one for every type, or one per type).
/// </summary>
public sealed class DeclarativeLogic(Rule? when, Rule? defaultWhen, IReadOnlyDictionary<string, Rule> rules) : ICheckLogic
{
    /// <summary>Applicability: a resource for which it is false is not applicable.</summary>
    public Rule? When { get; } = when;

    /// <summary>When it holds, AWS's default covers the control.</summary>
    public Rule? DefaultWhen { get; } = defaultWhen;

    /// <summary>The rule by resource type; the key <c>*</c> serves every type.</summary>
    public IReadOnlyDictionary<string, Rule> Rules { get; } = rules;

    /// <inheritdoc />
    public Verdict Evaluate(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var properties = context.Resource.Properties;
        if (When is not null)
        {
            var applies = When.Evaluate(properties);
            if (applies.Truth.IsFalse)
            {
                return new Verdict(CheckOutcome.NotApplicable, applies.Detail, applies.Position);
            }

            if (applies.Truth.IsUnknown)
            {
                return new Verdict(CheckOutcome.Unknown, "whether the check applies: " + applies.Detail, applies.Position);
            }
        }

        if (!Rules.TryGetValue(context.Resource.Type, out var rule) && !Rules.TryGetValue("*", out rule))
        {
            return new Verdict(CheckOutcome.NotApplicable, $"no rule for {context.Resource.Type}", default);
        }

        var evidence = rule.Evaluate(properties);
        if (DefaultWhen is not null && !evidence.Truth.IsTrue)
        {
            var byDefault = DefaultWhen.Evaluate(properties);
            if (byDefault.Truth.IsTrue)
            {
                return new Verdict(CheckOutcome.AwsDefault, byDefault.Detail, byDefault.Position);
            }

            if (byDefault.Truth.IsUnknown && evidence.Truth.IsFalse)
            {
                return new Verdict(CheckOutcome.Unknown, "whether AWS's default applies: " + byDefault.Detail, byDefault.Position);
            }
        }

        return Verdict.From(evidence);
    }
}

/// <summary>One check: its definition and its logic.</summary>
public sealed class Check(CheckDefinition definition, ICheckLogic logic)
{
    /// <summary>Id, title, service, domain, severity, texts.</summary>
    public CheckDefinition Definition { get; } = definition;

    /// <summary>How it decides.</summary>
    public ICheckLogic Logic { get; } = logic;

    /// <summary>Runs the check on a resource; a resource of another type, or one that is not created, is not applicable.</summary>
    public CheckResult Run(EvaluatedTemplate template, EvaluatedResource resource, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(resource);
        if (!Definition.ResourceTypes.Contains(resource.Type))
        {
            return Result(resource, CheckOutcome.NotApplicable, $"not a {string.Join(" or ", Definition.ResourceTypes)}", resource.Location);
        }

        if (resource.Exists.IsFalse)
        {
            return Result(resource, CheckOutcome.NotApplicable, $"not created: its condition `{resource.Declaration.Condition}` is false", resource.Location);
        }

        Verdict verdict;
        try
        {
            verdict = Logic.Evaluate(new CheckContext(template, resource, today));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException or InvalidCastException)
        {
            verdict = new Verdict(CheckOutcome.Unknown, $"the check could not read this resource ({ex.Message})", resource.Declaration.Position);
        }

        string Message()
        {
            var message = verdict.Outcome switch
            {
                CheckOutcome.Fail => $"{Definition.Message}: {verdict.Detail}",
                CheckOutcome.Unknown => $"cannot tell before deployment: {verdict.Detail}",
                CheckOutcome.AwsDefault => Definition.Default is { } d ? $"{d.Covers} You may still choose {d.CustomerMayChoose}." : verdict.Detail,
                _ => verdict.Detail,
            };
            return resource.Exists.IsUnknown && verdict.Outcome is CheckOutcome.Fail
                ? message + $" (if the resource is created: {resource.Exists.Reason})"
                : message;
        }

        // A result that is kept gets its words now: the assessment keeps results, not the template's values, which must
        // be free to go once a file's checks have run. A not-applicable result (dropped) writes them only if read.
        var location = resource.Locate(verdict.Position);
        return verdict.Outcome == CheckOutcome.NotApplicable
            ? new CheckResult(Definition, resource.File, resource.LogicalId, resource.Type, verdict.Outcome, Message, location)
            : new CheckResult(Definition, resource.File, resource.LogicalId, resource.Type, verdict.Outcome, Message(), location);
    }

    private CheckResult Result(EvaluatedResource resource, CheckOutcome outcome, string message, SourceLocation location) =>
        new(Definition, resource.File, resource.LogicalId, resource.Type, outcome, message, location);

    /// <inheritdoc />
    public override string ToString() => Definition.Id;
}

/// <summary>The result of one check on one resource.</summary>
/// <param name="Location">Where the deciding value is written (file:line:column).</param>
public sealed record CheckResult(
    CheckDefinition Check,
    string File,
    string LogicalId,
    string ResourceType,
    CheckOutcome Outcome,
    string Message,
    SourceLocation Location)
{
    private Func<string>? _writeMessage;

    /// <summary>A result whose message is written when first read: most results pass and their words are never shown.</summary>
    public CheckResult(CheckDefinition check, string file, string logicalId, string resourceType, CheckOutcome outcome, Func<string> message, SourceLocation location)
        : this(check, file, logicalId, resourceType, outcome, "", location) => _writeMessage = message;

    /// <summary>What decided the outcome, in words.</summary>
    public string Message
    {
        get
        {
            // Written once; two threads racing here write the same words. The volatile pair publishes the text
            // before the writer is cleared.
            var write = Volatile.Read(ref _writeMessage);
            if (write is null)
            {
                return field;
            }

            var text = write();
            field = text;
            Volatile.Write(ref _writeMessage, null);
            return text;
        }

        init;
    } = Message;

    /// <inheritdoc />
    public bool Equals(CheckResult? other) =>
        other is not null
        && ReferenceEquals(Check, other.Check) && File == other.File && LogicalId == other.LogicalId && ResourceType == other.ResourceType
        && Outcome == other.Outcome && Message == other.Message && Location == other.Location;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Check.Id, File, LogicalId, ResourceType, Outcome, Location);
}
