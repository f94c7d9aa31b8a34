using System.Text.RegularExpressions;

namespace ZlhPortal.Proxmox;

/// <summary>
/// Turns Proxmox's status code + reason phrase into an error kind. Proxmox answers almost every runtime
/// failure with 500 and puts the meaning in the text, so the text is matched the way bpg's provider does.
/// </summary>
internal static partial class ProxmoxErrorClassifier
{
    public static ProxmoxError Classify(int statusCode, string reason, IReadOnlyDictionary<string, string> errors, string? message)
    {
        var text = reason;
        if (errors.Count > 0)
        {
            text = reason + " " + string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}"));
        }

        var all = text + " " + message;
        switch (statusCode)
        {
            case 401:
                return new ProxmoxError(ProxmoxErrorKind.Unauthorized, text);
            case 403:
                return new ProxmoxError(ProxmoxErrorKind.PermissionDenied, text);
            case >= 595 and <= 599:
                // Produced by pveproxy's own proxy: the target node (or its pvedaemon) did not answer.
                return new ProxmoxError(ProxmoxErrorKind.NodeUnreachable, text);
        }

        var locked = LockedPattern().Match(all);
        if (locked.Success)
        {
            return new ProxmoxError(ProxmoxErrorKind.Locked, text) { LockName = locked.Groups[1].Value };
        }

        if (all.Contains("already exists", StringComparison.OrdinalIgnoreCase))
        {
            return new ProxmoxError(ProxmoxErrorKind.AlreadyExists, text);
        }

        if (all.Contains("does not exist", StringComparison.OrdinalIgnoreCase)
            || all.Contains("no such", StringComparison.OrdinalIgnoreCase)
            || (all.Contains("hostname lookup", StringComparison.OrdinalIgnoreCase) && all.Contains("failed", StringComparison.OrdinalIgnoreCase))
            || statusCode == 501)
        {
            return new ProxmoxError(ProxmoxErrorKind.NotFound, text);
        }

        if (statusCode == 400)
        {
            return new ProxmoxError(ProxmoxErrorKind.InvalidParameter, text);
        }

        return new ProxmoxError(ProxmoxErrorKind.Other, text);
    }

    [GeneratedRegex(@"(?:CT|VM) is locked \(([^)]+)\)")]
    private static partial Regex LockedPattern();
}
