using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace ZlhPortal.Benchmarks.Circuits;

/// <summary>
/// B1: managed heap per interactive circuit on the customer dashboard, against the same number of circuits on a
/// minimal counter page in the same portal process; then every page is closed and the heap must return.
/// Heap figures come from the portal itself after a forced, compacting gen2 collection.
/// </summary>
internal static class CircuitMemoryBenchmark
{
    private const string Email = "bench-customer@example.test";
    private const string Password = "Bench-Customer-Passw0rd";

    private sealed record MemorySample(long HeapBytes, int Circuits, string GcMode);

    private sealed record ArmResult(string Page, int Pages, long BaselineBytes, long OpenBytes, long ClosedBytes, int CircuitsAfterClose, double OpenSeconds)
    {
        public double BytesPerCircuit => (OpenBytes - BaselineBytes) / (double)Pages;

        public double ReleasedFraction => OpenBytes == BaselineBytes ? 1 : (OpenBytes - ClosedBytes) / (double)(OpenBytes - BaselineBytes);
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var pages = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 100;
        await using var portal = await PortalProcess.StartAsync(new Dictionary<string, string> { ["Portal__Diagnostics__Enabled"] = "true" });
        Console.WriteLine($"start to /health/ready = 200 (dotnet run --no-build): {portal.StartToReady.TotalSeconds:F2} s");
        await portal.RunCommandAsync("users", "create", "--email", Email, "--role", "Customer", "--password", Password);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PortalBrowser.LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync();
        await PortalBrowser.LogInAsync(context, portal.BaseUrl, Email, Password);
        using var http = new HttpClient { BaseAddress = new Uri(portal.BaseUrl) };

        var counter = await MeasureAsync(context, http, "/diagnostics/counter", pages);
        var dashboard = await MeasureAsync(context, http, "/", pages);
        var gcMode = (await SampleAsync(http)).GcMode;

        Print(counter);
        Print(dashboard);
        var ratio = dashboard.BytesPerCircuit / counter.BytesPerCircuit;
        Console.WriteLine($"GC: {gcMode}; dashboard/counter per-circuit ratio: {ratio:F2} (target <= 4)");
        var meetsAbsolute = dashboard.BytesPerCircuit <= 1024 * 1024;
        var released = dashboard.CircuitsAfterClose == 0 && counter.CircuitsAfterClose == 0;
        Console.WriteLine($"dashboard <= 1 MB per circuit: {(meetsAbsolute ? "yes" : "NO")}; <= 4x counter: {(ratio <= 4 ? "yes" : "NO")}; all circuits released: {(released ? "yes" : "NO")}");

        var file = Path.Combine(Repository.ResultsDirectory, "b1-circuits.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new
        {
            startToReadySeconds = portal.StartToReady.TotalSeconds,
            gcMode,
            counter = Summary(counter),
            dashboard = Summary(dashboard),
            ratio,
        }, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"written to {file}");
        return meetsAbsolute && ratio <= 4 && released ? 0 : 1;
    }

    private static object Summary(ArmResult arm) => new
    {
        arm.Page, arm.Pages, arm.BaselineBytes, arm.OpenBytes, arm.ClosedBytes, arm.BytesPerCircuit, arm.ReleasedFraction, arm.CircuitsAfterClose, arm.OpenSeconds,
    };

    private static void Print(ArmResult arm) => Console.WriteLine(
        $"{arm.Page,-22} {arm.Pages} circuits: {arm.BytesPerCircuit / 1024:F1} KB each " +
        $"(heap {arm.BaselineBytes / 1048576.0:F1} -> {arm.OpenBytes / 1048576.0:F1} MB open -> {arm.ClosedBytes / 1048576.0:F1} MB closed, " +
        $"{arm.ReleasedFraction:P0} released, {arm.CircuitsAfterClose} circuits left; opened in {arm.OpenSeconds:F1} s)");

    private static async Task<ArmResult> MeasureAsync(IBrowserContext context, HttpClient http, string path, int count)
    {
        var baseline = await SampleAsync(http);
        var clock = Stopwatch.StartNew();
        var pages = new List<IPage>();
        for (var i = 0; i < count; i++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(http.BaseAddress + path.TrimStart('/'));
            pages.Add(page);
        }

        var open = await WaitForCircuitsAsync(http, baseline.Circuits + count);
        clock.Stop();
        foreach (var page in pages)
        {
            // Running unload handlers lets Blazor tell the server the circuit is gone, as a closed tab does.
            await page.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });
        }

        var closed = await WaitForCircuitsAsync(http, baseline.Circuits);
        return new ArmResult(path, count, baseline.HeapBytes, open.HeapBytes, closed.HeapBytes, closed.Circuits - baseline.Circuits, clock.Elapsed.TotalSeconds);
    }

    private static async Task<MemorySample> WaitForCircuitsAsync(HttpClient http, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var circuits = (await http.GetFromJsonAsync<JsonElement>("diagnostics/memory?circuitsOnly=1")).GetProperty("circuits").GetInt32();
            if (circuits == expected || DateTime.UtcNow > deadline)
            {
                return await SampleAsync(http);
            }

            await Task.Delay(250);
        }
    }

    private static async Task<MemorySample> SampleAsync(HttpClient http)
    {
        var json = await http.GetFromJsonAsync<JsonElement>("diagnostics/memory");
        return new MemorySample(json.GetProperty("heapBytes").GetInt64(), json.GetProperty("circuits").GetInt32(), json.GetProperty("gcMode").GetString()!);
    }
}
