using System.Diagnostics;
using System.Globalization;

namespace ZlhPortal.Benchmarks.Runtime;

/// <summary>
/// CPU time at one moment: of the whole machine (from /proc/stat: busy and total jiffies), of this process, and of its
/// descendants (e.g. a browser and its driver); two samples give each one's share in between. The machine is shared, so
/// its busy share includes other people's work.
/// </summary>
internal readonly record struct CpuSample(long MachineBusy, long MachineTotal, TimeSpan ProcessTime, TimeSpan DescendantsTime)
{
    private static readonly double JiffiesPerSecond = 100; // USER_HZ, 100 on Linux

    public static CpuSample Take()
    {
        // cpu  user nice system idle iowait irq softirq steal ...
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum();
        var idle = fields[3] + fields[4];
        using var process = Process.GetCurrentProcess();
        return new CpuSample(total - idle, total, process.TotalProcessorTime, DescendantsCpu(Environment.ProcessId));
    }

    public double MachineBusyShareSince(CpuSample start) =>
        MachineTotal == start.MachineTotal ? 0 : (MachineBusy - start.MachineBusy) / (double)(MachineTotal - start.MachineTotal);

    public TimeSpan ProcessTimeSince(CpuSample start) => ProcessTime - start.ProcessTime;

    /// <summary>CPU time of the descendants alive at both samples (a process that ended in between takes its time with it).</summary>
    public TimeSpan DescendantsTimeSince(CpuSample start) => DescendantsTime - start.DescendantsTime;

    private static TimeSpan DescendantsCpu(int root)
    {
        var parents = new Dictionary<int, (int Parent, long Jiffies)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                // pid (comm) state ppid ... utime(14) stime(15); comm may hold spaces, so split after its closing parenthesis.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = (int.Parse(rest[1], CultureInfo.InvariantCulture),
                    long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Ended while being read.
            }
        }

        bool Descends(int pid)
        {
            for (var depth = 0; depth < 64 && parents.TryGetValue(pid, out var entry); depth++)
            {
                if (entry.Parent == root)
                {
                    return true;
                }

                pid = entry.Parent;
            }

            return false;
        }

        var jiffies = parents.Where(p => Descends(p.Key)).Sum(p => p.Value.Jiffies);
        return TimeSpan.FromSeconds(jiffies / JiffiesPerSecond);
    }
}
