using System.Globalization;
using Demarc.Scanning.Checks;
using Demarc.Scanning.Evaluation;

namespace Demarc.Scanning.Terraform;

/// <summary>
/// Terraform forms that are code: where Terraform's shape differs from CloudFormation's more than a view can bridge.
/// <c>open-ingress</c> reads a security group's inline <c>ingress</c> blocks (one rule for several CIDR blocks) and
/// the rule resources that configure it; <c>instance-imdsv2</c> reads an instance's own <c>metadata_options</c> or
/// follows its <c>launch_template</c>.
/// </summary>
internal static class TerraformCodeChecks
{
    public static ICheckLogic? Create(string name, IReadOnlyDictionary<string, IReadOnlyList<string>> args, out string? error)
    {
        error = null;
        switch (name)
        {
            case "open-ingress":
                if (!args.TryGetValue("ports", out var values) || values.Count == 0)
                {
                    error = "argument 'ports' (a list of port numbers, or 'all') is required";
                    return null;
                }

                var ports = new List<int>();
                if (values is not ["all"])
                {
                    foreach (var value in values)
                    {
                        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
                        {
                            error = $"'{value}' is not a port number";
                            return null;
                        }

                        ports.Add(port);
                    }
                }

                return new OpenIngress(ports);
            case "instance-imdsv2":
                return new InstanceImdsV2();
            default:
                error = $"unknown Terraform code check '{name}' (known: instance-imdsv2, open-ingress)";
                return null;
        }
    }

    /// <summary>Ingress from the internet (0.0.0.0/0 or ::/0) on given ports, or on all ports.</summary>
    private sealed class OpenIngress(IReadOnlyList<int> ports) : ICheckLogic
    {
        public Verdict Evaluate(CheckContext context)
        {
            var resource = context.Resource;
            var items = new List<Evidence>();
            if (resource.Type == "aws_security_group")
            {
                var inline = resource.Items("ingress");
                for (var i = 0; i < inline.Count; i++)
                {
                    items.Add(Rule(inline[i], $"`ingress` block {i + 1}", Ranges(inline[i])));
                }

                foreach (var rule in resource.Items("aws_security_group_rule"))
                {
                    var type = rule.Get("type");
                    if (type.Is("egress").IsTrue)
                    {
                        continue;
                    }

                    items.Add(Rule(rule, "an `aws_security_group_rule`", Ranges(rule)));
                }

                foreach (var rule in resource.Items("aws_vpc_security_group_ingress_rule"))
                {
                    items.Add(Rule(rule, "an `aws_vpc_security_group_ingress_rule`", Ranges(rule)));
                }
            }
            else
            {
                if (TerraformSettings.ConfiguredBy(context.Template, resource) is { } group)
                {
                    return new Verdict(CheckOutcome.NotApplicable, $"checked with its group `{group.LogicalId}`", resource.Declaration.Position);
                }

                if (resource.Type == "aws_security_group_rule" && resource.Property("type").Is("egress").IsTrue)
                {
                    return new Verdict(CheckOutcome.NotApplicable, "an egress rule", resource.Declaration.Position);
                }

                items.Add(Rule(resource.Properties, "the rule", Ranges(resource.Properties)));
            }

            return Verdict.From(Evidence.All(items, resource.Declaration.Position));
        }

        // The CIDR blocks of a rule: lists on ingress blocks and aws_security_group_rule, one value on the VPC rule resources.
        private static (Value V4, Value V6) Ranges(Value rule) => rule.Get("cidr_ipv4").IsAbsent && rule.Get("cidr_ipv6").IsAbsent
            ? (rule.Get("cidr_blocks"), rule.Get("ipv6_cidr_blocks"))
            : (rule.Get("cidr_ipv4"), rule.Get("cidr_ipv6"));

        private Evidence Rule(Value rule, string name, (Value V4, Value V6) ranges)
        {
            var fromAnywhere = ranges.V4.Some(c => c.Is("0.0.0.0/0")).Or(ranges.V6.Some(c => c.Is("::/0")));
            var protocol = rule.Get("ip_protocol").IsAbsent ? rule.Get("protocol") : rule.Get("ip_protocol");
            var allProtocols = protocol.Is(s => s.Text is "-1" or "all");
            var from = rule.Get("from_port");
            var to = rule.Get("to_port");
            Truth covered;
            var tcpOrUdp = protocol.Is(s => s.Text.ToLowerInvariant() is "tcp" or "6" or "udp" or "17");
            if (ports.Count == 0)
            {
                covered = allProtocols.Or(tcpOrUdp.And(from.Is(s => s.AsInteger() is 0 or -1)).And(to.Is(s => s.AsInteger() is 65535 or -1)));
            }
            else
            {
                var inRange = Truth.Any(ports.Select(port =>
                    from.Is(s => s.AsInteger() is { } f && (f == -1 || f <= port)).And(to.Is(s => s.AsInteger() is { } t && (t == -1 || t >= port)))));
                covered = allProtocols.Or(tcpOrUdp.And(inRange));
            }

            var open = fromAnywhere.And(covered);
            var what = ports.Count == 0 ? "all ports" : $"port {string.Join(", ", ports)}";
            return new Evidence(open.Not(), () => open.IsUnknown
                ? $"{name}: {open.Reason}"
                : $"{name} allows {what} from anywhere ({protocol.Display()} {from.Display()}-{to.Display()})");
        }
    }

    /// <summary>An instance requires IMDSv2: its <c>metadata_options.http_tokens</c>, or its launch template's.</summary>
    private sealed class InstanceImdsV2 : ICheckLogic
    {
        public Verdict Evaluate(CheckContext context)
        {
            var resource = context.Resource;
            var tokens = resource.Property("metadata_options.http_tokens");
            if (!tokens.IsAbsent)
            {
                return Judge(tokens, "`metadata_options.http_tokens`");
            }

            var launchTemplate = resource.Property("launch_template");
            if (launchTemplate.IsAbsent)
            {
                return new Verdict(CheckOutcome.Fail, "the instance sets no `metadata_options.http_tokens = \"required\"` and has no launch template, so IMDSv1 stays enabled", resource.Declaration.Position);
            }

            var target = context.Template.Target(launchTemplate.Get("id")) ?? context.Template.Target(launchTemplate.Get("name"));
            if (target is null && launchTemplate.Get("name").AsString() is { } name)
            {
                target = context.Template.OfType("aws_launch_template").FirstOrDefault(t => t.Property("name").AsString() == name);
            }

            if (target is null || target.Type != "aws_launch_template")
            {
                return new Verdict(CheckOutcome.Unknown, $"the launch template `{launchTemplate.Get("id").Display()}` is not in this configuration", launchTemplate.Position);
            }

            return Judge(target.Property("metadata_options.http_tokens"), $"launch template `{target.LogicalId}`'s `metadata_options.http_tokens`") with { Position = launchTemplate.Position };
        }

        private static Verdict Judge(Value tokens, string what)
        {
            var truth = tokens.Is("required");
            return Verdict.From(new Evidence(truth, () => truth.IsUnknown ? $"{what}: {truth.Reason}" : $"{what} is {(tokens.IsAbsent ? "not set" : $"`{tokens.Display()}`")} (expected `required`)"));
        }
    }
}
