using System.Security.Authentication;

namespace TlsParsing
{
    /// The positive twins in a library: what is public (or internal, or another object's
    /// member) can be read by code tlslint does not follow, so it is reported where it is
    /// written.
    public static class WireVersions
    {
        // Callers of a public method of a library are elsewhere: TLS002.
        public static SslProtocols FromMinor(byte minor) => minor switch
        {
            1 => SslProtocols.Tls,
            2 => SslProtocols.Tls11,
            _ => SslProtocols.Tls12,
        };

        // Another object's member: TLS002 (other files may read `Version`).
        public static void Parse(FrameHeader header, byte first)
        {
            if (first == 0x80)
            {
                header.Version = SslProtocols.Ssl2;
            }
        }
    }

    public sealed class FrameHeader
    {
        public SslProtocols Version { get; set; }
    }
}
