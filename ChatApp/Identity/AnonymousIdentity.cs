using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace ChatApp.Identity;

/// <summary>
/// Gives each browser an anonymous identity without any login: a random id in a cookie the server issues
/// (HttpOnly, SameSite=Lax, Secure over https), protected with ASP.NET Core Data Protection so it cannot
/// be forged or edited. The keys are persisted, so identities survive restarts.
/// </summary>
public sealed class AnonymousIdentity(IDataProtectionProvider protection)
{
    public const string CookieName = "chatapp_id";
    private const string ItemKey = "ChatApp.OwnerId";
    private readonly IDataProtector _protector = protection.CreateProtector("ChatApp.AnonymousIdentity.v1");

    /// <summary>The request's owner id, issuing a new identity cookie when there is none (or it is not ours).</summary>
    public string GetOrIssue(HttpContext context)
    {
        if (context.Items[ItemKey] is string known)
        {
            return known;
        }
        var owner = Read(context.Request.Cookies[CookieName]);
        if (owner is null)
        {
            owner = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
            context.Response.Cookies.Append(CookieName, _protector.Protect(owner), new CookieOptions
            {
                HttpOnly = true,
                Secure = context.Request.IsHttps,
                SameSite = SameSiteMode.Lax,
                IsEssential = true,
                MaxAge = TimeSpan.FromDays(365),
                Path = "/",
            });
        }
        context.Items[ItemKey] = owner;
        return owner;
    }

    private string? Read(string? cookie)
    {
        if (string.IsNullOrEmpty(cookie))
        {
            return null;
        }
        try
        {
            return _protector.Unprotect(cookie);
        }
        catch (CryptographicException)
        {
            return null; // tampered with, or from keys we no longer have: a new identity
        }
    }
}
