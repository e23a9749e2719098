namespace ChatApp.Components.Chat;

/// <summary>The icons <see cref="SmallIcon"/> draws (MudBlazor's rounded Material icons of the same names).</summary>
public enum SmallIconName
{
    Edit,
    AutoAwesome,
    ErrorOutline,
    ContentCopy,
    Info,
    Refresh,
    PlayArrow,
    DeleteOutline,
}
