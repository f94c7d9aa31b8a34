namespace ZlhPortal.Web.Features.Accounts;

public enum AccountActivityKind
{
    SignedUp = 1,
    EmailConfirmed,
    LoginSucceeded,
    LoginFailed,
    LockedOut,
    LoggedOut,
    TwoFactorEnabled,
    TwoFactorDisabled,
    RecoveryCodesGenerated,
    PasswordChanged,
    PasswordReset,
    EmailChanged,
    RoleChanged,
    AccountCreated,
    TwoFactorReset,
    ApiTokenCreated,
    ApiTokenRevoked,
    ServerCreatedByStaff,
    SupportConsoleOpened,
    ContainerAdoptedByStaff,
    ContainerDestroyedByStaff,
    ServerForceDeletedByStaff,
}
