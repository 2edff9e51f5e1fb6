using Demarc.Scanning.Evaluation;

namespace Demarc.Scanning.Terraform;

/// <summary>A Terraform resource type that configures another resource: which argument names the resource it configures.</summary>
/// <param name="Type">The settings resource (<c>aws_s3_bucket_versioning</c>).</param>
/// <param name="Argument">Its argument that names the configured resource (<c>bucket</c>).</param>
/// <param name="Targets">The types it configures (<c>aws_s3_bucket</c>).</param>
public sealed record TerraformSettingsLink(string Type, string Argument, IReadOnlyList<string> Targets);

/// <summary>A settings resource linked to the resource it configures, and the argument that links them.</summary>
public sealed record TerraformSetting(EvaluatedResource Resource, string Argument);

/// <summary>
/// Terraform splits some settings of a resource into resources of their own (a bucket's versioning, encryption and
/// public access block; a security group's rules; a role's inline policies). This is the lookup from a resource to
/// the resources that configure it, by reference (<c>bucket = aws_s3_bucket.logs.id</c>) or by name
/// (<c>bucket = "logs-bucket"</c>, as plans often show it).
/// </summary>
/// <remarks>
/// When the template is built, each configured resource's properties also get, under the settings type's name (for
/// example <c>aws_s3_bucket_versioning</c>), the properties of the resources that configure it (one as a map, several
/// as a list), without the linking argument: a declarative rule can then read
/// <c>aws_s3_bucket_versioning.versioning_configuration.status</c> on the bucket. No AWS attribute starts with
/// <c>aws_</c>, so these keys never hide an argument.
/// </remarks>
public static class TerraformSettings
{
    private static readonly string[] Bucket = ["aws_s3_bucket"];

    /// <summary>Every settings type Demarc links, with the argument that names the configured resource.</summary>
    public static IReadOnlyList<TerraformSettingsLink> Links { get; } =
    [
        new("aws_s3_bucket_versioning", "bucket", Bucket),
        new("aws_s3_bucket_server_side_encryption_configuration", "bucket", Bucket),
        new("aws_s3_bucket_public_access_block", "bucket", Bucket),
        new("aws_s3_bucket_logging", "bucket", Bucket),
        new("aws_s3_bucket_policy", "bucket", Bucket),
        new("aws_s3_bucket_acl", "bucket", Bucket),
        new("aws_s3_bucket_lifecycle_configuration", "bucket", Bucket),
        new("aws_s3_bucket_replication_configuration", "bucket", Bucket),
        new("aws_s3_bucket_ownership_controls", "bucket", Bucket),
        new("aws_s3_bucket_object_lock_configuration", "bucket", Bucket),
        new("aws_s3_bucket_website_configuration", "bucket", Bucket),
        new("aws_s3_bucket_cors_configuration", "bucket", Bucket),
        new("aws_s3_bucket_notification", "bucket", Bucket),
        new("aws_s3_bucket_accelerate_configuration", "bucket", Bucket),
        new("aws_s3_bucket_intelligent_tiering_configuration", "bucket", Bucket),
        new("aws_security_group_rule", "security_group_id", ["aws_security_group"]),
        new("aws_vpc_security_group_ingress_rule", "security_group_id", ["aws_security_group"]),
        new("aws_vpc_security_group_egress_rule", "security_group_id", ["aws_security_group"]),
        new("aws_iam_role_policy", "role", ["aws_iam_role"]),
        new("aws_iam_role_policy_attachment", "role", ["aws_iam_role"]),
        new("aws_iam_user_policy", "user", ["aws_iam_user"]),
        new("aws_iam_user_policy_attachment", "user", ["aws_iam_user"]),
        new("aws_iam_group_policy", "group", ["aws_iam_group"]),
        new("aws_iam_group_policy_attachment", "group", ["aws_iam_group"]),
        new("aws_kms_key_policy", "key_id", ["aws_kms_key"]),
        new("aws_sqs_queue_policy", "queue_url", ["aws_sqs_queue"]),
        new("aws_sqs_queue_redrive_policy", "queue_url", ["aws_sqs_queue"]),
        new("aws_sns_topic_policy", "arn", ["aws_sns_topic"]),
        new("aws_secretsmanager_secret_rotation", "secret_id", ["aws_secretsmanager_secret"]),
        new("aws_secretsmanager_secret_policy", "secret_arn", ["aws_secretsmanager_secret"]),
        new("aws_lb_listener", "load_balancer_arn", ["aws_lb", "aws_alb"]),
        new("aws_alb_listener", "load_balancer_arn", ["aws_lb", "aws_alb"]),
        new("aws_ecr_repository_policy", "repository", ["aws_ecr_repository"]),
        new("aws_ecr_lifecycle_policy", "repository", ["aws_ecr_repository"]),
        new("aws_api_gateway_stage", "rest_api_id", ["aws_api_gateway_rest_api"]),
        new("aws_api_gateway_method", "rest_api_id", ["aws_api_gateway_rest_api"]),
        new("aws_api_gateway_method_settings", "rest_api_id", ["aws_api_gateway_rest_api"]),
        new("aws_apigatewayv2_stage", "api_id", ["aws_apigatewayv2_api"]),
        new("aws_apigatewayv2_route", "api_id", ["aws_apigatewayv2_api"]),
        new("aws_lambda_function_url", "function_name", ["aws_lambda_function"]),
        new("aws_lambda_permission", "function_name", ["aws_lambda_function"]),
        new("aws_opensearch_domain_policy", "domain_name", ["aws_opensearch_domain"]),
        new("aws_elasticsearch_domain_policy", "domain_name", ["aws_elasticsearch_domain"]),
        new("aws_efs_file_system_policy", "file_system_id", ["aws_efs_file_system"]),
        new("aws_efs_backup_policy", "file_system_id", ["aws_efs_file_system"]),
        new("aws_cloudwatch_log_stream", "log_group_name", ["aws_cloudwatch_log_group"]),
        new("aws_redshift_logging", "cluster_identifier", ["aws_redshift_cluster"]),
        new("aws_wafv2_web_acl_association", "resource_arn", ["aws_lb", "aws_api_gateway_stage", "aws_appsync_graphql_api"]),
    ];

    private static readonly Dictionary<string, TerraformSettingsLink> ByType = Links.ToDictionary(l => l.Type, StringComparer.Ordinal);

    private static readonly HashSet<string> TargetTypes = Links.SelectMany(l => l.Targets).ToHashSet(StringComparer.Ordinal);

    // Attributes of a configured resource that a settings resource may name it by.
    private static readonly string[] Identities = ["id", "arn", "name", "bucket", "function_name", "domain_name", "key_id", "url", "repository_url", "identifier", "cluster_identifier"];

    private static readonly HashSet<string> IdentitySet = new(Identities, StringComparer.Ordinal);

    /// <summary>The link of a settings type, or null when the type configures nothing else.</summary>
    public static TerraformSettingsLink? LinkOf(string type) => ByType.GetValueOrDefault(type);

    /// <summary>The resources that configure <paramref name="resource"/> (its versioning, its rules, its policies …), in template order.</summary>
    public static IReadOnlyList<TerraformSetting> Of(EvaluatedTemplate template, EvaluatedResource resource)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(resource);
        var index = IndexOf(template);
        return [.. index.Configuring(resource).Select(r => new TerraformSetting(r, LinkOf(r.Type)!.Argument))];
    }

    /// <summary>The resource a settings resource configures, or null when it is not in the template (or the type configures nothing).</summary>
    public static EvaluatedResource? ConfiguredBy(EvaluatedTemplate template, EvaluatedResource setting)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(setting);
        return IndexOf(template).Target(setting);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<EvaluatedTemplate, TemplateIndex> Indexes = [];

    private static TemplateIndex IndexOf(EvaluatedTemplate template) => Indexes.GetValue(template, t => new TemplateIndex(t.Resources));

    /// <summary>The links of one template, computed once (a template is immutable).</summary>
    private sealed class TemplateIndex
    {
        private readonly Index<EvaluatedResource> _index;
        private readonly ILookup<EvaluatedResource, EvaluatedResource> _configuring;

        public TemplateIndex(IReadOnlyList<EvaluatedResource> resources)
        {
            _index = new Index<EvaluatedResource>(resources, r => r.LogicalId, r => r.Type, r => r.Properties);
            var pairs = new List<(EvaluatedResource Target, EvaluatedResource Setting)>();
            foreach (var resource in resources)
            {
                if (Target(resource) is { } target)
                {
                    pairs.Add((target, resource));
                }
            }

            _configuring = pairs.ToLookup(p => p.Target, p => p.Setting);
        }

        public IEnumerable<EvaluatedResource> Configuring(EvaluatedResource resource) => _configuring[resource];

        public EvaluatedResource? Target(EvaluatedResource setting)
        {
            if (LinkOf(setting.Type) is not { } link)
            {
                return null;
            }

            var found = _index.Find(setting.Properties[link.Argument], link.Targets);
            return found < 0 ? null : _index.Items[found];
        }
    }

    /// <summary>
    /// Finds the target of a linking argument among a list of resources: a reference to its address, or a known name
    /// equal to one of its identities (id, ARN, name, bucket …). Built once per list, so linking stays linear.
    /// </summary>
    internal sealed class Index<T>
    {
        private readonly Dictionary<string, int> _byAddress = new(StringComparer.Ordinal);
        private readonly Dictionary<(string Type, string Name), int> _byName = [];
        private readonly Func<T, string> _type;

        public Index(IReadOnlyList<T> items, Func<T, string> address, Func<T, string> type, Func<T, Value> properties)
        {
            Items = items;
            _type = type;
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                _byAddress.TryAdd(address(item), i);
                var itemType = type(item);
                if (!TargetTypes.Contains(itemType))
                {
                    continue;
                }

                if (properties(item) is not MapValue values)
                {
                    continue;
                }

                foreach (var entry in values.Entries)
                {
                    if (IdentitySet.Contains(entry.Key) && entry.Value is ScalarValue { Kind: not ScalarKind.Null } name && name.Text.Length > 0)
                    {
                        _byName.TryAdd((itemType, name.Text), i);
                    }
                }
            }
        }

        public IReadOnlyList<T> Items { get; }

        /// <summary>The index of the target, or -1.</summary>
        public int Find(Value argument, IReadOnlyList<string> types)
        {
            var reference = argument switch
            {
                ReferenceValue r => r,
                TextValue { Parts: [ReferenceValue only] } => only,
                _ => null,
            };
            if (reference is not null)
            {
                return _byAddress.TryGetValue(reference.LogicalId, out var i) && types.Contains(_type(Items[i])) ? i : -1;
            }

            if (TerraformValues.Text(argument) is not { Length: > 0 } name)
            {
                return -1;
            }

            foreach (var type in types)
            {
                if (_byName.TryGetValue((type, name), out var i))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
