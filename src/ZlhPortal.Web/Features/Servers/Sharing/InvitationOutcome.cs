namespace ZlhPortal.Web.Features.Servers.Sharing;

/// <summary>What became of accepting an invitation.</summary>
public enum InvitationOutcome
{
    Accepted,

    /// <summary>Unknown, already used, withdrawn or expired: the link does nothing any more.</summary>
    Invalid,

    /// <summary>The signed-in account is not the invited address.</summary>
    WrongAccount,

    /// <summary>The signed-in account owns the server.</summary>
    Owner,
}
