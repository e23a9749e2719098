using Bunit;
using ChatApp.Components.Chat;
using MudBlazor;
using MudBlazor.Services;
using Microsoft.Extensions.DependencyInjection;

namespace ChatApp.Tests.Components.Chat;

public sealed class SmallIconTests : BunitContext
{
    public SmallIconTests() => Services.AddMudServices();

    public static TheoryData<SmallIconName, string> Icons() => new()
    {
        { SmallIconName.Edit, MudBlazor.Icons.Material.Rounded.Edit },
        { SmallIconName.AutoAwesome, MudBlazor.Icons.Material.Rounded.AutoAwesome },
        { SmallIconName.ErrorOutline, MudBlazor.Icons.Material.Rounded.ErrorOutline },
        { SmallIconName.ContentCopy, MudBlazor.Icons.Material.Rounded.ContentCopy },
        { SmallIconName.Info, MudBlazor.Icons.Material.Rounded.Info },
        { SmallIconName.Refresh, MudBlazor.Icons.Material.Rounded.Refresh },
        { SmallIconName.PlayArrow, MudBlazor.Icons.Material.Rounded.PlayArrow },
        { SmallIconName.DeleteOutline, MudBlazor.Icons.Material.Rounded.DeleteOutline },
    };

    [Theory]
    [MemberData(nameof(Icons))]
    public void EachIcon_IsTheSameSvgAsMudIcon(SmallIconName name, string path)
    {
        var mud = Render<MudIcon>(p => p.Add(i => i.Icon, path).Add(i => i.Size, Size.Small));

        var ours = Render<SmallIcon>(p => p.Add(i => i.Name, name));

        ours.MarkupMatches(mud.Markup);
    }

    [Fact]
    public void EveryName_HasAnIcon()
    {
        Assert.Equal(Enum.GetValues<SmallIconName>().Order(), Icons().Select(row => (SmallIconName)row[0]).Order());
    }
}
