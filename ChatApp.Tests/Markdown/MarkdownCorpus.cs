using ChatApp.Providers.Simulated;

namespace ChatApp.Tests.Markdown;

/// <summary>
/// Markdown the engine must handle: CommonMark constructs written as small fragments (combined at random
/// into documents), and long, realistic LLM answers.
/// </summary>
public static class MarkdownCorpus
{
    /// <summary>One construct each, chosen for the block-boundary rules that matter while streaming.</summary>
    public static readonly string[] Fragments =
    [
        "# ATX heading",
        "## Heading with *emphasis* and `code`",
        "### Closing hashes ###",
        "Setext heading\n==============",
        "Setext two\n---",
        "A plain paragraph with **bold**, *italic*, ~~struck~~ and `code`.",
        "A paragraph\nwith a soft break\nand a third line.",
        "Hard break with two spaces  \nnext line.",
        "Hard break with backslash\\\nnext line.",
        "- tight\n- list\n- items",
        "- loose\n\n- list\n\n- items",
        "* star list\n* second",
        "+ plus list\n+ second",
        "1. one\n2. two\n3. three",
        "3. starts at three\n4. four",
        "1) paren style\n2) second",
        "- nested\n  - child\n    - grandchild\n- back",
        "- item with paragraph\n\n  continued inside the item\n\n- next",
        "- item\n\n      indented code in item",
        "- [ ] task open\n- [x] task done",
        "> quote line\n> second line",
        "> lazy quote\ncontinued lazily",
        "> nested\n>> deeper\n> back",
        "> - list in quote\n> - more",
        "```\nplain fence\n```",
        "```csharp\nvar x = 1;\nConsole.WriteLine(x);\n```",
        "~~~python\nprint('tilde fence')\n~~~",
        "````\n```\ninner fence\n```\n````",
        "```js\nconst open = true;",
        "    indented code\n    second line",
        "    code\n\n    after blank",
        "***",
        "---",
        "___",
        "| a | b |\n| --- | --- |\n| 1 | 2 |\n| 3 | 4 |",
        "| left | right |\n|:--|--:|\n| x | y |",
        "a | b\n-- | --\n1 | 2",
        "Text with a [link](https://example.com) and ![image](https://example.com/a.png).",
        "Autolink <https://example.com> and www.example.com and mail@example.com.",
        "See [the docs][docs] for more.",
        "[docs]: https://example.com/docs \"Docs\"",
        "A footnote reference[^1].",
        "[^1]: The footnote text.",
        "Entities: &copy; &amp; &#35; &#x41;",
        "Escapes: \\*not emphasis\\* and \\# not heading",
        "Raw <b>html</b> and <div>block</div>",
        "<div>\nhtml-looking block\n</div>",
        "Emphasis edge: *a **b** c* and __d__ and _e_ and snake_case_word",
        "Intraword a*b*c and 2*3*4",
        "  Indented two spaces paragraph",
        "Paragraph\n- list interrupting",
        "Paragraph\n1. ordered interrupting",
        "Paragraph\n# heading interrupting",
        "Paragraph\n```\nfence interrupting\n```",
        "Paragraph\n> quote interrupting",
        "Term\n: definition-like line",
        "Line ending with trailing spaces   ",
        "\tTab-indented code",
        "> [!NOTE]\n> An alert block",
        // Lines that re-interpret the block before them when they follow it directly (and must not across a blank line).
        "===",
        "| --- | --- |",
        "  indented continuation",
        "Paragraph then a table\n| x | y |\n| --- | --- |",
    ];

    /// <summary>Long answers shaped like real model output.</summary>
    public static IEnumerable<string> LongAnswers()
    {
        yield return SimulatedAnswers.Long();
        yield return SimulatedAnswers.Code();
        yield return SimulatedAnswers.Table();
        yield return SimulatedAnswers.MarkdownShowcase();
        yield return SimulatedAnswers.Image();
        for (var i = 0; i < 3; i++)
        {
            yield return SimulatedAnswers.General($"question {i}");
        }
        yield return """
            ## Why your build is slow

            There are **three** usual suspects:

            1. **Restore** runs every time because the lock file changes.
               - Check `packages.lock.json` into source control.
               - Use `--locked-mode` in CI.
            2. **Analyzers** run on every project.
            3. **Tests** are not parallelised.

            > [!TIP]
            > Run `dotnet build -bl` and open the binary log to see where time goes.

            | Step | Before | After |
            |------|-------:|------:|
            | Restore | 45 s | 3 s |
            | Build | 90 s | 40 s |

            ```bash
            dotnet build -bl:build.binlog
            ```

            Footnotes help too[^perf].

            [^perf]: See the MSBuild performance docs.
            """;
    }

    /// <summary>Random documents of 2–8 fragments joined by one or two line breaks (seeded, so failures reproduce).</summary>
    public static IEnumerable<string> RandomDocuments(int count, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var parts = Enumerable.Range(0, random.Next(2, 9)).Select(_ => Fragments[random.Next(Fragments.Length)]);
            yield return string.Join("", parts.Select(p => p + (random.Next(3) == 0 ? "\n" : "\n\n")));
        }
    }
}
