using Demarc.Model;
using Demarc.Parsing;
using Demarc.Scanning.Templates;

namespace Demarc.Scanning.Sam;

/// <summary>
/// What Demarc does of the SAM transform (<c>AWS::Serverless-2016-10-31</c>): merges <c>Globals</c> into the
/// resources they apply to, and adds the implicit resources SAM would create that carry obligations — each marked
/// as generated from its SAM resource, at that resource's position.
/// </summary>
/// <remarks>
/// Merge rules (AWS SAM documentation, "Globals section of the AWS SAM template",
/// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html,
/// and the SAM translator's merge in aws/serverless-application-model PR #3945): mappings merge key by key, lists
/// concatenate (the globals' items first), and for scalars and intrinsic functions the resource's own value wins.
/// Implicit resources: an execution role <c>&lt;Function&gt;Role</c> for a function (or state machine) without
/// <c>Role</c>; <c>ServerlessRestApi</c> / <c>ServerlessHttpApi</c> for <c>Api</c> / <c>HttpApi</c> events without an
/// explicit API; <c>&lt;Function&gt;Url</c> for <c>FunctionUrlConfig</c>. SAM policy templates in <c>Policies</c> are not
/// expanded: the role's policy for each is unknown (a <c>Fn::Transform</c> of the policy template).
/// </remarks>
internal static class SamTransform
{
    /// <summary>Globals section keys and the resource types they apply to.</summary>
    internal static readonly IReadOnlyDictionary<string, string> GlobalSections = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Function"] = "AWS::Serverless::Function",
        ["Api"] = "AWS::Serverless::Api",
        ["HttpApi"] = "AWS::Serverless::HttpApi",
        ["SimpleTable"] = "AWS::Serverless::SimpleTable",
        ["StateMachine"] = "AWS::Serverless::StateMachine",
        ["LayerVersion"] = "AWS::Serverless::LayerVersion",
    };

    public static List<TemplateResource> Apply(string file, IReadOnlyList<TemplateResource> resources, MappingNode? globals, List<ScanDiagnostic> diagnostics)
    {
        var byType = new Dictionary<string, MappingNode>(StringComparer.Ordinal);
        if (globals is not null)
        {
            foreach (var entry in globals.Entries)
            {
                if (GlobalSections.TryGetValue(entry.Key.Value, out var type) && entry.Value is MappingNode section)
                {
                    byType[type] = section;
                }
                else
                {
                    diagnostics.Add(new ScanDiagnostic(
                        new SourceLocation(file, entry.Key.Start.Line, entry.Key.Start.Column),
                        DiagnosticSeverity.Warning,
                        ScanRules.InvalidTemplate,
                        $"Globals.{entry.Key.Value} is not a SAM globals section Demarc knows ({string.Join(", ", GlobalSections.Keys)}); it is not merged"));
                }
            }
        }

        var merged = new List<TemplateResource>(resources.Count);
        foreach (var resource in resources)
        {
            if (byType.TryGetValue(resource.Type, out var section))
            {
                merged.Add(resource with { Properties = resource.Properties is null ? section : Merge(section, resource.Properties) });
            }
            else
            {
                merged.Add(resource);
            }
        }

        var ids = new HashSet<string>(merged.Select(r => r.LogicalId), StringComparer.Ordinal);
        var result = new List<TemplateResource>(merged.Count);
        TemplateResource? restApi = null;
        TemplateResource? httpApi = null;
        foreach (var resource in merged)
        {
            result.Add(resource);
            var properties = resource.Properties as MappingNode;
            switch (resource.Type)
            {
                case "AWS::Serverless::Function":
                    if (properties?["Role"] is null)
                    {
                        AddIfNew(result, ids, ExecutionRole(resource, properties, "lambda.amazonaws.com", BasicLambdaPolicies(properties)));
                    }

                    if (properties?["FunctionUrlConfig"] is MappingNode urlConfig)
                    {
                        AddIfNew(result, ids, FunctionUrl(resource, urlConfig));
                    }

                    foreach (var (eventType, at) in Events(properties))
                    {
                        if (eventType == "Api" && restApi is null && !ids.Contains("ServerlessRestApi"))
                        {
                            restApi = ImplicitApi("ServerlessRestApi", "AWS::Serverless::Api", resource, at, byType, stageName: true);
                        }
                        else if (eventType == "HttpApi" && httpApi is null && !ids.Contains("ServerlessHttpApi"))
                        {
                            httpApi = ImplicitApi("ServerlessHttpApi", "AWS::Serverless::HttpApi", resource, at, byType, stageName: false);
                        }
                    }

                    break;
                case "AWS::Serverless::StateMachine":
                    if (properties?["Role"] is null)
                    {
                        AddIfNew(result, ids, ExecutionRole(resource, properties, "states.amazonaws.com", []));
                    }

                    break;
            }
        }

        if (restApi is not null)
        {
            AddIfNew(result, ids, restApi);
        }

        if (httpApi is not null)
        {
            AddIfNew(result, ids, httpApi);
        }

        return result;
    }

    /// <summary>Merges globals into a resource's properties: maps by key, lists concatenated, the resource's scalars win.</summary>
    internal static SyntaxNode Merge(SyntaxNode global, SyntaxNode local)
    {
        if (global is MappingNode globalMap && local is MappingNode localMap && !IsIntrinsic(globalMap) && !IsIntrinsic(localMap))
        {
            var entries = new List<MappingEntry>(localMap.Entries.Count + globalMap.Entries.Count);
            foreach (var entry in localMap.Entries)
            {
                entries.Add(globalMap[entry.Key.Value] is { } fromGlobal ? new MappingEntry(entry.Key, Merge(fromGlobal, entry.Value)) : entry);
            }

            foreach (var entry in globalMap.Entries)
            {
                if (localMap[entry.Key.Value] is null)
                {
                    entries.Add(entry);
                }
            }

            return new MappingNode(localMap.Start, localMap.Tag, entries);
        }

        if (global is SequenceNode globalList && local is SequenceNode localList)
        {
            return new SequenceNode(localList.Start, localList.Tag, [.. globalList.Items, .. localList.Items]);
        }

        return local;
    }

    private static bool IsIntrinsic(MappingNode node) =>
        node.Entries.Count == 1 && (node.Entries[0].Key.Value == "Ref" || node.Entries[0].Key.Value.StartsWith("Fn::", StringComparison.Ordinal));

    private static IEnumerable<(string Type, TextPosition At)> Events(MappingNode? properties)
    {
        if (properties?["Events"] is not MappingNode events)
        {
            yield break;
        }

        foreach (var entry in events.Entries)
        {
            if (entry.Value is MappingNode e && e["Type"] is ScalarNode type)
            {
                var explicitApi = (e["Properties"] as MappingNode)?[type.Value == "Api" ? "RestApiId" : "ApiId"];
                if (explicitApi is null)
                {
                    yield return (type.Value, entry.Key.Start);
                }
            }
        }
    }

    private static List<SyntaxNode> BasicLambdaPolicies(MappingNode? properties)
    {
        var at = properties?.Start ?? default;
        var policies = new List<SyntaxNode> { Sub("arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", at) };
        if (properties?["VpcConfig"] is not null)
        {
            policies.Add(Sub("arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole", at));
        }

        if (properties?["Tracing"] is ScalarNode { Value: "Active" })
        {
            policies.Add(Sub("arn:${AWS::Partition}:iam::aws:policy/AWSXrayWriteOnlyAccess", at));
        }

        return policies;
    }

    private static TemplateResource ExecutionRole(TemplateResource owner, MappingNode? properties, string service, List<SyntaxNode> managed)
    {
        var at = owner.Position;
        var inline = new List<SyntaxNode>();
        var policies = properties?["Policies"] switch
        {
            SequenceNode list => list.Items,
            null => [],
            { } single => [single],
        };
        var index = 0;
        foreach (var policy in policies)
        {
            switch (policy)
            {
                case ScalarNode name:
                    managed.Add(name.Value.StartsWith("arn:", StringComparison.Ordinal)
                        ? name
                        : Sub("arn:${AWS::Partition}:iam::aws:policy/" + name.Value, name.Start));
                    break;
                case MappingNode map when IsIntrinsic(map):
                    managed.Add(map);
                    break;
                case MappingNode map when map["Statement"] is not null:
                    inline.Add(Map(map.Start, ("PolicyName", Text($"{owner.LogicalId}RolePolicy{index++}", map.Start)), ("PolicyDocument", map)));
                    break;
                case MappingNode map:
                    // SAM policy templates (S3ReadPolicy: {BucketName: …}): not expanded; the policy is unknown.
                    foreach (var entry in map.Entries)
                    {
                        var transform = Map(entry.Key.Start, ("Fn::Transform", Map(entry.Key.Start, ("Name", Text("AWS::Serverless::PolicyTemplate::" + entry.Key.Value, entry.Key.Start)), ("Parameters", entry.Value))));
                        inline.Add(Map(entry.Key.Start, ("PolicyName", Text($"{owner.LogicalId}RolePolicy{index++}", entry.Key.Start)), ("PolicyDocument", transform)));
                    }

                    break;
            }
        }

        var assume = Map(at,
            ("Version", Text("2012-10-17", at)),
            ("Statement", List(at, Map(at,
                ("Effect", Text("Allow", at)),
                ("Principal", Map(at, ("Service", List(at, Text(service, at))))),
                ("Action", List(at, Text("sts:AssumeRole", at)))))));
        var roleProperties = new List<(string, SyntaxNode)>
        {
            ("AssumeRolePolicyDocument", assume),
            ("ManagedPolicyArns", List(at, [.. managed])),
        };
        if (inline.Count > 0)
        {
            roleProperties.Add(("Policies", List(at, [.. inline])));
        }

        if (properties?["PermissionsBoundary"] is { } boundary)
        {
            roleProperties.Add(("PermissionsBoundary", boundary));
        }

        return new TemplateResource(
            owner.LogicalId + "Role",
            "AWS::IAM::Role",
            Map(at, [.. roleProperties]),
            null,
            owner.Condition,
            [],
            null,
            null,
            at,
            new ResourceOrigin(ResourceOriginKind.SamImplicit, owner.LogicalId, owner.Position, $"execution role of {owner.LogicalId} (no Role given)"));
    }

    private static TemplateResource FunctionUrl(TemplateResource owner, MappingNode config)
    {
        var at = config.Start;
        var properties = new List<(string, SyntaxNode)> { ("TargetFunctionArn", Map(at, ("Ref", Text(owner.LogicalId, at)))) };
        foreach (var entry in config.Entries)
        {
            properties.Add((entry.Key.Value, entry.Value));
        }

        return new TemplateResource(
            owner.LogicalId + "Url",
            "AWS::Lambda::Url",
            Map(at, [.. properties]),
            null,
            owner.Condition,
            [],
            null,
            null,
            at,
            new ResourceOrigin(ResourceOriginKind.SamImplicit, owner.LogicalId, at, $"function URL of {owner.LogicalId} (FunctionUrlConfig)"));
    }

    private static TemplateResource ImplicitApi(string id, string type, TemplateResource owner, TextPosition at, Dictionary<string, MappingNode> globals, bool stageName)
    {
        var own = new List<(string, SyntaxNode)>();
        if (stageName)
        {
            own.Add(("StageName", Text("Prod", at)));
        }

        SyntaxNode properties = Map(at, [.. own]);
        if (globals.TryGetValue(type, out var section))
        {
            properties = Merge(section, properties);
        }

        return new TemplateResource(
            id,
            type,
            properties,
            null,
            null,
            [],
            null,
            null,
            at,
            new ResourceOrigin(ResourceOriginKind.SamImplicit, owner.LogicalId, at, $"implicit API created for the {(stageName ? "Api" : "HttpApi")} events of {owner.LogicalId} and other functions"));
    }

    private static void AddIfNew(List<TemplateResource> resources, HashSet<string> ids, TemplateResource resource)
    {
        if (ids.Add(resource.LogicalId))
        {
            resources.Add(resource);
        }
    }

    private static ScalarNode Text(string text, TextPosition at) => new(at, null, text, isPlain: false);

    private static MappingNode Sub(string text, TextPosition at) => Map(at, ("Fn::Sub", Text(text, at)));

    private static MappingNode Map(TextPosition at, params (string Key, SyntaxNode Value)[] entries) =>
        new(at, null, [.. entries.Select(e => new MappingEntry(Text(e.Key, at), e.Value))]);

    private static SequenceNode List(TextPosition at, params SyntaxNode[] items) => new(at, null, items);
}
