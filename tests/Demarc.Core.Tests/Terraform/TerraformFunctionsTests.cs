using Demarc.Scanning.Evaluation;
using Demarc.Scanning.Terraform;

namespace Demarc.Core.Tests.Terraform;

public class TerraformFunctionsTests
{
    // Known results, written as the JSON of the value (strings quoted, numbers bare).
    [Theory]
    [InlineData("1 + 2 * 3", "7")]
    [InlineData("7 / 2", "3.5")]
    [InlineData("7 % 3", "1")]
    [InlineData("-(2 - 5)", "3")]
    [InlineData("1 < 2 && !(2 >= 3)", "true")]
    [InlineData("\"a\" == \"a\" && 1 != 2", "true")]
    [InlineData("[1, \"a\"] == [1, \"a\"]", "true")]
    [InlineData("true ? \"yes\" : \"no\"", "\"yes\"")]
    [InlineData("\"x-${1 + 1}-%{ if true }y%{ else }n%{ endif }\"", "\"x-2-y\"")]
    [InlineData("merge({ a = 1, b = 2 }, { b = 3 }, null)", "{\"a\":1,\"b\":3}")]
    [InlineData("concat([1], [2, 3])", "[1,2,3]")]
    [InlineData("lookup({ a = 1 }, \"b\", 9)", "9")]
    [InlineData("lookup({ a = 1 }, \"a\")", "1")]
    [InlineData("length([1, 2, 3])", "3")]
    [InlineData("length({ a = 1 })", "1")]
    [InlineData("length(\"héllo\")", "5")]
    [InlineData("element([\"a\", \"b\"], 3)", "\"b\"")]
    [InlineData("jsonencode({ b = [1, true, null], a = \"x\" })", "\"{\\\"a\\\":\\\"x\\\",\\\"b\\\":[1,true,null]}\"")]
    [InlineData("jsondecode(\"{\\\"a\\\": [1, 2]}\")", "{\"a\":[1,2]}")]
    [InlineData("format(\"%s-%03d-%.2f-%t-%v\", \"a\", 7, 1.5, true, 3)", "\"a-007-1.50-true-3\"")]
    [InlineData("formatlist(\"%s:%s\", [\"a\", \"b\"], \"x\")", "[\"a:x\",\"b:x\"]")]
    [InlineData("join(\",\", [\"a\", \"b\"], [\"c\"])", "\"a,b,c\"")]
    [InlineData("split(\",\", \"a,b\")", "[\"a\",\"b\"]")]
    [InlineData("lower(\"AbC\")", "\"abc\"")]
    [InlineData("upper(\"abc\")", "\"ABC\"")]
    [InlineData("title(\"hello world\")", "\"Hello World\"")]
    [InlineData("tolist(toset([\"b\", \"a\", \"b\"]))", "[\"a\",\"b\"]")]
    [InlineData("tomap({ a = 1 })", "{\"a\":1}")]
    [InlineData("coalesce(null, \"\", \"x\")", "\"x\"")]
    [InlineData("coalescelist([], [1])", "[1]")]
    [InlineData("try(local.nope, \"fallback\")", "\"fallback\"")]
    [InlineData("try([1][5], \"fallback\")", "\"fallback\"")]
    [InlineData("can([1][5])", "false")]
    [InlineData("can([1][0])", "true")]
    [InlineData("keys({ b = 1, a = 2 })", "[\"a\",\"b\"]")]
    [InlineData("values({ b = 1, a = 2 })", "[2,1]")]
    [InlineData("contains([\"a\", \"b\"], \"b\")", "true")]
    [InlineData("distinct([1, 2, 1])", "[1,2]")]
    [InlineData("flatten([[1, [2]], 3])", "[1,2,3]")]
    [InlineData("compact([\"a\", \"\", null])", "[\"a\"]")]
    [InlineData("zipmap([\"a\", \"b\"], [1, 2])", "{\"a\":1,\"b\":2}")]
    [InlineData("range(3)", "[0,1,2]")]
    [InlineData("range(1, 7, 3)", "[1,4]")]
    [InlineData("slice([1, 2, 3, 4], 1, 3)", "[2,3]")]
    [InlineData("reverse([1, 2])", "[2,1]")]
    [InlineData("sort([\"b\", \"a\"])", "[\"a\",\"b\"]")]
    [InlineData("max(1, 5, 3)", "5")]
    [InlineData("min([4, 2]...)", "2")]
    [InlineData("sum([1, 2.5])", "3.5")]
    [InlineData("abs(-3)", "3")]
    [InlineData("ceil(1.2)", "2")]
    [InlineData("floor(1.8)", "1")]
    [InlineData("replace(\"a-b-c\", \"-\", \"_\")", "\"a_b_c\"")]
    [InlineData("replace(\"a1b22\", \"/[0-9]+/\", \"#\")", "\"a#b#\"")]
    [InlineData("trimspace(\"  x \")", "\"x\"")]
    [InlineData("trimprefix(\"arn:aws\", \"arn:\")", "\"aws\"")]
    [InlineData("substr(\"hello\", 1, 3)", "\"ell\"")]
    [InlineData("startswith(\"arn:aws\", \"arn\")", "true")]
    [InlineData("base64decode(base64encode(\"hi\"))", "\"hi\"")]
    [InlineData("tonumber(\"42\")", "42")]
    [InlineData("tostring(5)", "\"5\"")]
    [InlineData("tobool(\"true\")", "true")]
    [InlineData("one([\"x\"])", "\"x\"")]
    [InlineData("alltrue([true, true])", "true")]
    [InlineData("anytrue([false, true])", "true")]
    [InlineData("setunion([\"a\"], [\"b\", \"a\"])", "[\"a\",\"b\"]")]
    [InlineData("regex(\"^arn:([a-z-]+):\", \"arn:aws-cn:s3\")", "[\"aws-cn\"]")]
    [InlineData("index([\"a\", \"b\"], \"b\")", "1")]
    [InlineData("[for i, v in [\"a\", \"b\"] : \"${i}${v}\"]", "[\"0a\",\"1b\"]")]
    [InlineData("[{ a = 1 }, { a = 2 }][*].a", "[1,2]")]
    [InlineData("{ for k, v in { x = 1 } : k => v }", "{\"x\":1}")]
    public void Evaluate_KnownArguments_GiveTerraformsResult(string expression, string json)
    {
        var value = TerraformEvaluator.EvaluateExpression(expression);

        Assert.True(value.IsKnown, $"{expression}: {value.Display()}");
        Assert.Equal(json, TerraformValues.ToJson(value is JsonTextValue text ? TerraformValues.String(text.Text(), default) : value));
    }

    [Theory]
    [InlineData("timestamp()", "different value each time")]
    [InlineData("uuid()", "different value each time")]
    [InlineData("provider::aws::arn_parse(\"x\")", "evaluated by its provider")]
    [InlineData("sha256(\"x\")", "not evaluated by Demarc")]
    [InlineData("lookup({ a = 1 }, \"b\")", "has no key")]
    [InlineData("[1][3]", "out of range")]
    [InlineData("1 / 0", "division by zero")]
    [InlineData("\"a\" + 1", "needs numbers")]
    [InlineData("\"a${[1]}\"", "cannot be put in a string")]
    public void Evaluate_WhatCannotBeKnown_IsUnknownWithTheReason(string expression, string reason)
    {
        var value = Assert.IsType<UnknownValue>(TerraformEvaluator.EvaluateExpression(expression));

        Assert.Contains(reason, value.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_UnknownArguments_KeepWhatIsStillKnown()
    {
        var bucket = TempModule.Resource(TempModule.Evaluate("""
            variable "env" { type = string }
            variable "extra" { type = map(string) }
            resource "aws_s3_bucket" "b" {
              tags      = merge({ Owner = "team" }, { Env = var.env })
              both      = merge({ Owner = "team" }, var.extra)
              count_of  = length([var.env, "x"])
              name      = format("%s-logs", var.env)
              joined    = join("-", ["app", var.env])
              upper_env = upper(var.env)
              chosen    = lookup({ a = var.env }, "a")
              encoded   = jsonencode({ Env = var.env })
            }
            """), "aws_s3_bucket.b");

        Assert.Equal("team", bucket.Property("tags.Owner").AsString());
        Assert.IsType<UnknownValue>(bucket.Property("tags.Env"));
        Assert.IsType<UnknownValue>(bucket.Property("both"));
        Assert.Equal("2", bucket.Property("count_of").AsString());
        var name = Assert.IsType<TextValue>(bucket.Property("name"));
        Assert.False(name.CouldEqual("*"));
        Assert.True(name.CouldEqual("prod-logs"));
        Assert.IsType<TextValue>(bucket.Property("joined"));
        Assert.Contains("variable `env`", Assert.IsType<UnknownValue>(bucket.Property("upper_env")).Reason, StringComparison.Ordinal);
        Assert.IsType<UnknownValue>(bucket.Property("chosen"));
        Assert.IsType<UnknownValue>(bucket.Property("encoded.Env"));
    }

    [Fact]
    public void Evaluate_FunctionOfAConditional_IsAppliedPerBranch()
    {
        var bucket = TempModule.Resource(TempModule.Evaluate("""
            variable "prod" { type = bool }
            resource "aws_s3_bucket" "b" {
              algorithm = upper(var.prod ? "aws:kms" : "aes256")
            }
            """), "aws_s3_bucket.b");

        var algorithm = Assert.IsType<AlternativesValue>(bucket.Property("algorithm"));
        Assert.Equal(["AWS:KMS", "AES256"], algorithm.Branches.Select(b => b.Value.AsString()));
    }
}
