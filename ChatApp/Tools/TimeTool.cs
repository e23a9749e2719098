using System.ComponentModel;
using System.Globalization;
using Microsoft.SemanticKernel;

namespace ChatApp.Tools;

/// <summary>The current date and time in a time zone (IANA ids, from the machine's time zone database).</summary>
public sealed class TimeTool(TimeProvider time)
{
    [KernelFunction("get_current_time")]
    [Description("Gets the current date and time in a time zone.")]
    public string GetCurrentTime(
        [Description("IANA time zone id, e.g. Europe/Paris, America/New_York or Asia/Tokyo. UTC when omitted.")] string timeZone = "UTC")
    {
        var id = string.IsNullOrWhiteSpace(timeZone) ? "UTC" : timeZone.Trim();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            throw new ArgumentException($"'{id}' is not a known time zone; use an IANA id such as Europe/Paris.");
        }
        var now = TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone);
        return string.Create(CultureInfo.InvariantCulture, $"{now:dddd, d MMMM yyyy, HH:mm} in {zone.Id} (UTC{now:zzz})");
    }
}
