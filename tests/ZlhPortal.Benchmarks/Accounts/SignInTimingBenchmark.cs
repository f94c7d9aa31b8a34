using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ZlhPortal.Benchmarks.Runtime;
using ZlhPortal.Web.Features.Accounts;

namespace ZlhPortal.Benchmarks.Accounts;

/// <summary>
/// What someone timing the login form sees: sign-ins for an address without an account against wrong passwords for
/// real accounts (and right ones, as a reference), posted to the real form on Kestrel, in random order. The portal must
/// not tell the two apart, neither by the time it takes nor by what it answers.
/// </summary>
public static partial class SignInTimingBenchmark
{
    private const int WarmUpRounds = 20;
    private const string RightPassword = "Timing-Passw0rd-123";
    private const string WrongPassword = "Guessed-Passw0rd-456";
    private const string SignedInAddress = "signs-in@example.test";

    private enum Kind { WrongPassword, UnknownAddress, RightPassword }

    private sealed record Answer(double Milliseconds, HttpStatusCode Status, string? Location, string Page);

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var data = Directory.CreateTempSubdirectory("zlh-sign-in-").FullName;
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_ZLHPORTAL_WEB", Path.Combine(Repository.Root, "src", "ZlhPortal.Web"));
        await using var portal = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("Portal:DataDirectory", data);
            web.UseSetting("Runtime:Simulator:StateFile", ":memory:");
            web.UseSetting("Runtime:Simulator:AgentAddressBlock", "127.78.0.0/16");
            // Every attempt comes from one address; the per-address limit would answer 429 after ten.
            web.UseSetting("Portal:RateLimiting:Auth:PermitLimit", "100000");
            web.UseSetting("Logging:LogLevel:Default", "Warning");
        });
        portal.UseKestrel(0);
        portal.StartServer();
        var address = new Uri(portal.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::1]", "127.0.0.1"));

        // Lockout is fixed in code, not configuration: spread the failures so that no account and no unknown address
        // reaches the limit, or "locked out" answers would mix into the figures.
        var lockout = portal.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.Lockout;
        var failuresEach = Math.Max(1, lockout.MaxFailedAccessAttempts - 1);
        var accounts = (WarmUpRounds + rounds + failuresEach - 1) / failuresEach;
        var creating = Stopwatch.StartNew();
        await CreateAccountsAsync(portal.Services, [SignedInAddress, .. Enumerable.Range(0, accounts).Select(MemberAddress)]);
        Console.WriteLine($"created {accounts + 1} confirmed accounts in {creating.Elapsed.TotalSeconds:0.0} s; {failuresEach} wrong passwords per account and per unknown address at most");

        var used = new Dictionary<Kind, int> { [Kind.WrongPassword] = 0, [Kind.UnknownAddress] = 0, [Kind.RightPassword] = 0 };
        Task<Answer> AttemptAsync(Kind kind)
        {
            var n = used[kind]++;
            return kind switch
            {
                Kind.WrongPassword => SignInAsync(address, MemberAddress(n / failuresEach), WrongPassword),
                Kind.UnknownAddress => SignInAsync(address, UnknownAddress(n / failuresEach), WrongPassword),
                _ => SignInAsync(address, SignedInAddress, RightPassword),
            };
        }

        foreach (var kind in Shuffled(WarmUpRounds))
        {
            await AttemptAsync(kind);
        }

        var answers = Enum.GetValues<Kind>().ToDictionary(k => k, _ => new List<Answer>(rounds));
        var clock = Stopwatch.StartNew();
        foreach (var kind in Shuffled(rounds))
        {
            answers[kind].Add(await AttemptAsync(kind));
        }

        var elapsed = clock.Elapsed;
        var failed = answers[Kind.WrongPassword].Concat(answers[Kind.UnknownAddress]).ToList();
        var unexpected = failed.Count(a => a.Status != HttpStatusCode.OK || !a.Page.Contains("Invalid login attempt", StringComparison.Ordinal))
            + answers[Kind.RightPassword].Count(a => a.Status != HttpStatusCode.Redirect || a.Location is null || a.Location.Contains("Account/", StringComparison.OrdinalIgnoreCase));
        var distinctFailures = failed.Select(a => (a.Status, a.Page)).Distinct().ToList();
        var sameAnswer = distinctFailures.Count == 1;
        var times = answers.ToDictionary(p => p.Key, p => p.Value.Select(a => a.Milliseconds).Order().ToList());
        var ratio = Percentiles.Of(times[Kind.UnknownAddress], 50) / Percentiles.Of(times[Kind.WrongPassword], 50);
        var timingOk = ratio is >= 0.8 and <= 1.25;

        Console.WriteLine($"sign-in timing, {rounds} rounds of each kind in random order after {WarmUpRounds} of warm-up ({elapsed.TotalSeconds:0} s), POST only:");
        foreach (var (kind, label) in new[] { (Kind.WrongPassword, "real account, wrong password"), (Kind.UnknownAddress, "unknown address"), (Kind.RightPassword, "real account, right password") })
        {
            var sorted = times[kind];
            Console.WriteLine($"  {label,-30} median {Percentiles.Of(sorted, 50),6:0.0} ms  p90 {Percentiles.Of(sorted, 90),6:0.0} ms  p99 {Percentiles.Of(sorted, 99),6:0.0} ms");
        }

        Console.WriteLine($"  ratio median(unknown) / median(wrong password): {ratio:0.000} (ok within 0.80-1.25)");
        Console.WriteLine($"  same answer: {(sameAnswer ? "true" : "false")} ({distinctFailures.Count} distinct page(s) among the failed sign-ins once per-view values and the typed address and password are masked; "
            + $"status {string.Join(", ", distinctFailures.Select(a => (int)a.Status).Distinct())})");
        if (unexpected > 0)
        {
            Console.WriteLine($"  unexpected answers (locked out, rate-limited, or a sign-in that did not get in): {unexpected}");
        }

        var ok = timingOk && sameAnswer && unexpected == 0;
        Console.WriteLine(ok ? "  result: ok" : "  result: FAILED");
        return ok ? 0 : 1;
    }

    private static string MemberAddress(int index) => $"member-{index:D4}@example.test";

    private static string UnknownAddress(int index) => $"nobody-{index:D4}@example.test";

    private static IEnumerable<Kind> Shuffled(int rounds)
    {
        var order = Enum.GetValues<Kind>().SelectMany(kind => Enumerable.Repeat(kind, rounds)).ToArray();
        Random.Shared.Shuffle(order);
        return order;
    }

    private static async Task CreateAccountsAsync(IServiceProvider services, IEnumerable<string> emails)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        foreach (var email in emails)
        {
            var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email.Split('@')[0], CreatedAt = DateTimeOffset.UtcNow };
            var created = await users.CreateAsync(user, RightPassword);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
            }
        }
    }

    /// <summary>
    /// One visitor without JavaScript, with a cookie jar of its own: loads the form, copies its hidden fields (antiforgery
    /// token, Blazor's form handler), fills in the address and password and posts it; only the post is timed.
    /// </summary>
    private static async Task<Answer> SignInAsync(Uri portal, string email, string password)
    {
        using var handler = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var http = new HttpClient(handler) { BaseAddress = portal };
        using var page = await http.GetAsync("Account/Login");
        page.EnsureSuccessStatusCode();
        var form = LoginForm(await page.Content.ReadAsStringAsync());
        var fields = HiddenInputs(form);
        fields["Input.Email"] = email;
        fields["Input.Password"] = password;
        var action = FormAction().Match(form) is { Success: true } m && m.Groups[1].Value.Length > 0 ? WebUtility.HtmlDecode(m.Groups[1].Value) : "Account/Login";
        using var content = new FormUrlEncodedContent(fields);

        var clock = Stopwatch.StartNew();
        using var response = await http.PostAsync(action, content);
        var milliseconds = clock.Elapsed.TotalMilliseconds;

        return new Answer(milliseconds, response.StatusCode, response.Headers.Location?.ToString(), Masked(await response.Content.ReadAsStringAsync(), email, password));
    }

    /// <summary>
    /// The page without what differs on every view anyway: the antiforgery token, MudBlazor's element ids and the
    /// encrypted component state (its length stays, a different state would show there), and what the visitor typed.
    /// </summary>
    private static string Masked(string html, string email, string password)
    {
        foreach (var (name, value) in HiddenInputs(html))
        {
            if (name != "_handler" && value.Length > 0)
            {
                html = html.Replace(value, "(token)", StringComparison.Ordinal);
            }
        }

        html = ComponentState().Replace(html, m => $"{m.Groups[1].Value}({m.Groups[2].Length} chars)-->");
        html = Guid().Replace(html, "(id)");
        return html.Replace(email, "(address)", StringComparison.Ordinal).Replace(password, "(password)", StringComparison.Ordinal);
    }

    private static string LoginForm(string html) =>
        FormPattern().Matches(html).Select(m => m.Value).FirstOrDefault(f => HiddenInputs(f).GetValueOrDefault("_handler") == "login")
        ?? throw new InvalidOperationException("The login page has no form named 'login'.");

    private static Dictionary<string, string> HiddenInputs(string html)
    {
        var values = new Dictionary<string, string>();
        foreach (var tag in InputPattern().Matches(html).Select(m => m.Value).Where(t => t.Contains("type=\"hidden\"", StringComparison.Ordinal)))
        {
            if (NameAttribute().Match(tag) is { Success: true } name)
            {
                var value = ValueAttribute().Match(tag);
                values[WebUtility.HtmlDecode(name.Groups[1].Value)] = value.Success ? WebUtility.HtmlDecode(value.Groups[1].Value) : "";
            }
        }

        return values;
    }

    [GeneratedRegex("<form[^>]*>.*?</form>", RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("<form[^>]*action=\"([^\"]*)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex InputPattern();

    [GeneratedRegex("name=\"([^\"]*)\"")]
    private static partial Regex NameAttribute();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();

    [GeneratedRegex("(<!--Blazor-Server-Component-State:)(.*?)-->", RegexOptions.Singleline)]
    private static partial Regex ComponentState();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Guid();
}
