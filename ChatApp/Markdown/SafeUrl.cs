namespace ChatApp.Markdown;

/// <summary>Model output is untrusted: only http, https and mailto (and relative) URLs may become active.</summary>
public static class SafeUrl
{
    public static bool IsAllowed(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return false;
        }
        var trimmed = url.Trim();
        // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:"), so judge without them.
        var compact = new string(trimmed.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray());
        var colon = compact.IndexOf(':');
        var firstDelimiter = compact.IndexOfAny(['/', '?', '#']);
        var hasScheme = colon > 0 && (firstDelimiter < 0 || colon < firstDelimiter);
        if (!hasScheme)
        {
            return true;
        }
        var scheme = compact[..colon];
        return scheme.Equals("http", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("https", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("mailto", StringComparison.OrdinalIgnoreCase);
    }
}
