using System.Net;

// Left behind after a refactoring: no project compiles this file.
static class Stray
{
    static void Configure()
    {
        ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
    }
}
