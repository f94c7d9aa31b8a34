using System.Threading.Channels;

namespace ZlhPortal.Simulator.Agents;

/// <summary>Console output of one container: a bounded history for late joiners plus live fan-out.</summary>
internal sealed class ConsoleHub
{
    private const int HistoryLines = 500;
    private readonly Queue<string> history = new();
    private readonly List<Channel<string>> subscribers = [];
    private readonly Lock gate = new();

    public void Write(string line)
    {
        lock (gate)
        {
            history.Enqueue(line);
            if (history.Count > HistoryLines)
            {
                history.Dequeue();
            }

            foreach (var subscriber in subscribers)
            {
                subscriber.Writer.TryWrite(line);
            }
        }
    }

    /// <summary>Returns the history and a channel that receives every later line, atomically.</summary>
    public (string[] History, Channel<string> Live) Subscribe()
    {
        // A slow reader loses old lines rather than holding memory without bound.
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(1000)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (gate)
        {
            subscribers.Add(channel);
            return (history.ToArray(), channel);
        }
    }

    public void Unsubscribe(Channel<string> channel)
    {
        lock (gate)
        {
            subscribers.Remove(channel);
        }

        channel.Writer.TryComplete();
    }

    public void CloseAll()
    {
        lock (gate)
        {
            foreach (var subscriber in subscribers)
            {
                subscriber.Writer.TryComplete();
            }

            subscribers.Clear();
        }
    }

    public int SubscriberCount
    {
        get
        {
            lock (gate)
            {
                return subscribers.Count;
            }
        }
    }
}
