using System.Text;
using Microsoft.SemanticKernel;

namespace ChatApp.Providers.Simulated;

/// <summary>The canned markdown the simulated model streams: realistic, varied, and the same every time.</summary>
public static class SimulatedAnswers
{
    /// <summary>The answer to a prompt with images: it names what arrived (the simulated model cannot look inside).</summary>
    public static string Images(string prompt, IReadOnlyList<ImageContent> images)
    {
        var list = string.Join(", ", images.Select(Describe));
        var count = images.Count == 1 ? "1 image" : $"{images.Count} images";
        var asked = prompt.Trim().Length > 0 ? $"\n\nYou asked: *{prompt.Trim()}*" : "";
        return $"I received **{count}**: {list}. They reached me as image content, the way a vision-capable model gets them; " +
            $"being the simulated model, I can't see what is in them, but a vision model would describe them here.{asked}";
    }

    // Inline bytes by type and size; a linked image (an HTTP client's image URL) by where it lives.
    private static string Describe(ImageContent image) => image.Data is { } data
        ? $"a {(image.MimeType ?? "image").Replace("image/", "", StringComparison.Ordinal).ToUpperInvariant()} ({Math.Max(1, data.Length / 1024)} KB)"
        : $"a linked image ({image.Uri?.Host})";

    /// <summary>An ordinary answer about the prompt's topic: paragraphs, a list, a table and a code block.</summary>
    public static string General(string prompt)
    {
        var topic = Topic(prompt);
        return (StableHash.Of(prompt) % 3) switch
        {
            0 => $$"""
                Good question. Here is a short overview of **{{topic}}**, with the parts that usually matter in practice.

                ## The short answer

                Start small, measure, and only then optimise. Most of the benefit comes from a few decisions made early:

                1. **Pick clear boundaries.** Keep the core logic free of framework types so it is easy to test.
                2. **Make the slow parts visible.** Add timing around I/O before guessing where time goes.
                3. **Automate the checks.** A test that runs on every change is worth more than a long checklist.

                ## Trade-offs at a glance

                | Approach | Effort | Risk | When to use it |
                | --- | --- | --- | --- |
                | Incremental change | Low | Low | Most of the time |
                | Rewrite a module | Medium | Medium | When the design blocks progress |
                | Start over | High | High | Almost never |

                ## A small example

                ```csharp
                public static async Task<int> CountLinesAsync(string path, CancellationToken cancellationToken)
                {
                    var count = 0;
                    using var reader = File.OpenText(path);
                    while (await reader.ReadLineAsync(cancellationToken) is not null)
                    {
                        count++;
                    }
                    return count;
                }
                ```

                The method streams the file instead of loading it whole, so memory stays flat even for very large inputs. If you tell me more about your situation I can make this more specific.
                """,
            1 => $$"""
                Let's break **{{topic}}** down into steps you can act on today.

                ### What to check first

                - *Inputs*: are they validated where they enter the system?
                - *Outputs*: does every failure produce a clear message?
                - *Time*: is anything waiting longer than it needs to?

                > A useful rule: if you cannot explain a step in one sentence, it is probably two steps.

                ### Comparison

                | Option | Latency | Cost per month |
                | --- | ---: | ---: |
                | Small instance | 120 ms | $15 |
                | Medium instance | 80 ms | $40 |
                | Large instance | 65 ms | $110 |

                The medium instance is usually the sweet spot: most of the latency win for a fraction of the cost.

                ```python
                def moving_average(values, window=3):
                    result = []
                    for i in range(len(values) - window + 1):
                        result.append(sum(values[i:i + window]) / window)
                    return result
                ```

                Run it on a week of measurements and look at the trend rather than single spikes.
                """,
            _ => $$"""
                Here is how I would approach **{{topic}}**.

                First, write down what "done" means: a concrete, checkable outcome. Then work backwards to the smallest step that moves towards it. Teams that do this tend to ship in smaller, safer increments.

                **Checklist**

                - [x] Define the goal in one sentence
                - [x] List the constraints (time, budget, people)
                - [ ] Build the smallest useful version
                - [ ] Measure it with real users

                A quick configuration example:

                ```json
                {
                  "name": "demo",
                  "retries": 3,
                  "timeoutSeconds": 30
                }
                ```

                | Step | Owner | Due |
                | --- | --- | --- |
                | Draft | You | Monday |
                | Review | Team | Wednesday |
                | Ship | Everyone | Friday |

                That is the whole loop. Repeat it, and keep each iteration short.
                """,
        };
    }

    public static string Code() => """
        Here is a small, complete example: a thread-safe counter with an async API, and a test for it.

        ```csharp
        using System.Threading;

        /// <summary>Counts events from many threads at once.</summary>
        public sealed class EventCounter
        {
            private long _count;

            public long Count => Interlocked.Read(ref _count);

            public void Record() => Interlocked.Increment(ref _count);

            public async Task RecordManyAsync(int times, CancellationToken cancellationToken = default)
            {
                for (var i = 0; i < times; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Record();
                    await Task.Yield();
                }
            }
        }
        ```

        And the test, using xUnit:

        ```csharp
        public class EventCounterTests
        {
            [Fact]
            public async Task RecordManyAsync_FromManyTasks_CountsEveryEvent()
            {
                var counter = new EventCounter();
                await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => counter.RecordManyAsync(1000)));
                Assert.Equal(8000, counter.Count);
            }
        }
        ```

        The same idea in JavaScript, where a single thread makes it trivial:

        ```javascript
        export class EventCounter {
          #count = 0;
          get count() { return this.#count; }
          record() { this.#count += 1; }
        }
        ```

        And a shell one-liner to run the tests:

        ```bash
        dotnet test --filter EventCounterTests
        ```

        `Interlocked` keeps the increment atomic without a lock, which matters when thousands of tasks record at once.
        """;

    public static string Table() => """
        Here is a comparison of common data stores for a chat application's history:

        | Store | Best for | Write latency | Scales out | Notes |
        | --- | --- | ---: | :---: | --- |
        | SQLite | Single server, zero setup | ~0.1 ms | No | A file next to the app; great default |
        | PostgreSQL | Most production setups | ~1 ms | Read replicas | Rich queries, JSON columns |
        | Redis | Live state, fan-out | ~0.2 ms | Yes | Keep the durable copy elsewhere |
        | Cosmos DB | Global distribution | ~5 ms | Yes | Pay per request unit |
        | MongoDB | Flexible documents | ~1 ms | Sharding | Schema discipline is on you |

        **Recommendation:** start with SQLite, move to PostgreSQL when you run more than one instance, and add Redis only for live fan-out between instances.
        """;

    public static string Image() => """
        Here is the chart you asked for, revenue by quarter:

        ![Bar chart of revenue by quarter: Q1 120, Q2 150, Q3 170, Q4 210](/demo/chart.svg)

        Revenue grew in every quarter, with the biggest jump (**+24%**) from Q3 to Q4. Most of that came from the new subscription tier.
        """;

    public static string MarkdownShowcase() => """
        # Markdown showcase

        Text can be **bold**, *italic*, ***both***, ~~struck through~~, or `inline code`. Links look like [the CommonMark spec](https://spec.commonmark.org/), and bare URLs like https://example.com are linked too.

        > Quotes can span lines
        > and contain **formatting**.

        1. Ordered lists
           - with nested bullets
           - that keep their indentation
        2. and a second item

        - [x] task lists
        - [ ] with open items

        ---

        Raw HTML such as <script>alert('x')</script> is shown as text, and [unsafe links](javascript:alert(1)) stay inert.
        """;

    /// <summary>A structured answer (JSON mode): a product description with title, summary, features[] and pricing.</summary>
    public static string Product(string prompt)
    {
        var name = Topic(prompt);
        var product = new
        {
            title = name.Length > 40 ? name[..40] : name,
            summary = $"A compact, well-made take on {name.ToLowerInvariant()}, designed for everyday use and built to last.",
            features = new[]
            {
                new { title = "Streams in frames", detail = "Updates arrive about every sixteen milliseconds, never per token." },
                new { title = "Keeps partial work", detail = "Nothing generated is lost when a connection drops." },
                new { title = "Accessible", detail = "Keyboard friendly and announced politely to screen readers." },
            },
            pricing = new { monthly = 9.5, yearly = 95, currency = "EUR" },
            inStock = true,
        };
        return System.Text.Json.JsonSerializer.Serialize(product, new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Dense inline formatting: every span is unfinished at some point while it streams.</summary>
    public static string Emphasis() => """
        **Short answer:** use **streaming** with *frame coalescing*, and keep **every** finished block *stable*.

        - **First token**: flush it **at once** — batching must add *nothing* to latency.
        - **Bursts**: merge tokens into **one frame** every `16 ms`; the *tail* of a burst is flushed by a **timer**.
        - **Slow browsers** get ***fewer, larger frames*** instead of a **backlog**.
        - ~~Re-render the whole answer per token~~ — that is the **trap**.

        > **Remember:** a *finished* block is **never** re-rendered, so **selection**, *scroll* and `copy` keep working.

        In short: **frames, not tokens**; **blocks, not documents**; and __never lose__ the partial text.
        """;

    /// <summary>A long answer (~15k characters) of many sections, for scrolling and frame-rate demos.</summary>
    public static string Long()
    {
        string[] subjects = ["Planning", "Architecture", "Data model", "Streaming", "Rendering", "Testing",
            "Observability", "Security", "Performance", "Deployment", "Operations", "Retrospective"];
        var text = new StringBuilder();
        text.Append("# A complete guide to shipping a streaming chat app\n\n");
        text.Append("This guide walks through every stage, from the first sketch to running it in production. Each section ends with something concrete you can do today.\n\n");
        for (var i = 0; i < subjects.Length; i++)
        {
            var s = subjects[i];
            text.Append($"## {i + 1}. {s}\n\n");
            text.Append($"{s} is where many projects quietly lose weeks. The goal in this stage is to make decisions that are cheap to change later, and to write down the ones that are not. ");
            text.Append("Keep the team's attention on what users will notice: the time to the first word, the smoothness of the text as it arrives, and what happens when something fails half-way.\n\n");
            text.Append($"Key points for **{s.ToLowerInvariant()}**:\n\n");
            text.Append($"- Write the smallest version of {s.ToLowerInvariant()} that could possibly work, then measure it.\n");
            text.Append("- Prefer boring, well-documented libraries over clever code; they fail in known ways.\n");
            text.Append("- Record every decision with one sentence explaining *why*, next to the code it affects.\n\n");
            if (i % 3 == 0)
            {
                text.Append($"```csharp\n// {s}: a step you can run today\npublic static TimeSpan Measure(Action step)\n{{\n    var started = Stopwatch.GetTimestamp();\n    step();\n    return Stopwatch.GetElapsedTime(started);\n}}\n```\n\n");
            }
            else if (i % 3 == 1)
            {
                text.Append($"| {s} check | Target | Typical |\n| --- | ---: | ---: |\n| Time to first token | < 500 ms | 300 ms |\n| Frame interval | 16 ms | 16 ms |\n| Dropped frames | 0 | 2 |\n\n");
            }
            else
            {
                text.Append($"> **Tip:** revisit {s.ToLowerInvariant()} after the first week of real use. What people actually do is rarely what the plan assumed.\n\n");
            }
            text.Append($"A common mistake in {s.ToLowerInvariant()} is to optimise for the demo instead of for the hundredth day of use. ");
            text.Append("Ask what will happen when the answer is ten times longer, when the network drops for a second, and when two people use it at once.\n\n");
            text.Append("When this stage is done, you should be able to explain it to a new team member in five minutes, and they should be able to find every piece of it in the repository without help.\n\n");
        }
        text.Append("## Summary\n\nShip small, measure what users feel, and never lose what the model already said. Everything else is detail.\n");
        return text.ToString();
    }

    private static string Topic(string prompt)
    {
        var trimmed = string.Join(' ', prompt.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Trim().TrimEnd('?', '!', '.');
        if (trimmed.Length == 0)
        {
            return "your question";
        }
        // Markdown-special characters in a user's words must not change the answer's formatting.
        var safe = new string(trimmed.Where(c => c is not ('*' or '_' or '`' or '[' or ']' or '<' or '>' or '#' or '|' or '~' or '\\')).ToArray());
        return safe.Length > 60 ? safe[..60].TrimEnd() + "…" : safe;
    }
}
