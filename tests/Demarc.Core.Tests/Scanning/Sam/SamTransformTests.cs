using Demarc.Scanning;
using Demarc.Scanning.Evaluation;
using Demarc.Scanning.Templates;

namespace Demarc.Core.Tests.Scanning.Sam;

public class SamTransformTests
{
    private const string Template = """
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function:
            Runtime: python3.12
            Timeout: 30
            KmsKeyArn: arn:aws:kms:eu-west-1:111122223333:key/global
            Environment:
              Variables:
                TABLE: orders
                STAGE: global
            Layers: [arn:global-layer]
          Api:
            TracingEnabled: true
            AccessLogSetting: {DestinationArn: arn:logs, Format: '$context.requestId'}
          SimpleTable:
            SSESpecification: {SSEEnabled: true}
        Resources:
          Orders:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Timeout: 10
              Environment:
                Variables:
                  STAGE: prod
              Layers: [arn:own-layer]
              Policies:
                - AmazonS3ReadOnlyAccess
                - Statement: [{Effect: Allow, Action: 's3:*', Resource: '*'}]
                - DynamoDBCrudPolicy: {TableName: !Ref Table}
              FunctionUrlConfig: {AuthType: NONE}
              Events:
                Get: {Type: Api, Properties: {Path: /orders, Method: get}}
                Http: {Type: HttpApi}
          WithRole:
            Type: AWS::Serverless::Function
            Properties:
              Handler: b.handler
              Role: arn:aws:iam::111122223333:role/existing
          Table:
            Type: AWS::Serverless::SimpleTable
          Flow:
            Type: AWS::Serverless::StateMachine
            Properties: {DefinitionUri: flow.json}
        """;

    private static readonly EvaluatedTemplate Evaluated = TestTemplates.Evaluate(Template);

    [Fact]
    public void Globals_ScalarsFromGlobalsApplyWhereTheResourceGivesNone()
    {
        var orders = Evaluated.Resource("Orders")!;

        Assert.Equal("python3.12", orders.Property("Runtime").AsString());
        Assert.Equal("arn:aws:kms:eu-west-1:111122223333:key/global", orders.Property("KmsKeyArn").AsString());

        // The merged value keeps its position in Globals, so a finding points where it is written.
        Assert.Equal(4, orders.Property("Runtime").Position.Line);
    }

    [Fact]
    public void Globals_TheResourceScalarWins()
    {
        Assert.Equal("10", Evaluated.Resource("Orders")!.Property("Timeout").AsString());
    }

    [Fact]
    public void Globals_MapsMergeKeyByKey()
    {
        var variables = Evaluated.Resource("Orders")!.Property("Environment.Variables");

        Assert.Equal("orders", variables["TABLE"].AsString());
        Assert.Equal("prod", variables["STAGE"].AsString());
    }

    [Fact]
    public void Globals_ListsConcatenateGlobalsFirst()
    {
        Assert.Equal(["arn:global-layer", "arn:own-layer"], Evaluated.Resource("Orders")!.Items("Layers").Select(v => v.AsString()));
    }

    [Fact]
    public void Globals_ApplyToEveryResourceOfTheType()
    {
        Assert.Equal("python3.12", Evaluated.Resource("WithRole")!.Property("Runtime").AsString());
        Assert.True(Evaluated.Resource("Table")!.Property("SSESpecification.SSEEnabled").IsTrue().IsTrue);
    }

    [Fact]
    public void ImplicitRole_IsCreatedForAFunctionWithoutRole()
    {
        var role = Evaluated.Resource("OrdersRole")!;

        Assert.Equal("AWS::IAM::Role", role.Type);
        Assert.Equal(ResourceOriginKind.SamImplicit, role.Origin.Kind);
        Assert.Equal("Orders", role.Origin.From);
        Assert.Equal(Evaluated.Resource("Orders")!.Location, role.Location);
        Assert.Equal("lambda.amazonaws.com", role.Property("AssumeRolePolicyDocument.Statement.0.Principal.Service.0").AsString());
        var managed = role.Items("ManagedPolicyArns").Select(v => v.Display()).ToList();
        Assert.Contains("arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", managed);
        Assert.Contains("arn:${AWS::Partition}:iam::aws:policy/AmazonS3ReadOnlyAccess", managed);
    }

    [Fact]
    public void ImplicitRole_CarriesInlineStatementsAndMarksPolicyTemplatesUnknown()
    {
        var policies = Evaluated.Resource("OrdersRole")!.Items("Policies");

        Assert.Equal(2, policies.Count);
        Assert.Equal("s3:*", policies[0].Get("PolicyDocument.Statement.0.Action").AsString());
        var template = Assert.IsType<UnknownValue>(policies[1]["PolicyDocument"]);
        Assert.Equal(UnknownKind.Macro, template.Kind);
        Assert.Contains("DynamoDBCrudPolicy", template.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ImplicitRole_IsNotCreatedWhenARoleIsGiven()
    {
        Assert.Null(Evaluated.Resource("WithRoleRole"));
    }

    [Fact]
    public void ImplicitRole_ForAStateMachine()
    {
        Assert.Equal("states.amazonaws.com", Evaluated.Resource("FlowRole")!.Property("AssumeRolePolicyDocument.Statement.0.Principal.Service.0").AsString());
    }

    [Fact]
    public void ImplicitApis_AreCreatedFromEventsWithApiGlobals()
    {
        var rest = Evaluated.Resource("ServerlessRestApi")!;

        Assert.Equal("AWS::Serverless::Api", rest.Type);
        Assert.Equal("Prod", rest.Property("StageName").AsString());
        Assert.True(rest.Property("TracingEnabled").IsTrue().IsTrue);
        Assert.Equal("arn:logs", rest.Property("AccessLogSetting.DestinationArn").AsString());
        Assert.Equal("Orders", rest.Origin.From);
        Assert.Equal("AWS::Serverless::HttpApi", Evaluated.Resource("ServerlessHttpApi")!.Type);
    }

    [Fact]
    public void FunctionUrl_IsCreatedWithItsAuthType()
    {
        var url = Evaluated.Resource("OrdersUrl")!;

        Assert.Equal("AWS::Lambda::Url", url.Type);
        Assert.Equal("NONE", url.Property("AuthType").AsString());
        Assert.Equal("Orders", ((ReferenceValue)url.Property("TargetFunctionArn")).LogicalId);
    }

    [Fact]
    public void ImplicitResources_FollowTheirOwnerInDocumentOrder()
    {
        Assert.Equal(
            ["Orders", "OrdersRole", "OrdersUrl", "WithRole", "Table", "Flow", "FlowRole", "ServerlessRestApi", "ServerlessHttpApi"],
            Evaluated.Resources.Select(r => r.LogicalId));
    }

    [Fact]
    public void NotSam_GlobalsAreIgnoredWithAWarning()
    {
        var template = TestTemplates.Evaluate("Globals:\n  Function: {Runtime: x}\nResources:\n  F: {Type: AWS::Lambda::Function}\n");

        Assert.True(template.Resource("F")!.Property("Runtime").IsAbsent);
        Assert.Contains(template.Diagnostics, d => d.Rule == ScanRules.InvalidTemplate && d.Message.Contains("Globals", StringComparison.Ordinal));
    }
}
