using Demarc.Parsing;
using Demarc.Scanning.Evaluation;

namespace Demarc.Scanning.Checks;

/// <summary>A policy document found in a resource, with the property path it was found at.</summary>
public sealed record PolicyDocument(string Path, Value Document)
{
    /// <summary>The statements (a single statement map counts as one).</summary>
    public IReadOnlyList<Value> Statements => Document.Get("Statement").Items();
}

/// <summary>Finds IAM policy documents in resources and asks the questions checks need of their statements.</summary>
public static class PolicyDocuments
{
    /// <summary>The permission policy documents a resource carries (inline policies, managed policy documents, SAM inline statements).</summary>
    public static IReadOnlyList<PolicyDocument> Permissions(EvaluatedResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var documents = new List<PolicyDocument>();
        switch (resource.Type)
        {
            case "AWS::IAM::Policy" or "AWS::IAM::ManagedPolicy" or "AWS::IAM::RolePolicy" or "AWS::IAM::UserPolicy" or "AWS::IAM::GroupPolicy":
                Add(documents, "PolicyDocument", resource.Property("PolicyDocument"));
                break;
            case "AWS::IAM::Role" or "AWS::IAM::User" or "AWS::IAM::Group":
                var policies = resource.Items("Policies");
                for (var i = 0; i < policies.Count; i++)
                {
                    Add(documents, $"Policies.{i}.PolicyDocument", policies[i].Get("PolicyDocument"));
                }

                break;
            case "AWS::Serverless::Function" or "AWS::Serverless::StateMachine":
                var samPolicies = resource.Items("Policies");
                for (var i = 0; i < samPolicies.Count; i++)
                {
                    if (samPolicies[i].Get("Statement").IsPresent().IsTrue)
                    {
                        Add(documents, $"Policies.{i}", samPolicies[i]);
                    }
                }

                break;
        }

        return documents;

        static void Add(List<PolicyDocument> into, string path, Value document)
        {
            if (!document.IsAbsent)
            {
                into.Add(new PolicyDocument(path, document));
            }
        }
    }

    /// <summary>The resource policy of a resource (bucket, queue, topic policies, KMS key policies, role trust policies).</summary>
    public static PolicyDocument? ResourcePolicy(EvaluatedResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var path = resource.Type switch
        {
            "AWS::KMS::Key" or "AWS::KMS::ReplicaKey" => "KeyPolicy",
            "AWS::IAM::Role" => "AssumeRolePolicyDocument",
            "AWS::S3::BucketPolicy" or "AWS::SQS::QueuePolicy" or "AWS::SNS::TopicPolicy" or "AWS::SQS::QueueInlinePolicy" or "AWS::SNS::TopicInlinePolicy"
                or "AWS::SecretsManager::ResourcePolicy" => resource.Type == "AWS::SecretsManager::ResourcePolicy" ? "ResourcePolicy" : "PolicyDocument",
            _ => null,
        };
        if (path is null)
        {
            return null;
        }

        var document = resource.Property(path);
        return document.IsAbsent ? null : new PolicyDocument(path, document);
    }

    /// <summary>
    /// The value is exactly <c>*</c>. A text built with <c>Fn::Sub</c> or <c>Fn::Join</c> is <c>*</c> only if its known
    /// parts allow it (<c>arn:${AWS::Partition}:iam::${AWS::AccountId}:root</c> never is).
    /// </summary>
    public static Truth IsStar(Value value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Test(v => v is TextValue text
            ? text.CouldEqual("*") ? Truth.Unknown(text.Reason, text.Position) : Truth.Known(false, text.Position)
            : v.Is("*"));
    }

    /// <summary>An SAM policy template (<c>DynamoDBReadPolicy</c>, …): AWS-defined and scoped to the resources it names, never administrator access.</summary>
    public static bool IsSamPolicyTemplate(Value value) =>
        value is UnknownValue { Kind: UnknownKind.Macro, Source: { } source } && source.StartsWith("AWS::Serverless::PolicyTemplate::", StringComparison.Ordinal);

    /// <summary>Effect is Allow.</summary>
    public static Truth Allows(Value statement) => statement.Get("Effect").Is("Allow", StringComparison.OrdinalIgnoreCase);

    /// <summary>An action of the statement is <c>*</c> or <c>service:*</c>, or the statement uses <c>NotAction</c>.</summary>
    public static Truth WildcardAction(Value statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var action = statement.Get("Action").Some(a => a.Test(v => v is TextValue text
            ? text.Parts[^1] is ScalarValue last && !last.Text.EndsWith('*') ? Truth.Known(false, text.Position) : Truth.Unknown(text.Reason, text.Position)
            : v.Is(s => s.Text == "*" || s.Text.EndsWith(":*", StringComparison.Ordinal))));
        return action.Or(statement.Get("NotAction").IsPresent());
    }

    /// <summary>The statement allows every action on every resource.</summary>
    public static Truth Admin(Value statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var everyAction = statement.Get("Action").Some(IsStar);
        var everyResource = statement.Get("Resource").Some(IsStar);
        return Allows(statement).And(everyAction).And(everyResource);
    }

    /// <summary>The principal is anyone: <c>"*"</c> or <c>{ AWS: "*" }</c>.</summary>
    public static Truth AnyPrincipal(Value statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var principal = statement.Get("Principal");
        return principal.Test(p => p is MapValue
            ? p.Get("AWS").Some(IsStar)
            : IsStar(p));
    }

    /// <summary>The first statement for which <paramref name="bad"/> holds decides a failure; an unknown one makes the answer unknown.</summary>
    /// <param name="safe">Documents known only at deployment that are known to be safe for this question (SAM policy templates for administrator access).</param>
    public static Evidence NoStatement(IReadOnlyList<PolicyDocument> documents, Func<Value, Truth> bad, string what, TextPosition whenEmpty, Func<Value, bool>? safe = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var items = new List<Evidence>();
        foreach (var document in documents)
        {
            var statements = document.Statements;
            if (safe is not null && safe(document.Document))
            {
                items.Add(new Evidence(Truth.Known(true, document.Document.Position), ""));
                continue;
            }

            if (document.Document is UnknownValue unknown)
            {
                items.Add(new Evidence(Truth.Unknown(unknown.Reason, unknown.Position), $"`{document.Path}`: {unknown.Reason}"));
                continue;
            }

            for (var i = 0; i < statements.Count; i++)
            {
                var statement = statements[i];
                var truth = statement.Test(s => s is AbsentValue ? Truth.Known(false, s.Position) : bad(s)).Not();
                var number = i + 1;
                items.Add(new Evidence(truth, () =>
                {
                    var sid = statement.Get("Sid").AsString();
                    var name = sid is null ? $"`{document.Path}` statement {number}" : $"`{document.Path}` statement `{sid}`";
                    return truth.IsUnknown ? $"{name}: {truth.Reason}" : $"{name} {what}";
                }));
            }
        }

        return Evidence.All(items, whenEmpty);
    }
}
