namespace ZlhPortal.IntegrationTests.Infrastructure;

/// <summary>Polls a condition until it holds or a deadline passes; for state that background jobs change.</summary>
public static class Eventually
{
    /// <summary>How often background state is looked at while waiting for it.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what ?? "Condition"} not reached in time; last value: {value}");
            }

            await Task.Delay(Interval);
        }
    }
}
