using MudBlazor;

namespace ChatApp.Components.Layout;

/// <summary>The app shell: follows the system's light/dark setting until the user picks one with the toggle.</summary>
public partial class MainLayout
{
    private MudThemeProvider? _themeProvider;
    private bool _isDarkMode;
    private bool _userChoseTheme;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && _themeProvider is not null)
        {
            _isDarkMode = await _themeProvider.GetSystemDarkModeAsync();
            await _themeProvider.WatchSystemDarkModeAsync(OnSystemDarkModeChanged);
            StateHasChanged();
        }
    }

    private Task OnSystemDarkModeChanged(bool isDark)
    {
        if (!_userChoseTheme)
        {
            _isDarkMode = isDark;
            StateHasChanged();
        }
        return Task.CompletedTask;
    }

    private void ToggleTheme()
    {
        _userChoseTheme = true;
        _isDarkMode = !_isDarkMode;
    }
}
