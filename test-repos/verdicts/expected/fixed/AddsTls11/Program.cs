using System.Net;

namespace AddsTls11
{
    internal static class Program
    {
        private static void Main(string[] args)
        {
            // A 4.8 application starts from the OS default; this only adds TLS 1.1 to it.
        }
    }
}
