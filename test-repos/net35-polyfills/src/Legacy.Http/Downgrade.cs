namespace Legacy.Http
{
    // Uses the project-wide alias from GlobalUsings.cs.
    internal static class Downgrade
    {
        internal static Protocols Fallback() => Protocols.Tls;
    }
}
