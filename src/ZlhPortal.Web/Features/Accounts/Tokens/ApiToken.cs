namespace ZlhPortal.Web.Features.Accounts.Tokens;

/// <summary>A personal API token. Only a hash of the secret is stored; the token is shown once when created.</summary>
public sealed class ApiToken
{
    public const int NameMaxLength = 100;

    public int Id { get; set; }

    public string UserId { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Public part of the token (<c>zlh_{Prefix}_…</c>), used to find it and to show it in lists.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>SHA-256 of the whole token.</summary>
    public byte[] SecretHash { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
