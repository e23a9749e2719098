using ChatApp.Circuits;
using ChatApp.Configuration;
using ChatApp.Conversations;
using ChatApp.Identity;
using ChatApp.Providers;
using ChatApp.Storage;
using ChatApp.Streaming;
using ChatApp.Telemetry;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ChatApp.Hosting;

/// <summary>The app's services, by area: configuration, streaming, storage and identity.</summary>
public static class ChatAppServiceCollectionExtensions
{
    /// <summary>The <c>Chat</c> section, validated at startup (a bad value stops the app naming its key).</summary>
    public static IServiceCollection AddChatConfiguration(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ChatOptions>().Bind(configuration.GetSection(ChatOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChatOptions>, ChatOptionsValidator>();
        return services;
    }

    /// <summary>Providers, failover, generations, metrics, and the per-circuit chat session.</summary>
    public static IServiceCollection AddChatStreaming(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ChatApp.Markdown.AnswerRenderings>();
        // Provider streams can run for minutes: the per-stream limits are ours, not HttpClient's 100 s default.
        services.AddHttpClient(ProviderCatalog.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            // A stream given up (Stop, failover, nobody reading) closes its connection at once. By default the handler
            // reads an unfinished body on for up to 2 s to reuse the connection, and the provider goes on generating
            // (and billing) the stopped answer meanwhile.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { MaxResponseDrainSize = 0 })
            .AddHttpMessageHandler(() => new StreamEndMarkerHandler());
        services.AddSingleton<ProviderCatalog>();
        services.AddSingleton<ProviderResilience>();
        services.AddSingleton<FailoverChatStream>();
        services.AddSingleton<Conversations.ImageUploads>();
        services.AddSingleton<Tools.ChatToolSet>();
        services.AddSingleton<Tools.ToolCallingChatStream>();
        services.AddSingleton<Answers.RequestRouter>();
        services.AddSingleton<Answers.TurnStarter>();
        services.AddSingleton<Answers.StreamLimits>();
        services.AddSingleton<Answers.ShutdownDrain>();
        // The host waits for the drain (Chat:Streaming:DrainSeconds) plus the final checkpoints.
        services.AddOptions<HostOptions>().Configure<IOptions<ChatOptions>>((host, chat) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(chat.Value.Streaming.DrainSeconds + 15));
        services.AddSingleton<Endpoints.ChatStreams>();
        services.AddSingleton<StreamMetrics>();
        services.AddSingleton<BrowserFrameMetrics>();
        services.AddSingleton<StreamStatistics>();
        services.AddScoped<AnswerFrameReports>();
        services.AddSingleton<GenerationRegistry>();
        services.AddSingleton<Lab.LabAnswers>();
        services.AddSingleton<PageConnections>();
        services.AddHostedService<GenerationShutdownService>();
        services.AddHostedService<IdleMemoryTrim>();
        services.AddHostedService<BusyGen1Collection>();
        services.AddSingleton<ReaderPacing>();
        services.AddHostedService<ServerLoadMonitor>();
        services.AddScoped<ChatSession>();
        services.AddScoped<CircuitHandler, ChatCircuitHandler>();
        // Metrics in Prometheus text format at /metrics (OpenTelemetry's exporter, not a hand-written one); traces
        // of each answer, with Semantic Kernel's own activities nested. Both also go out over OTLP when
        // OTEL_EXPORTER_OTLP_ENDPOINT is set, and nowhere else when it is not.
        var otlp = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("ChatApp"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(StreamMetrics.MeterName, BrowserFrameMetrics.MeterName, "Microsoft.SemanticKernel*").AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            // ASP.NET Core's request spans too: an answer's span nests under its request's, which carries a caller's
            // traceparent (the per-request log lines that would otherwise make that Activity are off by default).
            telemetry.WithTracing(tracing => tracing.AddSource(AnswerTracing.SourceName, "Microsoft.SemanticKernel*", "Microsoft.AspNetCore").AddOtlpExporter());
        }
        return services;
    }

    /// <summary>
    /// Conversations in a real database (a SQLite file by default, or PostgreSQL), migrated at startup, and
    /// an anonymous identity per browser whose data-protection keys live in the data folder.
    /// </summary>
    public static IServiceCollection AddChatStorage(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var storage = configuration.GetSection("Chat:Storage").Get<StorageOptions>() ?? new StorageOptions();
        var dataFolder = Path.GetFullPath(Path.Combine(environment.ContentRootPath, storage.DataFolder));
        Directory.CreateDirectory(dataFolder);
        if (storage.Provider == "postgres")
        {
            services.AddDbContextFactory<PostgresChatDbContext>(options => options.UseNpgsql(storage.ConnectionString));
            services.AddSingleton<IDbContextFactory<ChatDbContext>, ChatDbContextFactory<PostgresChatDbContext>>();
        }
        else
        {
            services.AddDbContextFactory<ChatDbContext>(options =>
                options.UseSqlite(storage.ConnectionString ?? $"Data Source={Path.Combine(dataFolder, "chat.db")}"));
        }
        services.AddSingleton<ConversationStore>();
        services.AddSingleton<AttemptCheckpointer>();
        services.AddHostedService<StorageStartup>();
        var dataProtection = services.AddDataProtection().SetApplicationName("ChatApp");
        if (string.IsNullOrWhiteSpace(configuration["Chat:ScaleOut:Redis"]))
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataFolder, "keys"))); // scaled out: in Redis (AddChatScaleOut)
        }
        services.AddSingleton<AnonymousIdentity>();
        services.AddHostedService<StartupSummary>();
        return services;
    }

    /// <summary>
    /// Scaled out (<c>Chat:ScaleOut:Redis</c>): answers are published to Redis as they are produced, followed from
    /// Redis when another instance produces them, stopped from any instance, and taken over when their producer dies.
    /// Blazor's own connections stay on their instance (no SignalR backplane: a Redis outage must not end every page).
    /// </summary>
    public static IServiceCollection AddChatScaleOut(this IServiceCollection services, IConfiguration configuration)
    {
        var setting = configuration["Chat:ScaleOut:Redis"];
        if (string.IsNullOrWhiteSpace(setting))
        {
            return services;
        }
        StackExchange.Redis.ConfigurationOptions options;
        try
        {
            options = StackExchange.Redis.ConfigurationOptions.Parse(setting);
        }
        catch (ArgumentException)
        {
            return services; // the options validator stops startup, naming the key
        }
        // Start even while Redis is down: answers then run on their instance only, and the connection comes back by itself.
        options.AbortOnConnectFail = false;
        var redis = StackExchange.Redis.ConnectionMultiplexer.Connect(options);
        services.AddSingleton<StackExchange.Redis.IConnectionMultiplexer>(redis);
        // Every instance reads and writes the same key ring: the identity cookie and the prerendered page's state,
        // protected on one instance, are read on another.
        services.AddDataProtection().PersistKeysToStackExchangeRedis(redis, "chatapp:data-protection-keys");
        services.AddSingleton<ScaleOut.SharedAnswers>();
        services.AddHostedService(provider => provider.GetRequiredService<ScaleOut.SharedAnswers>());
        services.AddSingleton<IAnswerOwnership>(provider => provider.GetRequiredService<ScaleOut.SharedAnswers>());
        services.AddSingleton<ScaleOut.AnswerMirrors>();
        services.AddSingleton<IAnswersElsewhere>(provider => provider.GetRequiredService<ScaleOut.AnswerMirrors>());
        services.AddHostedService<ScaleOut.LeaseSweeper>();
        services.AddSingleton<Answers.IClusterLimits, ScaleOut.RedisLimits>();
        return services;
    }
}
