using System.Net;
using System.Text.RegularExpressions;

namespace ZlhPortal.IntegrationTests.Infrastructure;

/// <summary>
/// Drives the static account pages as a browser without JavaScript would: GET the page, copy the form's hidden
/// fields (antiforgery token, Blazor's form handler), add the visible fields, POST.
/// </summary>
public sealed partial class PortalClient(HttpClient http) : IDisposable
{
    public HttpClient Http => http;

    public async Task<HttpResponseMessage> GetAsync(string url) => await http.GetAsync(url);

    public async Task<string> GetStringAsync(string url)
    {
        var response = await http.GetAsync(url);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Loads <paramref name="pageUrl"/>, fills the form named <paramref name="formName"/> and submits it.</summary>
    public async Task<HttpResponseMessage> SubmitFormAsync(string pageUrl, string formName, IDictionary<string, string> fields)
    {
        var page = await http.GetAsync(pageUrl);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.IsSuccessStatusCode, $"GET {pageUrl} answered {(int)page.StatusCode}");
        var form = FindForm(html, formName);
        var values = HiddenInputs(form);
        foreach (var (key, value) in fields)
        {
            values[key] = value;
        }

        var action = FormAction().Match(form) is { Success: true } m && m.Groups[1].Value.Length > 0
            ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : pageUrl;
        return await http.PostAsync(action, new FormUrlEncodedContent(values));
    }

    /// <summary>Follows redirects by hand (the client does not, so tests can see each hop) and returns the last page.</summary>
    public async Task<(HttpResponseMessage Response, string Html)> FollowAsync(HttpResponseMessage response)
    {
        for (var hops = 0; hops < 10 && (int)response.StatusCode is >= 300 and < 400; hops++)
        {
            response = await http.GetAsync(response.Headers.Location);
        }

        return (response, await response.Content.ReadAsStringAsync());
    }

    private static string FindForm(string html, string formName)
    {
        foreach (Match match in FormPattern().Matches(html))
        {
            if (match.Value.Contains($"name=\"_handler\" value=\"{formName}\"", StringComparison.Ordinal)
                || match.Value.Contains($"value=\"{formName}\" name=\"_handler\"", StringComparison.Ordinal))
            {
                return match.Value;
            }
        }

        throw new Xunit.Sdk.XunitException($"No form '{formName}' on the page.");
    }

    private static Dictionary<string, string> HiddenInputs(string form)
    {
        var values = new Dictionary<string, string>();
        foreach (Match input in InputPattern().Matches(form))
        {
            var tag = input.Value;
            if (!tag.Contains("type=\"hidden\"", StringComparison.Ordinal))
            {
                continue;
            }

            var name = NameAttribute().Match(tag);
            var value = ValueAttribute().Match(tag);
            if (name.Success)
            {
                values[WebUtility.HtmlDecode(name.Groups[1].Value)] = value.Success ? WebUtility.HtmlDecode(value.Groups[1].Value) : "";
            }
        }

        return values;
    }

    public void Dispose() => http.Dispose();

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
}
