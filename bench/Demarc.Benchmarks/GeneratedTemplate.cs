using System.Globalization;
using System.Text;

namespace Demarc.Benchmarks;

/// <summary>
/// A large synthetic template for the "10,000 resources with 50 conditions" target: parameters with and without
/// defaults, conditions that combine them, and resources whose properties use Ref, Fn::If, Fn::Sub, Fn::GetAtt,
/// Fn::FindInMap and Fn::Join, in JSON or YAML.
/// </summary>
public static class GeneratedTemplate
{
    public static string Json(int resources = 10_000, int conditions = 50)
    {
        var b = new StringBuilder();
        b.Append("{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Parameters\": {\n");
        for (var i = 0; i < conditions; i++)
        {
            // Every other parameter has no default, so half the conditions are unknown and Fn::If keeps both branches.
            b.Append(Inv($"    \"P{i}\": {{\"Type\": \"String\"{(i % 2 == 0 ? ", \"Default\": \"on\"" : "")}}}{(i < conditions - 1 ? "," : "")}\n"));
        }

        b.Append("  },\n  \"Mappings\": {\"Sizes\": {\"on\": {\"Db\": \"db.m5.large\"}, \"off\": {\"Db\": \"db.t3.micro\"}}},\n  \"Conditions\": {\n");
        for (var i = 0; i < conditions; i++)
        {
            var expression = i == 0
                ? "{\"Fn::Equals\": [{\"Ref\": \"P0\"}, \"on\"]}"
                : Inv($"{{\"Fn::Or\": [{{\"Fn::Equals\": [{{\"Ref\": \"P{i}\"}}, \"on\"]}}, {{\"Fn::Not\": [{{\"Condition\": \"C{i - 1}\"}}]}}]}}");
            b.Append(Inv($"    \"C{i}\": {expression}{(i < conditions - 1 ? "," : "")}\n"));
        }

        b.Append("  },\n  \"Resources\": {\n");
        for (var i = 0; i < resources; i++)
        {
            var c = Inv($"C{i % conditions}");
            var p = Inv($"P{i % conditions}");
            var body = (i % 5) switch
            {
                0 => Inv($"\"Type\": \"AWS::S3::Bucket\", \"Properties\": {{\"BucketName\": {{\"Fn::Sub\": \"bucket-{i}-${{AWS::Region}}\"}}, \"BucketEncryption\": {{\"ServerSideEncryptionConfiguration\": [{{\"ServerSideEncryptionByDefault\": {{\"SSEAlgorithm\": {{\"Fn::If\": [\"{c}\", \"aws:kms\", \"AES256\"]}}}}}}]}}, \"Tags\": [{{\"Key\": \"n\", \"Value\": \"{i}\"}}]}}"),
                1 => Inv($"\"Type\": \"AWS::SQS::Queue\", \"Properties\": {{\"KmsMasterKeyId\": {{\"Fn::If\": [\"{c}\", {{\"Ref\": \"R{i - 1}\"}}, {{\"Ref\": \"AWS::NoValue\"}}]}}, \"QueueName\": {{\"Fn::Join\": [\"-\", [\"q\", {{\"Ref\": \"{p}\"}}, \"{i}\"]]}}}}"),
                2 => Inv($"\"Type\": \"AWS::EC2::SecurityGroup\", \"Properties\": {{\"GroupDescription\": \"g{i}\", \"SecurityGroupIngress\": [{{\"IpProtocol\": \"tcp\", \"FromPort\": 22, \"ToPort\": 22, \"CidrIp\": {{\"Fn::If\": [\"{c}\", \"10.0.0.0/8\", \"0.0.0.0/0\"]}}}}, {{\"IpProtocol\": \"tcp\", \"FromPort\": 443, \"ToPort\": 443, \"CidrIp\": \"0.0.0.0/0\"}}]}}"),
                3 => Inv($"\"Type\": \"AWS::RDS::DBInstance\", \"Condition\": \"{c}\", \"Properties\": {{\"Engine\": \"postgres\", \"DBInstanceClass\": {{\"Fn::FindInMap\": [\"Sizes\", {{\"Ref\": \"{p}\"}}, \"Db\"]}}, \"StorageEncrypted\": {{\"Fn::If\": [\"{c}\", true, false]}}, \"VPCSecurityGroups\": [{{\"Fn::GetAtt\": [\"R{i - 1}\", \"GroupId\"]}}]}}"),
                _ => Inv($"\"Type\": \"AWS::Lambda::Function\", \"Properties\": {{\"Runtime\": \"python3.12\", \"Handler\": \"app.handler\", \"Role\": {{\"Fn::GetAtt\": [\"R{i - 4}\", \"Arn\"]}}, \"Environment\": {{\"Variables\": {{\"STAGE\": {{\"Ref\": \"{p}\"}}, \"TABLE\": {{\"Fn::Sub\": \"t-${{{p}}}\"}}}}}}}}"),
            };
            b.Append(Inv($"    \"R{i}\": {{{body}}}{(i < resources - 1 ? "," : "")}\n"));
        }

        b.Append("  }\n}\n");
        return b.ToString();
    }

    /// <summary>The same template as YAML (block style, long forms), for the YAML reader.</summary>
    public static string Yaml(int resources = 10_000, int conditions = 50)
    {
        var root = (Demarc.Parsing.MappingNode)Demarc.Parsing.JsonTreeReader.Read(Encoding.UTF8.GetBytes(Json(resources, conditions))).Document;
        var b = new StringBuilder();
        Write(b, root, 0);
        return b.ToString();
    }

    private static void Write(StringBuilder b, Demarc.Parsing.SyntaxNode node, int indent)
    {
        var pad = new string(' ', indent);
        switch (node)
        {
            case Demarc.Parsing.MappingNode map:
                foreach (var entry in map.Entries)
                {
                    b.Append(pad).Append(Quote(entry.Key.Value)).Append(':');
                    WriteValue(b, entry.Value, indent);
                }

                break;
            case Demarc.Parsing.SequenceNode list:
                foreach (var item in list.Items)
                {
                    b.Append(pad).Append('-');
                    WriteValue(b, item, indent);
                }

                break;
        }
    }

    private static void WriteValue(StringBuilder b, Demarc.Parsing.SyntaxNode value, int indent)
    {
        // Intrinsic functions in their short forms, as people write YAML templates: !Ref X, !If [...], !Sub '...'.
        if (value is Demarc.Parsing.MappingNode { Entries.Count: 1 } intrinsic
            && Demarc.Scanning.Templates.ShortForms.Tags.FirstOrDefault(t => t.Value == intrinsic.Entries[0].Key.Value) is { Key: not null } tag)
        {
            b.Append(' ').Append(tag.Key);
            value = intrinsic.Entries[0].Value;
        }

        if (value is Demarc.Parsing.ScalarNode scalar)
        {
            b.Append(' ').Append(scalar.IsPlain ? scalar.Value : Quote(scalar.Value)).Append('\n');
        }
        else if (value is Demarc.Parsing.MappingNode { Entries.Count: 0 })
        {
            b.Append(" {}\n");
        }
        else if (value is Demarc.Parsing.SequenceNode { Items.Count: 0 })
        {
            b.Append(" []\n");
        }
        else
        {
            b.Append('\n');
            Write(b, value, indent + 2);
        }
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
