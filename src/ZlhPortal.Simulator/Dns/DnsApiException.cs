namespace ZlhPortal.Simulator.Dns;

internal sealed class DnsApiException(string message) : Exception(message);
