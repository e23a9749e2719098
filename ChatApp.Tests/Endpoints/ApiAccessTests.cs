using System.Net;
using ChatApp.Configuration;
using ChatApp.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatApp.Tests.Endpoints;

/// <summary>Secure by default: keys when configured, this machine only when not.</summary>
public sealed class ApiAccessTests
{
    private const string Key = "sk-test-0123456789abcdef";

    private static async Task<(int Status, string? Caller, string Body)> CallAsync(string[] keys, IPAddress remote, string? authorization = null)
    {
        var filter = new ApiAccess(Options.Create(new ChatOptions { Api = new ApiOptions { Keys = [.. keys] } }));
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Connection.RemoteIpAddress = remote;
        context.Response.Body = new MemoryStream();
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }
        var result = await filter.InvokeAsync(new DefaultEndpointFilterInvocationContext(context), _ => ValueTask.FromResult<object?>("served"));
        if (result is IResult refusal)
        {
            await refusal.ExecuteAsync(context);
        }
        context.Response.Body.Position = 0;
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        return (result is "served" ? 200 : context.Response.StatusCode, context.Items.Count > 0 ? ApiAccess.CallerOf(context) : null, body);
    }

    [Fact]
    public async Task NoKeysConfigured_ServesThisMachine_AndRefusesOthersNamingTheSetting()
    {
        Assert.Equal(200, (await CallAsync([], IPAddress.Loopback)).Status);
        Assert.Equal(200, (await CallAsync([], IPAddress.IPv6Loopback)).Status);

        var (status, _, body) = await CallAsync([], IPAddress.Parse("10.1.2.3"));

        Assert.Equal(403, status);
        Assert.Contains("Chat:Api:Keys:0", body);
    }

    [Fact]
    public async Task KeysConfigured_NeedABearerKey_FromAnywhere_AndNeverEchoIt()
    {
        var missing = await CallAsync([Key], IPAddress.Loopback);
        var wrong = await CallAsync([Key], IPAddress.Loopback, "Bearer sk-wrong-key-0000000000");
        var right = await CallAsync([Key], IPAddress.Parse("10.1.2.3"), $"Bearer {Key}");

        Assert.Equal((401, 401, 200), (missing.Status, wrong.Status, right.Status));
        Assert.Contains("invalid_api_key", wrong.Body);
        Assert.DoesNotContain("sk-wrong", wrong.Body);
        Assert.StartsWith("key:", right.Caller);
        Assert.DoesNotContain(Key, right.Caller);
    }
}
