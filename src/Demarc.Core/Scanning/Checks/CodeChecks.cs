using System.Globalization;
using System.Text.RegularExpressions;
using Demarc.Parsing;
using Demarc.Scanning.Evaluation;

namespace Demarc.Scanning.Checks;

/// <summary>
/// The checks that are code: they follow references between resources (a security group rule to its group, an
/// instance to its launch template, a bucket to its policy, a secret to its rotation schedule), read IAM policy
/// documents, look for secrets in text, or compare with dates. A definition names one with <c>code:</c> and passes
/// <c>args:</c>.
/// </summary>
public static partial class CodeChecks
{
    private static readonly Dictionary<string, Func<IReadOnlyDictionary<string, IReadOnlyList<string>>, ICheckLogic>> Factories = new(StringComparer.Ordinal)
    {
        ["open-ingress"] = args => new OpenIngress(Ports(args)),
        ["policy-wildcard-action"] = _ => new PolicyCheck(PolicyKind.WildcardAction),
        ["policy-admin"] = _ => new PolicyCheck(PolicyKind.Admin),
        ["policy-any-principal"] = _ => new PolicyCheck(PolicyKind.AnyPrincipal),
        ["secrets-in-environment"] = _ => new SecretsInEnvironment(),
        ["plaintext-password"] = args => new PlaintextPassword(Arg(args, "path")),
        ["instance-imdsv2"] = _ => new InstanceImdsV2(),
        ["lambda-runtime"] = args => new LambdaRuntime(args.TryGetValue("deprecated", out var list) ? list : []),
        ["s3-secure-transport"] = _ => new S3SecureTransport(),
        ["referenced-by"] = args => new ReferencedBy(Arg(args, "type"), Arg(args, "path"), Arg(args, "what")),
    };

    /// <summary>The names a definition may give to <c>code:</c>.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>Creates a code check, or explains why not.</summary>
    public static ICheckLogic? Create(string name, IReadOnlyDictionary<string, IReadOnlyList<string>> args, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        error = null;
        if (!Factories.TryGetValue(name, out var factory))
        {
            error = $"unknown code check '{name}' (known: {string.Join(", ", Factories.Keys.Order(StringComparer.Ordinal))})";
            return null;
        }

        try
        {
            return factory(args);
        }
        catch (ArgumentException ex)
        {
            error = $"code check '{name}': {ex.Message}";
            return null;
        }
    }

    private static string Arg(IReadOnlyDictionary<string, IReadOnlyList<string>> args, string name) =>
        args.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : throw new ArgumentException($"argument '{name}' (one value) is required");

    private static IReadOnlyList<int> Ports(IReadOnlyDictionary<string, IReadOnlyList<string>> args)
    {
        if (!args.TryGetValue("ports", out var values) || values.Count == 0)
        {
            throw new ArgumentException("argument 'ports' (a list of port numbers, or 'all') is required");
        }

        if (values is ["all"])
        {
            return [];
        }

        return [.. values.Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new ArgumentException($"'{v}' is not a port number"))];
    }

    /// <summary>
    /// Ingress open to the internet (<c>0.0.0.0/0</c> or <c>::/0</c>) on given ports, or on all ports. On a security
    /// group it reads the inline rules and every <c>AWS::EC2::SecurityGroupIngress</c> that refers to the group; on a
    /// standalone rule whose group is not in the template, the rule itself.
    /// </summary>
    private sealed class OpenIngress(IReadOnlyList<int> ports) : ICheckLogic
    {
        private readonly string _what = ports.Count == 0 ? "all ports" : $"port {string.Join(", ", ports)}";

        public Verdict Evaluate(CheckContext context)
        {
            var resource = context.Resource;
            var items = new List<Evidence>();
            if (resource.Type == "AWS::EC2::SecurityGroup")
            {
                var inline = resource.Items("SecurityGroupIngress");
                for (var i = 0; i < inline.Count; i++)
                {
                    var number = i + 1;
                    items.Add(Rule(inline[i], () => $"`SecurityGroupIngress` rule {number}"));
                }

                foreach (var reference in context.Template.ReferencesTo(resource.LogicalId))
                {
                    if (reference.From.Type == "AWS::EC2::SecurityGroupIngress" && reference.Path is "GroupId" or "GroupName" && !reference.From.Exists.IsFalse)
                    {
                        var rule = Rule(reference.From.Properties, () => $"rule `{reference.From.LogicalId}`");
                        items.Add(rule);
                    }
                }
            }
            else
            {
                var group = context.Template.Target(resource.Property("GroupId"));
                if (group is { Type: "AWS::EC2::SecurityGroup" })
                {
                    return new Verdict(CheckOutcome.NotApplicable, $"checked with its group `{group.LogicalId}`", resource.Declaration.Position);
                }

                items.Add(Rule(resource.Properties, () => "the rule"));
            }

            var evidence = Evidence.All(items, resource.Declaration.Position);
            return Verdict.From(evidence);
        }

        private Evidence Rule(Value rule, Func<string> name)
        {
            var fromAnywhere = rule.Get("CidrIp").Is("0.0.0.0/0").Or(rule.Get("CidrIpv6").Is("::/0"));
            var protocol = rule.Get("IpProtocol");
            var allProtocols = protocol.Is(s => s.Text is "-1" or "all");
            Truth covered;
            if (ports.Count == 0)
            {
                var fullRange = rule.Get("FromPort").Is(s => s.AsInteger() is 0 or -1).And(rule.Get("ToPort").Is(s => s.AsInteger() is 65535 or -1));
                covered = allProtocols.Or(protocol.Is(s => s.Text is "tcp" or "6" or "udp" or "17").And(fullRange));
            }
            else
            {
                var tcpOrUdp = protocol.Is(s => s.Text.ToLowerInvariant() is "tcp" or "6" or "udp" or "17");
                var from = rule.Get("FromPort");
                var to = rule.Get("ToPort");
                var inRange = Truth.Any(ports.Select(port =>
                    from.Is(s => s.AsInteger() is { } f && (f == -1 || f <= port)).And(to.Is(s => s.AsInteger() is { } t && (t == -1 || t >= port)))));
                covered = allProtocols.Or(tcpOrUdp.And(inRange));
            }

            var open = fromAnywhere.And(covered);
            return new Evidence(open.Not(), () => open.IsUnknown
                ? $"{name()}: {open.Reason}"
                : $"{name()} allows {_what} from {(rule.Get("CidrIp").AsString() ?? rule.Get("CidrIpv6").AsString() ?? "anywhere")} ({Describe(rule)})");
        }

        private static string Describe(Value rule) =>
            $"{rule.Get("IpProtocol").Display()} {rule.Get("FromPort").Display()}-{rule.Get("ToPort").Display()}";
    }

    private enum PolicyKind
    {
        WildcardAction,
        Admin,
        AnyPrincipal,
    }

    /// <summary>IAM policy statements: wildcard actions, full administrator access, or any principal without a condition.</summary>
    private sealed class PolicyCheck(PolicyKind kind) : ICheckLogic
    {
        public Verdict Evaluate(CheckContext context)
        {
            var resource = context.Resource;
            IReadOnlyList<PolicyDocument> documents;
            if (kind == PolicyKind.AnyPrincipal)
            {
                documents = PolicyDocuments.ResourcePolicy(resource) is { } policy ? [policy] : [];
            }
            else
            {
                documents = PolicyDocuments.Permissions(resource);
            }

            if (documents.Count == 0)
            {
                return new Verdict(CheckOutcome.NotApplicable, "no policy document", resource.Declaration.Position);
            }

            var evidence = kind switch
            {
                PolicyKind.WildcardAction => PolicyDocuments.NoStatement(documents, s => PolicyDocuments.Allows(s).And(PolicyDocuments.WildcardAction(s)), "allows a wildcard action (`*`, `service:*` or `NotAction`)", resource.Declaration.Position),
                PolicyKind.Admin => PolicyDocuments.NoStatement(documents, PolicyDocuments.Admin, "allows every action (`*`) on every resource (`*`)", resource.Declaration.Position, PolicyDocuments.IsSamPolicyTemplate),
                _ => PolicyDocuments.NoStatement(documents, s => PolicyDocuments.Allows(s).And(PolicyDocuments.AnyPrincipal(s)).And(s.Get("Condition").IsPresent().Not()), "allows any principal (`*`) without a condition", resource.Declaration.Position),
            };
            return Verdict.From(evidence);
        }
    }

    [GeneratedRegex(@"(passw(or)?d|passwd|secret|token|api[_-]?key|apikey|private[_-]?key|access[_-]?key|credential)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"\b(AKIA|ASIA)[0-9A-Z]{16}\b", RegexOptions.CultureInvariant)]
    private static partial Regex AccessKeyId();

    [GeneratedRegex(@"(?i)(aws_secret_access_key|passw(or)?d|secret|token)\s*[:=]\s*['""]?[^\s'""$]{6,}|-----BEGIN [A-Z ]*PRIVATE KEY-----", RegexOptions.CultureInvariant)]
    private static partial Regex SecretAssignment();

    /// <summary>
    /// Literal secrets in environment variables (Lambda, ECS containers) or EC2 user data: a variable whose name
    /// says it is a secret and whose value is written in the template, or anything shaped like an AWS access key.
    /// A value from a parameter or a dynamic reference is unknown; a reference to a resource is a pointer, not a secret.
    /// </summary>
    private sealed class SecretsInEnvironment : ICheckLogic
    {
        public Verdict Evaluate(CheckContext context)
        {
            var resource = context.Resource;
            var items = new List<Evidence>();
            switch (resource.Type)
            {
                case "AWS::Lambda::Function" or "AWS::Serverless::Function":
                    Variables(resource.Property("Environment.Variables"), "`Environment.Variables`", items);
                    break;
                case "AWS::ECS::TaskDefinition":
                    var containers = resource.Items("ContainerDefinitions");
                    for (var i = 0; i < containers.Count; i++)
                    {
                        var name = containers[i].Get("Name").AsString() ?? (i + 1).ToString(CultureInfo.InvariantCulture);
                        foreach (var pair in containers[i].Get("Environment").Items())
                        {
                            Variable(pair.Get("Name").AsString() ?? "", pair.Get("Value"), $"container `{name}` variable", items);
                        }
                    }

                    break;
                case "AWS::EC2::Instance" or "AWS::EC2::LaunchTemplate":
                    var userData = resource.Type == "AWS::EC2::Instance" ? resource.Property("UserData") : resource.Property("LaunchTemplateData.UserData");
                    UserData(userData, items);
                    break;
            }

            return Verdict.From(Evidence.All(items, resource.Declaration.Position));
        }

        private static void Variables(Value variables, string where, List<Evidence> items)
        {
            switch (variables)
            {
                case MapValue map:
                    foreach (var entry in map.Entries)
                    {
                        Variable(entry.Key, entry.Value, $"{where} `{entry.Key}`", items, entry.KeyPosition);
                    }

                    break;
                case AlternativesValue alternatives:
                    foreach (var branch in alternatives.Branches)
                    {
                        Variables(branch.Value, where, items);
                    }

                    break;
                case UnknownValue unknown:
                    items.Add(new Evidence(Truth.Unknown(unknown.Reason, unknown.Position), $"{where}: {unknown.Reason}"));
                    break;
            }
        }

        private static void Variable(string name, Value value, string where, List<Evidence> items, TextPosition? keyPosition = null)
        {
            var position = value.Position.Line > 0 ? value.Position : keyPosition ?? value.Position;
            if (value is ScalarValue scalar && scalar.Text.Length > 0)
            {
                if (AccessKeyId().IsMatch(scalar.Text))
                {
                    items.Add(new Evidence(Truth.Known(false, position), $"{where} holds an AWS access key id"));
                }
                else if (SecretName().IsMatch(name) && !LooksLikePointer(scalar.Text))
                {
                    items.Add(new Evidence(Truth.Known(false, position), $"{where} holds a literal value in the template"));
                }

                return;
            }

            if (value is UnknownValue unknown && SecretName().IsMatch(name))
            {
                items.Add(new Evidence(
                    Truth.Unknown($"{where} comes from {unknown.Reason.Replace("depends on ", "", StringComparison.Ordinal)}; the value is stored in plain text in the configuration", position),
                    $"{where}: {unknown.Reason}"));
            }
        }

        // ARNs, secret names and SSM parameter paths name a secret instead of holding it.
        private static bool LooksLikePointer(string text) =>
            text.StartsWith("arn:", StringComparison.Ordinal) || text.StartsWith('/') || text.StartsWith("{{resolve:", StringComparison.Ordinal);

        private static void UserData(Value userData, List<Evidence> items)
        {
            var texts = new List<ScalarValue>();
            Collect(userData, texts);
            foreach (var text in texts)
            {
                if (AccessKeyId().IsMatch(text.Text) || SecretAssignment().IsMatch(text.Text))
                {
                    items.Add(new Evidence(Truth.Known(false, text.Position), "`UserData` contains a literal secret (a password, token or key assignment)"));
                }
            }
        }

        private static void Collect(Value value, List<ScalarValue> into)
        {
            switch (value)
            {
                case ScalarValue scalar:
                    into.Add(scalar);
                    break;
                case TextValue text:
                    foreach (var part in text.Parts)
                    {
                        Collect(part, into);
                    }

                    break;
                case ListValue list:
                    foreach (var item in list.Values)
                    {
                        Collect(item, into);
                    }

                    break;
                case AlternativesValue alternatives:
                    foreach (var branch in alternatives.Branches)
                    {
                        Collect(branch.Value, into);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// A password property must not be written in the template: a dynamic reference to Secrets Manager or an SSM
    /// SecureString, a <c>NoEcho</c> parameter, or no password at all (managed by RDS in Secrets Manager) pass.
    /// </summary>
    private sealed class PlaintextPassword(string path) : ICheckLogic
    {
        public Verdict Evaluate(CheckContext context)
        {
            var value = context.Resource.Property(path);
            var detail = "";
            var truth = value.Test(v =>
            {
                var judged = Judge(context, v, out var why);
                if (judged.IsFalse && detail.Length == 0)
                {
                    detail = why;
                }

                return judged;
            });
            return truth.IsUnknown
                ? new Verdict(CheckOutcome.Unknown, $"`{path}`: {truth.Reason}", truth.Position)
                : Verdict.From(new Evidence(truth, detail));
        }

        private Truth Judge(CheckContext context, Value value, out string detail)
        {
            detail = "";
            switch (value)
            {
                case AbsentValue:
                    return Truth.Known(true, value.Position);
                case ScalarValue { Kind: ScalarKind.Null }:
                    return Truth.Known(true, value.Position);
                case ScalarValue scalar:
                    detail = scalar.Text.StartsWith("{{resolve:ssm:", StringComparison.Ordinal)
                        ? $"`{path}` is read from a plain SSM String parameter; use ssm-secure or secretsmanager"
                        : $"`{path}` is written in the template as plain text";
                    return Truth.Known(false, value.Position);
                case UnknownValue { Kind: UnknownKind.DynamicReference } dynamic:
                    var source = dynamic.Source ?? "";
                    if (source.Contains("resolve:ssm:", StringComparison.Ordinal))
                    {
                        detail = $"`{path}` is read from a plain SSM String parameter; use ssm-secure or secretsmanager";
                        return Truth.Known(false, value.Position);
                    }

                    return Truth.Known(true, value.Position);
                case UnknownValue { Kind: UnknownKind.Parameter, Source: { } parameter } unknown:
                    var declaration = context.Template.Template.Parameter(parameter);
                    if (declaration is null)
                    {
                        return Truth.Unknown(unknown.Reason, value.Position);
                    }

                    detail = $"`{path}` comes from parameter `{parameter}`, which is not `NoEcho`: the password shows in the console and in DescribeStacks";
                    return Truth.Known(declaration.NoEcho, value.Position);
                case UnknownValue unknown:
                    return Truth.Unknown(unknown.Reason, value.Position);
                case TextValue text:
                    return text.Parts.Any(p => p is UnknownValue { Kind: UnknownKind.DynamicReference })
                        ? Truth.Known(true, value.Position)
                        : Truth.Unknown(text.Reason, value.Position);
                default:
                    return Truth.Known(true, value.Position);
            }
        }
    }

    /// <summary>
    /// An instance requires IMDSv2 only through a launch template whose <c>MetadataOptions.HttpTokens</c> is
    /// <c>required</c>: the instance's <c>LaunchTemplate</c> is followed to the template's resource.
    /// </summary>
    private sealed class InstanceImdsV2 : ICheckLogic
    {
        public Verdict Evaluate(CheckContext context)
        {
            var resource = context.Resource;
            var launchTemplate = resource.Property("LaunchTemplate");
            if (launchTemplate.IsAbsent)
            {
                return new Verdict(CheckOutcome.Fail, "the instance has no `LaunchTemplate`, so IMDSv1 stays enabled", launchTemplate.Position);
            }

            var id = launchTemplate.Get("LaunchTemplateId");
            var target = context.Template.Target(id) ?? context.Template.Target(launchTemplate.Get("LaunchTemplateName"));
            if (target is null || target.Type != "AWS::EC2::LaunchTemplate")
            {
                var reason = id.IsAbsent ? launchTemplate.Get("LaunchTemplateName").Display() : id.Display();
                return new Verdict(CheckOutcome.Unknown, $"the launch template `{reason}` is not defined in this template", launchTemplate.Position);
            }

            var tokens = target.Property("LaunchTemplateData.MetadataOptions.HttpTokens");
            var truth = tokens.Is("required");
            return Verdict.From(new Evidence(truth, () => truth.IsUnknown
                ? $"launch template `{target.LogicalId}`: {truth.Reason}"
                : $"launch template `{target.LogicalId}` has {Rule.Describe("LaunchTemplateData.MetadataOptions.HttpTokens", tokens)} (expected `required`)")) with { Position = launchTemplate.Position };
        }
    }

    /// <summary>The function's runtime is not past its deprecation date (the list comes with the definition, as <c>runtime: date</c>).</summary>
    private sealed class LambdaRuntime : ICheckLogic
    {
        private readonly Dictionary<string, DateOnly> _deprecated = new(StringComparer.OrdinalIgnoreCase);

        public LambdaRuntime(IReadOnlyList<string> deprecated)
        {
            foreach (var entry in deprecated)
            {
                var parts = entry.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (parts.Length != 2 || !DateOnly.TryParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    throw new ArgumentException($"'{entry}' is not 'runtime yyyy-mm-dd'");
                }

                _deprecated[parts[0]] = date;
            }
        }

        public Verdict Evaluate(CheckContext context)
        {
            var resource = context.Resource;
            if (resource.Property("PackageType").Is("Image").IsTrue)
            {
                return new Verdict(CheckOutcome.NotApplicable, "a container image brings its own runtime", resource.Declaration.Position);
            }

            var runtime = resource.Property("Runtime");
            if (runtime.IsAbsent)
            {
                return new Verdict(CheckOutcome.NotApplicable, "no `Runtime`", runtime.Position);
            }

            var truth = runtime.Is(s => !(_deprecated.TryGetValue(s.Text, out var date) && date <= context.Today));
            var detail = truth.IsUnknown
                ? $"`Runtime`: {truth.Reason}"
                : runtime.AsString() is { } name && _deprecated.TryGetValue(name, out var when)
                    ? $"`Runtime` is `{name}`, deprecated since {when:yyyy-MM-dd}"
                    : "";
            return Verdict.From(new Evidence(truth, detail));
        }
    }

    /// <summary>A bucket policy (found by following <c>AWS::S3::BucketPolicy</c> resources to the bucket) denies requests without TLS.</summary>
    private sealed class S3SecureTransport : ICheckLogic
    {
        public Verdict Evaluate(CheckContext context)
        {
            var bucket = context.Resource;
            var policies = context.Template.ReferencesTo(bucket.LogicalId)
                .Where(r => r.From.Type == "AWS::S3::BucketPolicy" && r.Path == "Bucket" && !r.From.Exists.IsFalse)
                .Select(r => r.From)
                .ToList();
            var name = bucket.Property("BucketName").AsString();
            if (name is not null)
            {
                policies.AddRange(context.Template.OfType("AWS::S3::BucketPolicy").Where(p => p.Property("Bucket").AsString() == name && !policies.Contains(p)));
            }

            if (policies.Count == 0)
            {
                return new Verdict(CheckOutcome.Fail, "no bucket policy in the template refers to this bucket", bucket.Declaration.Position);
            }

            var answers = policies.Select(policy =>
            {
                var statements = policy.Property("PolicyDocument").Get("Statement");
                var denies = statements.Some(s =>
                    s.Get("Effect").Is("Deny").And(s.Get("Condition").Get("Bool").Get("aws:SecureTransport").Is(v => string.Equals(v.Text, "false", StringComparison.OrdinalIgnoreCase))));
                return new Evidence(denies, denies.IsUnknown
                    ? $"policy `{policy.LogicalId}`: {denies.Reason}"
                    : $"policy `{policy.LogicalId}` has no statement denying requests where `aws:SecureTransport` is `false`");
            });
            var evidence = Evidence.Any(answers, bucket.Declaration.Position);
            return Verdict.From(evidence) with { Position = evidence.Truth.IsTrue ? evidence.Position : policies[0].Declaration.Position };
        }
    }

    /// <summary>Another resource of a given type refers to this one at a property (a rotation schedule to its secret).</summary>
    private sealed class ReferencedBy(string type, string path, string what) : ICheckLogic
    {
        public Verdict Evaluate(CheckContext context)
        {
            var resource = context.Resource;
            var found = context.Template.ReferencesTo(resource.LogicalId)
                .FirstOrDefault(r => r.From.Type == type && r.Path == path && !r.From.Exists.IsFalse);
            if (found is null)
            {
                return new Verdict(CheckOutcome.Fail, $"no {type} in the template refers to it ({what})", resource.Declaration.Position);
            }

            return found.From.Exists.IsUnknown
                ? new Verdict(CheckOutcome.Unknown, $"`{found.From.LogicalId}` exists only if {found.From.Exists.Reason}", found.From.Declaration.Position)
                : new Verdict(CheckOutcome.Pass, $"`{found.From.LogicalId}` refers to it", found.From.Declaration.Position);
        }
    }
}
