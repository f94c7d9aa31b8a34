using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Accounts.Activity;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Accounts.Tokens;

/// <summary>Personal API tokens: created with a name and lifetime, shown once, stored hashed, revocable.</summary>
public sealed class ApiTokens(IDbContextFactory<AppDbContext> dbFactory, UserManager<ApplicationUser> users, ActivityLog activity, TimeProvider time)
{
    public const int MaxDays = 366;
    public const int MaxTokensPerUser = 20;
    private const string Scheme = "zlh";

    public async Task<ApiTokenCreated> CreateAsync(string userId, string name, int days, CancellationToken ct = default)
    {
        name = name.Trim();
        if (name.Length is 0 or > ApiToken.NameMaxLength)
        {
            return new(false, $"Give the token a name of 1 to {ApiToken.NameMaxLength} characters.");
        }

        if (days is < 1 or > MaxDays)
        {
            return new(false, $"A token can live from 1 to {MaxDays} days.");
        }

        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return new(false, "No such account.");
        }

        var roles = await users.GetRolesAsync(user);
        if (roles.Any(Roles.IsStaff) && !user.TwoFactorEnabled)
        {
            return new(false, "Staff accounts need two-factor authentication before they can create API tokens.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        if (await db.ApiTokens.CountAsync(t => t.UserId == userId && t.RevokedAt == null && t.ExpiresAt > now, ct) >= MaxTokensPerUser)
        {
            return new(false, $"You already have {MaxTokensPerUser} active tokens; revoke one first.");
        }

        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var token = $"{Scheme}_{prefix}_{secret}";
        db.ApiTokens.Add(new ApiToken
        {
            UserId = userId,
            Name = name,
            Prefix = prefix,
            SecretHash = Hash(token),
            CreatedAt = now,
            ExpiresAt = now.AddDays(days),
        });
        await db.SaveChangesAsync(ct);
        await activity.RecordAsync(userId, AccountActivityKind.ApiTokenCreated, $"API token \"{name}\" created, valid {days} days.", null, ct);
        return new(true, $"Token \"{name}\" created; it expires on {now.AddDays(days):yyyy-MM-dd}.", token);
    }

    public async Task<IReadOnlyList<ApiTokenRow>> ListAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.CreatedAt)
            .Select(t => new ApiTokenRow(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt))
            .ToListAsync(ct);
    }

    public async Task<bool> RevokeAsync(string userId, int tokenId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var revoked = await db.ApiTokens.Where(t => t.Id == tokenId && t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        if (revoked > 0)
        {
            await activity.RecordAsync(userId, AccountActivityKind.ApiTokenRevoked, "An API token was revoked.", null, ct);
        }

        return revoked > 0;
    }

    /// <summary>
    /// Revokes every live token of the account (its role changed: a token made for a customer must not quietly act for
    /// an admin, nor the other way round); returns how many.
    /// </summary>
    public async Task<int> RevokeAllAsync(string userId, string reason, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var revoked = await db.ApiTokens.Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        if (revoked > 0)
        {
            await activity.RecordAsync(userId, AccountActivityKind.ApiTokenRevoked, $"{revoked} API token(s) revoked: {reason}", null, ct);
        }

        return revoked;
    }

    /// <summary>Checks a presented token; null when it is malformed, unknown, revoked or expired.</summary>
    public async Task<ApiTokenIdentity?> ValidateAsync(string presented, CancellationToken ct = default)
    {
        var parts = presented.Split('_');
        if (parts is not [Scheme, { Length: 12 } prefix, { Length: 64 }] || presented.Length > 200)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var token = await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Prefix == prefix, ct);
        var now = time.GetUtcNow();
        if (token is null || token.RevokedAt is not null || token.ExpiresAt <= now
            || !CryptographicOperations.FixedTimeEquals(token.SecretHash, Hash(presented)))
        {
            return null;
        }

        // Last use is informational; a minute's precision keeps busy scripts from writing on every call.
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            await db.ApiTokens.Where(t => t.Id == token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), ct);
        }

        return new ApiTokenIdentity(token.Id, token.UserId);
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
