using MudBlazor;

namespace ChatApp.Components.Layout;

/// <summary>The app's MudBlazor theme. System fonts only: the app must look right offline.</summary>
public static class ChatTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3a5bd9",
            AppbarBackground = "#ffffff",
            AppbarText = "#1f2330",
            Background = "#f7f8fb",
            Surface = "#ffffff",
            TextPrimary = "#1f2330",
            TextSecondary = "#5b6275",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Liberation Sans", "DejaVu Sans", "sans-serif"],
            },
        },
    };
}
