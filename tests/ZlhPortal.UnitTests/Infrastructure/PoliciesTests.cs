using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.Web.Infrastructure.Auth;

namespace ZlhPortal.UnitTests.Infrastructure;

public sealed class PoliciesTests
{
    private readonly IAuthorizationService authorization;

    public PoliciesTests()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddAuthorizationBuilder().AddPortalPolicies();
        authorization = services.BuildServiceProvider().GetRequiredService<IAuthorizationService>();
    }

    private static ClaimsPrincipal User(string? role, bool twoFactor)
    {
        if (role is null)
        {
            return new ClaimsPrincipal(new ClaimsIdentity());
        }

        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, "u1"), new(ClaimTypes.Role, role) };
        if (twoFactor)
        {
            claims.Add(new Claim(Policies.TwoFactorClaim, "true"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
    }

    [Theory]
    [InlineData(null, false, Policies.Customer, false)]
    [InlineData(Roles.Customer, false, Policies.Customer, true)]
    [InlineData(Roles.Customer, true, Policies.Support, false)]
    [InlineData(Roles.Customer, true, Policies.Admin, false)]
    [InlineData(Roles.Support, false, Policies.Support, false)]
    [InlineData(Roles.Support, true, Policies.Support, true)]
    [InlineData(Roles.Support, true, Policies.Admin, false)]
    [InlineData(Roles.Admin, false, Policies.Admin, false)]
    [InlineData(Roles.Admin, true, Policies.Admin, true)]
    [InlineData(Roles.Admin, true, Policies.Support, true)]
    public async Task Policies_admit_exactly_the_right_roles(string? role, bool twoFactor, string policy, bool allowed)
    {
        var result = await authorization.AuthorizeAsync(User(role, twoFactor), policy);

        Assert.Equal(allowed, result.Succeeded);
    }

    [Theory]
    [InlineData(null, false, false)]
    [InlineData(Roles.Customer, false, false)]
    [InlineData(Roles.Support, false, true)]
    [InlineData(Roles.Admin, false, true)]
    [InlineData(Roles.Admin, true, false)]
    public void Only_staff_without_two_factor_must_set_it_up(string? role, bool twoFactor, bool mustSetUp) =>
        Assert.Equal(mustSetUp, Policies.NeedsTwoFactorSetup(User(role, twoFactor)));

    [Theory]
    [InlineData("admin", Roles.Admin)]
    [InlineData(" Support ", Roles.Support)]
    [InlineData("CUSTOMER", Roles.Customer)]
    [InlineData("root", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Role_names_parse_case_insensitively(string? input, string? expected) => Assert.Equal(expected, Roles.Parse(input));
}
