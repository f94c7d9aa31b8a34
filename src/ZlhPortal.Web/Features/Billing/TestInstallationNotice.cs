using Microsoft.Extensions.Options;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Billing;

/// <summary>On an installation that pays with the built-in test gateway, every page says that no real money moves.</summary>
public sealed class TestInstallationNotice(IOptions<BillingOptions> options) : ISiteNotice
{
    public const string Message = "Test installation: payments use test cards and no real money is charged.";

    public string? Text => options.Value.IsTestInstallation ? Message : null;
}
