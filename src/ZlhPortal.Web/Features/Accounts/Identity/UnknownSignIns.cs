using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ZlhPortal.Web.Features.Accounts.Identity;

/// <summary>
/// Sign-in attempts for addresses that have no account are answered as if they had one: the password is hashed as
/// long as a real check takes, and after as many failures as lock a real account, the address answers "locked out" for
/// as long. So neither the answer nor its timing tells which addresses are registered.
/// </summary>
public sealed class UnknownSignIns(IOptions<IdentityOptions> identity, TimeProvider time)
{
    /// <summary>Addresses remembered at most; past this the oldest half is forgotten (a flood of made-up addresses costs memory only this far).</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, Failures> failures = new(StringComparer.OrdinalIgnoreCase);
    private readonly ApplicationUser standIn = new() { UserName = "stand-in" };
    private string? standInHash;

    /// <summary>
    /// Checks <paramref name="password"/> against nothing with the accounts' own <paramref name="hasher"/>, as slowly as a
    /// real account's check; true when the address now counts as locked out.
    /// </summary>
    public bool Fail(string email, string password, IPasswordHasher<ApplicationUser> hasher)
    {
        standInHash ??= hasher.HashPassword(standIn, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
        hasher.VerifyHashedPassword(standIn, standInHash, password);
        var lockout = identity.Value.Lockout;
        var now = time.GetUtcNow();
        if (failures.Count >= Capacity)
        {
            foreach (var stale in failures.OrderBy(f => f.Value.Since).Take(Capacity / 2).Select(f => f.Key).ToList())
            {
                failures.TryRemove(stale, out _);
            }
        }

        var entry = failures.AddOrUpdate(email.Trim(), _ => new Failures(1, now, null), (_, current) =>
            current.LockedUntil is { } until && until > now ? current
            : current.LockedUntil is not null || now - current.Since > lockout.DefaultLockoutTimeSpan ? new Failures(1, now, null)
            : current with { Count = current.Count + 1 });
        if (entry.LockedUntil is null && entry.Count >= lockout.MaxFailedAccessAttempts)
        {
            entry = failures[email.Trim()] = entry with { LockedUntil = now + lockout.DefaultLockoutTimeSpan };
        }

        return entry.LockedUntil > now;
    }

    private sealed record Failures(int Count, DateTimeOffset Since, DateTimeOffset? LockedUntil);
}
