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
        PaletteDark = new PaletteDark
        {
            Primary = "#8ea2ff",
            AppbarBackground = "#161a23",
            AppbarText = "#e6e8ef",
            Background = "#0f1218",
            Surface = "#1a1f2a",
            TextPrimary = "#e6e8ef",
            TextSecondary = "#a7adbd",
            LinesDefault = "#2c3342",
            LinesInputs = "#3a4254",
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
